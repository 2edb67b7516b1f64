import { issueEmailVerification } from '../../src/users/verification.service';
import { User } from '../../src/users/user.entity';
import { expectNoErrors, type GqlClient, type TestApp } from './app';

export interface RegistrationInput {
  kind: 'NGO' | 'DONOR';
  legalName: string;
  country: string;
  email: string;
  displayName: string;
  password: string;
  registrationNumber?: string;
}

/**
 * Verifies a registered address through the public `verifyEmail` mutation, with a link made as the
 * registration makes it (the registration's own link left in the mail; test/email-verification.test.ts
 * reads that one from the loopback SMTP server).
 */
export async function verifyEmailOf(app: TestApp, email: string): Promise<void> {
  const em = app.orm.em.fork();
  const token = await em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { email: email.trim().toLowerCase() });
    const t = await issueEmailVerification(tx, user, app.clock.now(), app.config.EMAIL_VERIFICATION_TTL_SECONDS);
    await tx.flush();
    return t;
  });
  const r = expectNoErrors(
    await app.anonymous.gql(
      `mutation($i: VerifyEmailInput!) { verifyEmail(input: $i) { accepted errors { code message } } }`,
      { i: { token } },
    ),
  ).verifyEmail;
  if (!r.accepted) throw new Error(`verification failed: ${JSON.stringify(r.errors)}`);
}

/**
 * Registers an organisation through the public mutation (whose answer is neutral: no token),
 * verifies its first user's e-mail address (unless `verify: false`) and logs it in.
 */
export async function registerAndLogin(
  app: TestApp,
  input: RegistrationInput,
  headers: Record<string, string> = {},
  opts: { verify?: boolean } = {},
): Promise<{ client: GqlClient; orgId: string }> {
  const r = expectNoErrors(
    await app.anonymous.gql(
      `mutation Register($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code message } } }`,
      { input },
      headers,
    ),
  ).registerOrganization;
  if (r.errors.length) throw new Error(`registration failed: ${JSON.stringify(r.errors)}`);
  if (opts.verify !== false) await verifyEmailOf(app, input.email);
  const client = await app.login(input.email, input.password);
  const me = expectNoErrors(await client.gql('{ me { organizations { id } } }')).me;
  return { client, orgId: me.organizations[0].id };
}
