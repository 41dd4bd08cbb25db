// The column template of each importable type: a spreadsheet's columns as the entry fields they fill. Names follow
// Open Referral's tabular format (HSDS) where it has the field, snake_case like it where it does not.
import type { EntryType } from '../../../schema/editorial.ts';
import { formFields, type FormField, type FormValues } from '../editorial/entry-fields.ts';

export type ImportType = Extract<EntryType, 'organisation' | 'event' | 'caseStudy'>;

/** The CLI's --type words. */
export const importTypes: Record<string, ImportType> = { organisations: 'organisation', events: 'event', 'case-studies': 'caseStudy' };

export interface Column {
  /** The header as the template writes it. */
  name: string;
  /** Other headers read as this column (our own field name, Open Referral's variant). */
  aliases?: string[];
  field: FormField;
  hint: string;
}

/** The column holding a row's own id at its source: what makes a second import of the file an edit, not a copy. */
export const ID_COLUMN = 'id';

const byName = (type: ImportType, name: string): FormField => {
  const field = formFields[type].find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name} on ${type}`);
  return field;
};

const list = 'several allowed, separated by ";"';
const roles = (type: ImportType, name: string) => `${list}; a role after a colon (${byName(type, name).roles?.join(', ')})`;
const oneOf = (type: ImportType, name: string) => `one of: ${byName(type, name).options?.join(', ')}`;

function template(type: ImportType, columns: [string, string, string, string[]?][]): Column[] {
  return columns.map(([name, field, hint, aliases]) => ({ name, field: byName(type, field), hint, ...(aliases ? { aliases } : {}) }));
}

export const templates: Record<ImportType, Column[]> = {
  organisation: template('organisation', [
    ['name', 'name', 'the organisation’s name (required)'],
    ['slug', 'slug', 'its web address name; proposed from the name when empty'],
    ['kind', 'kind', oneOf('organisation', 'kind')],
    ['description', 'description', 'plain text'],
    ['website', 'website', 'a full address starting https://', ['url']],
    ['region', 'region', 'e.g. Yorkshire and the Humber'],
    ['country', 'country', 'two capital letters, e.g. GB'],
    ['parent_organization', 'parent', 'the slug of a published organisation it is part of', ['parent_organization_id', 'parent']],
    ['topics', 'topics', `topic slugs, ${list}`],
  ]),
  event: template('event', [
    ['name', 'title', 'the event’s title (required)', ['title']],
    ['slug', 'slug', 'its web address name; proposed from the name when empty'],
    ['start_datetime', 'startsAt', 'local time where it happens: 2031-06-10 19:00', ['starts_at', 'start']],
    ['end_datetime', 'endsAt', 'local time: 2031-06-10 21:00', ['ends_at', 'end']],
    ['timezone', 'timeZone', 'e.g. Europe/London (the default)', ['time_zone']],
    ['format', 'format', oneOf('event', 'format')],
    ['status', 'status', oneOf('event', 'status')],
    ['description', 'description', 'plain text'],
    ['venue', 'venue', 'the venue’s name and address'],
    ['online_url', 'onlineUrl', 'the meeting’s address'],
    ['registration_url', 'registrationUrl', 'where to register'],
    ['place', 'place', 'the slug of a place'],
    ['series', 'series', 'the slug of an event series'],
    ['organisers', 'organisers', `organisation slugs, ${roles('event', 'organisers')}`],
    ['topics', 'topics', `topic slugs, ${list}`],
    ['methods', 'methods', `method slugs, ${list}`],
  ]),
  caseStudy: template('caseStudy', [
    ['name', 'title', 'the case study’s title (required)', ['title']],
    ['slug', 'slug', 'its web address name; proposed from the name when empty'],
    ['summary', 'summary', 'a paragraph'],
    ['description', 'body', 'the full account', ['body']],
    ['status', 'projectStatus', oneOf('caseStudy', 'projectStatus'), ['project_status']],
    ['start_date', 'startDate', '2024, 2024-03 or 2024-03-15'],
    ['end_date', 'endDate', '2024, 2024-03 or 2024-03-15'],
    ['participant_count', 'participantCount', 'a whole number'],
    ['iap2_level', 'iap2Level', oneOf('caseStudy', 'iap2Level')],
    ['recruitment', 'recruitment', oneOf('caseStudy', 'recruitment')],
    ['scope', 'scope', oneOf('caseStudy', 'scope')],
    ['format', 'format', oneOf('caseStudy', 'format')],
    ['evaluated', 'evaluated', 'yes or no'],
    ['evaluation_url', 'evaluationUrl', 'the evaluation report’s address'],
    ['findings', 'findings', 'one a line within the cell'],
    ['outcomes', 'outcomes', 'plain text'],
    ['organisations', 'organisations', `organisation slugs, ${roles('caseStudy', 'organisations')}`],
    ['methods', 'methods', `method slugs, ${list}`],
    ['topics', 'topics', `topic slugs, ${list}`],
    ['places', 'places', `place slugs, ${list}`],
  ]),
};

/** A header as typed in a spreadsheet ("Start datetime", "start-datetime") to the template's spelling. */
export const normaliseHeader = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The template's columns by every header that names them. */
export function columnsByHeader(type: ImportType): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const column of templates[type]) {
    for (const header of [column.name, ...(column.aliases ?? []), column.field.name]) out.set(normaliseHeader(header), column);
  }
  return out;
}

/** "In person" and "IN-PERSON" as the option in_person; anything else as written, for the service to refuse by name. */
function option(field: FormField, text: string): string {
  const wanted = normaliseHeader(text);
  return field.options?.find((o) => o === wanted) ?? text;
}

const items = (text: string) =>
  text
    .split(/[;\n|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** One cell as the form value the console would post for its field. */
export function formValueOf(field: FormField, text: string): FormValues[string] {
  const cell = text.trim();
  switch (field.kind) {
    case 'select':
      return cell ? option(field, cell) : '';
    case 'yesno':
      return /^(yes|y|true|1)$/i.test(cell) ? 'yes' : /^(no|n|false|0)$/i.test(cell) ? 'no' : cell;
    case 'datetime':
      // Spreadsheets write "2031-06-10 19:00"; the form (and ISO 8601) has a T there.
      return cell.replace(/^(\d{4}-\d{2}-\d{2})\s+(\d)/, '$1T$2');
    case 'ref':
      return cell ? [{ slug: cell }] : [];
    case 'links':
      return items(cell).map((slug) => ({ slug }));
    case 'roleLinks':
      return items(cell).map((item) => {
        const [slug, role] = item.split(':').map((s) => s.trim());
        return { slug: slug!, role: role ? normaliseHeader(role) : field.roles![0]! };
      });
    default:
      return cell;
  }
}
