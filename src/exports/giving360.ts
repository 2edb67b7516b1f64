import { formatMinor } from '../core/money';
import type { AwardRecord, OpenData } from './open-data.service';

/** 360Giving numbers are JSON numbers; decimals of at most the currency's precision are exact enough to print. */
const amount = (minor: bigint, currency: string) => Number(formatMinor(minor, currency));

export const prefixFor = (template: string, fundCode: string) => template.replaceAll('{fund}', fundCode);

export interface Giving360Options {
  prefix: string;
  /** Time of generation, from the app clock. */
  issued: Date;
}

function grant(a: AwardRecord, d: OpenData, prefix: string) {
  return {
    id: `${prefix}-${a.id}`,
    title: a.title,
    description: a.description,
    currency: a.currency,
    amountAwarded: amount(a.amountMinor, a.currency),
    amountDisbursed: amount(a.disbursedMinor, a.currency),
    awardDate: a.approvedAt.toISOString().slice(0, 10),
    plannedDates: [{ startDate: a.startDate, endDate: a.endDate, duration: a.durationMonths }],
    // The platform's organisation ids: no registered org-id is kept for NGOs of every country.
    recipientOrganization: [
      { id: `${prefix}-ORG-${a.recipient.id}`, name: a.recipient.name, addressCountry: a.recipient.country },
    ],
    fundingOrganization: [{ id: `${prefix}-FUND`, name: d.fund.name }],
    beneficiaryLocation: a.countries.map((c) => ({ countryCode: c })),
    grantProgramme: [{ code: a.call.id, title: a.call.title }],
    fromOpenCall: 'Yes',
    dateModified: a.updatedAt.toISOString(),
  };
}

/** A 360Giving Data Standard 1.4 package with one grant per award of the fund. */
export function giving360Package(d: OpenData, o: Giving360Options) {
  return {
    version: '1.4',
    title: `${d.fund.name}: grants`,
    issued: o.issued.toISOString(),
    grants: d.awards.map((a) => grant(a, d, o.prefix)),
  };
}
