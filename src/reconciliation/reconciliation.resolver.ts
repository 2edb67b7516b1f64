import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../auth/policy';
import { Contribution } from '../contributions/contribution.entity';
import { required } from '../core/required';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { PageArgs, paginate } from '../graphql/paginate';
import { Connection, parseGlobalId } from '../graphql/relay';
import { Pledge } from '../pledges/pledge.entity';
import { Role } from '../users/user.entity';
import { BankStatement, BankStatementLine } from './bank-statement.entity';
import { canReadReconciliation } from './reconciliation.policy';
import {
  confirmBankLine,
  ignoreBankLine,
  importBankStatement,
  rejectBankLineMatch,
  rematchBankLines,
  reopenBankLine,
} from './reconciliation.service';
import {
  BankStatementLineActionInput,
  IgnoreBankStatementLineInput,
  RematchBankStatementLinesInput,
  RematchBankStatementLinesPayload,
  BankStatementLineFilter,
  BankStatementLinePayload,
  ConfirmBankStatementLineInput,
  ImportBankStatementPayload,
  ImportBankStatementInput,
  RejectBankStatementMatchInput,
} from './reconciliation.types';

const LineConnection = Connection(BankStatementLine);
const StatementConnection = Connection(BankStatement);

@Resolver(() => BankStatementLine)
export class BankStatementLineResolver {
  @Authorized(Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR)
  @Query(() => LineConnection, {
    description: "The reconciliation queue of a fund's bank statements (filter by status: UNMATCHED, PROPOSED…).",
  })
  bankStatementLines(
    @Arg('filter', () => BankStatementLineFilter) filter: BankStatementLineFilter,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const fundId = parseGlobalId(filter.fundId, 'Fund', 'fundId').id;
    authorize(canReadReconciliation(ctx.actor, fundId));
    const where: Record<string, unknown> = { fund: fundId };
    if (filter.status) where.status = filter.status;
    if (filter.statementId) where.statement = parseGlobalId(filter.statementId, 'BankStatement', 'statementId').id;
    return paginate(ctx.em, BankStatementLine, where, page);
  }

  @Authorized(Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR)
  @Query(() => StatementConnection, { description: "The bank statements imported for a fund's account." })
  bankStatements(
    @Arg('fundId', () => String) fundGid: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const fundId = parseGlobalId(fundGid, 'Fund', 'fundId').id;
    authorize(canReadReconciliation(ctx.actor, fundId));
    return paginate(ctx.em, BankStatement, { fund: fundId }, page);
  }

  @FieldResolver(() => Money)
  amount(@Root() l: BankStatementLine): Money {
    return Money.of(l.amountMinor, l.currency);
  }

  @FieldResolver(() => BankStatement)
  async statement(@Root() l: BankStatementLine, @Ctx() ctx: Context): Promise<BankStatement> {
    return required(await ctx.loaders.byId(BankStatement, 'line.statement').load(l.statement.id), 'BankStatement');
  }

  @FieldResolver(() => Pledge, { nullable: true, description: 'The pledge proposed for this credit.' })
  proposedPledge(@Root() l: BankStatementLine, @Ctx() ctx: Context): Promise<Pledge | null> | null {
    return l.proposedPledge ? ctx.loaders.byId(Pledge, 'line.proposedPledge').load(l.proposedPledge.id) : null;
  }

  @FieldResolver(() => Contribution, { nullable: true, description: 'The wire contribution it was recorded as.' })
  contribution(@Root() l: BankStatementLine, @Ctx() ctx: Context): Promise<Contribution | null> | null {
    return l.contribution ? ctx.loaders.byId(Contribution, 'line.contribution').load(l.contribution.id) : null;
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ImportBankStatementPayload, {
    description:
      'Imports a camt.053 or MT940 statement: its credits join the reconciliation queue, matched to pledges.',
  })
  importBankStatement(
    @Arg('input', () => ImportBankStatementInput) input: ImportBankStatementInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => importBankStatement(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => BankStatementLinePayload, {
    description: 'Confirms a statement credit: recorded as a wire contribution (recordWireContribution’s rules).',
  })
  confirmBankStatementLine(
    @Arg('input', () => ConfirmBankStatementLineInput) input: ConfirmBankStatementLineInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => confirmBankLine(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => BankStatementLinePayload, {
    description: 'Rejects the pledge proposed for a credit: the line stays in the queue, unmatched.',
  })
  rejectBankStatementMatch(
    @Arg('input', () => RejectBankStatementMatchInput) input: RejectBankStatementMatchInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ line: await rejectBankLineMatch(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => BankStatementLinePayload, {
    description: 'Sets a credit that is no donation aside (IGNORED) with its reason; nothing is recorded.',
  })
  ignoreBankStatementLine(
    @Arg('input', () => IgnoreBankStatementLineInput) input: IgnoreBankStatementLineInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ line: await ignoreBankLine(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => BankStatementLinePayload, { description: 'Puts an ignored credit back in the queue, unmatched.' })
  reopenBankStatementLine(
    @Arg('input', () => BankStatementLineActionInput) input: BankStatementLineActionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ line: await reopenBankLine(acting(ctx), input) }));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => RematchBankStatementLinesPayload, {
    description:
      "Matches the fund's unmatched credits again against its open pledges (imports and new pledges do it too).",
  })
  rematchBankStatementLines(
    @Arg('input', () => RematchBankStatementLinesInput) input: RematchBankStatementLinesInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ proposed: await rematchBankLines(acting(ctx), input) }));
  }
}
