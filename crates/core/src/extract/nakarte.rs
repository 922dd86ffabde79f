//! nakarte.me keeps its state in the fragment as `key=v1/v2/…` pairs (wladich/nakarte,
//! `leaflet.hashState`): `m=zoom/lat/lon` is the map view, a placemark `r=lat/lon/title` the
//! shared place.

use super::numbers::{parse_decimal, percent_decode, zoom_lat_lon};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "nakarte.me" | "www.nakarte.me")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let fragment = url.fragment().map(percent_decode).unwrap_or_default();
    let field = |key: &str| fragment.split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='));
    let placemark = field("r").and_then(|r| {
        let mut parts = r.split('/');
        Coordinate::new(parse_decimal(parts.next()?)?, parse_decimal(parts.next()?)?)
    });
    let view = field("m").and_then(zoom_lat_lon);
    Some(first_found(Service::Nakarte, [(placemark, Form::Pin), (view, Form::MapView)]))
}
