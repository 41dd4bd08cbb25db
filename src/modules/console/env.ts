// What every console handler sees: the request id, and the signed-in person (null before sign-in).
import type { SessionInfo } from '../accounts/sign-in.ts';
import type { Db } from '../../db.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Mailer } from '../../mail.ts';
import type { Notifier } from '../editorial/notifications.ts';

export type ConsoleEnv = {
  Variables: {
    requestId: string;
    /** Set by src/http/client-address.ts for the whole app: behind trusted proxies, the address they forwarded. */
    clientAddress?: string;
    session: SessionInfo | null;
    /** The token a form must post back: the session's, or before sign-in the pre-session cookie's. */
    csrfToken: string;
  };
};

export interface ConsoleDeps {
  db: Db;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  notify?: Notifier;
  /** The one-time code /console/setup asks for; absent once the secretariat has a host. */
  setupCode?: string | undefined;
}

export const SESSION_COOKIE = 'ed_session';
export const PRESESSION_COOKIE = 'ed_csrf';
