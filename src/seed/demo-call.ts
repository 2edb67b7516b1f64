import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service';
import { GrantCall, GrantCallStatus } from '../calls/grant-call.entity';
import { callSnapshot } from '../calls/grant-call.service';
import { Fund } from '../funds/fund.entity';
import { Role, User } from '../users/user.entity';
import { DEMO_USERS } from './demo';

const DAY = 86_400_000;
export const DEMO_CALL_TITLE = 'Assistance to survivors of trafficking: demo call';

/**
 * Gives the demo NGO something to apply to: when the demo fund has no call open now, opens one
 * for 90 days, by the demo secretariat member, audited like the API's createGrantCall and
 * openGrantCall. Returns false when a call is already open. Never part of the test worlds.
 */
export async function seedDemoCall(orm: MikroORM, now = new Date()): Promise<boolean> {
  const em = orm.em.fork();
  const fund = await em.findOne(Fund, { code: 'UNVTF' });
  const email = DEMO_USERS.find((u) => u.role === Role.SECRETARIAT)?.email;
  const secretariat = email ? await em.findOne(User, { email }) : null;
  if (!fund || !secretariat) return false;
  const open = await em.count(GrantCall, { fund, status: GrantCallStatus.OPEN, closesAt: { $gt: now } });
  if (open) return false;
  await em.transactional(async (tx) => {
    const call = new GrantCall(
      fund,
      DEMO_CALL_TITLE,
      new Date(now.getTime() - DAY),
      new Date(now.getTime() + 90 * DAY),
      secretariat.id,
    );
    call.description =
      'Shelter, medical, legal and psychological assistance to victims of trafficking in persons, ' +
      'especially women and children. Demo data: apply as the demo NGO to try the portal.';
    call.themes = ['shelter', 'legal aid', 'psychological support'];
    call.minAwardMinor = 1_000_000n;
    call.maxAwardMinor = 5_000_000n;
    call.envelopeMinor = 50_000_000n;
    call.maxDurationMonths = 24;
    call.rubric = [
      { key: 'relevance', label: 'Relevance to victims', weight: 60 },
      { key: 'capacity', label: 'Organisational capacity', weight: 40 },
    ];
    call.eligibilityRules = [{ key: 'registered_ngo', label: 'Registered non-profit' }];
    call.status = GrantCallStatus.OPEN;
    tx.persist(call);
    await tx.flush();
    const actor = { actorId: null, actorRole: 'system:seed', requestId: null };
    await recordAudit(tx, actor, [
      {
        action: 'grant_call.create',
        entityType: 'GrantCall',
        entityId: call.id,
        fundId: fund.id,
        after: callSnapshot(call),
      },
      {
        action: 'grant_call.open',
        entityType: 'GrantCall',
        entityId: call.id,
        fundId: fund.id,
        before: { status: GrantCallStatus.DRAFT },
        after: { status: GrantCallStatus.OPEN },
      },
    ]);
  });
  return true;
}
