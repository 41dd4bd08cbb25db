// Embed defects from the user trial: event cards without a description, and parameters partners' sites add.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let topic: { id: number; slug: string };
beforeAll(async () => {
  t = await createTestApp();
  topic = await createTopic({ db: t.handle.db, label: 'Embed defects' });
  await createEvent({ db: t.handle.db, title: 'Described', description: 'What the evening is about.', topics: [topic] });
});
afterAll(() => t.close());

describe('event cards', () => {
  it('carry the event’s description, as case studies, organisations and methods do', async () => {
    const body = await (await t.app.request(`/embed/events?topic=${topic.slug}`)).text();
    expect(body).toContain('<p class="ed-desc" dir="auto">What the evening is about.</p>');
  });
});

describe('parameters an embed does not use', () => {
  it('utm_source, fbclid and a cache buster are ignored; a bad limit is still a 400 naming it', async () => {
    const clean = await t.app.request(`/embed/events?topic=${topic.slug}`);
    const tracked = await t.app.request(`/embed/events?topic=${topic.slug}&utm_source=partner&fbclid=abc&v=3`);
    expect(tracked.status).toBe(200);
    expect(await tracked.text()).toBe(await clean.text());
    const bad = await t.app.request(`/embed/events?topic=${topic.slug}&limit=lots&utm_source=x`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('limit must be a number');
    const oembed = await t.app.request(
      `/oembed?url=${encodeURIComponent(`${t.config.PUBLIC_URL}/events?topic=${topic.slug}&utm_campaign=spring`)}&format=json&utm_source=cms`,
    );
    expect(oembed.status).toBe(200);
  });
});
