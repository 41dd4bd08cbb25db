// Vets a document before it is registered: size, syntax, queries only, the schema, and every bound a request meets.
import {
  GraphQLError,
  Kind,
  typeFromAST,
  valueFromAST,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MAX_DOCUMENT_BYTES } from '../../../schema/documents.ts';
import type { Config } from '../../config.ts';
import type { VetDocument } from '../context.ts';
import { fragmentsOf } from '../fragments.ts';
import { estimateRows } from '../limits.ts';
import { InvalidInputError } from '../../modules/access/errors.ts';

export interface CheckedDocument {
  document: DocumentNode;
  /** The name of its one operation; null when it holds several, or one without a name. */
  operationName: string | null;
}

const refuse = (...messages: string[]): never => {
  throw new InvalidInputError(messages.map((message) => ({ path: ['document'], message })));
};

/** A GraphQL error as a sentence naming where in the document it is. */
function describe(error: GraphQLError): string {
  const message = error.message.replace(/^Syntax Error: /, '');
  const at = error.locations?.[0];
  return at ? `${message} (line ${at.line}, column ${at.column})` : message;
}

/** A VetDocument (see context.ts) over an envelop instance, which Yoga's getEnveloped() gives per call. */
export function vetWith(
  getEnveloped: () => {
    parse: (text: string) => DocumentNode;
    validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
    schema: GraphQLSchema;
  },
): VetDocument {
  return (text) => {
    const enveloped = getEnveloped();
    let document: DocumentNode;
    try {
      document = enveloped.parse(text);
    } catch (err) {
      return { document: null, errors: [err instanceof GraphQLError ? err : new GraphQLError('is not a GraphQL document')] };
    }
    return { document, errors: enveloped.validate(enveloped.schema, document) };
  };
}

/** The document if Yoga would run it, else null: what the compiled path asks of a document nobody registered. */
export const acceptedBy =
  (vet: VetDocument) =>
  (text: string): DocumentNode | null => {
    const { document, errors } = vet(text);
    return errors.length ? null : document;
  };

/** Variables at their declared defaults: page sizes given as `$first: Int = 50` count as 50. */
function defaultVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    // never: typeFromAST's overloads take one kind of type node at a time, and def.type is their union.
    const type = typeFromAST(schema, def.type as never);
    // never: a validated document's variables have input types, which the GraphQLType from typeFromAST does not say.
    if (def.defaultValue && type) values[def.variable.name.value] = valueFromAST(def.defaultValue, type as never);
  }
  return values;
}

/** The parsed document, or InvalidInput on `document` naming each problem. */
export function checkDocument(o: { text: string; schema: GraphQLSchema; config: Config; vet: VetDocument }): CheckedDocument {
  const bytes = Buffer.byteLength(o.text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) refuse(`is ${bytes} bytes; a registered document may have at most ${MAX_DOCUMENT_BYTES}`);
  const { document, errors } = o.vet(o.text);
  if (!document) return refuse(...errors.map(describe));
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operations.length) refuse('holds no operation: register a query');
  const writes = operations.filter((op) => op.operation !== 'query');
  if (writes.length)
    refuse(
      ...writes.map((op) => `only queries can be registered; ${op.name ? `\`${op.name.value}\`` : 'this operation'} is a ${op.operation}`),
    );
  if (errors.length) refuse(...errors.map(describe));
  const fragments = fragmentsOf(document);
  const query = o.schema.getQueryType()!;
  for (const operation of operations) {
    let rows: number;
    try {
      rows = estimateRows(operation, query, {
        fragments,
        variables: defaultVariables(o.schema, operation),
        typeOf: (name) => o.schema.getType(name),
      });
    } catch (err) {
      // A page size out of range, named by its path in the document.
      const field = (err as GraphQLError).extensions?.fieldErrors as { path: string[]; message: string }[] | undefined;
      return refuse(...(field?.map((f) => `${f.path.join('.')}: ${f.message}`) ?? [describe(err as GraphQLError)]));
    }
    if (rows > o.config.GRAPHQL_MAX_COST) {
      refuse(
        `could load about ${rows} rows with its default page sizes; the limit is ${o.config.GRAPHQL_MAX_COST}. Ask for smaller pages or fewer nested connections.`,
      );
    }
  }
  const only = operations.length === 1 ? operations[0]! : undefined;
  return { document, operationName: only?.name?.value ?? null };
}
