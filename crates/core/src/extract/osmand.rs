//! OsmAnd (osmandapp/web `docs/technical/algorithms/osmand-intents.md` and the app's share
//! menu): `osmand.net/map?pin=lat,lon#zoom/lat/lon` marks a place, `#zoom/lat/lon` alone is
//! the map view, `?finish=lat,lon` a route's destination; `osmand.net/go.html?lat=&lon=&z=`
//! (older `download.osmand.net/go?…`) is a shared place. The `osmand.api://` commands
//! (`show_location`, `add_map_marker`, `add_favorite`: `lat`/`lon`; `navigate`: `dest_lat`/
//! `dest_lon`) come from osmandapp/osmand-api-demo.

use super::numbers::{param, param_point, parse_pair, zoom_lat_lon};
use super::{first_found, Extraction, Form, Service};
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "osmand.net" | "www.osmand.net" | "download.osmand.net")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let pair = |name: &str| param(url, name).and_then(|v| parse_pair(&v));
    let separate = param_point(url, "lat", "lon");
    let view = url.fragment().and_then(zoom_lat_lon);
    Some(first_found(
        Service::OsmAnd,
        [
            (pair("pin"), Form::Pin),
            (separate, Form::Pin),
            (pair("finish"), Form::RouteDestination),
            (view, Form::MapView),
        ],
    ))
}

/// An `osmand.api://<command>?…` link, given as `https://osmand.api/<command>?…`.
pub(super) fn api(url: &Url) -> Extraction {
    let point = |lat: &str, lon: &str| param_point(url, lat, lon);
    first_found(
        Service::OsmAnd,
        [(point("lat", "lon"), Form::Pin), (point("dest_lat", "dest_lon"), Form::RouteDestination)],
    )
}
