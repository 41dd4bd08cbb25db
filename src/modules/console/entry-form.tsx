// The entry form, quick or full: every field labelled, its error beside it, links chosen by searching names.
import type { Child } from 'hono/jsx';
import type { Target } from './entry-search.ts';
import type { FormField, FormValues, WebLinkValue } from '../editorial/entry-fields.ts';
import { Csrf, ErrorSummary, Field, type FieldProblem } from './layout.tsx';

export interface FormState {
  fields: FormField[];
  values: FormValues;
  problems: FieldProblem[];
  /** Search results per link field, and the names of what is linked already, by slug. */
  found: Record<string, Target[]>;
  names: Map<string, string>;
  finds: Record<string, string>;
}

const human = (s: string) => s.replace(/_/g, ' ');

function PlainField(props: { f: FormField; value: string; error?: string | undefined }) {
  const { f, value, error } = props;
  return (
    <Field name={f.name} label={f.label} hint={f.hint} error={error}>
      {(describedBy, id) => {
        const common = { id, name: f.name, 'aria-describedby': describedBy, 'aria-invalid': error ? 'true' : undefined };
        switch (f.kind) {
          case 'textarea':
          case 'lines':
            return (
              <textarea {...common} rows={f.kind === 'lines' ? 4 : 6}>
                {value}
              </textarea>
            );
          case 'select':
          case 'yesno': {
            const options = f.kind === 'yesno' ? ['yes', 'no'] : (f.options ?? []);
            return (
              <select {...common}>
                <option value="">Not given</option>
                {options.map((o) => (
                  <option value={o} selected={o === value}>
                    {human(o)}
                  </option>
                ))}
              </select>
            );
          }
          default: {
            const type = { url: 'url', date: 'date', datetime: 'datetime-local', number: 'number' }[f.kind as string] ?? 'text';
            return <input {...common} type={type} value={value} />;
          }
        }
      }}
    </Field>
  );
}

/** Chosen links as ticked boxes, then a search whose results can be ticked: no JavaScript needed. */
function LinkField(props: { f: FormField; s: FormState; error?: string | undefined }) {
  const { f, s, error } = props;
  const chosen = (s.values[f.name] as { slug: string; role?: string }[]) ?? [];
  const single = f.kind === 'ref';
  const extra = (s.found[f.name] ?? []).filter((t) => !chosen.some((c) => c.slug === t.slug));
  const errorId = `f-${f.name}-error`;
  const option = (slug: string, name: string, checked: boolean, role?: string) => {
    const id = `f-${f.name}-${slug}`;
    return (
      <div class="choice">
        <input type={single ? 'radio' : 'checkbox'} id={id} name={f.name} value={slug} checked={checked} />
        <label for={id} style="margin:0;font-weight:400">
          {name} <span class="hint">({slug})</span>
        </label>
        {f.roles ? (
          <>
            <label for={`${id}-role`} class="visually-hidden">
              Role of {name}
            </label>
            <select id={`${id}-role`} name={`${f.name}.role.${slug}`}>
              {f.roles.map((r) => (
                <option value={r} selected={r === (role ?? f.roles![0])}>
                  {human(r)}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
    );
  };
  return (
    <fieldset id={`f-${f.name}`} class={error ? 'invalid' : undefined} aria-describedby={error ? errorId : undefined}>
      <legend>{f.label}</legend>
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {single ? (
        <div class="choice">
          <input type="radio" id={`f-${f.name}-none`} name={f.name} value="" checked={!chosen.length} />
          <label for={`f-${f.name}-none`} style="margin:0;font-weight:400">
            None
          </label>
        </div>
      ) : null}
      {chosen.map((c) => option(c.slug, s.names.get(`${f.target}:${c.slug}`) ?? c.slug, true, c.role))}
      {extra.map((t) => option(t.slug, t.name, false))}
      {s.finds[f.name] && !extra.length ? <p role="status">Nothing found for “{s.finds[f.name]}”.</p> : null}
      <label for={`f-find-${f.name}`}>
        Find {f.target === 'eventSeries' ? 'an event series' : `${/^[aeiou]/.test(f.target ?? '') ? 'an' : 'a'} ${f.target}`} by name
      </label>
      <input type="search" id={`f-find-${f.name}`} name={`find.${f.name}`} value={s.finds[f.name] ?? ''} />
      <button type="submit" class="secondary" name="_do" value={`find:${f.name}`}>
        Search {f.label.toLowerCase()}
      </button>
    </fieldset>
  );
}

/**
 * Each link as a row of address, label and kind, then one blank row for another: any button that posts the form
 * back (a search, "Add another") shows a fresh blank row, so no script is needed to grow the list.
 */
function WebLinksField(props: { f: FormField; rows: WebLinkValue[]; error?: string | undefined }) {
  const { f, error } = props;
  const rows = [...props.rows, { url: '', label: '', kind: f.options?.[0] ?? '' }];
  const errorId = `f-${f.name}-error`;
  const hintId = `f-${f.name}-hint`;
  return (
    <fieldset
      id={`f-${f.name}`}
      class={error ? 'invalid' : undefined}
      aria-describedby={[f.hint ? hintId : '', error ? errorId : ''].join(' ').trim() || undefined}
    >
      <legend>{f.label}</legend>
      {f.hint ? (
        <p class="hint" id={hintId}>
          {f.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {rows.map((row, i) => {
        const id = `f-${f.name}-${i}`;
        const which = i < props.rows.length ? `link ${i + 1}` : 'a new link';
        return (
          <div class="web-link">
            <label for={`${id}-url`}>Address of {which}</label>
            <input type="url" id={`${id}-url`} name={`${f.name}.${i}.url`} value={row.url} />
            <label for={`${id}-label`}>Label of {which}</label>
            <input type="text" id={`${id}-label`} name={`${f.name}.${i}.label`} value={row.label} />
            <label for={`${id}-kind`}>Kind of {which}</label>
            <select id={`${id}-kind`} name={`${f.name}.${i}.kind`}>
              {(f.options ?? []).map((o) => (
                <option value={o} selected={o === row.kind}>
                  {human(o)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <button type="submit" class="secondary" name="_do" value={`add:${f.name}`}>
        Add another {f.label.toLowerCase() === 'resources' ? 'resource' : 'link'}
      </button>
    </fieldset>
  );
}

export function EntryForm(props: { action: string; csrf: string; s: FormState; hidden?: Record<string, string>; children?: Child }) {
  const { s } = props;
  const errorOf = (name: string) => s.problems.find((p) => p.field === name)?.message;
  const labels = Object.fromEntries(s.fields.map((f) => [f.name, f.label]));
  return (
    <>
      <ErrorSummary problems={s.problems} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <Csrf token={props.csrf} />
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {s.fields.map((f) =>
          f.target ? (
            <LinkField f={f} s={s} error={errorOf(f.name)} />
          ) : f.kind === 'webLinks' ? (
            <WebLinksField f={f} rows={(s.values[f.name] as WebLinkValue[]) ?? []} error={errorOf(f.name)} />
          ) : (
            <PlainField f={f} value={String(s.values[f.name] ?? '')} error={errorOf(f.name)} />
          ),
        )}
        {props.children}
      </form>
    </>
  );
}
