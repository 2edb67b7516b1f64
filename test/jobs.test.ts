import { SMTPServer } from 'smtp-server';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { draft, openCall } from './helpers/grants';
import { createPledge, fundId } from './helpers/money';
import { fresh, makeAward, wire, type AwardInfo } from './helpers/post-award';
import { closeDueCalls, runReminders } from '../src/jobs/reminders';
import { JOBS, startJobs, type JobRunner } from '../src/jobs/worker';
import { createMailer, sendPendingEmails, type Mailer } from '../src/notifications/mailer';
import { Role } from '../src/users/user.entity';

interface Mail {
  to: string[];
  raw: string;
}

let app: TestApp;
let smtp: SMTPServer;
let mailer: Mailer;
const inbox: Mail[] = [];
let award: AwardInfo;
let callId: string;

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  app = await startTestApp();
  const port = await startSmtp();
  mailer = createMailer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'VTF Grants <grants@vtf.test>' })!;
  await wire(app, '200000.00');
  award = await makeAward(app);
  const sec = await app.as('SECRETARIAT');
  const donor = await app.as('DONOR');
  const fund = await fundId(app);
  const p = expectNoErrors(
    await createPledge(donor, { fundId: fund, amount: '50000.00', currency: 'USD', dueDate: '2027-05-30' }),
  );
  expect(p.createPledge.errors).toEqual([]);
  callId = await openCall(sec, fund, { closesAt: '2027-05-27T12:00:00Z' });
  await draft(await app.as('NGO'), callId);
});
afterAll(async () => {
  mailer.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await app.stop();
});

const notifications = (kind: string) =>
  app.sql(`select n.*, u.email from notification n join app_user u on u.id = n.user_id where kind = $1`, [kind]);

describe('reminders and notifications', () => {
  it('reminds once before a report and a pledge fall due and before a call closes, and mails each once', async () => {
    app.clock.set(new Date('2027-05-25T08:00:00Z'));
    try {
      expect(await runReminders(app.orm, app.clock)).toBe(3);
      expect(await runReminders(app.orm, app.clock)).toBe(0);
      const due = await notifications('REPORT_DUE_SOON');
      expect(due.map((n) => [n.email, n.subject])).toEqual([
        ['ngo@demo.vtf.example', 'Reminder: interim report due 2027-06-01'],
      ]);
      expect((await notifications('PLEDGE_DUE_SOON')).map((n) => n.email)).toEqual(['donor@demo.vtf.example']);
      expect((await notifications('CALL_CLOSING_SOON')).map((n) => n.email)).toEqual(['ngo@demo.vtf.example']);

      expect(await sendPendingEmails(app.orm, mailer, app.clock)).toBe(3);
      expect(await sendPendingEmails(app.orm, mailer, app.clock)).toBe(0);
      expect(inbox).toHaveLength(3);
      const mail = inbox.find((m) => m.raw.includes('Subject: Reminder: interim report due 2027-06-01'))!;
      expect(mail.to).toEqual(['ngo@demo.vtf.example']);
      expect(mail.raw).toContain('From: VTF Grants <grants@vtf.test>');
      // quoted-printable folds long lines with a soft break (=CRLF)
      expect(mail.raw.replace(/=\r?\n/g, '')).toContain('is due on 2027-06-01. Submit it before then.');
      expect((await app.sql(`select count(*)::int n from notification where emailed_at is null`))[0]!.n).toBe(0);
    } finally {
      app.clock.reset();
    }
  });

  it("lists the caller's notifications and marks one read; nobody else can", async () => {
    const ngo = await fresh(app, Role.NGO);
    const Q = `query($u: Boolean) { notifications(first: 10, unreadOnly: $u) { totalCount edges { node { id kind subject readAt entityType } } } }`;
    const list = expectNoErrors(await ngo.gql(Q, {})).notifications;
    expect(list.edges.map((e: any) => e.node.kind).sort()).toEqual(['CALL_CLOSING_SOON', 'REPORT_DUE_SOON']);
    const id = list.edges.find((e: any) => e.node.kind === 'REPORT_DUE_SOON').node.id;
    const M = `mutation($id: String!) { markNotificationRead(input: { notificationId: $id }) { notification { readAt } errors { code } } }`;
    const donor = await fresh(app, Role.DONOR);
    expect(expectNoErrors(await donor.gql(M, { id })).markNotificationRead.errors).toEqual([{ code: 'NOT_FOUND' }]);
    expect(expectNoErrors(await ngo.gql(M, { id })).markNotificationRead.notification.readAt).toBeTruthy();
    expect(expectNoErrors(await ngo.gql(Q, { u: true })).notifications.totalCount).toBe(1);
    expect(expectNoErrors(await donor.gql(Q, {})).notifications.totalCount).toBe(1);
  });

  it('closes calls at their closing time, once', async () => {
    app.clock.set(new Date('2027-05-27T12:00:01Z'));
    try {
      expect(await closeDueCalls(app.orm, app.clock)).toBeGreaterThanOrEqual(1);
      expect(await closeDueCalls(app.orm, app.clock)).toBe(0);
      const id = Buffer.from(callId, 'base64').toString('utf8').split(':')[1];
      expect((await app.sql(`select status from grant_call where id = $1`, [id]))[0]!.status).toBe('CLOSED');
      const audit = await app.sql(`select action, actor_role from audit_event where entity_id = $1 order by seq desc`, [
        id,
      ]);
      expect(audit[0]).toEqual({ action: 'grant_call.close', actor_role: 'system:jobs' });
    } finally {
      app.clock.reset();
    }
  });
});

