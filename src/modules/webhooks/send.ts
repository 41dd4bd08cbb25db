// One HTTP attempt at a webhook: POST, no redirects followed, 15 s, and only to addresses the guard allows.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockedAddressError } from './address-guard.ts';
import { refusalOfUrl, type UrlPolicy } from './endpoint-url.ts';

export const SEND_TIMEOUT_MS = 15_000;

export interface AttemptOutcome {
  /** The receiver's status; null when no answer came (refused address, DNS, connection, timeout). */
  status: number | null;
  error: string | null;
  /** Seconds the receiver asked us to wait (`Retry-After`), when it said. */
  retryAfterSeconds: number | null;
  durationMs: number;
}

/** `Retry-After` is either seconds or an HTTP date. */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export async function sendAttempt(
  o: { url: string; headers: Record<string, string>; body: string; policy: UrlPolicy },
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<AttemptOutcome> {
  const started = Date.now();
  const done = (status: number | null, error: string | null, retryAfter: number | null = null): AttemptOutcome => ({
    status,
    error,
    retryAfterSeconds: retryAfter,
    durationMs: Date.now() - started,
  });
  // Checked again at every attempt: the policy may have tightened since the endpoint was registered.
  const refusal = refusalOfUrl(o.url, o.policy);
  if (refusal) return done(null, `The URL ${refusal}.`);
  // Node connects to an IP literal without calling `lookup`: such a host was judged by refusalOfUrl above.
  const url = new URL(o.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(o.body).toString(), ...o.headers },
        lookup: o.policy.guard.lookup,
        signal: AbortSignal.timeout(timeoutMs),
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(o.body);
    });
    // The body is not read for anything: drained so the socket is freed.
    res.resume();
    const status = res.statusCode ?? 0;
    const wait = retryAfterSeconds(res.headers['retry-after'], Date.now());
    if (status >= 200 && status < 300) return done(status, null);
    if (status >= 300 && status < 400) return done(status, 'The receiver answered with a redirect, which webhooks do not follow.', wait);
    return done(status, `The receiver answered ${status}.`, wait);
  } catch (err) {
    if (err instanceof BlockedAddressError) return done(null, err.message);
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return done(null, `No answer within ${timeoutMs / 1000} s.`);
    return done(null, `Could not connect: ${e.message}`);
  }
}
