// Starts GET /api/panels while the shell's modules download (a classic script, run as soon as the
// HTML head is parsed, long before the module graph is in): the registry is the first link of the
// chain to a panel's first rows (registry -> panel manifest -> panel JS -> the panel's own reads).
// The shell's API client takes this answer for its first read of the registry (src/early-requests.ts)
// when the gateway URL is the same; anything else is fetched as usual. When the server of this page
// wrote the registry into it (aether-static: <script id="aether-registry">), the shell starts from
// that and nothing is asked here.
(function () {
  var configured = window.__AETHER__ && window.__AETHER__.gatewayUrl;
  var meta = document.querySelector('meta[name="aether-gateway"]');
  var url = String(configured || (meta && meta.getAttribute('content')) || '')
    .trim()
    .replace(/\/+$/, '');
  if (!url || typeof fetch !== 'function' || document.getElementById('aether-registry')) return;
  var panels = fetch(url + '/api/panels', {
    credentials: 'include',
    headers: { accept: 'application/json, application/problem+json' },
  });
  // unread (another gateway URL in the end) or failed, it must not report an unhandled rejection;
  // the shell reads the registry itself then
  panels.catch(function () {});
  window.__AETHER_EARLY__ = { gatewayUrl: url, panels: panels };
})();
