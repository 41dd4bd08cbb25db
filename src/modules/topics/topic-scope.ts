// SQL for "everything about a topic": its subtree by id, and the entries tagged within it or working on it.
import { sql, type SQL } from 'drizzle-orm';
import { publishedSql } from '../catalogue/visibility.ts';

/** Ids of a topic and every topic narrower than it, at any depth; `narrower: false` keeps just the topic. */
export function subtreeById(topicId: number, narrower = true): SQL {
  if (!narrower) return sql`(SELECT ${topicId}::int)`;
  return sql`(WITH RECURSIVE subtree(id) AS (
      SELECT ${topicId}::int
      UNION SELECT narrower.id FROM topics narrower JOIN subtree ON narrower.broader_id = subtree.id
    ) SELECT id FROM subtree)`;
}

export const eventsOnTopic = (subtree: SQL) => sql`(SELECT event_id FROM event_topics WHERE topic_id IN ${subtree})`;
export const caseStudiesOnTopic = (subtree: SQL) => sql`(SELECT case_study_id FROM case_study_topics WHERE topic_id IN ${subtree})`;

const publishedEvents = (subtree: SQL) => sql`(SELECT id FROM events WHERE ${publishedSql()} AND id IN ${eventsOnTopic(subtree)})`;
const publishedCaseStudies = (subtree: SQL) =>
  sql`(SELECT id FROM case_studies WHERE ${publishedSql()} AND id IN ${caseStudiesOnTopic(subtree)})`;

/**
 * Organisations for a topic: tagged with it, or organising its events or taking part in its case
 * studies. Only published work counts, so a draft cannot put an organisation on a public page.
 */
export const organisationsOnTopic = (subtree: SQL) => sql`(
  SELECT organisation_id FROM organisation_topics WHERE topic_id IN ${subtree}
  UNION SELECT organisation_id FROM event_organisers WHERE event_id IN ${publishedEvents(subtree)}
  UNION SELECT organisation_id FROM case_study_organisations WHERE case_study_id IN ${publishedCaseStudies(subtree)})`;

/** Methods have no topics of their own: a method belongs to a topic through the published work that used it. */
export const methodsOnTopic = (subtree: SQL) => sql`(
  SELECT method_id FROM event_methods WHERE event_id IN ${publishedEvents(subtree)}
  UNION SELECT method_id FROM case_study_methods WHERE case_study_id IN ${publishedCaseStudies(subtree)})`;
