import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Application } from './application.entity';
import { ApplicationsPayload, DeclineApplicationsInput } from './application.types';
import { declineApplications } from './batch-decision.service';

@Resolver(() => Application)
export class BatchDecisionResolver {
  @Authorized()
  @Mutation(() => ApplicationsPayload, {
    description:
      'The secretariat declines many applications at once (submitted: INELIGIBLE; under review: NOT_RECOMMENDED), ' +
      'with a reason and a message to each applicant. All or nothing: refusals are listed by position.',
  })
  declineApplications(
    @Arg('input', () => DeclineApplicationsInput) input: DeclineApplicationsInput,
    @Ctx() ctx: Context,
  ) {
    return payload(async () => ({ applications: await declineApplications(acting(ctx), input) }));
  }
}
