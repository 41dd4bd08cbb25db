// A synthetic catalogue of a few hundred entries for crawling and browsing the directory: every name says it is synthetic.
// Written with the seed factories (direct inserts): publishing hundreds of entries through review would test review, not pages.
import {
  createCaseStudy,
  createEvent,
  createEventSeries,
  createMethod,
  createOrganisation,
  createPlace,
  createTopic,
} from '../../seed/factories.ts';
import type { Db } from '../../src/db.ts';

const day = 864e5;
const formats = ['in_person', 'online', 'hybrid'] as const;
const kinds = ['charity', 'university', 'public_body', 'network', 'company'] as const;
const levels = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
const recruitment = ['open', 'targeted', 'random', 'stratified_random'] as const;
const regions = ['North West', 'Scotland', 'Wales', 'London'] as const;

/** About `scale` events, `scale / 2` case studies, `scale / 5` organisations, a topic tree of 12 and 6 methods. */
export async function generateSyntheticDirectory(db: Db, scale = 150) {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  const roots = [];
  for (let i = 0; i < 3; i++) roots.push(await createTopic({ db, label: `Synthetic topic ${i}` }));
  const topics = [...roots];
  for (let i = 0; i < 9; i++) topics.push(await createTopic({ db, label: `Synthetic subtopic ${i}`, broaderId: pick(roots, i).id }));
  const places = [];
  for (let i = 0; i < regions.length; i++) places.push(await createPlace({ db, name: `Synthetic town ${i}`, region: regions[i] }));
  const organisations = [];
  for (let i = 0; i < Math.ceil(scale / 5); i++)
    organisations.push(
      await createOrganisation({ db, name: `Synthetic organisation ${i}`, kind: pick(kinds, i), region: pick(regions, i), country: 'GB' }),
    );
  const methods = [];
  for (let i = 0; i < 6; i++) methods.push(await createMethod({ db, name: `Synthetic method ${i}`, participediaType: 'public_meetings' }));
  const series = [];
  for (let i = 0; i < 3; i++)
    series.push(await createEventSeries({ db, name: `Synthetic series ${i}`, organisation: pick(organisations, i) }));
  for (let i = 0; i < scale; i++) {
    // Two in three ahead, one in three past, spread over a few months either side.
    const offset = (i % 3 === 2 ? -1 : 1) * ((i % 90) + 1) * day;
    await createEvent({
      db,
      title: `Synthetic event ${i}`,
      description: `A synthetic event generated for tests, number ${i}.`,
      startsAt: new Date(Date.now() + offset).toISOString(),
      format: pick(formats, i),
      place: pick(places, i),
      topics: [pick(topics, i)],
      organisers: [{ organisation: pick(organisations, i) }],
      ...(i % 4 === 0 ? { series: pick(series, i) } : {}),
    });
  }
  for (let i = 0; i < Math.ceil(scale / 2); i++)
    await createCaseStudy({
      db,
      title: `Synthetic case study ${i}`,
      summary: `A synthetic case study generated for tests, number ${i}.`,
      format: pick(formats, i),
      iap2Level: pick(levels, i),
      recruitment: pick(recruitment, i),
      scope: 'local',
      evaluated: i % 2 === 0,
      topics: [pick(topics, i)],
      places: [pick(places, i)],
      methods: [pick(methods, i)],
      organisations: [{ organisation: pick(organisations, i), role: 'convener' }],
    });
  return { topics, roots, organisations, methods, series, places };
}
