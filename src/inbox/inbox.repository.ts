import type { EntityManager } from '@mikro-orm/postgresql';
import { globalId } from '../graphql/relay';
import { InboxItem, InboxKind, InboxSection } from './inbox.types';
import { UNACKNOWLEDGED_SQL } from '../tranches/tranche.repository';

/** The SQL of the secretariat's inbox: one statement per kind, whatever the number of rows. */

interface Row {
  entity_id: string;
  target_id: string;
  title: string;
  organization_name: string | null;
  /** A timestamp as PostgreSQL writes it (the driver leaves it a string). */
  since: string | Date | null;
  due_date: string | null;
  total: string;
}

interface Query {
  kind: InboxKind;
  entity: string;
  target: string;
  /** Selects entity_id, target_id, title, organization_name, since, due_date. */
  sql: string;
  /** What its `?` stand for, in order (default: the fund id). */
  binds?: ('fund' | 'today')[];
  order: string;
}

/** A tranche's planned date within this many days puts it in the queue to request. */
export const TRANCHE_LOOKAHEAD_DAYS = 30;

const APP = `a.project_title as title, o.legal_name as organization_name`;
const AWARD_JOIN = `join award w on w.id = x.award_id join application a on a.id = w.application_id
  join organization o on o.id = w.organization_id`;

