// Registers the editorial GraphQL types, queries and mutations (the schema entry imports this file only).
import './json.graphql.ts';
import './revision.graphql.ts';
import './errors.graphql.ts';
import './entry-mutations.graphql.ts';
import './maintainer.graphql.ts';
import './audit.graphql.ts';
import '../accounts/token.graphql.ts';
import '../accounts/member.graphql.ts';
import '../accounts/host.graphql.ts';
