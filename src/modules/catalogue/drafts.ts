// A draft may lack a field its published form always has (events_complete_unless_draft and kin).

/**
 * The description of such a field in the API. Null only in a draft its editors are still writing: only they
 * (and hosts with read_drafts) can read drafts, and a draft cannot be submitted until the field is set, so
 * nothing anonymous readers see is ever null here.
 */
export const DRAFT_ONLY_NULL = 'Always set on published entries; null only in a draft not yet complete (it is required to submit).';
