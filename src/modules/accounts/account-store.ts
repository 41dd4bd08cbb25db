// Accounts, memberships and token rows: the writes that invitations, the CLI and test fixtures share.
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, apiTokens, memberships, type MemberRole } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import type { TokenScope } from '../access/viewer.ts';
import { generateToken } from './tokens.ts';

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

export async function findOrCreateAccount(tx: Tx, email: string, displayName?: string | null): Promise<{ id: number; email: string }> {
  const normalised = email.trim().toLowerCase();
  const [existing] = await tx
    .select({ id: accounts.id, email: accounts.email })
    .from(accounts)
    .where(eq(accounts.email, normalised))
    .limit(1);
  if (existing) return existing;
  const [row] = await tx
    .insert(accounts)
    .values({ email: normalised, displayName: displayName ?? null })
    .returning({ id: accounts.id, email: accounts.email });
  return row!;
}

/** Gives the account this role in the organisation, replacing any role it held there. */
export async function setMembership(
  tx: Tx,
  o: { accountId: number; organisationId: number; role: MemberRole },
): Promise<{ id: number; previousRole: MemberRole | null }> {
  const active = and(
    eq(memberships.accountId, o.accountId),
    eq(memberships.organisationId, o.organisationId),
    isNull(memberships.removedAt),
  );
  const [current] = await tx.select({ id: memberships.id, role: memberships.role }).from(memberships).where(active).limit(1);
  if (current?.role === o.role) return { id: current.id, previousRole: current.role };
  if (current) await tx.update(memberships).set({ removedAt: new Date().toISOString() }).where(eq(memberships.id, current.id));
  const [row] = await tx.insert(memberships).values(o).returning({ id: memberships.id });
  return { id: row!.id, previousRole: current?.role ?? null };
}

export interface IssuedToken {
  id: number;
  token: string;
  displayPrefix: string;
  expiresAt: string;
  scopes: TokenScope[];
}

/** Stores a new token's hash; the secret itself is returned once and never kept. */
export async function insertToken(
  tx: Tx,
  o: {
    accountId: number;
    organisationId: number;
    name: string;
    scopes: readonly TokenScope[];
    expiresInDays?: number;
    createdByAccountId?: number | null;
  },
): Promise<IssuedToken> {
  const { token, tokenHash, displayPrefix } = generateToken();
  const expiresAt = new Date(Date.now() + (o.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000).toISOString();
  const [row] = await tx
    .insert(apiTokens)
    .values({
      accountId: o.accountId,
      organisationId: o.organisationId,
      name: o.name,
      tokenHash,
      displayPrefix,
      scopes: [...o.scopes],
      expiresAt,
      createdByAccountId: o.createdByAccountId ?? null,
    })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token, displayPrefix, expiresAt, scopes: [...o.scopes] };
}
