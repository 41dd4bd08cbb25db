// Signed-in readers for the benchmark, made through the API as a host would make them.
import { benchPeople, client } from './operations.ts';

export interface Readers {
  /** A partner's contributor: no read_drafts, so it sees what anonymous readers see (the same JSON as the raw route). */
  partner: string;
  /** The host admin: read_drafts, so drafts are in its answers too. */
  host: string;
  /** Revokes what the setup issued. */
  finish(): Promise<void>;
}

/** Invites a synthetic contributor into the partner organisation and issues their token, with the host admin's. */
export async function signedInReaders(o: { base: string; hostAdminToken: string }): Promise<Readers> {
  const gql = client(o.base);
  const run = Date.now().toString(36);
  const email = `synthetic-bench-reader-${run}@example.org`;
  const organisation = benchPeople.partnerOrganisation;
  await gql(
    `mutation($o: String!, $e: String!) { inviteMember(organisation: $o, email: $e, role: CONTRIBUTOR) { __typename } }`,
    { o: organisation, e: email },
    o.hostAdminToken,
  );
  const issued = (
    await gql(
      `mutation($input: CreateTokenInput!) { createToken(input: $input) { __typename ... on IssuedToken { id token } } }`,
      { input: { name: `Synthetic bench reader ${run}`, scopes: ['WRITE_ENTRIES'], email, organisation, expiresInDays: 1 } },
      o.hostAdminToken,
    )
  ).createToken;
  return {
    partner: issued.token,
    host: o.hostAdminToken,
    finish: async () => {
      await gql(`mutation($id: ID!) { revokeToken(id: $id) { __typename } }`, { id: issued.id }, o.hostAdminToken);
    },
  };
}
