// Public pages advertise oEmbed, so a CMS that is handed a page's URL can embed the entry by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createSeededTestApp();
});
afterAll(() => t.close());

describe('oEmbed discovery', () => {
  it.each(['/organisations/hopkins-van-mil', '/case-studies/ai-public-dialogues', '/events/ai-public-dialogues-workshop-liverpool'])(
    '%s links an oEmbed endpoint that answers with a rich embed',
    async (path) => {
      const page = await t.app.request(path);
      expect(page.status).toBe(200);
      const body = await page.text();
      const href = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(body)?.[1];
      expect(href).toBeDefined();
      const url = new URL(href!.replace(/&amp;/g, '&'));
      expect(url.searchParams.get('url')).toBe(`${t.config.PUBLIC_URL}${path}`);
      const oembed = await t.app.request(`${url.pathname}${url.search}`);
      expect(oembed.status).toBe(200);
      const json = (await oembed.json()) as any;
      expect(json).toMatchObject({ version: '1.0', type: 'rich' });
      expect(json.html).toContain('<iframe');
    },
  );
});
