// <engagement-listing>: a directory listing on any page, in a shadow root, fetched by persisted query over GET.
// Served as /embed.js with the config below filled in by the server (hashes, filter table, styles).
const config = __EMBED_CONFIG__;
// The API is wherever this script came from; links go to the public directory.
const api = new URL('/graphql', import.meta.url).href;
const filterNames = ['topic', 'organisation', 'region', 'format', 'series', 'search'];

const words = (v) => v.charAt(0) + v.slice(1).toLowerCase().replace(/_/g, ' ');
const clip = (t, max = 180) => {
  if (!t) return null;
  const flat = t.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[\s,.;:]+$/, '')}…`;
};
const dateFormat = (precision, time) =>
  precision === 'DAY'
    ? {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        ...(time ? { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
      }
    : precision === 'MONTH'
      ? { month: 'long', year: 'numeric' }
      : { year: 'numeric' };
const formatDate = (iso, precision, timeZone, time) =>
  new Intl.DateTimeFormat('en-GB', { ...dateFormat(precision, time), timeZone }).format(new Date(iso));

// Mirrors toItem() in listing.ts, so the element and the iframe read alike.
const toItem = {
  events: (n) => [
    n.title,
    [
      n.status !== 'SCHEDULED' && words(n.status),
      formatDate(n.startsAt, n.datePrecision, n.timeZone, true),
      words(n.format),
      n.venue || n.place?.name,
    ],
    clip(n.description),
  ],
  'case-studies': (n) => [
    n.title,
    [n.startDate && formatDate(`${n.startDate}T00:00:00Z`, n.startDatePrecision, 'UTC'), ...n.places.map((p) => p.name)],
    clip(n.summary),
  ],
  organisations: (n) => [n.name, [words(n.kind), n.region], clip(n.description)],
  methods: (n) => [n.name, [], clip(n.description)],
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  // Text only, never markup: what entry authors wrote cannot become HTML here.
  for (const child of children) if (child != null) node.append(child);
  return node;
}

class EngagementListing extends HTMLElement {
  static observedAttributes = ['kind', 'limit', ...filterNames];
  #pending = false;
  #request = 0;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).append(el('style', {}, config.css), el('div', { class: 'ed-root', part: 'root' }));
  }

  connectedCallback() {
    this.#schedule();
  }
  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  // Several attributes often change together (a CMS, the builder page): fetch once.
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.#load();
    });
  }

  get #root() {
    return this.shadowRoot.querySelector('.ed-root');
  }

  #listingUrl(kind, filters) {
    const q = new URLSearchParams(Object.entries(filters)).toString();
    return `${config.publicUrl}/${kind}${q ? `?${q}` : ''}`;
  }

  async #load() {
    const kind = this.getAttribute('kind') || 'events';
    const spec = config.kinds[kind];
    const root = this.#root;
    if (!spec) return this.#fail(`there is no kind “${kind}”: use ${Object.keys(config.kinds).join(', ')}.`, config.publicUrl);
    const filters = {};
    for (const name of filterNames) {
      const value = this.getAttribute(name)?.trim();
      if (value) filters[name] = value;
    }
    // A filter this kind does not have would be dropped silently; the iframe refuses it, and so do we, visibly.
    const inapplicable = Object.keys(filters).filter((name) => name !== 'search' && !spec.filters[name]);
    if (inapplicable.length) {
      const accepted = [...Object.keys(spec.filters), 'search'].join(', ');
      return this.#fail(
        inapplicable.map((name) => `${name} does not apply to ${kind}; ${kind} accept ${accepted}.`).join(' '),
        this.#listingUrl(kind, {}),
      );
    }
    const limit = Math.min(Math.max(parseInt(this.getAttribute('limit') ?? '', 10) || 5, 1), config.maxLimit);
    const filter = {};
    for (const [name, [field, list]] of Object.entries(spec.filters)) {
      let value = filters[name];
      if (value === undefined) continue;
      if (name === 'format') value = value.toUpperCase().replace('-', '_');
      filter[field] = list ? [value] : value;
    }
    const variables = { first: limit, filter, search: filters.search ?? null };
    const url = `${api}?documentId=sha256:${spec.hash}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const more = this.#listingUrl(kind, filters);
    const request = ++this.#request;
    root.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(url, { credentials: 'omit', headers: { accept: 'application/graphql-response+json, application/json' } });
      const body = await res.json();
      if (request !== this.#request) return;
      if (!body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
      const connection = Object.values(body.data)[0];
      // Empty: is it a quiet topic, or one that does not exist ("helth")? Only then ask.
      const missing = connection.nodes.length ? [] : await this.#missingNames(filters);
      if (request !== this.#request) return;
      if (missing.length) return this.#fail(missing.join(' '), this.#listingUrl(kind, {}));
      this.#render(kind, connection, more);
    } catch (err) {
      if (request !== this.#request) return;
      console.warn(`<engagement-listing>: could not load ${kind}: ${err.message}`, this);
      root.replaceChildren(
        el(
          'p',
          { class: 'ed-status', part: 'status' },
          `Could not load this listing (${err.message}). `,
          el('a', { href: more }, 'See it in the Engagement Directory'),
        ),
      );
    } finally {
      if (request === this.#request) root.removeAttribute('aria-busy');
    }
  }

  /** The topic, organisation or series given that names nothing published, as sentences. */
  async #missingNames(filters) {
    const missing = [];
    for (const { name, noun, hash } of config.names) {
      if (!filters[name]) continue;
      const url = `${api}?documentId=sha256:${hash}&variables=${encodeURIComponent(JSON.stringify({ slug: filters[name] }))}`;
      const res = await fetch(url, { credentials: 'omit', headers: { accept: 'application/graphql-response+json, application/json' } });
      const body = await res.json();
      if (body.data && !body.data.found) missing.push(`No published ${noun} is called “${filters[name]}”.`);
    }
    return missing;
  }

  /** What is wrong, where the partner sees it and in the console, with a way on to the directory. */
  #fail(message, link) {
    console.warn(`<engagement-listing>: ${message}`, this);
    this.#root.replaceChildren(
      el(
        'p',
        { class: 'ed-status ed-error', part: 'status', role: 'alert' },
        `This listing cannot be shown: ${message} `,
        el('a', { href: link }, 'Browse the Engagement Directory'),
      ),
    );
  }

  #render(kind, connection, more) {
    const { listing, plural } = config.labels[kind];
    const label = this.getAttribute('aria-label') || `${listing} from the Engagement Directory`;
    if (!connection.nodes.length) {
      return this.#root.replaceChildren(
        el(
          'p',
          { class: 'ed-empty', part: 'empty' },
          `No ${plural} match yet. `,
          el('a', { href: more }, 'Browse the Engagement Directory'),
        ),
      );
    }
    const items = connection.nodes.map((n) => {
      const [title, meta, description] = toItem[kind](n);
      const facts = meta.filter(Boolean);
      return el(
        'li',
        { class: 'ed-item', part: 'item' },
        el(
          'a',
          { class: 'ed-title', part: 'title', dir: 'auto', href: `${config.publicUrl}/${kind}/${encodeURIComponent(n.slug)}` },
          title,
        ),
        facts.length ? el('p', { class: 'ed-meta', part: 'meta', dir: 'auto' }, facts.join(' · ')) : null,
        description ? el('p', { class: 'ed-desc', part: 'description', dir: 'auto' }, description) : null,
      );
    });
    // As the server's render.ts: a count that stopped at its bound reads "1,000+", never "1,000".
    const { value, exact } = connection.count;
    const moreText =
      exact && value <= items.length
        ? 'More in the Engagement Directory'
        : `See all ${value.toLocaleString('en-GB')}${exact ? '' : '+'} ${plural} in the Engagement Directory`;
    this.#root.replaceChildren(
      el('ul', { class: 'ed-list', part: 'list', role: 'list', 'aria-label': label }, ...items),
      el('p', { class: 'ed-more', part: 'more' }, el('a', { href: more }, moreText)),
    );
  }
}

if (!customElements.get('engagement-listing')) customElements.define('engagement-listing', EngagementListing);
