import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what the app sends (account e-mails carry secret links). */
export interface Mailbox {
  port: number;
  mails: Mail[];
  /** The first mail to `email` received after the first `after` mails, waiting up to 5 s. */
  /**
   * The first mail to `email` received after the first `after` mails; with `link`, the first that
   * carries that portal link (another mail to the same address, such as a verification sent after
   * an answer, may arrive in between).
   */
  mailTo(email: string, after?: number, link?: string): Promise<Mail>;
  /** The token of the portal link `path#token=…` in a (quoted-printable) mail. */
  tokenOf(mail: Mail, path: string): string;
  close(): Promise<void>;
}

/** A quoted-printable body as text (soft line breaks joined, `=3D` back to `=`). */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

export async function startMailbox(): Promise<Mailbox> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    async mailTo(email, after = 0, link) {
      for (let i = 0; i < 100; i++) {
        const m = mails
          .slice(after)
          .find((x) => x.to.includes(email.toLowerCase()) && (!link || decoded(x.raw).includes(`${link}#token=`)));
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail to ${email}`);
    },
    tokenOf(mail, path) {
      const text = decoded(mail.raw);
      const m = new RegExp(`https?://[^\\s/]+${path}#token=([A-Za-z0-9_-]{43})`).exec(text);
      if (!m) throw new Error(`no ${path} link in ${mail.raw}`);
      return m[1]!;
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
