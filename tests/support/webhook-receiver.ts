// A webhook receiver on 127.0.0.1 that checks every delivery with the official `standardwebhooks` package.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Hit {
  id: string;
  /** The path the delivery was posted to: tests give each endpoint its own. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The payload as `standardwebhooks` verified it with the receiver's secrets (null when none verified). */
  payload: any;
}

export interface Receiver {
  url: string;
  hits: Hit[];
  /** The secrets deliveries must verify with (any one suffices, as for a receiver mid-rotation). */
  secrets: string[];
  /** How to answer the next hit; 200 by default. `after` holds the answer until that promise settles. */
  respond: (hit: Hit) => { status: number; headers?: Record<string, string>; delayMs?: number; after?: Promise<unknown> };
  close(): Promise<void>;
  /** The hits posted to `${url}/<name>`. */
  at(name: string): Hit[];
}

const plain = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));

/** Verifies `hit` with `secret` as a receiver would: the body, the id and timestamp headers, the signature. */
export function verifyWith(secret: string, hit: Pick<Hit, 'body' | 'headers'>): unknown {
  return new Webhook(secret).verify(hit.body, plain(hit.headers));
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    hits: [],
    secrets: [],
    respond: () => ({ status: 200 }),
    at: (name) => receiver.hits.filter((h) => h.path === `/hooks/${name}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let payload: unknown = null;
      for (const secret of receiver.secrets) {
        try {
          payload = verifyWith(secret, { body, headers: req.headers });
          break;
        } catch {
          // Another of the secrets may verify it.
        }
      }
      const hit: Hit = { id: String(req.headers['webhook-id']), path: req.url ?? '', headers: req.headers, body, payload };
      receiver.hits.push(hit);
      const answer = receiver.respond(hit);
      // `after` holds the answer until it settles (a test's barrier), then `delayMs` more.
      void Promise.resolve(answer.after).finally(() =>
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end();
        }, answer.delayMs ?? 0),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
