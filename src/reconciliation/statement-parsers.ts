import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Parser as Mt940Parser } from 'mt940js';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, parseDecimal } from '../core/money';

/** The formats a statement is imported from. */
export enum StatementFormat {
  CAMT053 = 'CAMT053',
  MT940 = 'MT940',
}

/** One credit booked on the fund's account, as the bank reported it. */
export interface ParsedLine {
  /** The bank's reference of the booking, unique within the statement. */
  ref: string;
  amountMinor: bigint;
  currency: string;
  /** YYYY-MM-DD the money reached the account. */
  valueDate: string;
  bookingDate: string | null;
  /** Remittance information: what the donor wrote (the pledge reference, an invoice number). */
  remittance: string;
  debtorName: string | null;
  debtorAccount: string | null;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The statement's own identification (camt `Stmt/Id`; MT940 tags 20 and 28C). */
  statementRef: string;
  /** The fund's account the statement is for (IBAN or the bank's account id). */
  account: string;
  /** Credits, in statement order. */
  lines: ParsedLine[];
  /** Debits and reversals, which are not receipts (counted, not imported). */
  skipped: number;
}

const unreadable = (why: string) =>
  new DomainError(ErrorCode.STATEMENT_UNREADABLE, `The statement cannot be read: ${why}`, 'content');

type XNode = Record<string, unknown>;

const text = (v: unknown): string => {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return text((v as XNode)['#text']);
  return '';
};
const obj = (v: unknown): XNode => (v && typeof v === 'object' && !Array.isArray(v) ? (v as XNode) : {});
const arr = (v: unknown): XNode[] => (Array.isArray(v) ? v.map(obj) : v === undefined ? [] : [obj(v)]);
const at = (n: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], n);

// Values stay strings ("00012" is a reference, not a number); no DTD or external entity is resolved.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ['Stmt', 'Ntry', 'TxDtls', 'Ustrd'].includes(name),
});

function date(v: unknown, what: string): string {
  const s = text(at(v, 'Dt')) || text(at(v, 'DtTm')).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw unreadable(`${what} has no date.`);
  return s;
}

function amount(v: unknown, what: string): { minor: bigint; currency: string } {
  const currency = text(obj(v)['@_Ccy']);
  const value = text(v);
  if (!currency || !value) throw unreadable(`${what} has no amount or currency.`);
  try {
    const c = assertCurrency(currency);
    return { minor: parseDecimal(value, c), currency: c };
  } catch {
    throw unreadable(`${what}: "${value} ${currency}" is not an amount.`);
  }
}

/** A party's name in camt.053 versions 2 (Dbtr/Nm) and 8+ (Dbtr/Pty/Nm). */
const partyName = (p: unknown): string | null => text(at(p, 'Nm')) || text(at(p, 'Pty', 'Nm')) || null;

function remittanceOf(tx: unknown): string {
  const rmt = at(tx, 'RmtInf');
  const structured = arr(at(rmt, 'Strd')).map((s) => text(at(s, 'CdtrRefInf', 'Ref')));
  const ustrd = at(rmt, 'Ustrd');
  const free = (Array.isArray(ustrd) ? ustrd : [ustrd]).map(text);
  return [...free, ...structured].filter(Boolean).join(' ').slice(0, 1000);
}

/**
 * Reads an ISO 20022 camt.053 (bank to customer statement), versions 001.02 to 001.13: every
 * booked credit entry, or each of its transaction details when the bank booked a batch.
 */
