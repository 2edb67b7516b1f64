/**
 * The benchmark operations, and the same nested read written for the peer (PostGraphile's
 * auto-generated schema) and the ceiling (one SQL statement), with a normaliser that reduces each
 * response to the same plain shape so the three can be compared.
 */
import { fromGlobalId } from 'graphql-relay';

export const CALLS = 20;
export const APPS = 10;

/** (1) calls → applications → organisation, reviews and award with tranches. */
export const OURS_NESTED = `query NestedRead {
  grantCalls(first: ${CALLS}) {
    edges { node {
      id title
      applications(first: ${APPS}) {
        id projectTitle status
        requestedAmount { minorUnits currency }
        organization { id legalName country }
        reviews { id weightedTotal comment }
        award {
          id status amount { minorUnits currency }
          tranches { id number plannedDate status amount { minorUnits currency } }
        }
      }
    } }
  }
}`;

export const PEER_NESTED = `query NestedRead {
  allGrantCalls(first: ${CALLS}, orderBy: ID_ASC) {
    nodes {
      id title
      applicationsByCallId(first: ${APPS}, orderBy: ID_ASC) {
        nodes {
          id projectTitle status requestedMinor currency
          organizationByOrganizationId { id legalName country }
          reviewsByApplicationId(orderBy: ID_ASC) { nodes { id weightedHundredths comment } }
          awardByApplicationId {
            id status amountMinor currency
            tranchesByAwardId(orderBy: NUMBER_ASC) { nodes { id number plannedDate status plannedMinor } }
          }
        }
      }
    }
  }
}`;

const gid = (type: string, col: string) => `encode(convert_to('${type}:' || ${col}, 'UTF8'), 'base64')`;
const money = (col: string, cur: string) => `json_build_object('minorUnits', ${col}::text, 'currency', ${cur})`;

/** Our response, byte for byte in shape, from one statement (drafts hidden as our server hides them). */
export const CEILING_SQL = `
select json_build_object('data', json_build_object('grantCalls', json_build_object('edges',
  coalesce(json_agg(json_build_object('node', json_build_object(
    'id', ${gid('GrantCall', 'c.id')}, 'title', c.title,
    'applications', (
      select coalesce(json_agg(json_build_object(
        'id', ${gid('Application', 'a.id')}, 'projectTitle', a.project_title, 'status', a.status,
        'requestedAmount', ${money('a.requested_minor', 'a.currency')},
        'organization', (select json_build_object('id', ${gid('Organization', 'o.id')}, 'legalName', o.legal_name,
            'country', o.country) from organization o where o.id = a.organization_id),
        'reviews', (select coalesce(json_agg(json_build_object('id', ${gid('Review', 'r.id')},
            'weightedTotal', r.weighted_hundredths::float8 / 100, 'comment', r.comment) order by r.id), '[]')
          from review r where r.application_id = a.id),
        'award', (select json_build_object('id', ${gid('Award', 'w.id')}, 'status', w.status,
            'amount', ${money('w.amount_minor', 'w.currency')},
            'tranches', (select coalesce(json_agg(json_build_object('id', ${gid('Tranche', 't.id')},
                'number', t.number, 'plannedDate', t.planned_date, 'status', t.status,
                'amount', ${money('t.planned_minor', 'w.currency')}) order by t.number), '[]')
              from tranche t where t.award_id = w.id))
          from award w where w.application_id = a.id)
      ) order by a.id), '[]')
      from (select * from application a where a.call_id = c.id and a.status <> 'DRAFT' order by a.id limit ${APPS}) a)
  )) order by c.id), '[]'))))::text as body
from (select * from grant_call order by id limit ${CALLS}) c`;

/** (2) the fund's derived figures. */
export const OURS_BALANCE = `query FundBalance {
  fund(code: "UNVTF") { code balance {
    received { minorUnits } supportCosts { minorUnits } cash { minorUnits } committed { minorUnits }
    disbursed { minorUnits } refunded { minorUnits } available { minorUnits currency }
  } }
}`;

/** (2b) the statement of the generated period (issue 6's `fundStatement`, when the branch has it). */
export const OURS_FUND_STATEMENT = `query FundStatement($fundId: String!) {
  fundStatement(fundId: $fundId, from: "2024-01-01", to: "2025-12-31") {
    receipts { minorUnits } supportCosts { minorUnits } refundsToDonors { minorUnits }
    awardsCommitted { minorUnits } disbursements { minorUnits } outstandingCommitments { minorUnits }
    pledgesReceivable { minorUnits }
  }
}`;

/** (2b) stand-in without `fundStatement`: ledger totals re-derived from every line and compared. */
export const OURS_STATEMENT = `query LedgerCheck($fundId: String!) {
  ledgerCheck(fundId: $fundId) { ok lineCount groupCount unbalancedGroups
    accounts { account debits { minorUnits } credits { minorUnits } } }
}`;

/** (3) a deciding board vote: the application becomes APPROVED, then AWARDED with its commitment. */
export const OURS_VOTE = `mutation DecidingVote($input: CastBoardVoteInput!) {
  castBoardVote(input: $input) { errors { code message } application { id status award { id } } }
}`;

/** (3b) a tranche payment (issue 5): TRANCHE_PAID group and audit event, under the fund lock. */
export const OURS_PAY = `mutation PayTranche($input: RecordTranchePaymentInput!) {
  recordTranchePayment(input: $input) { errors { code message } tranche { id status } }
}`;

/** (4) an auditor's page deep in history. */
export const OURS_AUDIT_PAGE = `query AuditPage($after: String!) {
  auditEvents(first: 50, after: $after) {
    edges { cursor node { sequence time action actorRole entityType entityId before after hash prevHash } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Shape {
  id: string;
  title: string;
  apps: unknown[];
}

const uuidOf = (id: string) => (/^[0-9a-f-]{36}$/.test(id) ? id : fromGlobalId(id).id);

/** Reduces any of the three responses to one comparable shape (ids as uuids, money as minor units). */
export function normalise(body: any): Shape[] {
  const calls: any[] = body.data.grantCalls?.edges.map((e: any) => e.node) ?? body.data.allGrantCalls.nodes;
  return calls.map((c) => ({
    id: uuidOf(c.id),
    title: c.title,
    apps: (c.applications ?? c.applicationsByCallId.nodes).map((a: any) => {
      const org = a.organization ?? a.organizationByOrganizationId;
      const award = a.award === undefined ? a.awardByApplicationId : a.award;
      return {
        id: uuidOf(a.id),
        title: a.projectTitle,
        status: a.status,
        requested: a.requestedAmount?.minorUnits ?? a.requestedMinor,
        currency: a.requestedAmount?.currency ?? a.currency,
        org: { id: uuidOf(org.id), name: org.legalName, country: org.country },
        reviews: (a.reviews ?? a.reviewsByApplicationId.nodes).map((r: any) => ({
          id: uuidOf(r.id),
          weighted: r.weightedTotal ?? r.weightedHundredths / 100,
          comment: r.comment,
        })),
        award: award && {
          id: uuidOf(award.id),
          status: award.status,
          amount: award.amount?.minorUnits ?? award.amountMinor,
          tranches: (award.tranches ?? award.tranchesByAwardId.nodes).map((t: any) => ({
            id: uuidOf(t.id),
            number: t.number,
            date: t.plannedDate,
            status: t.status,
            amount: t.amount?.minorUnits ?? t.plannedMinor,
          })),
        },
      };
    }),
  }));
}
