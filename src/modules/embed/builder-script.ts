// The builder page's inline script: live preview and snippets as the partner edits the form.
import { RESIZE_MESSAGE } from './frame.ts';

// Mirrors embedSnippets() in snippets.ts; the server renders the same snippets before any script runs.
export const builderScript = `(function () {
  var cfg = JSON.parse(document.getElementById('ed-builder-config').textContent);
  var form = document.getElementById('ed-builder');
  var element = document.getElementById('ed-preview-element');
  var frame = document.getElementById('ed-preview-frame');
  function esc(s) { return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'); }
  function query(filters, extra) {
    var p = new URLSearchParams();
    cfg.filterNames.forEach(function (n) { if (filters[n]) p.set(n, filters[n]); });
    Object.keys(extra).forEach(function (k) { if (extra[k] !== undefined) p.set(k, extra[k]); });
    var s = p.toString();
    return s ? '?' + s : '';
  }
  function update() {
    var kind = form.elements.kind.value, accepted = cfg.filters[kind], filters = {};
    cfg.filterNames.forEach(function (n) {
      var input = form.elements[n], ok = n === 'search' || accepted.indexOf(n) >= 0, v = input.value.trim();
      input.disabled = !ok;
      input.closest('.field').hidden = !ok;
      if (ok && v) filters[n] = v;
    });
    var limit = String(Math.min(Math.max(parseInt(form.elements.limit.value, 10) || 5, 1), cfg.maxLimit));
    var theme = form.elements.theme.value;
    var label = cfg.labels[kind] + ' from the Engagement Directory';
    var listingUrl = cfg.publicUrl + '/' + kind + query(filters, {});
    // The preview frame stays on this origin (its CSP allows 'self'); the snippet names the public URL.
    var framePath = '/embed/' + kind + query(filters, { limit: limit, theme: theme === 'auto' ? undefined : theme });
    var frameUrl = cfg.publicUrl + framePath;
    var attrs = ['kind="' + kind + '"'];
    cfg.filterNames.forEach(function (n) { if (filters[n]) attrs.push(n + '="' + esc(filters[n]) + '"'); });
    attrs.push('limit="' + limit + '"');
    if (theme !== 'auto') attrs.push('theme="' + theme + '"');
    document.getElementById('ed-snippet-element').value = '<script src="' + cfg.publicUrl + '/embed.js" type="module"></' + 'script>\\n<engagement-listing ' + attrs.join(' ') + '>\\n  <a href="' + esc(listingUrl) + '">' + label + '</a>\\n</engagement-listing>';
    document.getElementById('ed-snippet-iframe').value = '<iframe src="' + esc(frameUrl) + '" title="' + label + '" width="100%" height="' + (90 + limit * 110) + '" style="border:0" loading="lazy"></iframe>\\n' + cfg.resizeListener;
    document.getElementById('ed-snippet-oembed').value = listingUrl;
    ['kind', 'limit', 'theme'].concat(cfg.filterNames).forEach(function (n) {
      var v = n === 'kind' ? kind : n === 'limit' ? limit : n === 'theme' ? theme : filters[n];
      if (v) element.setAttribute(n, v); else element.removeAttribute(n);
    });
    if (frame.getAttribute('src') !== framePath) frame.setAttribute('src', framePath);
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  addEventListener('message', function (e) {
    if (e.origin !== location.origin || !e.data || e.data.type !== '${RESIZE_MESSAGE}' || e.source !== frame.contentWindow) return;
    frame.style.height = e.data.height + 'px';
  });
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).value;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      });
    });
  });
  update();
})();`;
