import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Award } from '../awards/award.entity';
import { Report, ReportStatus } from './report.entity';
import { effectiveReportStatus } from './report.workflow';
import { acting, type Context } from '../graphql/context';
import { groupBy } from '../graphql/loaders';
import { payload } from '../graphql/errors';
import { Money } from '../graphql/money';
import { Role } from '../users/user.entity';
import { BeneficiariesView } from './beneficiaries';
import { ReportSubmission } from './report-submission.entity';
import * as service from './report.service';
import { Permission } from '../auth/policy';
import { canDecideReport, canSubmitReportVersion, canWaiveReport } from './report.policy';
import {
  AcceptReportInput,
  ReportPayload,
  ReportPermissions,
  RequestReportRevisionInput,
  SpendingLine,
  SubmitReportInput,
  WaiveReportInput,
} from './report.types';
import { required } from '../core/required';

@Resolver(() => Report)
export class ReportResolver {
  @FieldResolver(() => Award)
  async award(@Root() r: Report, @Ctx() ctx: Context): Promise<Award> {
    return required(await ctx.loaders.byId(Award, 'award.award').load(r.award.id), 'Award');
  }

  @FieldResolver(() => ReportPermissions)
  async permissions(@Root() r: Report, @Ctx() ctx: Context): Promise<ReportPermissions> {
    const award = required(await ctx.loaders.byId(Award, 'award.award').load(r.award.id), 'award');
    return Object.assign(new ReportPermissions(), {
      submit: Permission.of(canSubmitReportVersion(ctx.actor, r, award)),
      accept: Permission.of(canDecideReport(ctx.actor, r, ReportStatus.ACCEPTED)),
      requestRevision: Permission.of(canDecideReport(ctx.actor, r, ReportStatus.REVISION_REQUESTED)),
      waive: Permission.of(canWaiveReport(ctx.actor, r)),
    });
  }

  @Authorized(Role.NGO)
  @Mutation(() => ReportPayload, { description: 'A member of the grantee submits a version of a report.' })
  submitReport(@Arg('input', () => SubmitReportInput) input: SubmitReportInput, @Ctx() ctx: Context) {
    return payload(() => service.submitReport(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ReportPayload)
  acceptReport(@Arg('input', () => AcceptReportInput) input: AcceptReportInput, @Ctx() ctx: Context) {
    return payload(() => service.acceptReport(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ReportPayload)
  requestReportRevision(
    @Arg('input', () => RequestReportRevisionInput) input: RequestReportRevisionInput,
    @Ctx() ctx: Context,
  ) {
    return payload(() => service.requestReportRevision(acting(ctx), input));
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => ReportPayload, {
    description: 'The secretariat waives an owed AUDIT report by a recorded decision (reason audited).',
  })
  waiveReport(@Arg('input', () => WaiveReportInput) input: WaiveReportInput, @Ctx() ctx: Context) {
    return payload(() => service.waiveReport(acting(ctx), input));
  }

  @FieldResolver(() => ReportStatus, { description: 'OVERDUE when past its due date and not submitted.' })
  status(@Root() r: Report, @Ctx() ctx: Context): ReportStatus {
    return effectiveReportStatus(r, ctx.app.clock.now());
  }

  @FieldResolver(() => ReportSubmission, { nullable: true, description: 'The latest submitted version.' })
  currentSubmission(@Root() r: Report, @Ctx() ctx: Context): Promise<ReportSubmission | null> {
    return r.currentSubmission
      ? ctx.loaders.byId(ReportSubmission, 'report.currentSubmission').load(r.currentSubmission.id)
      : Promise.resolve(null);
  }

  @FieldResolver(() => [ReportSubmission], { description: 'Every submitted version, oldest first.' })
  submissions(@Root() r: Report, @Ctx() ctx: Context): Promise<ReportSubmission[]> {
    return ctx.loaders
      .named<string, ReportSubmission[]>('submissionsByReport', async (ids) =>
        groupBy(
          ids,
          await ctx.em.find(ReportSubmission, { report: { $in: [...ids] } }, { orderBy: { version: 'asc' } }),
          (s) => s.report.id,
        ),
      )
      .load(r.id);
  }
}

@Resolver(() => ReportSubmission)
export class ReportSubmissionResolver {
  @FieldResolver(() => [SpendingLine])
  async spending(@Root() s: ReportSubmission, @Ctx() ctx: Context): Promise<SpendingLine[]> {
    const report = await ctx.loaders.byId(Report, 'submission.report').load(s.report.id);
    const award = await ctx.loaders.byId(Award, 'submission.award').load(required(report, 'report').award.id);
    return s.spending.map((l) =>
      Object.assign(new SpendingLine(), {
        category: l.category,
        amount: Money.of(BigInt(l.amountMinor), required(award, 'award').currency),
      }),
    );
  }

  @FieldResolver(() => BeneficiariesView)
  beneficiaries(@Root() s: ReportSubmission): BeneficiariesView {
    return BeneficiariesView.of(s.beneficiaries);
  }
}
