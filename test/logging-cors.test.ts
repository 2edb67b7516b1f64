import { PassThrough } from 'node:stream';
import { registerAndLogin } from './helpers/register';
import { startTestApp, type TestApp } from './helpers/app';

let app: TestApp;
const lines: Record<string, any>[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  app = await startTestApp({ CORS_ORIGINS: 'https://portal.example' }, { logStream: stream });
});
afterAll(async () => {
  await app.stop();
});

describe('structured logs', () => {
  it('log each operation with request id, operation name, user id and duration, and never a password or token', async () => {
    const password = 'Secret-Zebra-Lantern-991';
    const { client } = await registerAndLogin(
      app,
      { kind: 'NGO', legalName: 'Log Test', country: 'KE', email: 'log@test.example', displayName: 'L', password },
      { 'x-request-id': 'log-req-1' },
    );
    const token = client.token as string;
    await app.client(token).gql('query WhoAmI { me { email } }', undefined, { 'x-request-id': 'log-req-2' });
    await app.anonymous.gql('mutation Login($i: LoginInput!) { login(input: $i) { errors { code } } }', {
      i: { email: 'log@test.example', password: 'wrong-password-here' },
    });
    await new Promise((r) => setTimeout(r, 50));
    const register = lines.find((l) => l.requestId === 'log-req-1' && l.msg === 'graphql');
    expect(register).toMatchObject({ operation: 'Register', status: 'ok' });
    expect(typeof register!.durationMs).toBe('number');
    const me = lines.find((l) => l.requestId === 'log-req-2' && l.msg === 'graphql');
    expect(me).toMatchObject({ operation: 'WhoAmI', status: 'ok' });
    expect(me!.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l.event === 'login_failed')).toBe(true);
    const all = JSON.stringify(lines);
    expect(all).not.toContain(password);
    expect(all).not.toContain('wrong-password-here');
    expect(all).not.toContain(token);
  });
});

describe('CORS', () => {
  it('allows the configured origin and no other', async () => {
    const preflight = (origin: string) =>
      fetch(app.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const ok = await preflight('https://portal.example');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
