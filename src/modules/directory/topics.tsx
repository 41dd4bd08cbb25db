/** @jsxImportSource hono/jsx */
// The topic tree, broad to narrow, each topic with its counts and links to its listings.
import type { TopicNode } from './load.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function TopicTree({ nodes, compact = false }: { nodes: TopicNode[]; compact?: boolean }) {
  return (
    <ul class="tree">
      {nodes.map((t) => (
        <li>
          <a href={`/topics/${t.slug}`}>{t.label}</a>{' '}
          {compact ? (
            <span class="count">({t.events + t.caseStudies + t.organisations})</span>
          ) : (
            <span class="meta">
              — <a href={`/events?topic=${t.slug}`}>{plural(t.events, 'upcoming event', 'upcoming events')}</a>,{' '}
              <a href={`/case-studies?topic=${t.slug}`}>{plural(t.caseStudies, 'case study', 'case studies')}</a>,{' '}
              <a href={`/organisations?topic=${t.slug}`}>{plural(t.organisations, 'organisation', 'organisations')}</a>
            </span>
          )}
          {t.narrower.length ? <TopicTree nodes={t.narrower} compact={compact} /> : null}
        </li>
      ))}
    </ul>
  );
}
