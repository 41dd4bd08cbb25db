// A field diff as a table: what each changed field was, and what it would become.
import type { FieldChange } from '../../../schema/editorial.ts';

const show = (v: unknown) => (v === null || v === undefined ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v));

export function DiffTable(props: { changes: FieldChange[]; caption: string }) {
  if (!props.changes.length) return <p>No field changed.</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((d) => (
          <tr>
            <th scope="row">{d.field}</th>
            <td>
              <del>{show(d.before)}</del>
            </td>
            <td>
              <ins>{show(d.after)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
