//! Waze links: `waze.com/ul?ll=lat,lon` (the place to drive to), live-map directions
//! `to=ll.lat,lon`, and `waze.com/ul/h<geohash>` share links, decoded offline (the `geohash`
//! crate).

use super::numbers::{param, parse_pair};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "waze.com" | "www.waze.com" | "ul.waze.com")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let pin = param(url, "ll").and_then(|v| parse_pair(&v));
    let route = param(url, "to").and_then(|v| v.strip_prefix("ll.").and_then(parse_pair));
    let code = url
        .path()
        .strip_prefix("/ul/h")
        .filter(|code| !code.is_empty() && code.len() <= 12)
        .and_then(|code| geohash::decode(code).ok())
        .and_then(|(c, _, _)| Coordinate::new(c.y, c.x));
    let view = param(url, "latlng").and_then(|v| parse_pair(&v));
    Some(first_found(
        Service::Waze,
        [(pin, Form::Pin), (route, Form::RouteDestination), (code, Form::ShortCode), (view, Form::MapView)],
    ))
}