describe('the pg-boss worker', () => {
  async function runJob(runner: JobRunner, name: string) {
    const id = await runner.boss.send(name, {}, {});
    expect(id).toBeTruthy();
    for (let i = 0; i < 100; i++) {
      const job = await runner.boss.getJobById(name, id!);
      if (job?.state === 'completed') return;
      if (job?.state === 'failed') throw new Error(`${name} failed: ${JSON.stringify(job.output)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} did not run`);
  }

  it('registers the schedules and, across a restart, notifies and mails an overdue report once', async () => {
    app.clock.set(new Date('2027-06-02T09:00:00Z'));
    const deps = {
      orm: app.orm,
      clock: app.clock,
      log: pino({ level: 'silent' }),
      mailer,
      connectionString: app.dbUrl,
    };
    let runner = await startJobs(deps);
    try {
      const schedules = await runner.boss.getSchedules();
      expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(JOBS.map((j) => [j.name, j.cron]).sort());
      const before = inbox.length;
      await runJob(runner, 'mark-overdue-reports');
      await runJob(runner, 'send-emails');
      const overdue = await notifications('REPORT_OVERDUE');
      // The grantee and every secretariat member of the fund (the demo has two, for four eyes).
      expect(overdue.map((n) => n.email).sort()).toEqual([
        'ngo@demo.vtf.example',
        'secretariat2@demo.vtf.example',
        'secretariat@demo.vtf.example',
      ]);
      expect(inbox.length - before).toBe(3);

      await runner.stop();
      runner = await startJobs(deps);
      expect((await runner.boss.getSchedules()).length).toBe(JOBS.length);
      await runJob(runner, 'mark-overdue-reports');
      await runJob(runner, 'send-reminders');
      await runJob(runner, 'send-emails');
      expect(await notifications('REPORT_OVERDUE')).toHaveLength(3);
      expect(inbox.length - before).toBe(3);
      const [r] = await app.sql(`select status from report where id = $1`, [
        Buffer.from(award.tranches[1]!.condition!.id, 'base64').toString('utf8').split(':')[1],
      ]);
      expect(r!.status).toBe('OVERDUE');
    } finally {
      await runner.stop();
      app.clock.reset();
    }
  }, 60_000);
  it('replaces a pg-boss 10 schema, which pg-boss 12 cannot migrate, and runs its jobs on the new one', async () => {
    await app.sql('drop schema if exists pgboss cascade');
    await app.sql(fs.readFileSync(path.join(__dirname, 'fixtures', 'pgboss-10-schema.sql'), 'utf8'));
    expect(await app.sql('select version from pgboss.version')).toEqual([{ version: 24 }]);
    const deps = {
      orm: app.orm,
      clock: app.clock,
      log: pino({ level: 'silent' }),
      mailer,
      connectionString: app.dbUrl,
    };
    // Two replicas starting together: one drops the old schema, neither fails.
    const runners = await Promise.all([startJobs(deps), startJobs(deps)]);
    try {
      const [{ version }] = await app.sql<{ version: number }>('select version from pgboss.version');
      expect(version).toBeGreaterThanOrEqual(25);
      const schedules = await runners[0].boss.getSchedules();
      expect(schedules.map((s) => s.name).sort()).toEqual(JOBS.map((j) => j.name).sort());
      await runJob(runners[1], 'close-calls');
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    // Started again on its own schema: nothing is dropped, the schedules stay.
    const again = await startJobs(deps);
    try {
      expect((await again.boss.getSchedules()).length).toBe(JOBS.length);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
