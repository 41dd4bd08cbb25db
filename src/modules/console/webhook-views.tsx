// The parts of the webhooks page: an endpoint with its delivery log, and the form that adds one (event types as tick boxes).
import { changeActions } from '../../../schema/changes.ts';
import { entryTypes } from '../../../schema/editorial.ts';
import { eventTypeNames, publicEventType, submissionEvents } from '../catalogue/webhook-events.ts';
import type { EndpointListing } from '../webhooks/endpoint-list.ts';
import { Csrf, ErrorSummary, TextInput, type FieldProblem } from './layout.tsx';
import { instantInWords } from './diff.tsx';

const dateTimeInWords = (instant: string) => instantInWords(instant, 'UTC');

export function EndpointSection(props: { listing: EndpointListing; csrf: string }) {
  const { endpoint: e, deliveries } = props.listing;
  const heading = `endpoint-${e.id}`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{e.url}</h2>
      <p>Sends: {e.eventTypes.join(', ')}</p>
      {e.disabledAt ? (
        <p>
          <strong>Disabled</strong> {dateTimeInWords(e.disabledAt)}: {e.disabledReason}
        </p>
      ) : null}
      {e.previousSecretUntil ? <p>The previous secret signs too until {dateTimeInWords(e.previousSecretUntil)}.</p> : null}
      <form method="post" action={`/console/webhooks/${e.id}/rotate`}>
        <Csrf token={props.csrf} />
        <p class="hint">A new secret; the old one keeps signing for 24 hours so your receiver can switch.</p>
        <button type="submit" class="secondary">
          Rotate the secret of {e.url}
        </button>
      </form>
      <form method="post" action={`/console/webhooks/${e.id}/delete`}>
        <Csrf token={props.csrf} />
        <button type="submit" class="warning">
          Delete {e.url}
        </button>
      </form>
      {deliveries.length ? (
        <table>
          <caption>Latest deliveries to {e.url}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Happened</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr>
                <td>
                  {d.eventType} <code>{d.slug}</code>
                </td>
                <td>{dateTimeInWords(d.occurredAt)}</td>
                <td>{d.status === 'pending' ? `pending, next try ${dateTimeInWords(d.nextAttemptAt)}` : d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : 'none yet')}</td>
                <td>
                  {e.disabledAt ? null : (
                    <form method="post" action={`/console/webhooks/deliveries/${d.id}/replay`}>
                      <Csrf token={props.csrf} />
                      <button type="submit" class="secondary">
                        Replay {d.eventType} of {d.slug}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Nothing sent yet.</p>
      )}
    </section>
  );
}

const EventChoice = (props: { value: string; checked: boolean }) => (
  <div class="choice">
    <input type="checkbox" id={`ev-${props.value}`} name="eventTypes" value={props.value} checked={props.checked} />
    <label for={`ev-${props.value}`} style="margin:0;font-weight:400">
      {props.value}
    </label>
  </div>
);

export function AddEndpointForm(props: { csrf: string; problems: FieldProblem[]; url?: string; chosen: readonly string[] }) {
  const errorOf = (f: string) => props.problems.find((p) => p.field === f)?.message;
  const eventsError = errorOf('eventTypes');
  return (
    <>
      <h2>Add an endpoint</h2>
      <ErrorSummary problems={props.problems} labels={{ url: 'Address', eventTypes: 'Events' }} />
      <form method="post" action="/console/webhooks" novalidate>
        <Csrf token={props.csrf} />
        <TextInput
          name="url"
          label="Address"
          type="url"
          hint="An https:// address of your receiver"
          value={props.url}
          error={errorOf('url')}
        />
        <fieldset id="f-eventTypes" aria-describedby={eventsError ? 'f-eventTypes-error' : undefined}>
          <legend>Events</legend>
          {eventsError ? (
            <p class="field-error" id="f-eventTypes-error">
              {eventsError}
            </p>
          ) : null}
          <fieldset>
            <legend>Submissions (your organisation's entries; every entry for hosts)</legend>
            {Object.values(submissionEvents).map((v) => (
              <EventChoice value={v} checked={props.chosen.includes(v)} />
            ))}
          </fieldset>
          {entryTypes.map((t) => (
            <fieldset>
              <legend>Public changes: {eventTypeNames[t].replace('_', ' ')}</legend>
              {changeActions.map((a) => (
                <EventChoice value={publicEventType(t, a)} checked={props.chosen.includes(publicEventType(t, a))} />
              ))}
            </fieldset>
          ))}
        </fieldset>
        <button type="submit">Add endpoint</button>
      </form>
    </>
  );
}
