// Starts the gateway reads the first view waits for while the shell's modules download (a classic
// script, run as soon as the HTML head is parsed, long before the module graph is in). The shell's
// API client takes each answer for its first GET of exactly that URL (src/early-requests.ts) when
// the gateway URL is the same; anything else is fetched as usual.
// - GET /api/panels, the first link of the chain to a panel's first rows (registry -> panel
//   manifest -> panel JS -> the panel's own reads), unless the server of this page wrote the
//   registry into it (aether-static: <script id="aether-registry">): the shell starts from that.
// - the reads that block names (`requests`): those the panel this page shows declares for its
//   first paint (its aether-first-requests.json), and those the shell declares for a page of its
//   own (the Now view's first page of down services at /: src/now/first-requests.json), so they
//   wait at the gateway beside the code download instead of after it.
(function () {
  var configured = window.__AETHER__ && window.__AETHER__.gatewayUrl;
  var meta = document.querySelector('meta[name="aether-gateway"]');
  var url = String(configured || (meta && meta.getAttribute('content')) || '')
    .trim()
    .replace(/\/+$/, '');
  if (!url || typeof fetch !== 'function') return;
  var read = function (path) {
    var answer = fetch(new URL(url + path, location.href).href, {
      credentials: 'include',
      headers: { accept: 'application/json, application/problem+json' },
    });
    // unread (another gateway URL in the end) or failed, it must not report an unhandled
    // rejection; the shell reads for itself then
    answer.catch(function () {});
    return answer;
  };
  var block = document.getElementById('aether-registry');
  var early = { gatewayUrl: url, answers: {} };
  if (!block) {
    early.panels = read('/api/panels');
  } else {
    try {
      var carried = JSON.parse(block.textContent || '');
      var ours = new URL(url + '/api/panels', location.href).href;
      if (carried && carried.url === ours && Array.isArray(carried.requests)) {
        carried.requests.forEach(function (path) {
          if (typeof path === 'string' && path.indexOf('/api/') === 0)
            early.answers[new URL(url + path, location.href).href] = read(path);
        });
      }
    } catch {
      // not JSON: the shell ignores the block too, and reads for itself
    }
  }
  window.__AETHER_EARLY__ = early;
})();
