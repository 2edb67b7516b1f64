import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../src/core/errors';
import { parseCamt053, parseMt940 } from '../../src/reconciliation/statement-parsers';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', 'bank', name), 'utf8').replaceAll(
    '%PLEDGE_A%',
    'UNVTF-P-0123456789',
  );

describe('bank statement parsers', () => {
  it('reads the booked credits of a camt.053, one line per transaction of a batch, exact amounts', () => {
    const [s] = parseCamt053(fixture('camt053-unvtf.xml'));
    expect(s).toMatchObject({ statementRef: 'STMT-20261102-CH9300762011623852957', account: 'CH9300762011623852957' });
    // The debit (fees) and the pending credit are not receipts.
    expect(s!.skipped).toBe(2);
    expect(s!.lines.map((l) => [l.ref, l.amountMinor, l.currency, l.valueDate])).toEqual([
      ['UBS-20261102-7781001', 25000000n, 'USD', '2026-11-02'],
      ['UBS-20261102-7781002', 1000000n, 'USD', '2026-11-02'],
      ['UBS-20261102-BATCH17-1', 500000n, 'USD', '2026-11-02'],
      ['UBS-20261102-BATCH17-2', 126000n, 'USD', '2026-11-02'],
    ]);
    expect(s!.lines[0]).toMatchObject({
      debtorName: 'MINISTRY OF FOREIGN AFFAIRS OF EXAMPLESTAN',
      debtorAccount: 'DE89370400440532013000',
      remittance: 'CONTRIBUTION 2026 UNVTF-P-0123456789',
    });
  });

  it('reads an MT940 with its credits, bank references and ordering parties', () => {
    const [s] = parseMt940(fixture('mt940-unvtf.sta'));
    expect(s).toMatchObject({ statementRef: 'UNVTF261102:214/1', account: 'CH9300762011623852957', skipped: 1 });
    expect(s!.lines.map((l) => [l.ref, l.amountMinor, l.debtorName])).toEqual([
      ['UBS7781001', 25000000n, 'MINISTRY OF FOREIGN AFFAIRS OF EXAMPLESTAN'],
      ['UBS7781002', 1000000n, 'Second Donor Foundation'],
    ]);
    expect(s!.lines[0]!.remittance).toContain('UNVTF-P-0123456789');
  });

  it('refuses what is not a statement with a coded error', () => {
    for (const run of [
      () => parseCamt053('<Document><BkToCstmrNtfctn/></Document>'),
      () => parseCamt053('<Document><unclosed>'),
      () => parseMt940('hello'),
      () => parseMt940(fixture('mt940-unvtf.sta').replace(':62F:C261102USD1259965,00', ':62F:C261102USD1259966,00')),
    ]) {
      expect(run).toThrow(DomainError);
      try {
        run();
      } catch (e) {
        expect((e as DomainError).code).toBe('STATEMENT_UNREADABLE');
      }
    }
  });

  it('keeps amounts exact beyond what a float holds and in currencies without cents', () => {
    const xml = fixture('camt053-unvtf.xml')
      .replace(
        '<Amt Ccy="USD">250000.00</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>\n        <RvslInd>',
        '<Amt Ccy="USD">90071992547409.93</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>\n        <RvslInd>',
      )
      .replace(
        '<Amt Ccy="USD">250000.00</Amt>\n            <CdtDbtInd>',
        '<Amt Ccy="USD">90071992547409.93</Amt>\n            <CdtDbtInd>',
      );
    expect(parseCamt053(xml)[0]!.lines[0]!.amountMinor).toBe(9007199254740993n);
    const yen = parseMt940(
      ':20:JP1\n:25:JP00112233\n:28C:1\n:60F:C261102JPY0,\n:61:2611021102C1500000,NTRFNONREF//MIZ1\n:86:/REMI/UNVTF-P-0123456789\n:62F:C261102JPY1500000,\n',
    );
    expect(yen[0]!.lines[0]).toMatchObject({ amountMinor: 1500000n, currency: 'JPY' });
  });
});
