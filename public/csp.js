// The page's Content-Security-Policy, added before anything else of the page loads: its own
// origin only, plus the short-link resolver this browser has saved (read here, once — a
// policy can only tighten once set, so a new resolver takes a reload). The hashes of the
// page's inline scripts (Trunk's loader) are filled in at build time by web/finish.mjs.
(function () {
  var resolver = '';
  try {
    var saved = localStorage.getItem('pinsheet.resolver');
    if (saved) resolver = new URL(saved.trim()).origin;
  } catch (e) {
    resolver = '';
  }
  if (resolver === 'null') resolver = '';
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' INLINE_SCRIPT_HASHES",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'" + (resolver ? ' ' + resolver : ''),
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  document.head.appendChild(meta);
})();
