import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { formatMinor } from '../core/money';
import type { AwardRecord, MoneyIn, OpenData } from './open-data.service';

/** IATI codes used here (codelists of the 2.03 standard). */
const TRANSACTION = { INCOMING_COMMITMENT: '11', INCOMING_FUNDS: '1', OUTGOING_COMMITMENT: '2', DISBURSEMENT: '3' };
const DATE = { PLANNED_START: '1', ACTUAL_START: '2', PLANNED_END: '3' };
const ROLE = { FUNDING: '1', IMPLEMENTING: '4' };
const STATUS: Record<string, string> = { ACTIVE: '2', COMPLETED: '4', TERMINATED: '5' };

export interface IatiOptions {
  /** Reporting organisation identifier, e.g. "XM-DAC-…". */
  orgRef: string;
  orgType: string;
  generated: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function narrative(parent: XMLBuilder, name: string, text: string, attrs: Record<string, string> = {}): XMLBuilder {
  return parent.ele(name, attrs).ele('narrative').txt(text).up().up();
}

function transaction(
  act: XMLBuilder,
  type: string,
  date: string,
  minor: bigint,
  currency: string,
  text: string,
  org?: { side: 'provider-org' | 'receiver-org'; name: string | null; ref?: string },
) {
  const t = act.ele('transaction');
  t.ele('transaction-type', { code: type }).up();
  t.ele('transaction-date', { 'iso-date': date }).up();
  t.ele('value', { currency, 'value-date': date }).txt(formatMinor(minor, currency)).up();
  t.ele('description').ele('narrative').txt(text).up().up();
  if (org) {
    const o = t.ele(org.side, org.ref ? { ref: org.ref } : {});
    if (org.name) o.ele('narrative').txt(org.name).up();
    o.up();
  }
  t.up();
}

function head(act: XMLBuilder, d: OpenData, o: IatiOptions, id: string, title: string, description: string) {
  act.ele('iati-identifier').txt(id).up();
  narrative(act, 'reporting-org', d.fund.name, { ref: o.orgRef, type: o.orgType });
  narrative(act, 'title', title);
  narrative(act, 'description', description, { type: '1' });
}

/** The trust fund itself: receives pledges and receipts (hierarchy 1, parent of the awards). */
function fundActivity(root: XMLBuilder, d: OpenData, o: IatiOptions, fundId: string, start: string) {
  const act = root.ele('iati-activity', {
    'last-updated-datetime': o.generated.toISOString(),
    'default-currency': d.fund.baseCurrency,
    hierarchy: '1',
  });
  head(act, d, o, fundId, d.fund.name, `Contributions to ${d.fund.name} and the grants it makes.`);
  narrative(act, 'participating-org', d.fund.name, { ref: o.orgRef, role: ROLE.FUNDING, type: o.orgType });
  act.ele('activity-status', { code: '2' }).up();
  act.ele('activity-date', { type: DATE.ACTUAL_START, 'iso-date': start }).up();
  for (const m of d.moneyIn) moneyIn(act, m);
  return act;
}

function moneyIn(act: XMLBuilder, m: MoneyIn) {
  const provider = { side: 'provider-org' as const, name: m.donorName };
  if (m.kind === 'PLEDGE')
    transaction(act, TRANSACTION.INCOMING_COMMITMENT, m.date, m.minor, m.currency, 'Pledge', provider);
  else if (m.kind === 'RECEIPT')
    transaction(act, TRANSACTION.INCOMING_FUNDS, m.date, m.minor, m.currency, 'Contribution received', provider);
  // A refund to a donor reverses incoming funds: a negative value, as IATI prescribes for corrections.
  else transaction(act, TRANSACTION.INCOMING_FUNDS, m.date, -m.minor, m.currency, 'Refund to donor', provider);
}

function awardActivity(root: XMLBuilder, d: OpenData, o: IatiOptions, fundId: string, a: AwardRecord) {
  const act = root.ele('iati-activity', {
    'last-updated-datetime': a.updatedAt.toISOString(),
    'default-currency': a.currency,
    hierarchy: '2',
  });
  head(act, d, o, `${fundId}-${a.id}`, a.title, a.description);
  narrative(act, 'participating-org', d.fund.name, { ref: o.orgRef, role: ROLE.FUNDING, type: o.orgType });
  narrative(act, 'participating-org', a.recipient.name, { role: ROLE.IMPLEMENTING });
  act.ele('activity-status', { code: STATUS[a.status] ?? '2' }).up();
  act.ele('activity-date', { type: DATE.PLANNED_START, 'iso-date': a.startDate }).up();
  if (a.payments[0]) act.ele('activity-date', { type: DATE.ACTUAL_START, 'iso-date': a.payments[0].valueDate }).up();
  act.ele('activity-date', { type: DATE.PLANNED_END, 'iso-date': a.endDate }).up();
  const share = Math.floor(100 / a.countries.length);
  a.countries.forEach((c, i) =>
    act
      .ele('recipient-country', {
        code: c,
        ...(a.countries.length > 1
          ? { percentage: String(i === 0 ? 100 - share * (a.countries.length - 1) : share) }
          : {}),
      })
      .up(),
  );
  const receiver = { side: 'receiver-org' as const, name: a.recipient.name };
  transaction(
    act,
    TRANSACTION.OUTGOING_COMMITMENT,
    day(a.approvedAt),
    a.amountMinor,
    a.currency,
    'Grant awarded',
    receiver,
  );
  for (const p of a.payments) {
    transaction(act, TRANSACTION.DISBURSEMENT, p.valueDate, p.minor, a.currency, 'Tranche paid', receiver);
  }
  act.ele('related-activity', { ref: fundId, type: '1' }).up();
}

/** IATI Activity Standard 2.03: the fund as a parent activity and one child activity per award. */
export function iatiXml(d: OpenData, o: IatiOptions): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', {
    version: '2.03',
    'generated-datetime': o.generated.toISOString(),
  });
  const fundId = `${o.orgRef}-${d.fund.code}`;
  fundActivity(root, d, o, fundId, day(d.fund.createdAt));
  for (const a of d.awards) awardActivity(root, d, o, fundId, a);
  return root.end({ prettyPrint: true });
}
