import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';

export enum Role {
  ADMIN = 'ADMIN',
  SECRETARIAT = 'SECRETARIAT',
  BOARD_MEMBER = 'BOARD_MEMBER',
  AUDITOR = 'AUDITOR',
  DONOR = 'DONOR',
  NGO = 'NGO',
  /** An organisation's administrator: invites, promotes and removes its members (issue 13). */
  ORG_ADMIN = 'ORG_ADMIN',
}
registerEnumType(Role, { name: 'Role' });

/** The languages of the portal and of e-mails. */
export enum Language {
  EN = 'EN',
  FR = 'FR',
  ES = 'ES',
}
registerEnumType(Language, { name: 'Language' });

@ObjectType({ implements: Node })
@Entity({ tableName: 'app_user' })
@Check({ name: 'app_user_email_lower', expression: 'email = lower(email)' })
export class User extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('User', this.id);
  }

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Field(() => String)
  @Property({ type: 'string', length: 320 })
  @Unique()
  email: string;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  displayName: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  active = true;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the owner proved the address (a link from the verification e-mail, an accepted invitation); ' +
      'null: not yet, and nothing that submits or moves money is allowed.',
  })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null = null;

  @Field(() => Language, { description: 'Language of the portal and of e-mails.' })
  @Enum({ items: () => Language, default: Language.EN })
  preferredLanguage: Language = Language.EN;

  @Field(() => String, { description: 'IANA time zone (e.g. Africa/Nairobi) in which dates are shown.' })
  @Property({ type: 'string', length: 64, default: 'UTC' })
  timeZone = 'UTC';

  constructor(email: string, displayName: string, passwordHash: string) {
    super();
    this.email = email.toLowerCase();
    this.displayName = displayName;
    this.passwordHash = passwordHash;
  }
}

@Entity({ tableName: 'membership' })
@Unique({ properties: ['user', 'organization'] })
export class Membership extends BaseEntity {
  @ManyToOne(() => User)
  user: User;

  @ManyToOne(() => Organization)
  organization: Organization;

  constructor(user: User, organization: Organization) {
    super();
    this.user = user;
    this.organization = organization;
  }
}

@ObjectType({
  implements: Node,
  description: 'A role held by a user, scoped to a fund and, for DONOR and NGO, an organisation.',
})
@Entity({ tableName: 'role_grant' })
@Index({ properties: ['user'] })
export class RoleGrant extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('RoleGrant', this.id);
  }

  @ManyToOne(() => User)
  user: User;

  @Field(() => Role)
  @Enum({ items: () => Role })
  role: Role;

  /** null: every fund. */
  @ManyToOne(() => Fund, { nullable: true })
  fund: Fund | null;

  @ManyToOne(() => Organization, { nullable: true })
  organization: Organization | null;

  constructor(user: User, role: Role, fund: Fund | null, organization: Organization | null) {
    super();
    this.user = user;
    this.role = role;
    this.fund = fund;
    this.organization = organization;
  }
}
