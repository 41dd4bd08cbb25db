// Loads the seed catalogue idempotently, in one transaction, and tells whether a database has any entries yet.
import { eq, notExists } from 'drizzle-orm';
import { caseStudies, events, eventSeries, methods, organisations, places, secretariatHosts, topics } from '../schema/index.ts';
import type { Db } from '../src/db.ts';
import { recordUnannouncedEntries } from '../src/modules/catalogue/change-log.ts';
import { catalogue as realCatalogue, type Catalogue } from './catalogue.ts';
import { loadCaseStudies, loadEvents, loadEventSeries } from './load-activities.ts';
import { loadMethods, loadOrganisations, loadPlaces, loadTopics, startLoad } from './load-directory.ts';

/**
 * Upsert every catalogue entry by slug and replace its join rows. Running it again updates the
 * same rows in place; a slug that names nothing rolls the whole load back with that slug in the message.
 */
export async function seedCatalogue(db: Db, catalogue: Catalogue = realCatalogue): Promise<{ inserted: number; updated: number }> {
  // Everything goes through `tx`: PGlite has one connection, so touching `db` here would wait forever.
  return db.transaction(async (tx) => {
    const load = startLoad(tx);
    // Referenced kinds first, so every slug resolves to an id already written.
    await loadTopics(load, catalogue.topics);
    await loadPlaces(load, catalogue.places);
    await loadOrganisations(load, catalogue.organisations);
    await loadMethods(load, catalogue.methods);
    await loadCaseStudies(load, catalogue.caseStudies);
    await loadEventSeries(load, catalogue.eventSeries);
    await loadEvents(load, catalogue.events);
    // Published without the workflow: followers reading the change log from the start learn of them here.
    await recordUnannouncedEntries(tx);
    return load.tally;
  });
}

const seededTables = [topics, places, methods, caseStudies, eventSeries, events];

/**
 * True when no table the catalogue fills holds a row, whatever its publication state, apart from the secretariat's
 * hosts: founding the secretariat first (`init-secretariat`, or /console/setup) creates its host organisations, and
 * must not stop the first start from loading the starter catalogue around them.
 */
export async function isCatalogueEmpty(db: Db): Promise<boolean> {
  for (const table of seededTables) {
    const [row] = await db.select({ id: table.id }).from(table).limit(1);
    if (row) return false;
  }
  const [organisation] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      notExists(
        db
          .select({ id: secretariatHosts.organisationId })
          .from(secretariatHosts)
          .where(eq(secretariatHosts.organisationId, organisations.id)),
      ),
    )
    .limit(1);
  return !organisation;
}
