import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
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
import { canReceiveStatement } from '../../statements/statement.policy';
import { fundStatement, statementForDonor } from '../../statements/statement.service';
import { Role } from '../../users/user.entity';
import { awardLetterPage, contributionReceiptPage, fundStatementPage } from './fund-pdfs';
import { IssuedPdf, type IssuedKind } from './issued-pdf.entity';
import { renderPdf, type PdfPage } from './render';
import { pickLang, textsFor, type Lang } from './texts';

interface Issue {
  kind: IssuedKind;
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

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * The stored PDF of this content, issued now if it never was: rendered once, stored, and recorded
 * (row and `document.issue` audit event with its SHA-256) in a transaction that commits before any
 * byte is sent. Two first downloads at once store one: the loser's copy is removed and the winner's
 * served.
 */
async function issued(
  app: AppServices,
  em: EntityManager,
  res: Response,
  actor: Actor,
  decision: Decision,
  lang: Lang,
  meta: Issue,
  page: PdfPage,
): Promise<IssuedPdf> {
  // What the document says, without its issue date: the same content is the same document.
  const contentKey = sha256(JSON.stringify([meta.kind, meta.entityType, meta.entityId, lang, meta.extra ?? {}, page]));
  const found = await em.fork().findOne(IssuedPdf, { contentKey });
  if (found) return found;
  const issuedAt = app.clock.now();
  const pdf = await renderPdf(page, issuedAt, lang);
  const row = Object.assign(new IssuedPdf(), {
    kind: meta.kind,
    entityType: meta.entityType,
    entityId: meta.entityId,
    fundId: meta.fundId,
    lang,
    contentKey,
    fileName: meta.fileName,
    storageKey: '',
    sha256: sha256(pdf),
    size: pdf.length,
    issuedAt,
    issuedById: actor.userId,
  });
  row.storageKey = `issued/${row.id}`;
  await mkdir(app.config.UPLOAD_TMP_DIR, { recursive: true });
  const temp = path.join(app.config.UPLOAD_TMP_DIR, `issued-${row.id}`);
  try {
    await writeFile(temp, pdf);
    await app.storage.put(row.storageKey, temp, { size: pdf.length, contentType: 'application/pdf' });
  } finally {
    await rm(temp, { force: true });
  }
  try {
    await em.fork().transactional(async (tx) => {
      tx.persist(row);
      await tx.flush();
      await recordAudit(tx, auditActor({ actor, requestId: res.locals.requestId as string }, decision.role ?? 'SELF'), {
        action: 'document.issue',
        entityType: meta.entityType,
        entityId: meta.entityId,
        fundId: meta.fundId,
        after: {
          issuedPdfId: row.id,
          kind: meta.kind,
          lang,
          fileName: meta.fileName,
          size: row.size,
          sha256: row.sha256,
          ...meta.extra,
        },
      });
    });
    return row;
  } catch (e) {
    await app.storage.delete(row.storageKey);
    if (e instanceof UniqueConstraintViolationException) return em.fork().findOneOrFail(IssuedPdf, { contentKey });
    throw e;
  }
}

/** Sends a stored PDF as an attachment, with the SHA-256 its issuance recorded in `Repr-Digest`. */
async function send(app: AppServices, res: Response, pdf: IssuedPdf): Promise<void> {
  const body = await app.storage.get(pdf.storageKey);
  res.status(200);
  res.attachment(pdf.fileName);
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-length', String(pdf.size));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'private, no-store');
  res.setHeader('repr-digest', `sha-256=:${Buffer.from(pdf.sha256, 'hex').toString('base64')}:`);
  await pipeline(body, res);
}

/** One PDF route: the subject by its global id, its read rule, and how it renders. */
interface PdfRoute<T> {
  /** Path segment and handler name: `/documents/<name>/:id`. */
  name: string;
  /** GraphQL type of the id. */
  type: string;
  load: (em: EntityManager, id: string) => Promise<T | null>;
  canRead: (actor: Actor, subject: T) => Decision;
  /** What the PDF says and what its audit event records; null when it refused (already answered). */
  render: (
    em: EntityManager,
    subject: T,
    lang: Lang,
    req: Request,
    res: Response,
    reader: Reader,
  ) => Promise<Issued | null>;
}

interface Reader {
  actor: Actor;
  decision: Decision;
}

interface Issued {
  page: PdfPage;
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
      const r = await route.render(em, subject, lang, req, res, { actor, decision });
      if (r) await send(app, res, await issued(app, em, res, actor, decision, lang, r.meta, r.page));
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
      const fileName = `receipt-${c.id}-${lang}.pdf`;
      return {
        page: await contributionReceiptPage(em, c, lang),
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
      const fileName = `award-letter-${award.id}-${lang}.pdf`;
      return {
        page: await awardLetterPage(em, award, lang),
        meta: { kind: 'AWARD_LETTER', entityType: 'Award', entityId: award.id, fundId: award.fund.id, fileName },
      };
    },
  });

  pdfRoute(ex, app, {
    name: 'fund-statement',
    type: 'Fund',
    load: (em, id) => em.findOne(Fund, { id }),
    canRead: (actor, fund) => canReceiveStatement(actor, fund.id),
    async render(em, fund, lang, req, res, { actor, decision }) {
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
      // A donor's copy names other donors only when they are public donors.
      if (decision.role === Role.DONOR)
        s = await statementForDonor(em, s, actor.memberships, textsFor(lang).otherDonor);
      return {
        page: fundStatementPage(s, lang),
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
