import type { Express, Request, Response } from 'express';
import busboy from 'busboy';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor';
import { authenticate } from '../auth/authenticate';
import { isUuid } from '../core/ids';
import { fail, handler, queryString } from '../exports/export-http';
import { parseGlobalId } from '../graphql/relay';
import type { AppServices, Acting } from '../services';
import { loadActor } from '../users/user.service';
import { ObjectNotFoundError } from '../storage';
import { findReadableDocument } from './document.service';
import { canReadDocument } from './document.policy';
import { checkDownloadLink } from './download-link';
import { prepareUpload, receiveUpload, UploadRefused, type UploadFields, type UploadResult } from './upload.service';

/** Multipart framing and the small fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

function acting(app: AppServices, em: EntityManager, req: Request, res: Response, actor: Actor): Acting {
  const requestId = res.locals.requestId as string;
  return {
    em,
    app,
    actor,
    requestId,
    log: app.log.child({ requestId }),
    clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  };
}

/** Bodies up to this size are read to their end before a refusal, so the client sees the answer, not a reset. */
const SMALL_BODY = 1024 * 1024;

/**
 * Answers a refusal. The rest of a large or unsized body is never read: the connection closes with
 * the answer; a small declared body is drained first.
 */
async function refuse(req: Request, res: Response, e: UploadRefused): Promise<void> {
  const length = Number(req.header('content-length') ?? NaN);
  if (!req.complete && length <= SMALL_BODY) {
    req.resume();
    await Promise.race([once(req, 'end'), new Promise((r) => setTimeout(r, 5000).unref())]).catch(() => undefined);
  }
  res.setHeader('connection', 'close');
  if (e.status === 401) res.setHeader('www-authenticate', 'Bearer');
  res.status(e.status).json({
    errors: [
      {
        message: e.message,
        extensions: {
          code: e.code,
          requestId: res.locals.requestId,
          ...(e.documentId ? { documentId: e.documentId } : {}),
        },
      },
    ],
  });
}

/** Parses the form: fields first (slot, ownerId, requirement), then exactly one part named "file". */
function readForm(ctx: Acting, req: Request): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 3, fieldSize: 200, parts: 8, fieldNameSize: 20 },
      });
    } catch (e) {
      return reject(new UploadRefused(400, 'BAD_REQUEST', (e as Error).message));
    }
    const fields: UploadFields = {};
    let file: Readable | null = null;
    let processing: Promise<unknown> = Promise.resolve();
    let settled = false;
    // A refusal stops reading (the route answers with Connection: close and the rest is never
    // received) and is answered once the file in progress has been cleaned up.
    const stop = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      file?.destroy();
      void processing.catch(() => undefined).then(() => reject(e));
    };
    bb.on('field', (name, value) => {
      if (name === 'slot' || name === 'ownerId' || name === 'requirement') fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (file || name !== 'file') {
        stream.resume();
        return;
      }
      file = stream;
      // Errors reach the pipeline that reads it; a stream destroyed before that must not crash the process.
      stream.on('error', () => undefined);
      processing = prepareUpload(ctx, fields).then((prepared) => receiveUpload(ctx, prepared, stream, info.filename));
      processing.then((r) => {
        settled = true;
        resolve(r as UploadResult);
      }, stop);
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      bb.on(limit, () =>
        stop(new UploadRefused(400, 'BAD_REQUEST', 'One file and the fields slot, ownerId, requirement.')),
      );
    }
    bb.on('error', (e) =>
      stop(new UploadRefused(400, 'BAD_REQUEST', `Malformed multipart body: ${(e as Error).message}`)),
    );
    bb.on('close', () => {
      if (!file) stop(new UploadRefused(400, 'BAD_REQUEST', 'The form has no part named "file".'));
    });
    // The client went away mid-body: clean up like any refusal (nobody reads the answer).
    req.on('close', () => {
      if (!req.complete) stop(new UploadRefused(400, 'BAD_REQUEST', 'The request was aborted.'));
    });
    req.pipe(bb);
  });
}

