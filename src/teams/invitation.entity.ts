import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { globalId, Node } from '../graphql/relay';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** What an organisation's member may do in the team: act for it (MEMBER), or also manage its team (ADMIN). */
export enum TeamRole {
  MEMBER = 'MEMBER',
  ADMIN = 'ADMIN',
}
registerEnumType(TeamRole, {
  name: 'TeamRole',
  description: "MEMBER: the organisation's NGO or DONOR role; ADMIN: also ORG_ADMIN (invites and removes members).",
});

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(InvitationStatus, { name: 'InvitationStatus' });

/**
 * An invitation to join an organisation's team, sent by e-mail: single use, expiring, only the
 * SHA-256 digest of its token stored. A newer invitation to the same address replaces it (REVOKED).
 */
@ObjectType({ implements: Node, description: "An invitation to an organisation's team." })
@Entity({ tableName: 'invitation' })
@Index({ properties: ['organization', 'email'] })
export class Invitation extends BaseEntity implements Node {
  get nodeId(): string {
    return globalId('Invitation', this.id);
  }

  @ManyToOne(() => Organization)
  organization: Organization;

  @Field(() => String)
  @Property({ type: 'string', length: 320 })
  email: string;

  @Field(() => TeamRole)
  @Enum({ items: () => TeamRole })
  role: TeamRole;

  @ManyToOne(() => User)
  invitedBy: User;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash: string;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true })
  acceptedBy: User | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(
    organization: Organization,
    email: string,
    role: TeamRole,
    invitedBy: User,
    tokenHash: string,
    now: Date,
    expiresAt: Date,
  ) {
    super();
    this.organization = organization;
    this.email = email.trim().toLowerCase();
    this.role = role;
    this.invitedBy = invitedBy;
    this.tokenHash = tokenHash;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  statusAt(now: Date): InvitationStatus {
    if (this.acceptedAt) return InvitationStatus.ACCEPTED;
    if (this.revokedAt) return InvitationStatus.REVOKED;
    return this.expiresAt <= now ? InvitationStatus.EXPIRED : InvitationStatus.PENDING;
  }
}
