// Bad input to the read API gets a clear, typed error naming the argument: never a 500, a stack or SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { postGraphQL } from './support/graphql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { GRAPHQL_MAX_DEPTH: '16' } });
});
afterAll(() => t.close());

const leaks = (body: unknown) => /select |from "|DrizzleQueryError|\n\s+at /i.test(JSON.stringify(body));

async function expectError(query: string, code: string, variables?: Record<string, unknown>) {
  const { status, body, statements } = await t.graphql(query, variables);
  expect(status).toBeLessThan(500);
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  expect(body.errors![0].extensions?.code).toBe(code);
  expect(leaks(body)).toBe(false);
  return { error: body.errors![0], statements };
}

describe('page sizes and cursors', () => {
  it.each([
    ['first: -1', 'first'],
    ['first: 100000', 'first'],
    ['last: 101', 'last'],
  ])('refuses %s before any SQL runs', async (arg, name) => {
    const { error, statements } = await expectError(`{ organisations(${arg}) { totalCount } }`, 'INVALID_INPUT');
    expect(error.extensions.fieldErrors[0].path).toEqual(['organisations', name]);
    expect(statements).toBe(0);
  });

  it('refuses a bad page size given as a variable, and in a nested connection', async () => {
    await expectError(`query($n: Int) { methods(first: $n) { totalCount } }`, 'INVALID_INPUT', { n: -5 });
    const { error } = await expectError(`{ organisations { nodes { caseStudies(first: 500) { totalCount } } } }`, 'INVALID_INPUT');
    expect(error.extensions.fieldErrors[0].path).toEqual(['organisations', 'nodes', 'caseStudies', 'first']);
  });

  it('refuses a malformed cursor and a malformed global ID', async () => {
    await expectError(`{ organisations(after: "not-a-cursor") { totalCount nodes { name } } }`, 'INVALID_INPUT');
    await expectError(`{ node(id: "%%%") { id } }`, 'INVALID_INPUT');
  });
});

describe('arguments', () => {
  it('refuses an inverted date window, naming `to`', async () => {
    const { error } = await expectError(
      `{ events(filter: { from: "2026-06-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { nodes { title } } }`,
      'INVALID_INPUT',
    );
    expect(error.extensions.fieldErrors[0].path).toEqual(['filter', 'to']);
  });

  it('refuses a date that is not an instant', async () => {
    const { error } = await expectError(`{ events(filter: { from: "next tuesday" }) { nodes { title } } }`, 'INVALID_INPUT');
    expect(error.message).toMatch(/DateTime/);
    await expectError(`query($d: DateTime) { events(filter: { from: $d }) { totalCount } }`, 'INVALID_INPUT', {
      d: '2026-13-45T99:00:00Z',
    });
  });

  it('refuses an absurdly long search, and RELEVANCE without a search', async () => {
    await expectError(`query($q: String) { caseStudies(search: $q) { totalCount } }`, 'INVALID_INPUT', { q: 'x'.repeat(201) });
    await expectError(`{ methods(orderBy: RELEVANCE) { totalCount } }`, 'INVALID_INPUT');
    await expectError(`{ events(orderBy: RELEVANCE) { totalCount } }`, 'INVALID_INPUT');
    await expectError(`{ caseStudies(filter: { role: FUNDER }) { totalCount } }`, 'INVALID_INPUT');
  });

  it('treats an empty or hostile search as text, never as SQL', async () => {
    for (const q of ['', '   ', "'; DROP TABLE organisations; --", '"unbalanced', '!!!', '𝓛𝓸𝓿𝓮𝓵𝓪𝓬𝓮', 'a & | ! ( )']) {
      const { status, body } = await t.graphql(`query($q: String) { organisations(search: $q) { totalCount } }`, { q });
      expect(status).toBe(200);
      expect(body.errors, q).toBeUndefined();
    }
  });

  it('refuses a NUL character in text, and a bad variable, as INVALID_INPUT', async () => {
    const { error } = await expectError(`query($s: String!) { organisation(slug: $s) { name } }`, 'INVALID_INPUT', { s: 'a\u0000b' });
    expect(error.message).toMatch(/NUL/);
    await expectError(`query($r: String) { organisations(filter: { region: $r }) { totalCount } }`, 'INVALID_INPUT', {
      r: 'North\u0000West',
    });
    await expectError(`query($k: [OrganisationKind!]) { organisations(filter: { kinds: $k }) { totalCount } }`, 'INVALID_INPUT', {
      k: ['SPACESHIP'],
    });
    await expectError(`query($s: String!) { organisation(slug: $s) { name } }`, 'INVALID_INPUT', {});
  });

  it('names an unknown enum value or field as a validation error', async () => {
    await expectError(`{ organisations(filter: { kinds: [SPACESHIP] }) { totalCount } }`, 'GRAPHQL_VALIDATION_FAILED');
    await expectError(`{ organisations { nodes { password } } }`, 'GRAPHQL_VALIDATION_FAILED');
  });
});

describe('query limits', () => {
  it('refuses queries deeper than the limit', async () => {
    const deep = `{ organisations { nodes { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } } } } }`;
    await expectError(deep, 'QUERY_TOO_COMPLEX');
  });

  it('refuses queries whose nested pages could load too many rows', async () => {
    const { error } = await expectError(
      `{ organisations(first: 100) { nodes { caseStudies(first: 100) { nodes { methods(first: 100) { nodes { name } } } } } } }`,
      'QUERY_TOO_COMPLEX',
    );
    expect(error.message).toMatch(/rows/);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: organisation(slug: "x") { name }`).join(' ');
    await expectError(`{ ${aliases} }`, 'QUERY_TOO_COMPLEX');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await postGraphQL(t.app, { query: `{ __typename }`, padding: 'x'.repeat(t.config.MAX_BODY_BYTES) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