/**
 * `POST /uploads` (multipart: slot, ownerId[, requirement], then file) and
 * `GET /documents/:id/content` (Bearer token, or a signed link from `Document.downloadUrl`).
 */
export function documentRoutes(ex: Express, app: AppServices): void {
  ex.post(
    '/uploads',
    handler(app, 'uploads', async (req, res) => {
      try {
        // CSRF: a cross-site form can send multipart but not this header (the same rule as Apollo's for /graphql).
        if (!req.header('apollo-require-preflight') && !req.header('x-apollo-operation-name')) {
          throw new UploadRefused(
            400,
            'BAD_REQUEST',
            'Send the header "apollo-require-preflight: true" (CSRF prevention, as for /graphql).',
          );
        }
        if (!req.is('multipart/form-data')) throw new UploadRefused(415, 'BAD_REQUEST', 'Send multipart/form-data.');
        const length = Number(req.header('content-length') ?? 0);
        if (length > app.config.UPLOAD_MAX_FILE_BYTES + FORM_OVERHEAD) {
          throw new UploadRefused(
            413,
            'FILE_TOO_LARGE',
            `A file may have at most ${app.config.UPLOAD_MAX_FILE_BYTES} bytes.`,
          );
        }
        const em = app.orm.em.fork();
        const { actor, authError } = await authenticate(req, em, app.tokens, app.clock.now());
        if (!actor) throw new UploadRefused(401, 'UNAUTHENTICATED', authError ?? 'Authentication required.');
        res.status(201).json(await readForm(acting(app, em, req, res, actor), req));
      } catch (e) {
        if (e instanceof UploadRefused) return refuse(req, res, e);
        res.setHeader('connection', 'close');
        throw e;
      }
    }),
  );

  ex.get(
    '/documents/:id/content',
    handler(app, 'document', async (req, res) => {
      const gid = String(req.params.id);
      let id: string;
      try {
        id = parseGlobalId(gid, 'Document').id;
      } catch {
        return fail(res, 404, 'NOT_FOUND', 'No such document.');
      }
      const em = app.orm.em.fork();
      let actor: Actor | null;
      if (queryString(req, 'sig') !== undefined) {
        const link = checkDownloadLink(
          app.config.jwtSecret,
          gid,
          { u: queryString(req, 'u'), expires: queryString(req, 'expires'), sig: queryString(req, 'sig') },
          app.clock.now(),
        );
        if (!link.ok) {
          return link.code === 'LINK_EXPIRED'
            ? fail(res, 410, 'LINK_EXPIRED', 'This download link has expired; ask for a new one.')
            : fail(res, 403, 'INVALID_LINK', 'This download link is not valid.');
        }
        actor = isUuid(link.userId) ? await loadActor(em, link.userId) : null;
        if (!actor) return fail(res, 403, 'INVALID_LINK', 'This download link is not valid.');
      } else {
        const auth = await authenticate(req, em, app.tokens, app.clock.now());
        actor = auth.actor;
        if (!actor) {
          res.setHeader('www-authenticate', 'Bearer');
          return fail(res, 401, 'UNAUTHENTICATED', auth.authError ?? 'Authentication required.');
        }
      }
      // Quarantined files are never served; an upload not attached yet only to its uploader.
      const found = await findReadableDocument(em, actor, id);
      if (!found) return fail(res, 404, 'NOT_FOUND', 'No such document.');
      const { doc, owner } = found;
      const decision = canReadDocument(actor, owner, doc.slot);
      if (!decision.allowed) return fail(res, 403, 'FORBIDDEN', decision.reason ?? 'Forbidden.');
      let body;
      try {
        body = await app.storage.get(doc.storageKey);
      } catch (e) {
        if (e instanceof ObjectNotFoundError) {
          app.log.error({ documentId: doc.id, key: doc.storageKey }, 'stored file missing');
          return fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        }
        throw e;
      }
      res.status(200);
      res.attachment(doc.fileName);
      res.setHeader('content-type', doc.contentType);
      res.setHeader('content-length', String(doc.size));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('repr-digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
      await pipeline(body, res);
    }),
  );
}
