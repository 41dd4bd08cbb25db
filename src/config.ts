// Configuration: parsed once at boot from an environment-like record, failing with the variable's name.
import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });

/** An address or a CIDR range: `127.0.0.1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrRange(v: string): boolean {
  const [address, bits, ...rest] = v.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const addressOrRange = z
  .string()
  .refine(isAddressOrRange, 'must be IP addresses or CIDR ranges, comma separated (e.g. 127.0.0.1,10.0.0.0/8)');

/** proxy-addr's names for whole families of addresses. */
const proxyPresets = ['loopback', 'linklocal', 'uniquelocal'];
const trustedProxy = z
  .string()
  .refine(
    (v) => proxyPresets.includes(v) || isAddressOrRange(v),
    `must be IP addresses, CIDR ranges or ${proxyPresets.join(', ')}, comma separated (e.g. loopback,10.0.0.0/8)`,
  );

/** A memory budget in megabytes (fractions allowed, so a test can set a small one). */
const megabytes = (fallback: number) => z.coerce.number().min(0.1).max(4096).default(fallback);

/** Bytes in a megabyte, as every CACHE_*_MB budget counts them. */
export const MB = 1024 * 1024;

/** A CACHE_*_MB budget in whole bytes, as lru-cache takes its bound. */
export const bytesIn = (megabytes: number) => Math.floor(megabytes * MB);

/** "true" or "false" in the environment, as a boolean. */
const flag = (byDefault: boolean) =>
  z
    .enum(['true', 'false'])
    .default(byDefault ? 'true' : 'false')
    .transform((v) => v === 'true');

/** A comma-separated list, each item checked by `item`; empty when unset. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** Addresses or CIDR ranges (the webhook, calendar and source address exceptions). */
const addressList = commaList(addressOrRange);

export const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL used in links, feeds and embeds; defaults to http://localhost:PORT. */
  PUBLIC_URL: url.optional(),
  /**
   * The naming authority in feed entry ids (Atom tag URIs, iCalendar UIDs): a domain the operator owns, set once
   * and never changed, so ids survive a move of PUBLIC_URL. Host names only: RFC 4151 allows no port.
   */
  ID_AUTHORITY: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/,
      'must be a DNS name (letters, digits, dots, hyphens; no port)',
    )
    .default('engagement-directory.org'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.url({ protocol: /^postgres(ql)?$/ }))),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** PostgreSQL: a statement running longer is cancelled, and the request answers 503 (fail fast, never hang). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** PostgreSQL: how long to wait for a connection before answering 503. */
  DATABASE_CONNECT_TIMEOUT_S: z.coerce.number().int().min(1).max(60).default(3),
  DATA_DIR: z.string().min(1).default('./data'),
  SEED_ON_START: flag(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  /** The console's spreadsheet upload (/console/import): the largest CSV file it takes. */
  CSV_UPLOAD_MAX_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(5_000_000),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(16),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(50_000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(30),
  /*
   * Memory budgets of the caches anonymous requests can fill, each counted as the heap really holds its entries
   * (src/graphql/heap-size.ts). Together 76 MB by default, beside a server of about 100 to 130 MB (PGlite's included).
   */
  /** Yoga's parsed documents, syntax errors and validation results. */
  CACHE_DOCUMENTS_MB: megabytes(16),
  /** Documents compiled to SQL on first sight, and those found not to compile. */
  CACHE_COMPILED_MB: megabytes(12),
  /** SQL rendered for a compiled document and its variables. */
  CACHE_STATEMENTS_MB: megabytes(8),
  /** Anonymous responses (the response cache, when it is on). */
  CACHE_RESPONSES_MB: megabytes(32),
  /** PostgreSQL: statements prepared on the pool's connections, every connection's copy counted. */
  CACHE_PREPARED_MB: megabytes(8),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /**
   * PostgreSQL: how often each server adds its clients' requests to the shared counts and reads them back. A client
   * may get up to (servers x its requests in one interval) more than the limit (docs/operations.md).
   */
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /**
   * Proxies whose X-Forwarded-For is believed: addresses, CIDR ranges or proxy-addr's presets (`loopback`,
   * `linklocal`, `uniquelocal`), comma separated. Empty by default: the header is ignored, as anyone can send it.
   */
  TRUSTED_PROXIES: commaList(trustedProxy),
  /** Outgoing mail (sign-in links, invitations, review notices), e.g. smtps://user:pass@smtp.example.org:465. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('Engagement Directory <no-reply@localhost>'),
  /** Where messages are written as .eml files when SMTP_URL is not set; defaults to DATA_DIR/outbox. */
  OUTBOX_DIR: z.string().min(1).optional(),
  /** Sign-in requests allowed per email address, and per client address, in 15 minutes. */
  SIGN_IN_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
  SIGN_IN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** On SIGTERM/SIGINT, how long in-flight requests may take before their connections are cut. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * Webhook deliveries never go to loopback, private, link-local, CGNAT, multicast or unspecified addresses,
   * except those listed here (docs/webhooks.md): e.g. `127.0.0.1` for a receiver on the same machine.
   */
  WEBHOOK_ALLOWED_ADDRESSES: addressList,
  /** Allow plain http:// webhook URLs (https only by default). */
  WEBHOOK_ALLOW_HTTP: flag(false),
  /** Run the webhook delivery worker in this process (default true); several processes may all run it. */
  WEBHOOK_WORKER: flag(true),
  /** Poll calendar subscriptions from this process (default true); several processes may all do it (leases). */
  CALENDAR_WORKER: flag(true),
  /** How often each subscribed calendar is fetched. */
  CALENDAR_POLL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /**
   * Calendar feeds are never fetched from loopback, private, link-local, CGNAT, multicast or unspecified addresses,
   * except those listed here (docs/calendars.md), as for webhooks.
   */
  CALENDAR_ALLOWED_ADDRESSES: addressList,
  /** Allow plain http:// calendar URLs (https only by default). */
  CALENDAR_ALLOW_HTTP: flag(false),
  /** Poll the directories this one follows (docs/sync.md) from this process (default true); leased, as calendars. */
  SYNC_WORKER: flag(true),
  /** How often each followed directory's change feed is read. */
  SYNC_POLL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  /** Followed directories are fetched through the same address guard; these addresses are let through anyway. */
  SYNC_ALLOWED_ADDRESSES: addressList,
  /** Allow plain http:// source addresses (https only by default). */
  SYNC_ALLOW_HTTP: flag(false),
});

export type Config = z.output<typeof configSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return { ...c, PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '') };
}
