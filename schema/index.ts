// The database schema: every table, grouped by domain.
export * from './topics.ts';
export * from './places.ts';
export * from './organisations.ts';
export * from './methods.ts';
export * from './case-studies.ts';
export * from './events.ts';
export * from './editorial.ts';
export * from './documents.ts';
export * from './sessions.ts';
export * from './changes.ts';
export * from './webhooks.ts';
export * from './rate-limits.ts';
export * from './imports.ts';
export * from './calendars.ts';
export * from './sync.ts';
export * from './search-words.ts';
export * from './facet-counts.ts';
