import type { MikroORM } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit/audit.service';
import { Fund } from '../funds/fund.entity';
import { fundSnapshot } from '../funds/fund.service';
import { BankAccountStatus, Organization, OrganizationKind, VettingStatus } from '../organizations/organization.entity';
import { Membership, Role, RoleGrant, User } from '../users/user.entity';

export interface DemoUser {
  role: Role;
  email: string;
  password: string;
  name: string;
  org?: 'donor' | 'ngo';
}

/** Documented in the README; never created in production mode. */
export const DEMO_USERS: DemoUser[] = [
  { role: Role.ADMIN, email: 'admin@demo.vtf.example', password: 'Demo-Admin-Kestrel-2026', name: 'Ada Admin' },
  {
    role: Role.SECRETARIAT,
    email: 'secretariat@demo.vtf.example',
    password: 'Demo-Secretariat-Heron-2026',
    name: 'Sam Secretariat',
  },
  // A second member: four eyes (nobody approves or pays what they requested themselves).
  {
    role: Role.SECRETARIAT,
    email: 'secretariat2@demo.vtf.example',
    password: 'Demo-Secretariat-Heron-2026',
    name: 'Sofia Secretariat',
  },
  {
    role: Role.BOARD_MEMBER,
    email: 'trustee1@demo.vtf.example',
    password: 'Demo-Trustee-Osprey-2026',
    name: 'Tara Trustee',
  },
  {
    role: Role.BOARD_MEMBER,
    email: 'trustee2@demo.vtf.example',
    password: 'Demo-Trustee-Osprey-2026',
    name: 'Tomas Trustee',
  },
  {
    role: Role.BOARD_MEMBER,
    email: 'trustee3@demo.vtf.example',
    password: 'Demo-Trustee-Osprey-2026',
    name: 'Teodora Trustee',
  },
  {
    role: Role.BOARD_MEMBER,
    email: 'trustee4@demo.vtf.example',
    password: 'Demo-Trustee-Osprey-2026',
    name: 'Tunde Trustee',
  },
  {
    role: Role.BOARD_MEMBER,
    email: 'trustee5@demo.vtf.example',
    password: 'Demo-Trustee-Osprey-2026',
    name: 'Tian Trustee',
  },
  { role: Role.AUDITOR, email: 'auditor@demo.vtf.example', password: 'Demo-Auditor-Plover-2026', name: 'Aiko Auditor' },
  {
    role: Role.DONOR,
    email: 'donor@demo.vtf.example',
    password: 'Demo-Donor-Swallow-2026',
    name: 'Dana Donor',
    org: 'donor',
  },
  { role: Role.NGO, email: 'ngo@demo.vtf.example', password: 'Demo-Ngo-Sandpiper-2026', name: 'Nadia NGO', org: 'ngo' },
];

/** Creates the demo fund, organisations and users once; returns false when they already exist. */
export async function seedDemo(orm: MikroORM): Promise<boolean> {
  const em = orm.em.fork();
  if (await em.count(Fund, { code: 'UNVTF' })) return false;
  await em.transactional(async (tx) => {
    const fund = new Fund('UNVTF', 'United Nations Voluntary Trust Fund for Victims of Trafficking in Persons', 'USD');
    fund.supportCostRateBps = 1300;
    fund.receivingAccount = {
      accountHolder: 'UNVTF Trust Fund Account (demo)',
      bankName: 'Example Bank AG',
      bankCountry: 'DE',
      iban: 'DE89370400440532013000',
      accountNumber: null,
      swift: 'COBADEFFXXX',
    };
    const donor = new Organization(OrganizationKind.DONOR, 'Ministry of Foreign Affairs of Examplestan', 'DE');
    donor.vettingStatus = VettingStatus.VERIFIED;
    donor.vettingReason = 'Demo data';
    donor.isPublicDonor = true;
    const ngo = new Organization(OrganizationKind.NGO, 'Safe Harbour Network', 'NG');
    ngo.registrationNumber = 'RC-1234567';
    ngo.countriesOfOperation = ['NG', 'GH', 'BJ'];
    ngo.vettingStatus = VettingStatus.VERIFIED;
    ngo.vettingReason = 'Demo data';
    ngo.bankAccount = {
      accountHolder: 'Safe Harbour Network',
      bankName: 'Demo Bank',
      bankCountry: 'DE',
      iban: 'DE89370400440532013000',
      swift: 'DEMODEFF',
    };
    ngo.bankAccountStatus = BankAccountStatus.CONFIRMED;
    tx.persist([fund, donor, ngo]);
    const hashes = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const hash = hashes.get(u.password) ?? (await hashPassword(u.password));
      hashes.set(u.password, hash);
      const user = new User(u.email, u.name, hash);
      user.emailVerifiedAt = new Date();
      tx.persist(user);
      const org = u.org === 'donor' ? donor : u.org === 'ngo' ? ngo : null;
      if (org) tx.persist(new Membership(user, org));
      const fundScoped = u.role === Role.SECRETARIAT || u.role === Role.BOARD_MEMBER;
      tx.persist(new RoleGrant(user, u.role, fundScoped ? fund : null, org));
      // The demo organisations' users administer their teams, as a registering user does.
      if (org) tx.persist(new RoleGrant(user, Role.ORG_ADMIN, null, org));
    }
    await tx.flush();
    await recordAudit(tx, { actorId: null, actorRole: 'system:seed', requestId: null }, [
      { action: 'fund.create', entityType: 'Fund', entityId: fund.id, fundId: fund.id, after: fundSnapshot(fund) },
      {
        action: 'organization.create',
        entityType: 'Organization',
        entityId: donor.id,
        after: { legalName: donor.legalName },
      },
      {
        action: 'organization.create',
        entityType: 'Organization',
        entityId: ngo.id,
        after: { legalName: ngo.legalName },
      },
    ]);
  });
  return true;
}