const QUERIES: Query[] = [
  {
    kind: InboxKind.ORGANIZATION_TO_VET,
    entity: 'Organization',
    target: 'Organization',
    // Organisations are not a fund's; those that applied to this fund, or to no fund yet.
    sql: `select o.id as entity_id, o.id as target_id, o.legal_name as title, null as organization_name,
            o.created_at as since, null as due_date
            from organization o
           where o.vetting_status = 'PENDING' and o.kind = 'NGO'
             and (exists (select 1 from application a where a.organization_id = o.id and a.fund_id = ?)
                  or not exists (select 1 from application a where a.organization_id = o.id))`,
    order: 'since',
  },
  {
    kind: InboxKind.BANK_ACCOUNT_TO_CONFIRM,
    entity: 'Organization',
    target: 'Organization',
    sql: `select o.id as entity_id, o.id as target_id, o.legal_name as title, null as organization_name,
            o.bank_account_changed_at as since, null as due_date
            from organization o
           where o.bank_account_status = 'PENDING_CONFIRMATION'
             and (exists (select 1 from application a where a.organization_id = o.id and a.fund_id = ?)
                  or not exists (select 1 from application a where a.organization_id = o.id))`,
    order: 'since',
  },
  {
    kind: InboxKind.APPLICATION_TO_SCREEN,
    entity: 'Application',
    target: 'Application',
    sql: `select a.id as entity_id, a.id as target_id, ${APP}, a.submitted_at as since,
            to_char(c.closes_at at time zone 'UTC', 'YYYY-MM-DD') as due_date
            from application a join organization o on o.id = a.organization_id join grant_call c on c.id = a.call_id
           where a.fund_id = ? and a.status = 'SUBMITTED'`,
    order: 'since',
  },
  {
    kind: InboxKind.APPLICATION_TO_RECOMMEND,
    entity: 'Application',
    target: 'Application',
    sql: `select a.id as entity_id, a.id as target_id, ${APP},
            (select max(r.created_at) from review r where r.application_id = a.id) as since, null as due_date
            from application a join organization o on o.id = a.organization_id
           where a.fund_id = ? and a.status = 'UNDER_REVIEW'`,
    order: 'since',
  },
  {
    kind: InboxKind.TRANCHE_TO_REQUEST,
    entity: 'Tranche',
    target: 'Award',
    sql: `select x.id as entity_id, w.id as target_id, ${APP}, null::timestamptz as since,
            to_char(x.planned_date, 'YYYY-MM-DD') as due_date
            from tranche x ${AWARD_JOIN}
           where w.fund_id = ? and w.status = 'ACTIVE' and x.status = 'SCHEDULED'
             and x.planned_date <= ?::date + ${TRANCHE_LOOKAHEAD_DAYS}`,
    binds: ['fund', 'today'],
    order: 'due_date',
  },
  {
    kind: InboxKind.TRANCHE_TO_APPROVE,
    entity: 'Tranche',
    target: 'Award',
    sql: `select x.id as entity_id, w.id as target_id, ${APP}, x.requested_at as since,
            to_char(x.planned_date, 'YYYY-MM-DD') as due_date
            from tranche x ${AWARD_JOIN}
           where w.fund_id = ? and x.status = 'REQUESTED'`,
    order: 'since',
  },
  {
    kind: InboxKind.TRANCHE_TO_PAY,
    entity: 'Tranche',
    target: 'Award',
    sql: `select x.id as entity_id, w.id as target_id, ${APP}, x.approved_at as since,
            to_char(x.planned_date, 'YYYY-MM-DD') as due_date
            from tranche x ${AWARD_JOIN}
           where w.fund_id = ? and x.status = 'APPROVED'`,
    order: 'since',
  },
  {
    kind: InboxKind.REPORT_TO_REVIEW,
    entity: 'Report',
    target: 'Award',
    sql: `select x.id as entity_id, w.id as target_id, ${APP}, s.submitted_at as since,
            to_char(x.due_date, 'YYYY-MM-DD') as due_date
            from report x ${AWARD_JOIN} left join report_submission s on s.id = x.current_submission_id
           where w.fund_id = ? and x.status = 'SUBMITTED'`,
    order: 'since',
  },
  {
    kind: InboxKind.AMENDMENT_PENDING,
    entity: 'AwardAmendment',
    target: 'Award',
    sql: `select x.id as entity_id, w.id as target_id, ${APP}, x.created_at as since, null as due_date
            from award_amendment x ${AWARD_JOIN}
           where w.fund_id = ? and x.status = 'PENDING'`,
    order: 'since',
  },
  {
    kind: InboxKind.PAYMENT_RECEIPT_OVERDUE,
    entity: 'TranchePayment',
    target: 'Award',
    sql: `select p.id as entity_id, w.id as target_id, ${APP}, p.created_at as since,
            to_char(p.receipt_due_date, 'YYYY-MM-DD') as due_date
            from tranche_payment p join tranche x on x.id = p.tranche_id ${AWARD_JOIN}
           where w.fund_id = ? and ${UNACKNOWLEDGED_SQL}`,
    binds: ['fund', 'today'],
    order: 'due_date',
  },
  {
    kind: InboxKind.PAYMENT_DISCREPANCY,
    entity: 'TranchePayment',
    target: 'Award',
    sql: `select p.id as entity_id, w.id as target_id, ${APP}, p.acknowledged_at as since, null as due_date
            from tranche_payment p join tranche x on x.id = p.tranche_id ${AWARD_JOIN}
           where w.fund_id = ? and p.receipt_status = 'DISCREPANCY'`,
    order: 'since',
  },
];

/**
 * Every section of a fund's inbox, each with its total and its `first` (at least 1) most urgent
 * items; `today` (YYYY-MM-DD, the server's clock) sets which planned tranches are near.
 */
export async function inboxOf(
  em: EntityManager,
  fundId: string,
  today: string,
  first: number,
): Promise<InboxSection[]> {
  const sections: InboxSection[] = [];
  for (const q of QUERIES) {
    const binds = (q.binds ?? ['fund']).map((b) => (b === 'fund' ? fundId : today));
    const rows = await em.execute<Row[]>(
      `select q.*, count(*) over () as total from (${q.sql}) q
        order by q.${q.order} asc nulls last, q.entity_id limit ?`,
      [...binds, first],
    );
    sections.push(
      Object.assign(new InboxSection(), {
        kind: q.kind,
        totalCount: Number(rows[0]?.total ?? 0),
        items: rows.map((r) =>
          Object.assign(new InboxItem(), {
            entityId: globalId(q.entity, r.entity_id),
            targetId: globalId(q.target, r.target_id),
            title: r.title,
            organizationName: r.organization_name,
            since: r.since === null ? null : new Date(r.since),
            dueDate: r.due_date,
          }),
        ),
      }),
    );
  }
  return sections;
}
