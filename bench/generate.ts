// Generates a synthetic catalogue (every slug `synthetic-…`, every name "Synthetic …") at a chosen scale, in SQL, batch by batch.
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../src/db.ts';

export const scales = {
  small: { topics: 60, places: 200, organisations: 1_000, methods: 1_000, caseStudies: 1_000, events: 1_000 },
  medium: { topics: 200, places: 1_000, organisations: 10_000, methods: 2_000, caseStudies: 100_000, events: 100_000 },
  large: { topics: 500, places: 5_000, organisations: 100_000, methods: 5_000, caseStudies: 300_000, events: 1_000_000 },
} as const;
export type Scale = keyof typeof scales;

const BATCH = 50_000;

// Words the search operation can find; picked per row by arithmetic, so runs are reproducible.
const words = `ARRAY['citizens','jury','data','ai','health','climate','dialogue','panel','assembly','trust','privacy','algorithm',
  'community','youth','science','ethics','deliberation','workshop','survey','futures']`;
/**
 * The g-th pseudo-random pick of 1..n, stable across runs: PostgreSQL's own integer hash, so every
 * value of 1..n is reached (a multiplier sharing a factor with n, as 500 topics had, left most unused).
 */
const pick = (g: string, n: number, salt: number) => `(1 + (hashint8((${g})::bigint * 64 + ${salt})::bigint + 2147483648) % ${n})::int`;
const word = (g: string, salt: number) => `(${words})[${pick(g, 20, salt)}]`;
const state = (g: string) => `CASE WHEN ${g} % 10 = 0 THEN 'draft' ELSE 'published' END`;

/** Each table: the INSERT … SELECT over generate_series($from, $to) as g that fills it. */
function steps(s: (typeof scales)[Scale]) {
  const g = 'g';
  return [
    [
      'topics',
      s.topics,
      (src: string) => `INSERT INTO topics (id, slug, label, description, broader_id, publication_state)
      SELECT g, 'synthetic-topic-' || g, 'Synthetic topic ' || g || ' ' || ${word(g, 1)}, 'Synthetic: ' || ${word(g, 2)},
        CASE WHEN g > 10 THEN g / 10 END, 'published' FROM ${src}`,
    ],
    [
      'places',
      s.places,
      (src: string) => `INSERT INTO places (id, slug, name, region, country)
      SELECT g, 'synthetic-place-' || g, 'Synthetic place ' || g, 'Synthetic region ' || (g % 12), 'GB' FROM ${src}`,
    ],
    [
      'organisations',
      s.organisations,
      (src: string) => `INSERT INTO organisations (id, slug, name, kind, description, region, country, publication_state)
      SELECT g, 'synthetic-organisation-' || g, 'Synthetic organisation ' || g || ' ' || ${word(g, 3)},
        (ARRAY['charity','university','public_body','company','network','other'])[${pick(g, 6, 4)}],
        'Synthetic: ' || ${word(g, 5)} || ' ' || ${word(g, 6)}, 'Synthetic region ' || (g % 12), 'GB', ${state(g)} FROM ${src}`,
    ],
    [
      'organisation_topics',
      s.organisations,
      (src: string) => `INSERT INTO organisation_topics (organisation_id, topic_id)
      SELECT g, ${pick(g, s.topics, 7)} FROM ${src}`,
    ],
    [
      'methods',
      s.methods,
      (src: string) => `INSERT INTO methods (id, slug, name, description, publication_state)
      SELECT g, 'synthetic-method-' || g, 'Synthetic method ' || g || ' ' || ${word(g, 8)}, 'Synthetic: ' || ${word(g, 9)}, ${state(g)} FROM ${src}`,
    ],
    [
      'case_studies',
      s.caseStudies,
      (src: string) => `INSERT INTO case_studies (id, slug, title, summary, findings, start_date, publication_state, created_at)
      SELECT g, 'synthetic-case-study-' || g, 'Synthetic case study ' || g || ' ' || ${word(g, 10)} || ' ' || ${word(g, 11)},
        'Synthetic: ' || ${word(g, 12)} || ' ' || ${word(g, 13)}, ARRAY['Synthetic finding ' || ${word(g, 14)}],
        date '2015-01-01' + (g % 4000), ${state(g)}, timestamptz '2020-01-01' + g * interval '1 minute' FROM ${src}`,
    ],
    // Two organisations per case study, in different roles, so the nested query has edges to show.
    [
      'case_study_organisations',
      s.caseStudies,
      (src: string) => `INSERT INTO case_study_organisations (case_study_id, organisation_id, role)
      SELECT g, ${pick(g, s.organisations, 15)}, 'convener' FROM ${src}
      UNION ALL SELECT g, ${pick(g, s.organisations, 16)}, 'delivery_partner' FROM ${src}`,
    ],
    [
      'case_study_methods',
      s.caseStudies,
      (src: string) => `INSERT INTO case_study_methods (case_study_id, method_id)
      SELECT DISTINCT g, m FROM ${src}, LATERAL (VALUES (${pick(g, s.methods, 17)}), (${pick(g, s.methods, 18)})) v(m)`,
    ],
    [
      'case_study_topics',
      s.caseStudies,
      (src: string) => `INSERT INTO case_study_topics (case_study_id, topic_id)
      SELECT g, ${pick(g, s.topics, 19)} FROM ${src}`,
    ],
    [
      'case_study_places',
      s.caseStudies,
      (src: string) => `INSERT INTO case_study_places (case_study_id, place_id)
      SELECT g, ${pick(g, s.places, 20)} FROM ${src}`,
    ],
    // Spread over three years around now, so about two thirds are upcoming.
    [
      'events',
      s.events,
      (src: string) => `INSERT INTO events (id, slug, title, description, starts_at, ends_at, format, place_id, venue, publication_state)
      SELECT g, 'synthetic-event-' || g, 'Synthetic event ' || g || ' ' || ${word(g, 21)}, 'Synthetic: ' || ${word(g, 22)},
        date_trunc('day', now()) - interval '365 days' + ${pick(g, 1095 * 24, 23)} * interval '1 hour',
        date_trunc('day', now()) - interval '365 days' + ${pick(g, 1095 * 24, 23)} * interval '1 hour' + interval '2 hours',
        (ARRAY['in_person','online','hybrid'])[${pick(g, 3, 24)}], ${pick(g, s.places, 25)}, 'Synthetic hall', ${state(g)} FROM ${src}`,
    ],
    [
      'event_organisers',
      s.events,
      (src: string) => `INSERT INTO event_organisers (event_id, organisation_id, role)
      SELECT g, ${pick(g, s.organisations, 26)}, 'organiser' FROM ${src}`,
    ],
    [
      'event_topics',
      s.events,
      (src: string) => `INSERT INTO event_topics (event_id, topic_id)
      SELECT g, ${pick(g, s.topics, 27)} FROM ${src}`,
    ],
  ] as const;
}

