// The profile's compiled JSON Schemas, served under /hsds/schema/ as HSDS's profiles reference asks (a /schema endpoint).
import apiMeta from '../../../schema/hsds/compiled/api_meta.json' with { type: 'json' };
import caseStudy from '../../../schema/hsds/compiled/case_study.json' with { type: 'json' };
import error from '../../../schema/hsds/compiled/error.json' with { type: 'json' };
import event from '../../../schema/hsds/compiled/event.json' with { type: 'json' };
import eventList from '../../../schema/hsds/compiled/event_list.json' with { type: 'json' };
import eventPage from '../../../schema/hsds/compiled/event_page.json' with { type: 'json' };
import method from '../../../schema/hsds/compiled/method.json' with { type: 'json' };
import organization from '../../../schema/hsds/compiled/organization.json' with { type: 'json' };
import organizationList from '../../../schema/hsds/compiled/organization_list.json' with { type: 'json' };
import organizationPage from '../../../schema/hsds/compiled/organization_page.json' with { type: 'json' };
import taxonomy from '../../../schema/hsds/compiled/taxonomy.json' with { type: 'json' };
import taxonomyPage from '../../../schema/hsds/compiled/taxonomy_page.json' with { type: 'json' };
import taxonomyTerm from '../../../schema/hsds/compiled/taxonomy_term.json' with { type: 'json' };
import taxonomyTermPage from '../../../schema/hsds/compiled/taxonomy_term_page.json' with { type: 'json' };

/** By file name (without .json): generated from schema/hsds/ by scripts/hsds-profile.ts. */
export const compiledSchemas: Readonly<Record<string, object>> = {
  api_meta: apiMeta,
  case_study: caseStudy,
  error: error,
  event: event,
  event_list: eventList,
  event_page: eventPage,
  method: method,
  organization: organization,
  organization_list: organizationList,
  organization_page: organizationPage,
  taxonomy: taxonomy,
  taxonomy_page: taxonomyPage,
  taxonomy_term: taxonomyTerm,
  taxonomy_term_page: taxonomyTermPage,
};
