// The map frame's Content-Security-Policy, added before any other resource of the frame loads.
// Its own files only (the clustering worker, map-worker.js, included); OpenStreetMap's tile
// server only when the person switched tiles on (?tiles=1 — the frame reloads to switch). A policy can only tighten once set, which is why
// the map lives in its own frame: the page's policy never allows the tile server.
(function () {
  var tiles = new URLSearchParams(location.search).get('tiles') === '1';
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:" + (tiles ? ' https://tile.openstreetmap.org' : ''),
    "connect-src 'self'",
    "worker-src 'self'",
  ].join('; ');
  document.head.appendChild(meta);
})();
