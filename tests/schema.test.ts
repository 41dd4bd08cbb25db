// The printed GraphQL contract in schema/schema.graphql matches the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../src/graphql/schema.ts';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the API)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('uses the names the contract promises', () => {
    const sdl = printedSchema();
    for (const name of [
      'type Organisation implements Node',
      'type CaseStudy implements Node',
      'type Method implements Node',
      'type Event implements Node',
      'type Topic implements Node',
    ]) {
      expect(sdl).toContain(name);
    }
    for (const field of [
      'organisation(slug: String!)',
      'caseStudy(slug: String!)',
      'method(slug: String!)',
      'event(slug: String!)',
      'topic(slug: String!)',
      'node(id: ID!)',
      'nodes(ids: [ID!]!)',
    ]) {
      expect(sdl).toContain(field);
    }
  });
});
