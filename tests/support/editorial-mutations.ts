// Editorial writes as the tests send them: one mutation and its result object, with shorthands for organisations and workflow moves.
import type { TestApp } from './app.ts';

const editFields = `... on EditResult { entryId slug publicationState revision { id action state diff { field before after } baseDiff { field before after } } }
  ... on MutationError { __typename message }
  ... on InvalidInput { fieldErrors { path message } }
  ... on Conflict { currentRevision { id state } }`;

/** Runs a mutation and returns its result object (EditResult or an error), failing loudly on GraphQL errors. */
export async function mutate(
  app: TestApp,
  field: string,
  args: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const res = await app.graphql(`mutation(${args}) { r: ${field} { __typename ${editFields} } }`, variables, headers);
  if (res.body.errors) throw new Error(`${field}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data!.r;
}

export const createOrg = (app: TestApp, headers: Record<string, string>, input: Record<string, unknown>) =>
  mutate(app, 'createOrganisation(input: $input)', '$input: OrganisationInput!', { input }, headers);

export const updateOrg = (
  app: TestApp,
  headers: Record<string, string>,
  id: string,
  baseRevisionId: string | null,
  input: Record<string, unknown>,
) =>
  mutate(
    app,
    'updateOrganisation(id: $id, baseRevisionId: $base, input: $input)',
    '$id: ID!, $base: ID, $input: OrganisationInput!',
    { id, base: baseRevisionId, input },
    headers,
  );

export const move = (
  app: TestApp,
  headers: Record<string, string>,
  action: string,
  id: string,
  baseRevisionId: string | null,
  reason?: string,
) =>
  reason === undefined
    ? mutate(app, `${action}(id: $id, baseRevisionId: $base)`, '$id: ID!, $base: ID', { id, base: baseRevisionId }, headers)
    : mutate(
        app,
        `${action}(id: $id, baseRevisionId: $base, reason: $reason)`,
        '$id: ID!, $base: ID, $reason: String!',
        { id, base: baseRevisionId, reason },
        headers,
      );

/** An organisation written by `author` and approved by `reviewer`: create, submit, approve. Returns the creation and the approval. */
export async function publishOrg(
  app: TestApp,
  author: Record<string, string>,
  reviewer: Record<string, string>,
  input: Record<string, unknown>,
) {
  const created = await createOrg(app, author, input);
  const submitted = await move(app, author, 'submit', created.entryId, created.revision.id);
  const published = await move(app, reviewer, 'approve', created.entryId, submitted.revision.id);
  return { created, published };
}
