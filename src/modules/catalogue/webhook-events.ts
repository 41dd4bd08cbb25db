// The webhook event vocabulary: `<entry type>.<public change>` and `submission.<decision>`.
import { changeActions, type ChangeAction } from '../../../schema/changes.ts';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';

/** snake_case names, as receivers write them in a switch: `case_study.updated`, `event_series.archived`. */
export const eventTypeNames: Record<EntryType, string> = {
  organisation: 'organisation',
  caseStudy: 'case_study',
  method: 'method',
  event: 'event',
  eventSeries: 'event_series',
  topic: 'topic',
};

/** Workflow steps a submission event announces, by the revision action that makes them. */
export const submissionEvents = {
  submit: 'submission.submitted',
  approve: 'submission.approved',
  request_changes: 'submission.changes_requested',
  reject: 'submission.rejected',
} as const;

export const publicEventType = (type: EntryType, action: ChangeAction) => `${eventTypeNames[type]}.${action}`;

/** Every event type an endpoint may ask for. */
export const webhookEventTypes: readonly string[] = [
  ...entryTypes.flatMap((t) => changeActions.map((a) => publicEventType(t, a))),
  ...Object.values(submissionEvents),
];
