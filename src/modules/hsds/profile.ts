// What the /hsds/ API says about itself: the HSDS version, and the profile it conforms to (a resource of its own).
import { compiledSchemas } from './compiled-schemas.ts';

export const HSDS_VERSION = '3.1';
/** The profile's own version (semantic versioning, independent of HSDS's); also in every compiled schema's $id. */
export const PROFILE_VERSION = '1.0.0';

/** GET /hsds/: openapi.json's `/` response. */
export const apiMeta = (base: string) => ({
  version: HSDS_VERSION,
  profile: `${base}/hsds/profile`,
  profile_version: PROFILE_VERSION,
  description:
    'Published organisations, events and topics of the Engagement Directory, read-only, in the Open Referral HSDS 3.1 format extended by the directory profile.',
  publisher: { name: 'Engagement Directory', website: base },
});

/** GET /hsds/profile: the canonical description a profile URI must resolve to, with its schemas' addresses. */
export const profileDescription = (base: string) => ({
  name: 'Engagement Directory HSDS profile',
  version: PROFILE_VERSION,
  based_on: {
    specification: 'Open Referral HSDS',
    version: HSDS_VERSION,
    schemas: 'https://github.com/openreferral/specification/tree/3.1/schema',
  },
  description:
    'Organisations as HSDS organization, topics as taxonomy, taxonomy_term and attribute, and objects of its own for events, case studies and methods. ' +
    "Written as HSDS's profiles reference prescribes: JSON Merge Patches of the core schemas (schema/hsds/profile in the directory's source) and the compiled JSON Schemas (2020-12) below.",
  endpoints: [
    '/hsds/',
    '/hsds/organizations',
    '/hsds/organizations/{id}',
    '/hsds/events',
    '/hsds/events/{id}',
    '/hsds/taxonomies',
    '/hsds/taxonomy_terms',
  ],
  schemas: Object.fromEntries(Object.keys(compiledSchemas).map((name) => [name, `${base}/hsds/schema/${name}.json`])),
});
