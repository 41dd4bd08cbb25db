// The benchmarked pages and feeds: public listing and entry pages, the change feed, and a console screen signed in.
import type { Operation } from './operations.ts';

/** The entries a page links to, in order and once each: what a page and its raw route must agree on (their HTML differs). */
const linked = (pattern: RegExp) => (body: string) => [...new Set([...body.matchAll(pattern)].map((m) => m[1]))].join('\n');

export function pageOperations(o: { consoleCookie?: string | undefined }): Operation[] {
  const ops: Operation[] = [
    {
      name: 'organisations listing page',
      document: '',
      variables: {},
      raw: '/__bench/raw/organisations-page',
      page: { path: '/organisations', compareAs: linked(/href="\/organisations\/([a-z0-9-]+)"/g) },
    },
    {
      name: 'case study page',
      document: '',
      variables: {},
      raw: '/__bench/raw/case-study-page?slug=synthetic-case-study-77',
      // Methods come in no stated order on the page: compared as a set.
      page: {
        path: '/case-studies/synthetic-case-study-77',
        compareAs: (body) =>
          linked(/href="\/((?:organisations|methods|topics)\/[a-z0-9-]+)"/g)(body)
            .split('\n')
            .sort()
            .join('\n'),
      },
    },
    {
      name: 'change feed (100 changes)',
      document: '',
      variables: {},
      raw: '/__bench/raw/changes?limit=100',
      page: { path: '/changes?limit=100' },
    },
  ];
  if (o.consoleCookie)
    ops.push({
      name: 'console home (signed in)',
      document: '',
      variables: {},
      raw: '/__bench/raw/console-home',
      page: {
        path: '/console',
        headers: { cookie: o.consoleCookie },
        signedIn: true,
        compareAs: linked(/href="(\/console\/(?:entries|review)\/[a-z_-]+\/[0-9]+)"/g),
      },
    });
  return ops;
}
