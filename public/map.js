// The map frame: Leaflet over an offline Natural Earth outline (or OpenStreetMap tiles when
// switched on). The page sends the points and the selected row; a click on a point tells the
// page which row it is. Messages are accepted from the page's own origin only.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var tiles = params.get('tiles') === '1';
  if (params.get('theme') === 'dark') document.documentElement.classList.add('dark');
  // Restrained motion: no zoom or pan animation for people who ask for less motion.
  var still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  var map = L.map('map', {
    preferCanvas: true, worldCopyJump: true, minZoom: 1, zoomSnap: 0.5,
    zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still,
  });
  map.setView([20, 0], 1.5);
  map.attributionControl.setPrefix(false);
  var renderer = L.canvas({ padding: 0.5 });
  var dark = function () { return document.documentElement.classList.contains('dark'); };

  var land = null;
  var landStyle = function () {
    return dark()
      ? { color: '#52606d', weight: 0.6, fillColor: '#243443', fillOpacity: 1 }
      : { color: '#9aa5b1', weight: 0.6, fillColor: '#f5f3ee', fillOpacity: 1 };
  };
  if (tiles) {
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors',
    }).addTo(map);
  } else {
    map.attributionControl.addAttribution('Outline: Natural Earth (public domain)');
    fetch('vendor/basemap/countries-110m.json')
      .then(function (response) { return response.json(); })
      .then(function (countries) {
        land = L.geoJSON(countries, { interactive: false, renderer: renderer, style: landStyle }).addTo(map);
        land.bringToBack();
        document.body.dataset.basemap = 'ready';
      })
      .catch(function () { document.body.dataset.basemap = 'failed'; });
  }

  var layer = L.layerGroup().addTo(map);
  var markers = new Map();
  var selected = null;
  var style = function (low, chosen) {
    return {
      renderer: renderer,
      radius: chosen ? 9 : 5,
      weight: chosen ? 3 : 1,
      color: chosen ? '#2f81f7' : low ? '#8a5300' : '#0f5323',
      fillColor: low ? '#e3a008' : '#2da44e',
      fillOpacity: 0.85,
    };
  };
  var tell = function (message) { parent.postMessage(message, location.origin); };

  function draw(points) {
    layer.clearLayers();
    markers.clear();
    selected = null;
    var bounds = [];
    for (var i = 0; i < points.lat.length; i++) {
      var index = points.index[i];
      var low = points.low[i] === 1;
      var marker = L.circleMarker([points.lat[i], points.lon[i]], style(low, false));
      marker.low = low;
      marker.on('click', (function (index) {
        return function () { select(index, false); tell({ type: 'select', index: index }); };
      })(index));
      marker.addTo(layer);
      markers.set(index, marker);
      bounds.push([points.lat[i], points.lon[i]]);
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
    document.body.dataset.points = String(points.lat.length);
  }

  function select(index, pan) {
    if (selected) selected.setStyle(style(selected.low, false));
    selected = markers.get(index) || null;
    document.body.dataset.selected = selected ? String(index) : '';
    if (!selected) return;
    selected.setStyle(style(selected.low, true));
    selected.bringToFront();
    if (pan) map.setView(selected.getLatLng(), Math.max(map.getZoom(), 8), { animate: !still });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || event.source !== parent) return;
    var message = event.data || {};
    if (message.type === 'points') draw(message);
    else if (message.type === 'select') select(message.index, true);
    else if (message.type === 'theme') {
      document.documentElement.classList.toggle('dark', message.dark === true);
      if (land) land.setStyle(landStyle);
    }
  });

  var toggle = document.getElementById('tiles');
  toggle.checked = tiles;
  toggle.addEventListener('change', function () {
    var next = new URLSearchParams(location.search);
    if (toggle.checked) next.set('tiles', '1'); else next.delete('tiles');
    tell({ type: 'tiles', on: toggle.checked });
    location.search = next.toString();
  });
  // For the e2e tests, which click points where the map drew them.
  window.pinsheetMap = { map: map, markers: markers };
  tell({ type: 'ready' });
})();
