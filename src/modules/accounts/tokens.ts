// API token secrets: generation, hashing and verification of a bearer token into a Viewer.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, memberships, secretariatHosts } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
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
 * Resolves a bearer token to its viewer, with its membership (role, whether a host). Unknown, expired or revoked tokens, and tokens whose
 * membership has ended, give null (401 at the edge); the last three are written to the audit log.
 */
export function createTokenVerifier({ db }: { db: Db }): TokenVerifier {
  return async (token, { requestId }) => {
    if (!TOKEN_PATTERN.test(token)) return null;
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
      .where(eq(apiTokens.tokenHash, hashToken(token)))
      .limit(1);
    if (!row) return null;
    const refusal = row.revokedAt ? 'token.revoked_used' : Date.parse(row.expiresAt) <= Date.now() ? 'token.expired_used' : null;
    if (refusal || row.role === null) {
      await recordAudit(db, {
        action: refusal ?? 'token.membership_ended',
        outcome: 'denied',
        actor: { accountId: row.accountId, organisationId: row.organisationId, tokenId: row.id },
        requestId,
      });
      return null;
    }
    return {
      accountId: row.accountId,
      organisationId: row.organisationId,
      tokenId: row.id,
      scopes: new Set(row.scopes as TokenScope[]),
      // The same join loadActor makes, read moments ago in this request: reads take it from here (writes read it afresh).
      membership: { role: row.role, isHost: Boolean(row.isHost) },
    } satisfies Viewer;
  };
}
