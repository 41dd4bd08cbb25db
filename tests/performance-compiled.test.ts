// The compiled path returns exactly what Pothos returns: a differential, property-based test over generated catalogues.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDocument, NotCompilable } from '../src/graphql/compiled/compile.ts';
import { registerDocuments, runCompiled } from '../src/graphql/compiled/middleware.ts';
import { model, type TypeModel } from '../src/graphql/compiled/model.ts';
import { schema } from '../src/graphql/schema.ts';
import { loadConfig } from '../src/config.ts';
import { acceptedBy } from '../src/graphql/documents/check-document.ts';
import { createGraphQLServer } from '../src/graphql/yoga.ts';
import { createLogger } from '../src/log.ts';
import type { DbHandle } from '../src/db.ts';
import { compilableDocuments } from '../src/modules/embed/documents.ts';
import { caseStudyRoles } from '../schema/case-studies.ts';
import { eventOrganiserRoles } from '../schema/events.ts';
import { organisationKinds } from '../schema/organisations.ts';
import { createCaseStudy, createEvent, createMethod, createOrganisation, createPlace, createTopic } from '../seed/factories.ts';
import { operations } from '../bench/operations.ts';
import { initSecretariat } from '../src/modules/accounts/init-secretariat.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { acceptJson, postGraphQL } from './support/graphql.ts';

const extraDocuments = [
  `query EventPage($slug: String!) { event(slug: $slug) { __typename id slug title description startsAt endsAt timeZone datePrecision format status
    venue onlineUrl registrationUrl place { slug name region country } topics(first: 3) { nodes { label slug } }
    methods { edges { node { name } } } organisers { edges { role node { id name kind parent { name } } } } } }`,
  `query Orgs($q: String) { list: organisations(first: 5, search: $q) { totalCount nodes { ...O } } }
   fragment O on Organisation { name slug kind website region country topics { nodes { label } }
     caseStudies(first: 3) { edges { role node { title startDate startDatePrecision findings participantCount evaluated places { name } } } } }`,
  `query ByTopic($topic: String!) { caseStudies(first: 7, filter: { topics: [$topic] }) { totalCount edges { node { slug title createdAt updatedAt } } } }`,
  `query Past { events(first: 10, filter: { timeframe: PAST }) { nodes { title startsAt endsAt } } methods(first: 3) { nodes { name } } }`,
  // Counts alone (a "N results" badge): one row each, also when nothing matches.
  `query Counts($q: String) { caseStudies(first: 3, search: $q) { totalCount } events { totalCount } none: organisations(search: "zzqxv") { totalCount } }`,
];
const documents = [...new Set([...compilableDocuments, ...operations().map((o) => o.document), ...extraDocuments])];

let t: TestApp;
beforeAll(async () => {
  // Thousands of requests from one client: the rate limit would answer them instead.
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
});
afterAll(() => t.close());

