// The JSON scalar: revision snapshots and field values, whose shape depends on the entry type.
import { builder } from '../../graphql/builder.ts';

builder.scalarType('JSON', {
  description: 'Any JSON value. Used for revision snapshots and diffs, whose fields depend on the entry type.',
  serialize: (value) => value,
  parseValue: (value) => value,
});
