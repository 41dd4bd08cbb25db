// Maintainers in the API: which organisations co-maintain an entry.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { parseEntryId } from './ids.ts';
import { setMaintainer } from './maintainers.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';

const MaintainersRef = builder.objectRef<{ organisationIds: number[] }>('Maintainers').implement({
  fields: (t) => ({
    organisationIds: t.field({ type: ['ID'], resolve: (m) => m.organisationIds.map((id) => encodeGlobalID('Organisation', id)) }),
  }),
});

builder.mutationFields((t) => ({
  setMaintainer: t.field({
    type: MaintainersRef,
    errors: mutationErrors,
    description: 'Add (or, with maintains: false, remove) an organisation as a maintainer of an entry.',
    args: {
      id: t.arg.id({ required: true }),
      organisation: t.arg.string({ required: true }),
      maintains: t.arg.boolean({ defaultValue: true }),
    },
    resolve: async (_r, a, ctx) => {
      const { spec, id } = parseEntryId('id', String(a.id));
      return {
        organisationIds: await setMaintainer({
          ...serviceContext(ctx),
          type: spec.type,
          entryId: id,
          organisation: a.organisation,
          maintains: a.maintains ?? true,
        }),
      };
    },
  }),
}));
