import nodemailer, { type Transporter } from 'nodemailer';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../core/clock';

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer when SMTP_URL is set; without it notifications are only stored. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): Mailer | null {
  if (!config.SMTP_URL) return null;
  const transport: Transporter = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from: config.SMTP_FROM, to, subject, text });
    },
    close: () => transport.close(),
  };
}

/**
 * Mails the stored notifications not mailed yet. Each batch's rows stay locked (SKIP LOCKED)
 * until `emailed_at` is committed, so two workers never send the same one; a crash between the
 * SMTP answer and the commit can send one message again (at least once), never lose it.
 */
export async function sendPendingEmails(orm: MikroORM, mailer: Mailer | null, clock: Clock, log?: Logger) {
  if (!mailer) return 0;
  let sent = 0;
  for (;;) {
    const batch = await orm.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string; email: string; subject: string; body: string }[]>(
        `select n.id, u.email, n.subject, n.body from notification n join app_user u on u.id = n.user_id
          where n.emailed_at is null order by n.id limit 20 for update of n skip locked`,
      );
      let failed = 0;
      for (const r of rows) {
        try {
          await mailer.send(r.email, r.subject, r.body);
        } catch (err) {
          failed++;
          log?.warn({ err, notificationId: r.id }, 'email not sent; retried on the next run');
          continue;
        }
        await tx.execute(`update notification set emailed_at = ? where id = ?`, [clock.now(), r.id]);
        sent++;
      }
      return { fetched: rows.length, failed };
    });
    if (batch.fetched < 20 || batch.failed > 0) return sent;
  }
}