export function parseCamt053(content: string): ParsedStatement[] {
  if (XMLValidator.validate(content) !== true) throw unreadable('it is not well-formed XML.');
  const doc = obj(xml.parse(content) as unknown);
  const stmts = arr(at(doc, 'Document', 'BkToCstmrStmt', 'Stmt'));
  if (!stmts.length) throw unreadable('no BkToCstmrStmt/Stmt element (is it a camt.053?).');
  return stmts.map((s) => {
    const statementRef = text(s.Id);
    if (!statementRef) throw unreadable('a statement has no Id.');
    const account = text(at(s, 'Acct', 'Id', 'IBAN')) || text(at(s, 'Acct', 'Id', 'Othr', 'Id'));
    if (!account) throw unreadable(`statement ${statementRef} names no account.`);
    const lines: ParsedLine[] = [];
    let skipped = 0;
    arr(s.Ntry).forEach((n, i) => {
      const status = text(at(n, 'Sts', 'Cd')) || text(n.Sts);
      const credit = text(n.CdtDbtInd) === 'CRDT' && text(n.RvslInd) !== 'true';
      if (!credit || status !== 'BOOK') {
        skipped++;
        return;
      }
      const entryRef = text(n.AcctSvcrRef) || text(n.NtryRef) || `${statementRef}#${i + 1}`;
      const entryAmount = amount(n.Amt, `entry ${entryRef}`);
      const valueDate = date(n.ValDt ?? n.BookgDt, `entry ${entryRef}`);
      const bookingDate = n.BookgDt ? date(n.BookgDt, `entry ${entryRef}`) : null;
      const details = arr(at(n, 'NtryDtls')).flatMap((d) => arr(d.TxDtls));
      const one = (tx: unknown, ref: string, amt: { minor: bigint; currency: string }): ParsedLine => ({
        ref: ref.slice(0, 100),
        amountMinor: amt.minor,
        currency: amt.currency,
        valueDate,
        bookingDate,
        remittance: remittanceOf(tx) || text(n.AddtlNtryInf).slice(0, 1000),
        debtorName: partyName(at(tx, 'RltdPties', 'Dbtr')),
        debtorAccount:
          text(at(tx, 'RltdPties', 'DbtrAcct', 'Id', 'IBAN')) ||
          text(at(tx, 'RltdPties', 'DbtrAcct', 'Id', 'Othr', 'Id')) ||
          null,
      });
      if (details.length <= 1) {
        lines.push(one(details[0], entryRef, entryAmount));
        return;
      }
      // A batch: one line per transaction, each with its own amount; they must add up to the entry.
      let sum = 0n;
      details.forEach((tx, k) => {
        const amt = amount(at(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt'), `entry ${entryRef} detail ${k + 1}`);
        sum += amt.minor;
        const ref = text(at(tx, 'Refs', 'AcctSvcrRef')) || text(at(tx, 'Refs', 'EndToEndId'));
        lines.push(one(tx, ref && ref !== 'NOTPROVIDED' ? ref : `${entryRef}/${k + 1}`, amt));
      });
      if (sum !== entryAmount.minor) throw unreadable(`the details of entry ${entryRef} do not add up to it.`);
    });
    return { format: StatementFormat.CAMT053, statementRef: statementRef.slice(0, 100), account, lines, skipped };
  });
}

// Tag 61 as mt940js reads it; matched again on the tag's own text to keep the amount exact (the
// library rounds it to a float with 2 places).
interface Mt940Tag {
  id: number | string;
  data: string;
}
const LINE_61 = /^(\d{6})(\d{4})?(R?[DC])([A-Z])?([0-9,]{1,16})([A-Z][A-Z0-9]{3})([^/\n]{0,16})(\/\/([^\n]{0,16}))?/;

/** 86 details "/NAME/..." or "?32..." structured by the bank: the ordering party's name, if given. */
function mt940Debtor(details: Record<string, string> | undefined): string | null {
  if (!details) return null;
  const v = details.ORDP ?? details.NAME ?? (details['32'] ? `${details['32']}${details['33'] ?? ''}` : undefined);
  return v?.trim() || null;
}

function mt940Remittance(details: string, structured: Record<string, string> | undefined): string {
  if (structured) {
    const parts = [structured.REMI, structured.EREF, structured['20'], structured['21'], structured['22']];
    const found = parts.filter((p): p is string => !!p?.trim());
    if (found.length) return found.join(' ').slice(0, 1000);
  }
  return details.replace(/\s+/g, ' ').trim().slice(0, 1000);
}

/** Reads a SWIFT MT940 customer statement (one or more messages) with mt940js. */
export function parseMt940(content: string): ParsedStatement[] {
  let statements: ReturnType<Mt940Parser['parse']>;
  try {
    statements = new Mt940Parser().parse(content.replace(/\r\n?/g, '\n'), true);
  } catch (e) {
    throw unreadable(e instanceof Error ? e.message : 'not an MT940 message.');
  }
  if (!statements.length) throw unreadable('no MT940 message found.');
  return statements.map((s) => {
    const tags = ((s as { tags?: Mt940Tag[] }).tags ?? []).filter((t) => String(t.id) === '61');
    const seq = [s.number.statement, s.number.sequence].filter(Boolean).join('/');
    const statementRef = `${s.transactionReference.trim()}:${seq}`.slice(0, 100);
    const lines: ParsedLine[] = [];
    let skipped = 0;
    const currency = assertCurrency(s.currency);
    s.transactions.forEach((t, i) => {
      const m = LINE_61.exec(tags[i]?.data ?? '');
      if (!m) throw unreadable(`statement line ${i + 1} cannot be read.`);
      if (m[3] !== 'C') {
        skipped++;
        return;
      }
      const [, d = '', , , , raw] = m;
      const value = (raw ?? '').replace(',', '.').replace(/\.$/, '');
      let amountMinor: bigint;
      try {
        amountMinor = parseDecimal(value, currency);
      } catch {
        throw unreadable(`statement line ${i + 1}: "${raw}" is not an amount in ${currency}.`);
      }
      const valueDate = `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}`;
      const ms = Date.parse(`${valueDate}T00:00:00Z`);
      if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== valueDate) {
        throw unreadable(`statement line ${i + 1} has no valid value date.`);
      }
      const bankRef = (m[9] ?? '').trim();
      const customerRef = (m[7] ?? '').trim();
      const ref = bankRef || (customerRef && customerRef !== 'NONREF' ? customerRef : `${statementRef}#${i + 1}`);
      lines.push({
        ref: ref.slice(0, 100),
        amountMinor,
        currency,
        valueDate,
        bookingDate: null,
        remittance: mt940Remittance(t.details ?? '', t.structuredDetails),
        debtorName: mt940Debtor(t.structuredDetails),
        debtorAccount: null,
      });
    });
    return {
      format: StatementFormat.MT940,
      statementRef,
      account: s.accountIdentification.trim(),
      lines,
      skipped,
    };
  });
}

export function parseStatement(format: StatementFormat, content: string): ParsedStatement[] {
  return format === StatementFormat.CAMT053 ? parseCamt053(content) : parseMt940(content);
}
