import { createHash } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { Actor } from '../../auth/actor';
import { authenticate } from '../../auth/authenticate';
import type { Decision } from '../../auth/policy';
import { auditActor, recordAudit } from '../../audit/audit.service';
import { Award } from '../../awards/award.entity';
import { canReadAward } from '../../awards/award.policy';
import { Contribution } from '../../contributions/contribution.entity';
import { canReadContribution } from '../../contributions/contribution.policy';
import { fail, handler, queryString } from '../../exports/export-http';
import { Fund } from '../../funds/fund.entity';
import { parseGlobalId } from '../../graphql/relay';
import type { AppServices } from '../../services';
import { canReadStatement } from '../../statements/statement.policy';
import { fundStatement } from '../../statements/statement.service';
import { awardLetterPdf, contributionReceiptPdf, fundStatementPdf } from './fund-pdfs';
import { pickLang, type Lang } from './texts';

interface Issue {
  kind: 'CONTRIBUTION_RECEIPT' | 'AWARD_LETTER' | 'FUND_STATEMENT';
  entityType: string;
  entityId: string;
  fundId: string;
  fileName: string;
  extra?: Record<string, unknown>;
}

/** The signed-in caller, or null after answering 401. */
async function caller(app: AppServices, em: EntityManager, req: Request, res: Response): Promise<Actor | null> {
  const { actor, authError } = await authenticate(req, em, app.tokens, app.clock.now());
  if (!actor) {
    res.setHeader('www-authenticate', 'Bearer');
    fail(res, 401, 'UNAUTHENTICATED', authError ?? 'Authentication required.');
  }
  return actor;
}

function idOf(res: Response, gid: string, type: string): string | null {
  try {
    return parseGlobalId(gid, type).id;
  } catch {
    fail(res, 404, 'NOT_FOUND', `No such ${type}.`);
    return null;
  }
}

/**
 * Issues a PDF: its SHA-256 goes into the audit trail (`document.issue` on the subject) in a
 * transaction that commits before the first byte is sent, then the bytes are sent as an attachment
 * with that hash in `Repr-Digest`.
 */
async function issue(
  app: AppServices,
  em: EntityManager,
  res: Response,
  actor: Actor,
  decision: Decision,
  lang: Lang,
  meta: Issue,
  pdf: Buffer,
): Promise<void> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await em.fork().transactional(async (tx) => {
    await recordAudit(tx, auditActor({ actor, requestId: res.locals.requestId as string }, decision.role ?? 'SELF'), {
      action: 'document.issue',
      entityType: meta.entityType,
      entityId: meta.entityId,
      fundId: meta.fundId,
      after: { kind: meta.kind, lang, fileName: meta.fileName, size: pdf.length, sha256, ...meta.extra },
    });
  });
  res.status(200);
  res.attachment(meta.fileName);
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-length', String(pdf.length));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'private, no-store');
  res.setHeader('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
  res.end(pdf);
}

/** One PDF route: the subject by its global id, its read rule, and how it renders. */
interface PdfRoute<T> {
  /** Path segment and handler name: `/documents/<name>/:id`. */
  name: string;
  /** GraphQL type of the id. */
  type: string;
  load: (em: EntityManager, id: string) => Promise<T | null>;
  canRead: (actor: Actor, subject: T) => Decision;
  /** The PDF and what its audit event records; null when it refused (already answered). */
  render: (em: EntityManager, subject: T, lang: Lang, req: Request, res: Response) => Promise<Issued | null>;
}

interface Issued {
  pdf: Buffer;
  meta: Issue;
}

function pdfRoute<T>(ex: Express, app: AppServices, route: PdfRoute<T>): void {
  ex.get(
    `/documents/${route.name}/:id`,
    handler(app, route.name, async (req, res) => {
      const em = app.orm.em.fork();
      const actor = await caller(app, em, req, res);
      const id = actor && idOf(res, String(req.params.id), route.type);
      if (!actor || !id) return;
      const subject = await route.load(em, id);
      if (!subject) return fail(res, 404, 'NOT_FOUND', `No such ${route.type}.`);
      const decision = route.canRead(actor, subject);
      if (!decision.allowed) return fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
      const lang = pickLang(queryString(req, 'lang'), req.header('accept-language'));
      const issued = await route.render(em, subject, lang, req, res);
      if (issued) await issue(app, em, res, actor, decision, lang, issued.meta, issued.pdf);
    }),
  );
}

/**
 * The PDFs the fund sends, for whoever may read their subject, in EN/FR/ES (`?lang=`, else
 * Accept-Language): `GET /documents/contribution-receipt/:contributionId`,
 * `/documents/award-letter/:awardId`, `/documents/fund-statement/:fundId?from&to`.
 */
export function issuedPdfRoutes(ex: Express, app: AppServices): void {
  pdfRoute(ex, app, {
    name: 'contribution-receipt',
    type: 'Contribution',
    load: (em, id) => em.findOne(Contribution, { id }),
    canRead: canReadContribution,
    async render(em, c, lang, _req, res) {
      if (!c.succeeded) {
        fail(res, 409, 'INVALID_STATE', 'The money has not been received: no receipt yet.');
        return null;
      }
      const pdf = await contributionReceiptPdf(em, c, lang, app.clock.now());
      const fileName = `receipt-${c.id}-${lang}.pdf`;
      return {
        pdf,
        meta: { kind: 'CONTRIBUTION_RECEIPT', entityType: 'Contribution', entityId: c.id, fundId: c.fund.id, fileName },
      };
    },
  });

  pdfRoute(ex, app, {
    name: 'award-letter',
    type: 'Award',
    load: (em, id) => em.findOne(Award, { id }),
    canRead: canReadAward,
    async render(em, award, lang) {
      const pdf = await awardLetterPdf(em, award, lang, app.clock.now());
      const fileName = `award-letter-${award.id}-${lang}.pdf`;
      return {
        pdf,
        meta: { kind: 'AWARD_LETTER', entityType: 'Award', entityId: award.id, fundId: award.fund.id, fileName },
      };
    },
  });

  pdfRoute(ex, app, {
    name: 'fund-statement',
    type: 'Fund',
    load: (em, id) => em.findOne(Fund, { id }),
    canRead: (actor, fund) => canReadStatement(actor, fund.id),
    async render(em, fund, lang, req, res) {
      const from = queryString(req, 'from');
      const to = queryString(req, 'to');
      if (!from || !to) {
        fail(res, 400, 'BAD_USER_INPUT', 'from and to (YYYY-MM-DD) are required.');
        return null;
      }
      let s;
      try {
        s = await fundStatement(em, fund, from, to);
      } catch (e) {
        if (!(e instanceof GraphQLError)) throw e;
        fail(res, 400, 'BAD_USER_INPUT', e.message);
        return null;
      }
      const pdf = await fundStatementPdf(s, lang, app.clock.now());
      return {
        pdf,
        meta: {
          kind: 'FUND_STATEMENT',
          entityType: 'Fund',
          entityId: fund.id,
          fundId: fund.id,
          fileName: `${fund.code}-statement-${s.from}-${s.to}-${lang}.pdf`,
          extra: { from: s.from, to: s.to },
        },
      };
    },
  });
}
