// Every GraphQL read example in the README runs against the seeded catalogue without errors.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededTestApp, type TestApp } from './support/app.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) =>
  // A block may hold several operations, each starting at a line that opens with `{`.
  m[1]!.split(/\n(?=\{)/).map((op) => op.replace(/^#.*$/gm, '').trim()).filter((op) => op && !/^mutation\b/.test(op)),
);

let t: TestApp;
beforeAll(async () => {
  t = await createSeededTestApp();
});
afterAll(() => t.close());

describe('README examples', () => {
  it('are there', () => expect(examples.length).toBeGreaterThan(3));

  it.each(examples.map((e) => [e.replace(/\s+/g, ' ').slice(0, 70), e]))('%s', async (_name, query) => {
    const { status, body } = await t.graphql(query);
    expect(status).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    // Each example is chosen to show something from the seeded catalogue: every root field answers,
    // and the answer names at least one entry (not an empty list or a null lookup).
    for (const value of Object.values(body.data ?? {})) expect(value).not.toBeNull();
    expect(JSON.stringify(body.data)).toMatch(/"(name|title|label)":"[^"]+"/);
  });
});