const words = ['data', 'jury', 'citizens', 'health', 'ai'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what PostgreSQL text refuses
const text = fc.string({ minLength: 1, maxLength: 10, unit: 'grapheme' }).map((s) => s.replace(/\u0000/g, '').trim() || 'x');
// Names that sort differently under every ordering (case, accents, quotes), mixed with arbitrary text.
const pool = ['Alpha', 'beta', 'Gamma', 'Æther', 'zed', 'émile', "o'Brien", '"Quoted"', 'Zürich', 'delta 2', 'delta 10'];
const name = fc.oneof(fc.constantFrom(...pool), text);
const state = fc.constantFrom('published', 'published', 'published', 'draft');
const day = 24 * 3600 * 1000;
const instant = fc.integer({ min: -300, max: 300 }).map((d) => new Date(Date.now() + d * day + 1234).toISOString());
const picks = (n: number) => fc.uniqueArray(fc.nat({ max: 7 }), { maxLength: n });

const catalogue = fc.record({
  topics: fc.array(fc.record({ label: name, state, broader: fc.option(fc.nat({ max: 5 }), { nil: null }) }), {
    minLength: 1,
    maxLength: 5,
  }),
  places: fc.array(fc.record({ name, region: fc.option(text, { nil: null }) }), { maxLength: 3 }),
  organisations: fc.array(
    fc.record({
      name: fc.oneof(name, fc.constantFrom(...words)),
      kind: fc.constantFrom(...organisationKinds),
      state,
      parent: fc.option(fc.nat({ max: 7 }), { nil: null }),
      topics: picks(2),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  methods: fc.array(fc.record({ name, state }), { minLength: 1, maxLength: 4 }),
  caseStudies: fc.array(
    fc.record({
      title: fc.tuple(fc.constantFrom(...words), name).map(([w, s]) => `${w} ${s}`),
      summary: fc.option(text, { nil: null }),
      state,
      createdAt: instant,
      startDate: fc.option(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        { nil: null },
      ),
      findings: fc.array(text, { maxLength: 2 }),
      participantCount: fc.option(fc.nat({ max: 500 }), { nil: null }),
      organisations: fc.uniqueArray(fc.record({ org: fc.nat({ max: 7 }), role: fc.constantFrom(...caseStudyRoles) }), {
        maxLength: 3,
        selector: (x) => `${x.org}-${x.role}`,
      }),
      methods: picks(2),
      topics: picks(2),
      places: picks(2),
    }),
    { maxLength: 6 },
  ),
  events: fc.array(
    fc.record({
      title: fc.tuple(fc.constantFrom(...words), name).map(([w, s]) => `${w} ${s}`),
      state,
      startsAt: instant,
      hours: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
      format: fc.constantFrom('in_person', 'online', 'hybrid'),
      status: fc.constantFrom('scheduled', 'postponed', 'cancelled'),
      place: fc.option(fc.nat({ max: 3 }), { nil: null }),
      organisers: fc.uniqueArray(fc.record({ org: fc.nat({ max: 7 }), role: fc.constantFrom(...eventOrganiserRoles) }), {
        maxLength: 2,
        selector: (x) => x.org,
      }),
      topics: picks(2),
      methods: picks(1),
    }),
    { maxLength: 6 },
  ),
});
type Catalogue = typeof catalogue extends fc.Arbitrary<infer T> ? T : never;

const at = <T>(list: T[], i: number) => list[i % list.length]!;
const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Replaces the database's catalogue with the generated one; returns slugs the documents' variables can name. */
async function load(c: Catalogue) {
  const db = t.handle.db;
  await db.execute(sql`TRUNCATE topics, places, organisations, methods, case_studies, events, slug_redirects RESTART IDENTITY CASCADE`);
  const topics: { id: number }[] = [];
  for (const [i, x] of c.topics.entries()) {
    const broader: { id: number } | undefined = x.broader != null && x.broader < i ? topics[x.broader] : undefined;
    topics.push(
      await createTopic({ db, slug: `topic-${i}`, label: x.label, publicationState: x.state as never, broaderId: broader?.id ?? null }),
    );
  }
  const places: { id: number }[] = [];
  for (const [i, x] of c.places.entries())
    places.push(await createPlace({ db, slug: `place-${i}`, name: `${x.name} ${i}`, region: x.region }));
  const orgs: { id: number }[] = [];
  for (const [i, x] of c.organisations.entries()) {
    const parent: { id: number } | undefined = x.parent != null && x.parent < i ? orgs[x.parent] : undefined;
    orgs.push(
      await createOrganisation({
        db,
        slug: `org-${i}`,
        name: x.name,
        kind: x.kind,
        publicationState: x.state as never,
        parentId: parent?.id ?? null,
      }),
    );
  }
  const methods: { id: number }[] = [];
  for (const [i, x] of c.methods.entries())
    methods.push(await createMethod({ db, slug: `method-${i}`, name: x.name, publicationState: x.state as never }));
  for (const [i, x] of c.caseStudies.entries()) {
    const row = await createCaseStudy({
      db,
      slug: `case-${i}`,
      title: x.title,
      summary: x.summary,
      publicationState: x.state as never,
      createdAt: x.createdAt,
      startDate: x.startDate,
      findings: x.findings,
      participantCount: x.participantCount,
      organisations: x.organisations
        .map((o) => ({ organisation: at(orgs, o.org), role: o.role }))
        .filter((o, j, all) => all.findIndex((p) => p.organisation === o.organisation && p.role === o.role) === j),
      methods: unique(x.methods.map((m) => at(methods, m))),
      topics: unique(x.topics.map((m) => at(topics, m))),
      places: places.length ? unique(x.places.map((p) => at(places, p))) : [],
    });
    // Every case study was once called old-case-i: lookups by an old slug follow the rename.
    await db.execute(sql`INSERT INTO slug_redirects (entry_type, old_slug, entry_id) VALUES ('caseStudy', ${`old-case-${i}`}, ${row.id})`);
  }
  for (const [i, x] of c.events.entries()) {
    await createEvent({
      db,
      slug: `event-${i}`,
      title: x.title,
      publicationState: x.state as never,
      startsAt: x.startsAt,
      format: x.format as never,
      status: x.status as never,
      endsAt: x.hours ? new Date(Date.parse(x.startsAt) + x.hours * 3600_000).toISOString() : null,
      place: x.place != null && places.length ? at(places, x.place) : undefined,
      organisers: x.organisers
        .map((o) => ({ organisation: at(orgs, o.org), role: o.role }))
        .filter((o, j, all) => all.findIndex((p) => p.organisation === o.organisation) === j),
      topics: unique(x.topics.map((m) => at(topics, m))),
      methods: unique(x.methods.map((m) => at(methods, m))),
    });
  }
  await db.execute(sql`ANALYZE`);
  readers = await signIn();
}

/**
 * The kinds of reader whose visibility differs, each with its Authorization header: anonymous; a partner's
 * contributor (no read_drafts: what anonymous readers see); a host's admin (read_drafts: every entry). Made as
 * users make them after each load (which truncates organisations, and so their members and tokens): the host by
 * init-secretariat (the CLI's service), the partner invited and given a token through the API.
 */
let readers: Record<'anonymous' | 'partner' | 'host', Record<string, string>>;
async function signIn(): Promise<typeof readers> {
  const db = t.handle.db;
  const n = randomBytes(3).toString('hex');
  const { hosts } = await initSecretariat({ db, hosts: [{ host: `Reader host ${n}`, adminEmail: `host-${n}@example.org` }] });
  const host = { authorization: `Bearer ${hosts[0]!.token.token}` };
  const partner = await createOrganisation({ db, slug: `reader-partner-${n}`, name: `Reader partner ${n}` });
  const email = `partner-${n}@example.org`;
  const invited = await t.graphql(
    `mutation($o: String!, $e: String!) { r: inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
    { o: partner.slug, e: email },
    host,
  );
  expect(invited.body.data?.r.__typename, JSON.stringify(invited.body)).toBe('Membership');
  const issued = await t.graphql(
    `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { token } } }`,
    { i: { name: 'reader', email, organisation: partner.slug, scopes: ['WRITE_ENTRIES'] } },
    host,
  );
  expect(issued.body.data?.r.__typename, JSON.stringify(issued.body)).toBe('IssuedToken');
  return { anonymous: {}, partner: { authorization: `Bearer ${issued.body.data!.r.token}` }, host };
}
const readerKinds = ['anonymous', 'partner', 'host'] as const;
/** Whether Pothos shows this reader published entries only: what the compiled path must decide the same way. */
const publishedOnly = { anonymous: true, partner: true, host: false };

/** Variables for a document: every name it declares, drawn from what the catalogue holds. */
function variablesFor(document: string, pick: number): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  // 11: a page size Pothos refuses, which the compiled path must leave to it.
  if (document.includes('$first')) v.first = pick === 11 ? 500 : [5, 20, 1][pick % 3];
  if (document.includes('$topic')) v.topic = `topic-${pick % 3}`;
  // Mostly a slug of the document's own type (found, unless unpublished), sometimes one of another type (null).
  const own = /caseStudy\(/.test(document)
    ? 'case'
    : /event\(/.test(document)
      ? 'event'
      : /organisation\(/.test(document)
        ? 'org'
        : 'method';
  if (document.includes('$slug')) v.slug = pick % 5 === 4 ? `other-${pick}` : `${own}-${pick % 3}`;
  if (document.includes('$q')) v.q = pick % 2 ? words[pick % words.length] : null;
  if (document.includes('$search')) v.search = pick % 3 === 0 ? words[pick % words.length] : null;
  if (document.includes('$filter')) v.filter = pick % 4 === 2 ? { topics: [] } : pick % 2 ? { topics: [`topic-${pick % 2}`] } : null;
  return v;
}

// Documents no one wrote by hand: any selection the model describes, nested up to three levels, with aliases,
// page sizes, searches, filters and orders, as a client could send them unregistered.
const config = loadConfig({});
// Yoga's own vetting, as the app builds it; vetting never touches the database, so no handle is needed.
const { vet } = createGraphQLServer({
  schema,
  config,
  logger: createLogger('error'),
  handle: {} as DbHandle,
  documents: { byHash: async () => undefined },
  readDb: () => ({}) as DbHandle['db'],
});
const limits = { vet: acceptedBy(vet), maxRows: config.GRAPHQL_MAX_COST };
const orders: Record<string, string[]> = {
  events: ['STARTS_AT', 'STARTS_AT_DESC', 'RELEVANCE'],
  caseStudies: ['NEWEST', 'TITLE', 'START_DATE', 'RELEVANCE'],
  organisations: ['NAME', 'NEWEST', 'RELEVANCE'],
  methods: ['NAME', 'NEWEST', 'RELEVANCE'],
};
const rootType: Record<string, string> = { events: 'Event', caseStudies: 'CaseStudy', organisations: 'Organisation', methods: 'Method' };
const lookups: Record<string, string> = { organisation: 'org', caseStudy: 'case', event: 'event', method: 'method' };
const maybeAlias = (name: string) =>
  fc.option(fc.constantFrom('a', 'b', 'x_1'), { freq: 4 }).map((a) => (a ? `${a}_${name}: ${name}` : name));
const pageArg = fc.option(fc.constantFrom(1, 2, 3, 20), { nil: undefined }).map((n) => (n === undefined ? '' : `(first: ${n})`));

function selectionOf(typeName: string, depth: number): fc.Arbitrary<string> {
  const type: TypeModel = model[typeName]!;
  const scalars = Object.entries(type.fields)
    .filter(([, f]) => f.kind === 'scalar')
    .map(([n]) => n);
  const names = [...scalars, ...(type.node ? ['id', '__typename'] : [])];
  const relations = depth >= 3 ? [] : Object.entries(type.fields).filter(([, f]) => f.kind !== 'scalar');
  const relation = relations.length
    ? fc.constantFrom(...relations).chain(([name, f]) => {
        const inner = selectionOf((f as { type: string }).type, depth + 1);
        if (f.kind === 'one' || f.kind === 'list') return fc.tuple(maybeAlias(name), inner).map(([n, sel]) => `${n} { ${sel} }`);
        const edge = f.kind === 'roles' ? fc.constantFrom('role ', '') : fc.constant('');
        const body = fc.oneof(
          inner.map((sel) => `nodes { ${sel} }`),
          fc.tuple(edge, inner).map(([role, sel]) => `edges { ${role}node { ${sel} } }`),
        );
        return fc.tuple(maybeAlias(name), pageArg, body).map(([n, page, b]) => `${n}${page} { ${b} }`);
      })
    : fc.constant('');
  return fc
    .tuple(
      fc.subarray(names, { minLength: 1, maxLength: Math.min(6, names.length) }).chain((xs) => fc.tuple(...xs.map(maybeAlias))),
      fc.uniqueArray(relation, { maxLength: relations.length ? 2 : 0, selector: (field) => /^\w+/.exec(field)![0] }),
    )
    .map(([fields, rels]) => [...fields, ...rels].filter(Boolean).join(' '));
}

const generatedDocument: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...Object.keys(rootType)).chain((root) =>
    fc
      .record({
        first: fc.constantFrom(1, 3, 20, 100),
        search: fc.option(fc.constantFrom(...words, 'émile', "o'brien"), { nil: undefined }),
        topic: fc.option(fc.constantFrom('topic-0', 'topic-1', 'no-such-topic'), { nil: undefined }),
        past: fc.boolean(),
        order: fc.option(fc.constantFrom(...orders[root]!), { nil: undefined }),
        total: fc.boolean(),
        // 'count': totalCount alone, so nothing reads the page.
        shape: fc.constantFrom('nodes', 'edges', 'count'),
        selection: selectionOf(rootType[root]!, 1),
      })
      .map((a) => {
        const filter = [a.topic && root !== 'methods' ? `topics: ["${a.topic}"]` : '', root === 'events' && a.past ? 'timeframe: PAST' : '']
          .filter(Boolean)
          .join(', ');
        const args = [
          `first: ${a.first}`,
          a.search ? `search: ${JSON.stringify(a.search)}` : '',
          filter ? `filter: { ${filter} }` : '',
          a.order ? `orderBy: ${a.order}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        const page = a.shape === 'edges' ? `edges { node { ${a.selection} } }` : a.shape === 'nodes' ? `nodes { ${a.selection} }` : '';
        return `{ ${root}(${args}) { ${a.total || a.shape === 'count' ? 'totalCount ' : ''}${page} } }`;
      }),
  ),
  fc
    .constantFrom(...Object.keys(lookups))
    .chain((lookup) =>
      fc
        .tuple(
          fc.nat({ max: 4 }),
          selectionOf(model[lookup[0]!.toUpperCase() + lookup.slice(1)] ? lookup[0]!.toUpperCase() + lookup.slice(1) : 'CaseStudy', 1),
        )
        .map(([i, sel]) => `{ ${lookup}(slug: "${i === 4 ? 'missing' : `${lookups[lookup]}-${i}`}") { ${sel} } }`),
    ),
);

