// Bounds on what one operation may ask for: page sizes, and the rows its nested connections could load.
import type { Plugin } from 'graphql-yoga';
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type DefinitionNode,
} from 'graphql';
import { fragmentsOf, type FragmentMap } from './fragments.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.ts';

type Composite = GraphQLObjectType | GraphQLInterfaceType;
const isComposite = (t: GraphQLNamedType | undefined | null): t is Composite => !!t && (isObjectType(t) || isInterfaceType(t));

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.NULL) return null;
  return Number.NaN;
}

function reject(message: string, path: string[], code = 'INVALID_INPUT'): never {
  throw new GraphQLError(message, { extensions: { code, ...(path.length ? { fieldErrors: [{ path, message }] } : {}) } });
}

interface Walk {
  fragments: FragmentMap;
  variables: Record<string, unknown>;
  typeOf: (name: string) => GraphQLNamedType | undefined | null;
}

/**
 * Estimates the rows one operation could load: a connection (a field taking `first`) multiplies
 * what lies below it by its page size. Refuses a page size outside 0..MAX_PAGE_SIZE, naming it.
 */
export function estimateRows(operation: OperationDefinitionNode, root: Composite, walk: Walk): number {
  let total = 0;
  const visit = (set: SelectionSetNode, type: Composite, multiplier: number, path: string[], depth: number): void => {
    if (depth > 64) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        visitField(sel, type, multiplier, path, depth);
        continue;
      }
      const frag = sel.kind === Kind.FRAGMENT_SPREAD ? walk.fragments[sel.name.value] : sel;
      if (!frag) continue;
      const cond = frag.typeCondition ? walk.typeOf(frag.typeCondition.name.value) : type;
      visit(frag.selectionSet, isComposite(cond) ? cond : type, multiplier, path, depth + 1);
    }
  };
  const visitField = (field: FieldNode, parent: Composite, multiplier: number, path: string[], depth: number): void => {
    const here = [...path, field.alias?.value ?? field.name.value];
    const def = parent.getFields()[field.name.value];
    if (!def) return;
    let rows = multiplier;
    if (def.args.some((a) => a.name === 'first')) {
      let size = DEFAULT_PAGE_SIZE;
      for (const name of ['first', 'last'] as const) {
        const value = argValue(field.arguments?.find((a) => a.name.value === name)?.value, walk.variables);
        if (value == null) continue;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
          reject(`\`${name}\` must be a whole number from 0 to ${MAX_PAGE_SIZE}`, [...here, name]);
        }
        size = value;
      }
      rows = multiplier * Math.max(size, 1);
      total += rows;
    }
    const named = getNamedType(def.type);
    if (field.selectionSet && isComposite(named)) visit(field.selectionSet, named, rows, here, depth + 1);
  };
  visit(operation.selectionSet, root, 1, [], 0);
  return total;
}

/** Yoga plugin: refuses bad page sizes and operations estimated above `maxRows`, before any SQL runs. */
export function pageAndCostLimits(limits: { maxRows: number }): Plugin {
  return {
    onExecute({ args }) {
      const operation = args.document.definitions.find(
        (d: DefinitionNode): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
      );
      const root = operation?.operation === 'mutation' ? args.schema.getMutationType() : args.schema.getQueryType();
      if (!operation || !root) return;
      const rows = estimateRows(operation, root, {
        fragments: fragmentsOf(args.document),
        variables: (args.variableValues ?? {}) as Record<string, unknown>,
        typeOf: (name) => args.schema.getType(name),
      });
      if (rows > limits.maxRows) {
        reject(
          `This query could load about ${rows} rows; the limit is ${limits.maxRows}. Ask for smaller pages or fewer nested connections.`,
          [],
          'QUERY_TOO_COMPLEX',
        );
      }
    },
  };
}
