// What the compiler knows of the API: each GraphQL type's table, its scalar fields as SQL expressions, and its relations.
export type ScalarKind = 'text' | 'enum' | 'datetime' | 'date' | 'json';

export interface Scalar {
  kind: 'scalar';
  column: string;
  as: ScalarKind;
}

/** A to-one relation through a foreign key on the parent row. */
export interface One {
  kind: 'one';
  type: string;
  foreignKey: string;
  /** Entry types apply the visibility rule; places are plain values. */
  visible: boolean;
}

/** A list (`t.relation`) or Relay connection (`t.relatedConnection`) through a junction table. */
export interface Many {
  kind: 'list' | 'connection';
  type: string;
  junction: string;
  parentColumn: string;
  childColumn: string;
  /** ORDER BY over the child row, the primary key last (as plugin-drizzle appends it). */
  order: string[];
  visible: boolean;
}

/** A connection whose edges carry the junction row's role. */
export interface RoleConnection {
  kind: 'roles';
  type: string;
  junction: string;
  parentColumn: string;
  childColumn: string;
  order: string[];
}

export type Field = Scalar | One | Many | RoleConnection;

export interface TypeModel {
  table: string;
  /** Relay node: `id` is the global ID of `Type:<id>`. */
  node: boolean;
  fields: Record<string, Field>;
}

const s = (column: string, as: ScalarKind = 'text'): Scalar => ({ kind: 'scalar', column, as });
const entry = {
  slug: s('slug'),
  publicationState: s('publication_state', 'enum'),
  createdAt: s('created_at', 'datetime'),
  updatedAt: s('updated_at', 'datetime'),
};
const conn = (type: string, junction: string, parentColumn: string, childColumn: string, order: string[]): Many => ({
  kind: 'connection',
  type,
  junction,
  parentColumn,
  childColumn,
  order,
  visible: true,
});

export const model: Record<string, TypeModel> = {
  Organisation: {
    table: 'organisations',
    node: true,
    fields: {
      ...entry,
      name: s('name'),
      kind: s('kind', 'enum'),
      description: s('description'),
      website: s('website'),
      region: s('region'),
      country: s('country'),
      parent: { kind: 'one', type: 'Organisation', foreignKey: 'parent_id', visible: true },
      topics: conn('Topic', 'organisation_topics', 'organisation_id', 'topic_id', ['label ASC', 'id ASC']),
      caseStudies: {
        kind: 'roles',
        type: 'CaseStudy',
        junction: 'case_study_organisations',
        parentColumn: 'organisation_id',
        childColumn: 'case_study_id',
        order: ['case_study_id DESC', 'role ASC'],
      },
      events: {
        kind: 'roles',
        type: 'Event',
        junction: 'event_organisers',
        parentColumn: 'organisation_id',
        childColumn: 'event_id',
        order: ['event_id DESC'],
      },
    },
  },
  CaseStudy: {
    table: 'case_studies',
    node: true,
    fields: {
      ...entry,
      title: s('title'),
      summary: s('summary'),
      body: s('body'),
      projectStatus: s('project_status', 'enum'),
      startDate: s('start_date', 'date'),
      startDatePrecision: s('start_date_precision', 'enum'),
      endDate: s('end_date', 'date'),
      endDatePrecision: s('end_date_precision', 'enum'),
      participantCount: s('participant_count', 'json'),
      iap2Level: s('iap2_level', 'enum'),
      recruitment: s('recruitment', 'enum'),
      scope: s('scope', 'enum'),
      format: s('format', 'enum'),
      evaluated: s('evaluated', 'json'),
      evaluationUrl: s('evaluation_url'),
      findings: s('findings', 'json'),
      outcomes: s('outcomes'),
      methods: conn('Method', 'case_study_methods', 'case_study_id', 'method_id', ['name ASC', 'id ASC']),
      topics: conn('Topic', 'case_study_topics', 'case_study_id', 'topic_id', ['label ASC', 'id ASC']),
      places: {
        kind: 'list',
        type: 'Place',
        junction: 'case_study_places',
        parentColumn: 'case_study_id',
        childColumn: 'place_id',
        order: ['name ASC'],
        visible: false,
      },
      organisations: {
        kind: 'roles',
        type: 'Organisation',
        junction: 'case_study_organisations',
        parentColumn: 'case_study_id',
        childColumn: 'organisation_id',
        order: ['organisation_id ASC', 'role ASC'],
      },
    },
  },
  Method: {
    table: 'methods',
    node: true,
    fields: {
      ...entry,
      name: s('name'),
      description: s('description'),
      participediaType: s('participedia_type', 'enum'),
      oecdModel: s('oecd_model', 'enum'),
    },
  },
  Topic: {
    table: 'topics',
    node: true,
    fields: { ...entry, label: s('label'), description: s('description'), aliases: s('aliases', 'json') },
  },
  Event: {
    table: 'events',
    node: true,
    fields: {
      ...entry,
      title: s('title'),
      description: s('description'),
      startsAt: s('starts_at', 'datetime'),
      endsAt: s('ends_at', 'datetime'),
      timeZone: s('time_zone'),
      datePrecision: s('date_precision', 'enum'),
      format: s('format', 'enum'),
      status: s('status', 'enum'),
      venue: s('venue'),
      onlineUrl: s('online_url'),
      registrationUrl: s('registration_url'),
      place: { kind: 'one', type: 'Place', foreignKey: 'place_id', visible: false },
      topics: conn('Topic', 'event_topics', 'event_id', 'topic_id', ['label ASC', 'id ASC']),
      methods: conn('Method', 'event_methods', 'event_id', 'method_id', ['name ASC', 'id ASC']),
      organisers: {
        kind: 'roles',
        type: 'Organisation',
        junction: 'event_organisers',
        parentColumn: 'event_id',
        childColumn: 'organisation_id',
        order: ['organisation_id ASC'],
      },
    },
  },
  Place: {
    table: 'places',
    node: false,
    fields: { slug: s('slug'), name: s('name'), region: s('region'), country: s('country') },
  },
};
