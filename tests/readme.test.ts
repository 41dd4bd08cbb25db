// Every GraphQL read example in the README and in docs/*.md runs against the seeded catalogue without errors.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededTestApp, type TestApp } from './support/app.ts';

const root = new URL('../', import.meta.url);
const files = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

function examplesIn(text: string): string[] {
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) =>
    // A block may hold several operations, each starting at a line that opens with `{`.
    m[1]!
      .split(/\n(?=\{)/)
      .map((op) => op.replace(/^#.*$/gm, '').trim())
      .filter((op) => op && !/^mutation\b/.test(op)),
  );
}

const examples = files.map((file) => ({ file, examples: examplesIn(readFileSync(new URL(file, root), 'utf8')) }));

let t: TestApp;
beforeAll(async () => {
  t = await createSeededTestApp();
});
afterAll(() => t.close());

// A broken pattern or a moved folder would otherwise leave nothing to run and pass.
it('the README and docs hold examples', () => expect(examples.flatMap((f) => f.examples).length).toBeGreaterThan(3));

for (const { file, examples: found } of examples) {
  // A file without read examples (only mutations, say) is fine; it.each needs at least one case.
  if (found.length === 0) continue;
  describe(`${file} examples`, () => {
    it.each(found.map((e) => [e.replace(/\s+/g, ' ').slice(0, 70), e]))('%s', async (_name, query) => {
      const { status, body } = await t.graphql(query);
      expect(status).toBe(200);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      // Each example is chosen to show something from the seeded catalogue: every root field answers,
      // and the answer names at least one entry (not an empty list or a null lookup).
      for (const value of Object.values(body.data ?? {})) expect(value).not.toBeNull();
      expect(JSON.stringify(body.data)).toMatch(/"(name|title|label)":"[^"]+"/);
    });
  });
}
