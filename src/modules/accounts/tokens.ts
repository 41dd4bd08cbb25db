// API token secrets: generation, hashing and verification of a bearer token into a Viewer.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, memberships, secretariatHosts } from '../../../schema/editorial.ts';
import { LRUCache } from 'lru-cache';
import { listen, type Db, type DbHandle } from '../../db.ts';
import type { Logger } from '../../log.ts';
import type { TokenScope, Viewer } from '../access/viewer.ts';
import type { TokenVerifier } from '../../http/auth.ts';
import { hostJoin, membershipColumns } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';

/** Recognisable in a leak (secret scanners can match it) and never mistaken for another service's key. */
export const TOKEN_PREFIX = 'edir_';
const TOKEN_PATTERN = /^edir_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new secret and what is stored of it: the hash and a short prefix for listings. */
export function generateToken(): { token: string; tokenHash: string; displayPrefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashToken(token), displayPrefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/**
 * Mutations that never write tokens, memberships or hosts (entries, their review, webhooks, calendars, documents):
 * after any other, the server forgets the tokens it remembers before answering. A mutation added later and not
 * named here makes the cache forget, which costs the next request one statement and never lets a revoked token in.
 */
export const mutationsKeepingAccess: ReadonlySet<string> = new Set([
  ...['Organisation', 'Event', 'EventSeries', 'CaseStudy', 'Method', 'Topic'].flatMap((t) => [`create${t}`, `update${t}`]),
  ...['submit', 'approve', 'reject', 'requestChanges', 'withdraw', 'archive', 'revertTo', 'setMaintainer'],
  ...['createWebhookEndpoint', 'deleteWebhookEndpoint', 'replayWebhookDelivery', 'rotateWebhookSecret'],
  ...['subscribeCalendar', 'unsubscribeCalendar', 'setCalendarTrusted', 'registerDocument'],
]);

/** Announced (by triggers, whoever writes) when a token, a membership or the set of hosts changes. */
export const ACCESS_CHANGED_CHANNEL = 'access_changed';

export interface TokenCacheOptions {
  /** The handle to LISTEN on; without it nothing is remembered and every request reads its token. */
  handle?: DbHandle;
  /** How long a verified token is trusted without reading it again (its expiry still applies). */
  ttlMs?: number;
  /** How many verified tokens are remembered, least recently used out first. */
  max?: number;
  logger?: Logger;
}

/**
 * Resolves a bearer token to its viewer, with its membership (role, whether a host). Unknown, expired or revoked tokens, and tokens whose
 * membership has ended, give null (401 at the edge); the last three are written to the audit log.
 *
 * A token verified moments ago is taken from memory, so a signed-in read costs its one statement and no token lookup.
 * Nothing is held longer than `ttlMs`, and everything is dropped at once when access changes: the database announces
 * every change to tokens, memberships and hosts on `access_changed` (a trigger, so an operator's psql counts too),
 * and this process also forgets after each of its own writes (`forget`), before it answers them, so a revocation
 * answered here is in force for the very next request. While the notices cannot be heard (the listening
 * connection lost, or not yet listening) nothing is remembered. Refusals are never remembered: each is audited.
 */
export function createTokenVerifier({ db, ...cache }: { db: Db } & TokenCacheOptions): TokenVerifier {
  const ttlMs = cache.ttlMs ?? 60_000;
  const remembered = new LRUCache<string, { viewer: Viewer; until: number }>({ max: cache.max ?? 10_000 });
  let listening = false;
  // Bumped by every forgetting: a lookup that began before one must not store what it read.
  let generation = 0;
  const forget = () => {
    generation++;
    remembered.clear();
  };
  if (cache.handle) {
    listen(
      cache.handle,
      ACCESS_CHANGED_CHANNEL,
      forget,
      () => {
        forget();
        listening = true;
      },
      () => {
        listening = false;
        forget();
      },
    ).catch((err) => cache.logger?.error('token cache cannot LISTEN; every request reads its token', { error: String(err) }));
  }

  const verify = async (token: string, { requestId }: { requestId: string }): Promise<Viewer | null> => {
    if (!TOKEN_PATTERN.test(token)) return null;
    const tokenHash = hashToken(token);
    const now = Date.now();
    const hit = listening ? remembered.get(tokenHash) : undefined;
    if (hit && hit.until > now) return hit.viewer;
    const startedAt = generation;
    const [row] = await db
      .select({
        id: apiTokens.id,
        accountId: apiTokens.accountId,
        organisationId: apiTokens.organisationId,
        scopes: apiTokens.scopes,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        ...membershipColumns,
      })
      .from(apiTokens)
      .leftJoin(
        memberships,
        and(
          eq(memberships.accountId, apiTokens.accountId),
          eq(memberships.organisationId, apiTokens.organisationId),
          isNull(memberships.removedAt),
        ),
      )
      .leftJoin(secretariatHosts, hostJoin(apiTokens.organisationId))
      .where(eq(apiTokens.tokenHash, tokenHash))
      .limit(1);
    if (!row) return null;
    const expiresAt = Date.parse(row.expiresAt);
    const refusal = row.revokedAt ? 'token.revoked_used' : expiresAt <= Date.now() ? 'token.expired_used' : null;
    if (refusal || row.role === null) {
      await recordAudit(db, {
        action: refusal ?? 'token.membership_ended',
        outcome: 'denied',
        actor: { accountId: row.accountId, organisationId: row.organisationId, tokenId: row.id },
        requestId,
      });
      return null;
    }
    const viewer = {
      accountId: row.accountId,
      organisationId: row.organisationId,
      tokenId: row.id,
      scopes: new Set(row.scopes as TokenScope[]),
      // The same join loadActor makes, read moments ago: reads take it from here (writes read it afresh).
      membership: { role: row.role, isHost: Boolean(row.isHost) },
    } satisfies Viewer;
    if (listening && generation === startedAt) remembered.set(tokenHash, { viewer, until: Math.min(now + ttlMs, expiresAt) });
    return viewer;
  };
  return Object.assign(verify, { forget });
}
