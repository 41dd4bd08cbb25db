// A document's fragments by name: how spreads are followed when walking a selection outside graphql-js's executor.
import { Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';

export type FragmentMap = Record<string, FragmentDefinitionNode>;

export function fragmentsOf(document: DocumentNode): FragmentMap {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}
