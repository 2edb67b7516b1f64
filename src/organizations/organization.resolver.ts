import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { acting, actorOf, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { authorize, Permission } from '../auth/policy';
import { Organization, OrganizationKind, VettingStatus } from './organization.entity';
import {
  canConfirmBankAccount,
  canEditOrganization,
  canReadOrganization,
  readableOrganizationsWhere,
  canSeeBankAccount,
  canChangeBankAccount,
  canVetOrganizationTo,
} from './organization.policy';
import { Role } from '../users/user.entity';
import * as service from './organization.service';
import * as bankService from './bank-account.service';
import { fundsOfOrganizations, NO_FUNDS, type OrganizationFunds } from './organization.repository';
import {
  BankAccountView,
  ConfirmBankAccountInput,
  CreateOrganizationInput,
  OrganizationPayload,
  OrganizationPermissions,
  SetBankAccountInput,
  UpdateOrganizationInput,
  VetOrganizationInput,
} from './organization.types';

const OrganizationConnection = Connection(Organization);

/** The funds an organisation deals with, batched per request (one statement for a page of organisations). */
function fundsOf(ctx: Context, org: Organization): Promise<OrganizationFunds> {
  return ctx.loaders
    .named<string, OrganizationFunds>('organization.funds', async (ids) => {
      const map = await fundsOfOrganizations(ctx.em, ids);
      return ids.map((id) => map.get(id) ?? NO_FUNDS);
    })
    .load(org.id);
}

@InputType()
class OrganizationFilter {
  @Field(() => OrganizationKind, { nullable: true }) kind?: OrganizationKind;
  @Field(() => VettingStatus, { nullable: true }) vettingStatus?: VettingStatus;
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized()
  @Query(() => Organization, { nullable: true })
  async organization(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<Organization | null> {
    const org = await ctx.loaders.byId(Organization).load(parseGlobalId(id, 'Organization').id);
    if (org) authorize(canReadOrganization(ctx.actor, org));
    return org;
  }

  @Authorized()
  @Query(() => OrganizationConnection, { description: 'Staff see every organisation; donors and NGOs their own.' })
  organizations(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null,
    @Ctx() ctx: Context,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.kind) where.kind = filter.kind;
    if (filter?.vettingStatus) where.vettingStatus = filter.vettingStatus;
    return paginate(ctx.em, Organization, { $and: [where, readableOrganizationsWhere(actorOf(ctx))] }, page);
  }

  @FieldResolver(() => Boolean)
  hasBankAccount(@Root() org: Organization): boolean {
    return org.bankAccount !== null;
  }

  @FieldResolver(() => BankAccountView, {
    nullable: true,
    description: 'Only for the organisation itself and the secretariat; null for everyone else.',
  })
  async bankAccount(@Root() org: Organization, @Ctx() ctx: Context): Promise<BankAccountView | null> {
    if (!org.bankAccount || !ctx.actor) return null;
    const funds = await fundsOf(ctx, org);
    if (!canSeeBankAccount(ctx.actor, org, funds).allowed) return null;
    return BankAccountView.of(org);
  }

  @FieldResolver(() => OrganizationPermissions)
  async permissions(@Root() org: Organization, @Ctx() ctx: Context): Promise<OrganizationPermissions> {
    const funds = await fundsOf(ctx, org);
    return Object.assign(new OrganizationPermissions(), {
      update: Permission.of(canEditOrganization(ctx.actor, org, funds)),
      setBankAccount: Permission.of(canChangeBankAccount(ctx.actor, org, funds)),
      confirmBankAccount: Permission.of(canConfirmBankAccount(ctx.actor, org, funds)),
      verify: Permission.of(canVetOrganizationTo(ctx.actor, org, funds, VettingStatus.VERIFIED)),
      reject: Permission.of(canVetOrganizationTo(ctx.actor, org, funds, VettingStatus.REJECTED)),
      suspend: Permission.of(canVetOrganizationTo(ctx.actor, org, funds, VettingStatus.SUSPENDED)),
    });
  }

  @Authorized(Role.ADMIN, Role.SECRETARIAT)
  @Mutation(() => OrganizationPayload)
  createOrganization(@Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await service.createOrganization(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => OrganizationPayload)
  updateOrganization(@Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await service.updateOrganization(acting(ctx), input) }));
  }

  @Authorized()
  @Mutation(() => OrganizationPayload, {
    description: 'Puts the account in PENDING_CONFIRMATION: no tranche is requested or paid until it is confirmed.',
  })
  setBankAccount(@Arg('input', () => SetBankAccountInput) input: SetBankAccountInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await bankService.setBankAccount(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => OrganizationPayload, {
    description:
      "Secretariat of a fund the organisation holds an award in, not the change's author: confirms a changed account or legal name.",
  })
  confirmBankAccount(@Arg('input', () => ConfirmBankAccountInput) input: ConfirmBankAccountInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await bankService.confirmBankAccount(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => OrganizationPayload)
  vetOrganization(@Arg('input', () => VetOrganizationInput) input: VetOrganizationInput, @Ctx() ctx: Context) {
    return payload(async () => ({ organization: await service.vetOrganization(acting(ctx), input) }));
  }
}
