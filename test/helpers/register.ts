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
 * Registers an organisation through the public mutation (whose answer is neutral: no token) and
 * logs its first user in.
 */
export async function registerAndLogin(
  app: TestApp,
  input: RegistrationInput,
  headers: Record<string, string> = {},
): Promise<{ client: GqlClient; orgId: string }> {
  const r = expectNoErrors(
    await app.anonymous.gql(
      `mutation Register($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code message } } }`,
      { input },
      headers,
    ),
  ).registerOrganization;
  if (r.errors.length) throw new Error(`registration failed: ${JSON.stringify(r.errors)}`);
  const client = await app.login(input.email, input.password);
  const me = expectNoErrors(await client.gql('{ me { organizations { id } } }')).me;
  return { client, orgId: me.organizations[0].id };
}
