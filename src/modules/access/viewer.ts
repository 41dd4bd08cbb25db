// Who is asking: the caller an API token or a browser session stands for, as every layer sees it.
import type { MemberRole } from '../../../schema/editorial.ts';

export const tokenScopes = ['read_drafts', 'write_entries', 'review', 'manage_members'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** An authenticated caller: the account behind a valid API token or a signed-in browser session. */
export interface Viewer {
  accountId: number;
  organisationId: number;
  /** The API token used; null for a browser session, which carries every scope of the member's role. */
  tokenId: number | null;
  sessionId?: number;
  scopes: ReadonlySet<TokenScope>;
  /**
   * The token's membership as the token check read it, at the start of this request: reads take it
   * from here instead of reading it again; writes read it in their transaction (see loadActor).
   * Absent for viewers made elsewhere, which are then read from the database.
   */
  membership?: { role: MemberRole; isHost: boolean };
}
