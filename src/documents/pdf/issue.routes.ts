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

/**
 * The PDFs the fund sends, for whoever may read their subject, in EN/FR/ES (`?lang=`, else
 * Accept-Language): `GET /documents/contribution-receipt/:contributionId`,
 * `/documents/award-letter/:awardId`, `/documents/fund-statement/:fundId?from&to`.
 */
export function issuedPdfRoutes(ex: Express, app: AppServices): void {
  const langOf = (req: Request) => pickLang(queryString(req, 'lang'), req.header('accept-language'));

  ex.get(
    '/documents/contribution-receipt/:id',
    handler(app, 'contribution-receipt', async (req, res) => {
      const em = app.orm.em.fork();
      const actor = await caller(app, em, req, res);
      const id = actor && idOf(res, String(req.params.id), 'Contribution');
      if (!actor || !id) return;
      const c = await em.findOne(Contribution, { id });
      if (!c) return fail(res, 404, 'NOT_FOUND', 'No such Contribution.');
      const decision = canReadContribution(actor, c);
      if (!decision.allowed) return fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
      if (!c.succeeded) return fail(res, 409, 'INVALID_STATE', 'The money has not been received: no receipt yet.');
      const lang = langOf(req);
      const pdf = await contributionReceiptPdf(em, c, lang, app.clock.now());
      await issue(
        app,
        em,
        res,
        actor,
        decision,
        lang,
        {
          kind: 'CONTRIBUTION_RECEIPT',
          entityType: 'Contribution',
          entityId: c.id,
          fundId: c.fund.id,
          fileName: `receipt-${c.id}-${lang}.pdf`,
        },
        pdf,
      );
    }),
  );

  ex.get(
    '/documents/award-letter/:id',
    handler(app, 'award-letter', async (req, res) => {
      const em = app.orm.em.fork();
      const actor = await caller(app, em, req, res);
      const id = actor && idOf(res, String(req.params.id), 'Award');
      if (!actor || !id) return;
      const award = await em.findOne(Award, { id });
      if (!award) return fail(res, 404, 'NOT_FOUND', 'No such Award.');
      const decision = canReadAward(actor, award);
      if (!decision.allowed) return fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
      const lang = langOf(req);
      const pdf = await awardLetterPdf(em, award, lang, app.clock.now());
      await issue(
        app,
        em,
        res,
        actor,
        decision,
        lang,
        {
          kind: 'AWARD_LETTER',
          entityType: 'Award',
          entityId: award.id,
          fundId: award.fund.id,
          fileName: `award-letter-${award.id}-${lang}.pdf`,
        },
        pdf,
      );
    }),
  );

  ex.get(
    '/documents/fund-statement/:id',
    handler(app, 'fund-statement', async (req, res) => {
      const em = app.orm.em.fork();
      const actor = await caller(app, em, req, res);
      const id = actor && idOf(res, String(req.params.id), 'Fund');
      if (!actor || !id) return;
      const fund = await em.findOne(Fund, { id });
      if (!fund) return fail(res, 404, 'NOT_FOUND', 'No such Fund.');
      const decision = canReadStatement(actor, fund.id);
      if (!decision.allowed) return fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
      const from = queryString(req, 'from');
      const to = queryString(req, 'to');
      if (!from || !to) return fail(res, 400, 'BAD_USER_INPUT', 'from and to (YYYY-MM-DD) are required.');
      let s;
      try {
        s = await fundStatement(em, fund, from, to);
      } catch (e) {
        if (e instanceof GraphQLError) return fail(res, 400, 'BAD_USER_INPUT', e.message);
        throw e;
      }
      const lang = langOf(req);
      const pdf = await fundStatementPdf(s, lang, app.clock.now());
      await issue(
        app,
        em,
        res,
        actor,
        decision,
        lang,
        {
          kind: 'FUND_STATEMENT',
          entityType: 'Fund',
          entityId: fund.id,
          fundId: fund.id,
          fileName: `${fund.code}-statement-${s.from}-${s.to}-${lang}.pdf`,
          extra: { from: s.from, to: s.to },
        },
        pdf,
      );
    }),
  );
}