const catalogueTables = [
  'event_topics',
  'event_organisers',
  'event_methods',
  'event_speakers',
  'events',
  'event_series',
  'case_study_places',
  'case_study_topics',
  'case_study_methods',
  'case_study_organisations',
  'case_studies',
  'method_relations',
  'methods',
  'organisation_topics',
  'organisations',
  'places',
  'topics',
];

/** Fills the database with a synthetic catalogue at `scale`, unless it already holds exactly that. */
export async function generateCatalogue(options: { handle: DbHandle; scale: Scale; log?: (line: string) => void }) {
  const { handle, scale } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const run = (text: string) => handle.db.execute(sql.raw(text));
  const size = scales[scale];
  const counts = rowsOf<{ orgs: number; real: number; events: number }>(
    await run(`SELECT
      (SELECT count(*)::int FROM organisations) AS orgs,
      (SELECT count(*)::int FROM organisations WHERE slug NOT LIKE 'synthetic-%') AS real,
      (SELECT count(*)::int FROM events) AS events`),
  )[0]!;
  if (counts.real > 0) {
    throw new Error('This database holds non-synthetic entries; point the benchmark at a database of its own (createdb bench).');
  }
  if (counts.orgs === size.organisations && counts.events === size.events) {
    log(`synthetic catalogue (${scale}) already present`);
    return { generated: false };
  }
  const started = performance.now();
  const progress = (line: string) =>
    process.stderr.write(`\rgenerating ${scale} (${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s): ${line.padEnd(60)}`);
  // One transaction: a failure part-way leaves the database as it was, secondary indexes included.
  await handle.db.transaction(async (tx) => {
    const run = (text: string) => tx.execute(sql.raw(text));
    // Only ever a database holding nothing but synthetic entries (checked above); CASCADE reaches tables added later.
    if (counts.orgs > 0 || counts.events > 0) await run(`TRUNCATE ${catalogueTables.join(', ')} CASCADE`);
    // Keeping GIN (full-text, trigram) and B-tree indexes up to date row by row is most of the cost at scale:
    // drop the indexes no constraint owns and rebuild them, from their own definitions, once the rows are in.
    const indexes = rowsOf<{ name: string; definition: string }>(
      await run(`SELECT i.indexrelid::regclass::text AS name,
        pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname IN (${catalogueTables.map((t) => `'${t}'`).join(', ')})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`),
    );
    for (const { name } of indexes) await run(`DROP INDEX ${name}`);
    for (const [table, total, insert] of steps(size)) {
      for (let from = 1; from <= total; from += BATCH) {
        const to = Math.min(total, from + BATCH - 1);
        await run(insert(`generate_series(${from}, ${to}) AS g`));
        progress(`${table.padEnd(26)} ${String(to).padStart(8)} / ${total}`);
      }
    }
    await run(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const [i, { name, definition }] of indexes.entries()) {
      progress(`index ${String(i + 1).padStart(3)} / ${indexes.length} ${name}`);
      await run(definition);
    }
    for (const table of ['topics', 'places', 'organisations', 'methods', 'case_studies', 'events']) {
      await run(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
  });
  progress('vacuum and analyse');
  process.stderr.write('\n');
  // VACUUM sets the visibility map as autovacuum would in a settled database, so index-only scans are measured as they run there.
  await run('VACUUM (ANALYZE)');
  log(`generated the ${scale} synthetic catalogue in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { generated: true };
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
