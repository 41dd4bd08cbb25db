// The registerDocument mutation: signed-in callers name a query once, then anyone runs it by its id.
import { MAX_DOCUMENT_BYTES } from '../../../schema/documents.ts';
import { builder } from '../builder.ts';
import { mutationErrors, serviceContext } from '../resolver-helpers.ts';
import '../../modules/editorial/errors.graphql.ts';
import { registerDocument, type RegisteredDocument } from './register-document.ts';

const RegisteredDocumentRef = builder.objectRef<RegisteredDocument>('RegisteredDocument').implement({
  description: 'A query document anyone may now run by its id: `GET /graphql?documentId=<id>&variables=...`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '`sha256:` and the hex SHA-256 of the exact text: the `documentId` to send.' }),
    operationName: t.exposeString('operationName', { nullable: true }),
    compiled: t.exposeBoolean('compiled', {
      description:
        'Whether anonymous requests for it are answered by one precompiled SQL statement; if not, it runs through the GraphQL executor.',
    }),
    created: t.exposeBoolean('created', { description: 'False when the same text was already registered; the id is the same either way.' }),
    registeredAt: t.field({ type: 'DateTime', resolve: (d) => d.registeredAt }),
  }),
});

builder.mutationField('registerDocument', (t) =>
  t.field({
    type: RegisteredDocumentRef,
    errors: mutationErrors,
    description:
      `Register a query document (queries only, within the depth, alias and cost bounds of any request, at most ${MAX_DOCUMENT_BYTES} bytes) ` +
      'so anyone can run it by its id. Registering the same text again returns the same id.',
    args: { document: t.arg.string({ required: true, description: 'The exact text clients will hash and send.' }) },
    resolve: (_root, args, ctx, info) =>
      registerDocument({ ...serviceContext(ctx), schema: info.schema, config: ctx.config, vet: ctx.vetDocument, text: args.document }),
  }),
);
