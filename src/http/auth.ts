// Who is calling: resolves the Authorization header to a Viewer, or refuses it.
import type { Viewer } from '../modules/access/viewer.ts';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './request-context.ts';

/** Resolves a bearer token to its viewer, or null when the token is unknown, expired or revoked. */
export type TokenVerifier = ((token: string, meta: { requestId: string }) => Promise<Viewer | null>) & {
  /** Drops whatever it remembers of verified tokens: called after this process changed who may do what. */
  forget?: () => void;
};

/**
 * No header: anonymous. A header we cannot honour is refused with 401 UNAUTHENTICATED, never
 * served as anonymous, so a client with a broken token notices.
 */
export async function resolveViewer(
  header: string | undefined,
  verify: TokenVerifier | undefined,
  requestId: string,
): Promise<Viewer | null> {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
  const viewer = verify ? await verify(match[1]!, { requestId }) : null;
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'This token is not valid: it is unknown, expired or revoked.');
  return viewer;
}

/**
 * The request's viewer, resolved at most once: a token refused is audited once, however many layers ask
 * (the compiled path, then the GraphQL route it hands the request to).
 */
export function viewerOf(c: Context<AppEnv>, verify: TokenVerifier | undefined): Promise<Viewer | null> {
  let viewer = c.get('viewer');
  if (!viewer) {
    viewer = resolveViewer(c.req.header('authorization'), verify, c.get('requestId') ?? '');
    // Whoever awaits it sees a refusal; this keeps an unawaited one from being reported as unhandled.
    viewer.catch(() => {});
    c.set('viewer', viewer);
  }
  return viewer;
}
