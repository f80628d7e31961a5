import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { parse, Kind } from 'graphql';
import type { Actor } from '../auth/actor';
import { REPO_ROOT } from '../common/paths';
import type { Role } from '../policy/tables';
import { refuse } from './refuse';

/** The manifest `npm run codegen` writes from operations/: `"sha256:<hex>" → document`. */
export const MANIFEST_FILE = path.join(REPO_ROOT, 'src', 'generated', 'operations', 'persisted-documents.json');

export interface TrustedDocuments {
  byId: ReadonlyMap<string, string>;
  /** The operation names of the manifest: a bounded set, fit for a metrics label. */
  operationNames: ReadonlySet<string>;
  /** The id of the document of each named operation, for a page of the gateway's own to send by. */
  idOf: ReadonlyMap<string, string>;
}

export function loadTrustedDocuments(file = MANIFEST_FILE): TrustedDocuments {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const idOf = new Map<string, string>();
  for (const [id, doc] of Object.entries(manifest)) {
    for (const d of parse(doc).definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) idOf.set(d.name.value, id);
  }
  return { byId: new Map(Object.entries(manifest)), operationNames: new Set(idOf.keys()), idOf };
}

/**
 * Roles that may send documents of their own: they reach only aggregates (the shield rules keep
 * every client field from them), and analysts explore in the playground. Every other role works
 * through a partner dashboard, whose documents are all in the manifest.
 */
const AD_HOC_ROLES: ReadonlySet<Role> = new Set<Role>(['ANALYST', 'POLICY_OFFICER']);

export function mayUseAdHocDocuments(actor: Actor): boolean {
  return actor.roles.length > 0 && actor.roles.every((r) => AD_HOC_ROLES.has(r));
}

type TrustedRequest = Request & { trustedDocumentId?: string };

export function trustedDocumentIdOf(req: Request): string | undefined {
  return (req as TrustedRequest).trustedDocumentId;
}

function normaliseId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  return /^[0-9a-f]{64}$/i.test(id) ? `sha256:${id.toLowerCase()}` : id;
}

function parseJson(text: unknown): Record<string, any> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Accepts a document by id, the GraphQL-over-HTTP way (`documentId`) or Apollo's
 * (`extensions.persistedQuery.sha256Hash`), and puts the manifest's text in its place. The id
 * always wins over any `query` sent beside it, so a known id can never smuggle in another
 * document. Which callers may send ad-hoc documents is decided once the caller is known
 * (server/context.ts).
 */
export function trustedDocumentResolver(trusted: TrustedDocuments) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET') {
      const url = new URL(req.url, 'http://gateway');
      const extensions = parseJson(url.searchParams.get('extensions'));
      const id = normaliseId(url.searchParams.get('documentId') ?? extensions?.persistedQuery?.sha256Hash);
      if (id === undefined) return next();
      const doc = trusted.byId.get(id);
      if (!doc) return refuse(res, 400, 'PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this id');
      url.searchParams.delete('documentId');
      if (extensions) {
        delete extensions.persistedQuery;
        url.searchParams.set('extensions', JSON.stringify(extensions));
      }
      url.searchParams.set('query', doc);
      req.url = `${url.pathname}${url.search}`;
      (req as TrustedRequest).trustedDocumentId = id;
      return next();
    }
    const body = req.body as Record<string, any> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
    const id = normaliseId(body.documentId ?? body.extensions?.persistedQuery?.sha256Hash);
    if (id === undefined) return next();
    const doc = trusted.byId.get(id);
    if (!doc) return refuse(res, 400, 'PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this id');
    delete body.documentId;
    if (body.extensions && typeof body.extensions === 'object') delete body.extensions.persistedQuery;
    body.query = doc;
    (req as TrustedRequest).trustedDocumentId = id;
    next();
  };
}