describe('the compiled path', () => {
  it('compiles every registered document it is meant to serve', () => {
    const compiled = registerDocuments(schema, documents);
    expect(compiled.byText.size).toBe(documents.length);
    expect(compileDocument(schema, 'mutation { x }')).toBeNull();
    expect(compileDocument(schema, '{ nope }')).toBeNull();
  });

  it('returns the same JSON as Pothos, key order included, on generated catalogues', async () => {
    const compiled = registerDocuments(schema, documents);
    let compared = 0;
    let substantive = 0;
    let draftsShown = 0;
    await fc.assert(
      fc.asyncProperty(catalogue, fc.nat({ max: 11 }), async (c, pick) => {
        await load(c);
        // Case-study lookups are asked by an old slug too, which must follow the rename.
        const cases = documents.flatMap((document) => {
          const v = variablesFor(document, pick);
          return [
            { document, variables: v },
            ...(/caseStudy\(slug/.test(document) ? [{ document, variables: { ...v, slug: `old-case-${pick % 3}` } }] : []),
          ];
        });
        for (const { document, variables } of cases)
          for (const kind of readerKinds) {
            const pothos = await t.graphql(document, variables, readers[kind]);
            let body: string;
            try {
              const reader = { published: publishedOnly[kind] };
              body = (await runCompiled(t.handle, compiled.byText.get(document)!, variables, undefined, undefined, reader)).body;
            } catch (err) {
              // Refusing is allowed only where Pothos answers with an error of its own.
              expect(err instanceof NotCompilable && !err.structural ? pothos.body.errors : err).toBeDefined();
              expect(pothos.body.errors).toBeDefined();
              continue;
            }
            expect(pothos.body.errors, document).toBeUndefined();
            const json = JSON.stringify(JSON.parse(body));
            expect(json, `${kind}: ${document}`).toBe(JSON.stringify(pothos.body));
            compared++;
            if (/"(title|name|label)":"/.test(json)) substantive++;
            if (kind === 'host' && json !== JSON.stringify((await t.graphql(document, variables)).body)) draftsShown++;
          }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 12) },
    );
    expect(compared).toBeGreaterThan(documents.length * 8 * readerKinds.length);
    // The host's answers must often differ from the anonymous ones (drafts shown), or the reader kinds were not tested.
    expect(draftsShown).toBeGreaterThan(documents.length);
    // Many comparisons must have had entries to show, not just empty lists and nulls. A quarter, not a third: the
    // share is a property of the random catalogues (about a third on average), and a third failed on runs just under it.
    expect(substantive).toBeGreaterThan(compared / 4);
  }, 240_000);

  it('returns the same JSON as Pothos for generated documents no one registered', async () => {
    let compared = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        catalogue,
        fc.array(fc.tuple(generatedDocument, fc.constantFrom(...readerKinds)), { minLength: 6, maxLength: 6 }),
        async (c, docs) => {
          await load(c);
          for (const [document, kind] of docs) {
            const pothos = await t.graphql(document, {}, readers[kind]);
            const compiled = compileDocument(schema, document, limits);
            if (compiled === null) {
              // Vetted by Yoga's own pipeline (acceptedBy): a document over its bounds (aliases, depth) is refused there too.
              expect(pothos.body.errors?.[0]?.message, document).toBeDefined();
              refused++;
              continue;
            }
            let body: string;
            try {
              body = (await runCompiled(t.handle, compiled!, {}, undefined, undefined, { published: publishedOnly[kind] })).body;
            } catch (err) {
              // Refused (a shape the compiler leaves to Pothos) or bad input: Pothos answers instead, with its typed error for the latter.
              if (!(err instanceof NotCompilable)) {
                expect((err as { code?: string }).code, document).toBeDefined();
                expect(pothos.body.errors?.[0]?.extensions?.code, document).toBe((err as { code?: string }).code);
              } else if (/Pothos refuses|its errors/.test(err.message)) {
                // Left to Pothos for its error (a page size, the row estimate): Pothos must then refuse it.
                expect(pothos.body.errors, `${err.message}: ${document}`).toBeDefined();
              }
              refused++;
              continue;
            }
            expect(pothos.body.errors, document).toBeUndefined();
            expect(JSON.stringify(JSON.parse(body)), `${kind}: ${document}`).toBe(JSON.stringify(pothos.body));
            compared++;
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 12) },
    );
    // Most generated documents must really have gone through the compiler, not around it.
    expect(compared).toBeGreaterThan(refused * 2);
  }, 240_000);

  it('answers in one statement, like the Pothos plan', async () => {
    const compiled = registerDocuments(schema, documents);
    const before = t.handle.statements.count;
    await runCompiled(t.handle, compiled.byText.get(operations()[0]!.document)!, {});
    expect(t.handle.statements.count - before).toBe(1);
  });
});

describe('the compiled path in the app', () => {
  let app: TestApp;
  const bySlug = operations().find((o) => o.name === 'case study by slug')!.document;
  beforeAll(async () => {
    app = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' }, compiledDocuments: [bySlug] });
    const org = await createOrganisation({ db: app.handle.db, name: 'Compiled Org' });
    await createCaseStudy({
      db: app.handle.db,
      slug: 'compiled-case',
      title: 'Compiled case',
      organisations: [{ organisation: org, role: 'funder' }],
    });
  });
  afterAll(() => app.close());

  it('serves a registered document in one statement, with what Pothos would answer', async () => {
    const res = await app.graphql(bySlug, { slug: 'compiled-case' });
    expect(res.statements).toBe(1);
    expect(res.body).toEqual({
      data: {
        caseStudy: {
          title: 'Compiled case',
          summary: null,
          startDate: null,
          organisations: { edges: [{ role: 'FUNDER', node: { name: 'Compiled Org' } }] },
          methods: { nodes: [] },
          topics: { nodes: [] },
        },
      },
    });
  });

  it('leaves bad variables to Pothos and its typed errors', async () => {
    const res = await app.graphql(bySlug, { slug: 42 });
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0].message).toMatch(/String cannot represent/);
    expect(res.body.data).toBeUndefined();
  });

  it('serves signed-in readers in one statement, token check included, each seeing what Pothos shows them', async () => {
    const db = app.handle.db;
    const { hosts } = await initSecretariat({ db, hosts: [{ host: 'Compiled host', adminEmail: 'compiled-host@example.org' }] });
    const host = { authorization: `Bearer ${hosts[0]!.token.token}` };
    await createCaseStudy({ db, slug: 'draft-case', title: 'Draft case', publicationState: 'draft' });
    const ask = async (headers: Record<string, string>) => {
      const before = app.handle.statements.count;
      const res = await postGraphQL(app.app, { query: bySlug, variables: { slug: 'draft-case' } }, { ...acceptJson, ...headers });
      return { res, body: await res.json(), statements: app.handle.statements.count - before };
    };
    await ask(host); // the token is read once
    const signedIn = await ask(host);
    expect(signedIn.res.headers.get('server-timing')).toMatch(/^compiled;/);
    expect(signedIn.statements).toBe(1);
    expect(signedIn.body.data.caseStudy.title).toBe('Draft case');
    const anonymous = await ask({});
    expect(anonymous.res.headers.get('server-timing')).toMatch(/^compiled;/);
    expect(anonymous.body).toEqual({ data: { caseStudy: null } });
    // A token that is not valid is not served by the compiled path: the API answers 401 as ever.
    const refused = await ask({ authorization: 'Bearer edir_not-a-token' });
    expect(refused.res.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
