// The public pages' one script, an enhancement only: filters apply as they change, results swap in place, history follows.
import { createHash } from 'node:crypto';

/**
 * Without it the filter form is a plain GET form with an Apply button, and every link a navigation. With it,
 * a changed filter (or a chip, tab or pager link) fetches the same URL a submit would, swaps the listing in,
 * keeps focus on the control the reader was using, and pushes the URL, so Back restores the previous filters.
 * The result count sits in a live region outside the swapped part, so screen readers hear the new count.
 */
const js = `(() => {
  const region = () => document.getElementById('listing');
  if (!region() || !window.fetch || !window.history.pushState) return;
  let pending;
  async function show(url, push) {
    pending?.abort();
    pending = new AbortController();
    const focused = document.activeElement && document.activeElement.id;
    region().setAttribute('aria-busy', 'true');
    let text;
    try {
      const res = await fetch(url, { signal: pending.signal, headers: { accept: 'text/html' } });
      if (!res.ok) { window.location.href = url; return; }
      text = await res.text();
    } catch (err) {
      if (err.name !== 'AbortError') window.location.href = url;
      return;
    }
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const next = doc.getElementById('listing');
    if (!next) { window.location.href = url; return; }
    region().replaceWith(document.importNode(next, true));
    const live = document.getElementById('announce');
    const nextLive = doc.getElementById('announce');
    if (live && nextLive) live.textContent = nextLive.textContent;
    document.title = doc.title;
    if (push) history.pushState({ directory: true }, '', url);
    const again = focused && document.getElementById(focused);
    if (again) again.focus();
    wire();
  }
  function urlOf(form) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim() !== '') params.append(k, String(v));
    const q = params.toString();
    return form.action.split('?')[0] + (q ? '?' + q : '');
  }
  function wire() {
    const form = document.getElementById('filters');
    if (form) {
      form.addEventListener('change', (e) => { if (e.target.type !== 'search' && e.target.type !== 'text') show(urlOf(form), true); });
      form.addEventListener('submit', (e) => { e.preventDefault(); show(urlOf(form), true); });
    }
    for (const a of region().querySelectorAll('a[data-swap]')) {
      a.addEventListener('click', (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        show(a.href, true);
      });
    }
  }
  history.replaceState({ directory: true }, '', window.location.href);
  window.addEventListener('popstate', (e) => { if (e.state && e.state.directory) show(window.location.href, false); });
  wire();
})();
`;

export const siteScript = js;
const hash = createHash('sha256').update(js).digest('hex').slice(0, 12);
export const siteScriptPath = `/assets/directory.${hash}.js`;
