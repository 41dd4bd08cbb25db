/** @jsxImportSource hono/jsx */
// The home page: what is coming up, what was done lately, the topics, who takes part, and how to join in.
import { listingQueries } from '../embed/documents.ts';
import { SITE_NAME, renderDocument } from '../pages/shell.tsx';
import { loadTopicTree, runDocument, type Connection, type DirectoryDeps } from './load.ts';
import { EntryCard } from './parts.tsx';
import { TopicTree } from './topics.tsx';

const HOME_LIST = 5;
const HOME_ORGANISATIONS = 12;

export async function homePage(deps: DirectoryDeps, requestId: string): Promise<string> {
  const base = deps.config.PUBLIC_URL;
  // The embeds' own documents: compiled to one statement each and cached, as every embed on a partner's page is.
  const list = async (kind: 'events' | 'case-studies' | 'organisations', first: number) => {
    const doc = listingQueries[kind];
    const data = await runDocument(
      deps,
      requestId,
      { id: `sha256:${doc.hash}`, document: doc.document },
      { first, filter: {}, search: null },
    );
    return Object.values(data)[0] as Connection<Record<string, any>>;
  };
  const events = await list('events', HOME_LIST);
  const caseStudies = await list('case-studies', HOME_LIST);
  const organisations = await list('organisations', HOME_ORGANISATIONS);
  const tree = await loadTopicTree(deps.readDb());
  return renderDocument({
    base,
    title: SITE_NAME,
    description: 'A shared directory of public-engagement work on data and AI: events, case studies, organisations, methods and topics.',
    canonical: `${base}/`,
    alternates: [
      { type: 'text/calendar', href: `${base}/feeds/events.ics`, title: 'All events (iCalendar)' },
      { type: 'application/atom+xml', href: `${base}/feeds/events.atom`, title: 'New events (Atom)' },
      { type: 'application/atom+xml', href: `${base}/feeds/case-studies.atom`, title: 'New case studies (Atom)' },
    ],
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: SITE_NAME,
        url: `${base}/`,
        potentialAction: { '@type': 'SearchAction', target: `${base}/search?q={query}`, 'query-input': 'required name=query' },
      },
    ],
    children: (
      <>
        <h1>{SITE_NAME}</h1>
        <p class="lede">
          A shared catalogue of public-engagement work on data and AI: who is doing it, how, what came of it, and what is coming up. Kept by
          its host organisations, with entries from partner organisations.
        </p>
        <div class="grid">
          <section aria-labelledby="home-events">
            <h2 id="home-events">Upcoming events</h2>
            {events.nodes.length ? (
              <ul class="cards">
                {events.nodes.map((n) => (
                  <EntryCard kind="events" n={n} />
                ))}
              </ul>
            ) : (
              <p>No upcoming events yet.</p>
            )}
            <p>
              <a href="/events">All {events.totalCount} upcoming events</a> · <a href="/events/calendar">Calendar</a>
            </p>
          </section>
          <section aria-labelledby="home-case-studies">
            <h2 id="home-case-studies">Recent case studies</h2>
            <ul class="cards">
              {caseStudies.nodes.map((n) => (
                <EntryCard kind="case-studies" n={n} />
              ))}
            </ul>
            <p>
              <a href="/case-studies">All {caseStudies.totalCount} case studies</a>
            </p>
          </section>
        </div>
        <div class="grid">
          <section aria-labelledby="home-topics">
            <h2 id="home-topics">Topics</h2>
            <TopicTree nodes={tree} compact />
            <p>
              <a href="/topics">Every topic, with counts</a>
            </p>
          </section>
          <section aria-labelledby="home-organisations">
            <h2 id="home-organisations">Organisations</h2>
            <ul>
              {organisations.nodes.map((o) => (
                <li>
                  <a href={`/organisations/${o.slug}`} dir="auto">
                    {o.name}
                  </a>
                </li>
              ))}
            </ul>
            <p>
              <a href="/organisations">All {organisations.totalCount} organisations</a> · <a href="/methods">Methods of engagement</a>
            </p>
          </section>
        </div>
        <section id="take-part" class="panel" aria-labelledby="home-take-part">
          <h2 id="home-take-part">How to take part</h2>
          <ul>
            <li>
              <strong>Join as a partner.</strong> Organisations doing public engagement on data and AI can add their own events and case
              studies; a host organisation reviews each before it is published. Ask any host organisation listed here to invite you.
            </li>
            <li>
              <strong>Subscribe.</strong> <a href="/feeds/events.ics">All events in your calendar</a>, or{' '}
              <a href="/feeds/events.atom">new events</a> and <a href="/feeds/case-studies.atom">new case studies</a> as feeds. Every
              listing offers feeds for what it shows.
            </li>
            <li>
              <strong>Embed.</strong> <a href="/embed">Put a listing on your own site</a>: pick the filters, copy one snippet.
            </li>
            <li>
              <strong>Build on it.</strong> Everything here comes from the <a href="/graphql">GraphQL API</a>, open to read without an
              account.
            </li>
          </ul>
        </section>
      </>
    ),
  });
}
