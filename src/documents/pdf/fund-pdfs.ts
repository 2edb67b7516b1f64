import type { EntityManager } from '@mikro-orm/postgresql';
import { Application } from '../../applications/application.entity';
import type { Award } from '../../awards/award.entity';
import type { Contribution } from '../../contributions/contribution.entity';
import { formatMinor } from '../../core/money';
import { statementRows } from '../../exports/csv.route';
import { Fund } from '../../funds/fund.entity';
import { Organization } from '../../organizations/organization.entity';
import { Pledge } from '../../pledges/pledge.entity';
import { Report } from '../../reports/report.entity';
import type { Statement } from '../../statements/statement.service';
import { Tranche } from '../../tranches/tranche.entity';
import type { PdfPage } from './render';
import { money, textsFor, type Lang } from './texts';

const amount = (lang: Lang, minor: bigint, currency: string) => money(lang, formatMinor(minor, currency), currency);

/** A donor's receipt: amount, currency and base amount, date, support cost, earmark, receipt number. */
export async function contributionReceiptPage(em: EntityManager, c: Contribution, lang: Lang): Promise<PdfPage> {
  const t = textsFor(lang);
  const [org, fund, pledge] = await Promise.all([
    em.findOneOrFail(Organization, { id: c.donorOrganization.id }),
    em.findOneOrFail(Fund, { id: c.fund.id }),
    c.pledge ? em.findOne(Pledge, { id: c.pledge.id }) : null,
  ]);
  const page: PdfPage = {
    title: t.receiptTitle,
    subtitle: fund.name,
    lines: [
      [t.receiptNumber, c.id],
      [t.donor, org.legalName],
      [t.fund, `${fund.name} (${fund.code})`],
      [t.dateReceived, c.valueDate ?? ''],
      [t.amountReceived, amount(lang, c.amountMinor, c.currency)],
      [t.exchangeRate, c.exchangeRate],
      [t.baseAmount, amount(lang, c.baseAmountMinor, c.baseCurrency)],
      [t.supportCost, amount(lang, c.bookedSupportCostMinor, c.baseCurrency)],
      [t.earmark, pledge?.earmark ?? t.none],
      [t.channel, c.channel],
      [t.reference, c.bankReference ?? c.stripePaymentIntentId ?? c.id],
      ...(c.refundedMinor > 0n ? [[t.refunded, amount(lang, c.refundedMinor, c.currency)] as [string, string]] : []),
    ],
    issuedLabel: t.issued,
    notes: [t.receiptThanks, t.integrity],
  };
  return page;
}

/** The grantee's award letter: amount, tranches with conditions, reporting obligations, bank account on file. */
export async function awardLetterPage(em: EntityManager, award: Award, lang: Lang): Promise<PdfPage> {
  const t = textsFor(lang);
  const [org, fund, application, tranches, reports] = await Promise.all([
    em.findOneOrFail(Organization, { id: award.organization.id }),
    em.findOneOrFail(Fund, { id: award.fund.id }),
    em.findOneOrFail(Application, { id: award.application.id }),
    em.find(Tranche, { award: award.id }, { orderBy: { number: 'asc' }, populate: ['conditionReport'] }),
    em.find(Report, { award: award.id }, { orderBy: { dueDate: 'asc', kind: 'asc' } }),
  ]);
  const a = org.bankAccount;
  const ending = a ? (a.iban ?? a.accountNumber ?? '').slice(-4) : '';
  const page: PdfPage = {
    title: t.awardTitle,
    subtitle: fund.name,
    lines: [
      [t.grantee, org.legalName],
      [t.project, application.projectTitle],
      [t.awardAmount, amount(lang, award.amountMinor, award.currency)],
      [t.period, `${award.startDate} - ${award.endDate}`],
      [t.bankAccount, a ? `${a.accountHolder}, ${a.bankName}, ${t.ending} ${ending}` : t.noBankAccount],
    ],
    issuedLabel: t.issued,
    sections: [
      {
        heading: t.tranches,
        widths: [60, 100, 130, 190],
        rows: [
          [t.tranche, t.plannedDate, t.amount, t.condition],
          ...tranches.map((x) => [
            String(x.number),
            x.plannedDate,
            amount(lang, x.plannedMinor, award.currency),
            x.conditionReport ? t.acceptedReport.replace('{kind}', x.conditionReport.kind) : t.noCondition,
          ]),
        ],
      },
      {
        heading: t.reporting,
        widths: [240, 240],
        rows: [[t.report, t.due], ...reports.map((r) => [r.kind, r.dueDate])],
      },
    ],
    notes: [t.integrity],
  };
  return page;
}

/** The fund statement for a period: the same figures as `fundStatement` (and statement.csv). */
export function fundStatementPage(s: Statement, lang: Lang): PdfPage {
  const t = textsFor(lang);
  const rows = statementRows(s).map(([section, item, currency, value]) => [
    section ?? '',
    item ?? '',
    money(lang, value ?? '0', currency ?? s.fund.baseCurrency),
  ]);
  return {
    title: `${t.statementTitle}: ${s.fund.name}`,
    subtitle: `${t.from} ${s.from} ${t.to} ${s.to}`,
    issuedLabel: t.issued,
    sections: [
      {
        heading: `${s.fund.code} ${s.from} - ${s.to}`,
        widths: [120, 220, 140],
        rows: [[t.section, t.item, t.amount], ...rows],
      },
    ],
    notes: [t.integrity],
  };
}
