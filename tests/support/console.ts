// A browser stand-in for the console: keeps cookies, sends forms with their CSRF token and Origin, reads the outbox.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually.ts';

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export const newOutbox = () => mkdtempSync(join(tmpdir(), 'ed-outbox-'));

/** Quoted-printable and encoded-word headers undone, so tests read what a mail client shows. */
function decodeMessage(raw: string): string {
  const qp = (text: string) =>
    Buffer.from(
      text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const headers = raw.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_m, text: string) => qp(text.replace(/_/g, ' ')));
  return /Content-Transfer-Encoding: quoted-printable/i.test(raw) ? qp(headers) : headers;
}

/** Every message in the outbox, oldest first, decoded. */
export function outboxMessages(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => decodeMessage(readFileSync(join(dir, f), 'utf8')));
}

/** The newest sign-in link mailed to `email` (quoted-printable soft breaks undone). */
export async function linkFor(outbox: string, email: string, after = 0): Promise<string> {
  let link = '';
  await eventually(async () => {
    const mine = outboxMessages(outbox)
      .slice(after)
      .filter((m) => new RegExp(`^To: ${email.replace(/[.+]/g, '\\$&')}$`, 'mi').test(m));
    // The newest message that carries a link (review notices to the same person carry none).
    const links = mine.map((m) => /https?:\/\/\S+\/console\/sign-in\/link\?code=[A-Za-z0-9_-]+/.exec(m)?.[0]).filter(Boolean);
    link = links.at(-1) ?? '';
    return Boolean(link);
  });
  return link;
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export class ConsoleClient {
  cookies = new Map<string, string>();
  last = '';
  constructor(
    readonly app: App,
    readonly origin = 'http://localhost:3000',
  ) {}

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
  }
  private cookieHeader = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  async get(path: string) {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader() } });
    this.keep(res);
    const body = await res.text();
    if (res.headers.get('content-type')?.includes('html')) this.last = body;
    return { res, body };
  }

  /** Posts a form with the CSRF token of the last page seen (unless one is given). */
  async post(path: string, form: Record<string, string | string[]>, o: { origin?: string | null; csrf?: string } = {}) {
    const params = new URLSearchParams();
    params.set('_csrf', o.csrf ?? csrfOf(this.last));
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() };
    if (o.origin !== null) headers.origin = o.origin ?? this.origin;
    const res = await this.app.request(path, { method: 'POST', headers, body: params.toString() });
    this.keep(res);
    const body = await res.text();
    if (res.headers.get('content-type')?.includes('html')) this.last = body;
    return { res, body };
  }

  /** Posts a multipart form (a file upload) with the CSRF token of the last page seen, as a browser does. */
  async upload(path: string, form: Record<string, string | File>, o: { origin?: string } = {}) {
    const data = new FormData();
    data.set('_csrf', csrfOf(this.last));
    for (const [k, v] of Object.entries(form)) data.set(k, v);
    const headers = { cookie: this.cookieHeader(), origin: o.origin ?? this.origin };
    const res = await this.app.request(path, { method: 'POST', headers, body: data });
    this.keep(res);
    const body = await res.text();
    if (res.headers.get('content-type')?.includes('html')) this.last = body;
    return { res, body };
  }

  /** Signs in as `email` the way a person does: ask for a link, open it from the outbox, press the button. */
  async signIn(email: string, outbox: string) {
    const before = outboxMessages(outbox).length;
    await this.get('/console/sign-in');
    await this.post('/console/sign-in', { email });
    return this.openLink(await linkFor(outbox, email, before));
  }

  async openLink(link: string) {
    const url = new URL(link);
    await this.get(`${url.pathname}${url.search}`);
    return this.post('/console/sign-in/link', { code: url.searchParams.get('code')! });
  }
}
