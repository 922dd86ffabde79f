//! Waze links (developers.google.com/waze/deeplinks): `waze.com/ul?ll=lat,lon` (the shared
//! place; with `navigate=yes` the place to drive to), live-map directions `to=ll.lat,lon`,
//! the share sheet's geohashes `waze.com/ul/h<geohash>` and `?h=<geohash>` (standard
//! geohash, decoded offline by the `geohash` crate), and the embed `iframe?lat=&lon=`.

use super::numbers::{param, param_point, parse_pair};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "waze.com" | "www.waze.com" | "ul.waze.com" | "embed.waze.com")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let ll = param(url, "ll").and_then(|v| parse_pair(&v));
    let navigate = param(url, "navigate").as_deref() == Some("yes");
    let route = param(url, "to").and_then(|v| v.strip_prefix("ll.").and_then(parse_pair));
    let geohash = |code: &str| {
        (!code.is_empty() && code.len() <= 12)
            .then(|| geohash::decode(code).ok())
            .flatten()
            .and_then(|(c, _, _)| Coordinate::new(c.y, c.x))
    };
    let code = url
        .path()
        .strip_prefix("/ul/h")
        .and_then(geohash)
        .or_else(|| param(url, "h").and_then(|h| geohash(&h)));
    let embedded = param_point(url, "lat", "lon");
    let view = param(url, "latlng").and_then(|v| parse_pair(&v));
    Some(first_found(
        Service::Waze,
        [
            (ll.filter(|_| !navigate), Form::Pin),
            (ll, Form::RouteDestination),
            (route, Form::RouteDestination),
            (code, Form::ShortCode),
            (embedded.filter(|_| param(url, "pin").as_deref() == Some("1")), Form::Pin),
            (view.or(embedded), Form::MapView),
        ],
    ))
}
