// Vets a document before it is registered: size, syntax, queries only, the schema, and every bound a request meets.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  GraphQLError, Kind, parse, specifiedRules, typeFromAST, validate, valueFromAST, type DocumentNode,
  type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { envelop, type Plugin } from 'graphql-yoga';
import { MAX_DOCUMENT_BYTES } from '../../../schema/documents.ts';
import type { Config } from '../../config.ts';
import { fragmentsOf } from '../../graphql/fragments.ts';
import { estimateRows } from '../../graphql/limits.ts';
import { armorOptions } from '../../graphql/yoga.ts';
import { InvalidInputError } from '../editorial/errors.ts';

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

/** graphql-armor's parse and validation, built with the options Yoga uses, once per configuration. */
const pipelines = new WeakMap<Config, WeakMap<GraphQLSchema, ReturnType<ReturnType<typeof envelop>>>>();
function pipeline(schema: GraphQLSchema, config: Config) {
  let bySchema = pipelines.get(config);
  if (!bySchema) pipelines.set(config, (bySchema = new WeakMap()));
  let enveloped = bySchema.get(schema);
  if (!enveloped) {
    // graphql-js as the engine (what Yoga registers), then armor, which swaps in its token-counting parser.
    const engine: Plugin = {
      onPluginInit: ({ setSchema }) => setSchema(schema),
      onParse: ({ setParseFn }) => setParseFn(parse),
      onValidate: ({ setValidationFn }) => setValidationFn(validate),
    };
    enveloped = envelop({ plugins: [engine, EnvelopArmorPlugin(armorOptions(config))] })();
    bySchema.set(schema, enveloped);
  }
  return enveloped;
}

/** Yoga passes graphql-js's rules too: armor's are added to those given, else they would run alone. */
const validateAsYoga = (armored: ReturnType<typeof pipeline>, schema: GraphQLSchema, document: DocumentNode) =>
  armored.validate(schema, document, specifiedRules);

/**
 * The document as Yoga would accept it (armor's token-counting parser, graphql-js's rules, armor's depth, alias
 * and directive bounds), or null where Yoga would refuse it: the compiled path vets documents nobody registered
 * with this, so it never runs one Yoga would turn away.
 */
export function parseAsYogaWould(text: string, schema: GraphQLSchema, config: Config): DocumentNode | null {
  const armored = pipeline(schema, config);
  try {
    const document = armored.parse(text);
    return validateAsYoga(armored, schema, document).length ? null : document;
  } catch {
    return null;
  }
}

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
export function checkDocument(o: { text: string; schema: GraphQLSchema; config: Config }): CheckedDocument {
  const bytes = Buffer.byteLength(o.text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) refuse(`is ${bytes} bytes; a registered document may have at most ${MAX_DOCUMENT_BYTES}`);
  const armored = pipeline(o.schema, o.config);
  let document: DocumentNode;
  try {
    document = armored.parse(o.text);
  } catch (err) {
    return refuse(err instanceof GraphQLError ? describe(err) : 'is not a GraphQL document');
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operations.length) refuse('holds no operation: register a query');
  const writes = operations.filter((op) => op.operation !== 'query');
  if (writes.length) refuse(...writes.map((op) => `only queries can be registered; ${op.name ? `\`${op.name.value}\`` : 'this operation'} is a ${op.operation}`));
  const errors = validateAsYoga(armored, o.schema, document);
  if (errors.length) refuse(...errors.map(describe));
  const fragments = fragmentsOf(document);
  const query = o.schema.getQueryType()!;
  for (const operation of operations) {
    let rows: number;
    try {
      rows = estimateRows(operation, query, { fragments, variables: defaultVariables(o.schema, operation), typeOf: (name) => o.schema.getType(name) });
    } catch (err) {
      // A page size out of range, named by its path in the document.
      const field = (err as GraphQLError).extensions?.fieldErrors as { path: string[]; message: string }[] | undefined;
      return refuse(...(field?.map((f) => `${f.path.join('.')}: ${f.message}`) ?? [describe(err as GraphQLError)]));
    }
    if (rows > o.config.GRAPHQL_MAX_COST) {
      refuse(`could load about ${rows} rows with its default page sizes; the limit is ${o.config.GRAPHQL_MAX_COST}. Ask for smaller pages or fewer nested connections.`);
    }
  }
  const only = operations.length === 1 ? operations[0]! : undefined;
  return { document, operationName: only?.name?.value ?? null };
}
