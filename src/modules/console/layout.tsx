// The console's page shell and form parts: skip link, navigation by role, error summary, labelled fields.
import type { Child } from 'hono/jsx';
import type { SessionInfo } from '../accounts/sign-in.ts';

const styles = `
*{box-sizing:border-box}body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}.skip:focus{left:0}
header.bar{background:#12355b;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header.bar a{color:#fff}header.bar nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
header.bar form{margin-left:auto}header.bar .acting{margin:0}
header.bar form.switch{display:flex;gap:.5rem;align-items:center}header.bar form.switch+form{margin-left:0}
header.bar form.switch label{margin:0;font-weight:400}header.bar form.switch select{width:auto}main{max-width:60rem;margin:0 auto;padding:1rem}
a{color:#0b4f8a}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #fd0;outline-offset:2px;box-shadow:0 0 0 5px #1a1a1a}
label,legend{font-weight:600;display:block;margin-top:.75rem}.hint{color:#444;font-size:.95rem;margin:.1rem 0}
input[type=text],input[type=email],input[type=url],input[type=number],input[type=date],input[type=datetime-local],input[type=search],select,textarea{
 font:inherit;padding:.4rem;border:2px solid #1a1a1a;border-radius:2px;width:100%;max-width:36rem}
textarea{min-height:6rem}fieldset{border:1px solid #888;margin:1rem 0;padding:.5rem 1rem}
.choice{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0}.choice input{width:1.25rem;height:1.25rem}
.web-link{border-top:1px solid #ccc;padding:.5rem 0}.web-link:first-of-type{border-top:0}
.field-error{color:#b00020;font-weight:600;margin:.1rem 0}.invalid input,.invalid select,.invalid textarea{border-color:#b00020}
.error-summary{border:4px solid #b00020;padding:1rem;margin:1rem 0}.error-summary h2{margin-top:0}
.notice{border-left:6px solid #0b6e4f;background:#eef7f2;padding:.75rem 1rem;margin:1rem 0}
button,.button{font:inherit;background:#0b6e4f;color:#fff;border:2px solid #0b6e4f;padding:.45rem 1rem;border-radius:2px;cursor:pointer;text-decoration:none;display:inline-block;margin:.25rem .5rem .25rem 0}
button.secondary{background:#fff;color:#12355b;border-color:#12355b}button.warning{background:#b00020;border-color:#b00020}
header.bar button{background:transparent;border-color:#fff}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;border-bottom:1px solid #bbb;padding:.4rem;vertical-align:top}
del{background:#fde8ea;color:#6b0010}ins{background:#e3f4ea;color:#0a4a2a;text-decoration:none}
.state{font-size:.85rem;border:1px solid #555;border-radius:1rem;padding:0 .5rem;white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
code.secret{display:block;padding:.5rem;background:#f3f3f3;border:1px solid #888;word-break:break-all}
`;

export function Page(props: { title: string; session: SessionInfo | null; csrfToken?: string; children?: Child }) {
  const s = props.session;
  const role = s?.viewer.membership?.role;
  const isHost = s?.viewer.membership?.isHost;
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Console · Engagement Directory`}</title>
        <style>{styles}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to main content
        </a>
        <header class="bar">
          <a href="/console">Engagement Directory console</a>
          {s ? (
            <nav aria-label="Console">
              <ul>
                <li>
                  <a href="/console">Home</a>
                </li>
                <li>
                  <a href="/console/entries/new">New entry</a>
                </li>
                {role !== 'reviewer' ? (
                  <li>
                    <a href="/console/import">Import</a>
                  </li>
                ) : null}
                {isHost && (role === 'admin' || role === 'reviewer') ? (
                  <li>
                    <a href="/console/review">Review queue</a>
                  </li>
                ) : null}
                {role === 'admin' || role === 'partner_admin' ? (
                  <li>
                    <a href={`/console/organisations/${s.organisation.slug}/members`}>Members</a>
                  </li>
                ) : null}
                {(isHost && role === 'admin') || (!isHost && role === 'partner_admin') ? (
                  <li>
                    <a href="/console/webhooks">Webhooks</a>
                  </li>
                ) : null}
                <li>
                  <a href="/console/tokens">API tokens</a>
                </li>
                {isHost && role === 'admin' ? (
                  <>
                    <li>
                      <a href="/console/hosts">Hosts</a>
                    </li>
                    <li>
                      <a href="/console/audit">Audit log</a>
                    </li>
                  </>
                ) : null}
                <li>
                  <a href="/console/sessions">Sessions</a>
                </li>
              </ul>
            </nav>
          ) : null}
          {s ? (
            <p class="acting">
              Acting for <strong>{s.organisation.name}</strong>
            </p>
          ) : null}
          {s && props.csrfToken && s.memberships.length > 1 ? <OrganisationSwitcher session={s} csrfToken={props.csrfToken} /> : null}
          {s && props.csrfToken ? (
            <form method="post" action="/console/sign-out">
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <button type="submit">Sign out {s.email}</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** For an account in several organisations: a plain form, so switching works without JavaScript. */
function OrganisationSwitcher(props: { session: SessionInfo; csrfToken: string }) {
  const s = props.session;
  return (
    <form method="post" action="/console/organisation" class="switch">
      <Csrf token={props.csrfToken} />
      <label for="switch-organisation">Act for</label>
      <select id="switch-organisation" name="organisationId">
        {s.memberships.map((m) => (
          <option value={String(m.id)} selected={m.id === s.organisation.id}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="submit">Switch</button>
    </form>
  );
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Listed first on a page that failed, each linking to its field (the GOV.UK pattern). */
export function ErrorSummary(props: { problems: FieldProblem[]; labels?: Record<string, string> }) {
  if (!props.problems.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {props.problems.map((p) => (
          <li>
            <a href={`#f-${p.field}`}>
              {props.labels?.[p.field] ?? p.field}: {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** A labelled control with its hint and error tied to it by aria-describedby. */
export function Field(props: {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (describedBy: string | undefined, id: string) => Child;
}) {
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
      {props.children(described, id)}
    </div>
  );
}

export function TextInput(props: {
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  autocomplete?: string;
}) {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} error={props.error}>
      {(describedBy, id) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
          required={props.required}
          autocomplete={props.autocomplete}
        />
      )}
    </Field>
  );
}

export function Notice(props: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {props.children}
    </div>
  );
}

export const stateLabel = (state: string) => state.replace(/_/g, ' ');
