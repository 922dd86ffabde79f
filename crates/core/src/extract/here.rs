//! HERE WeGo links (HERE's Deeplinking API, docs.here.com/wego/docs/request-format):
//! `share.here.com/l/lat,lon,name` (a place), `/r/<stop>/…/<destination>` (a route),
//! `wego.here.com/?map=lat,lon,zoom,…` (the map view; with `msg=` a labelled place),
//! `/directions/<mode>/<from>/<to>`, and `share.here.com/p/<kind>-<base64>` share ids.

use super::numbers::{param, parse_decimal, parse_pair};
use super::{first_found, Extraction, Form, Service, Source};
use crate::Coordinate;
use base64::Engine;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    host == "here.com" || host.ends_with(".here.com")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let path = url.path();
    let first_two = |value: &str| {
        let mut parts = value.split(',');
        parse_pair(&format!("{},{}", parts.next()?, parts.next()?))
    };
    let shared = path.strip_prefix("/l/").and_then(first_two);
    let payload = path.strip_prefix("/p/").and_then(|rest| decode_payload(rest.split('/').next()?));
    // `/r/<start>/<waypoint>…/<destination>`, and WeGo's `/directions/<mode>/<from>/<to>`
    // whose stops are `lat,lon` or `Name:e-<payload>`.
    let stops = path.strip_prefix("/r/").or_else(|| {
        path.strip_prefix("/directions/").and_then(|r| r.split_once('/').map(|(_, stops)| stops))
    });
    let route = stops.and_then(|stops| {
        let last = stops.split('/').rfind(|s| !s.is_empty())?;
        first_two(last).or_else(|| decode_payload(last.rsplit_once(':').map_or(last, |(_, code)| code)))
    });
    let view = param(url, "map").and_then(|v| first_two(&v));
    // `here.com/location?map=lat,lon,zoom&msg=Name`: a labelled map centre is the shared place.
    let labelled = param(url, "msg").is_some();
    Some(first_found(
        Service::Here,
        [
            (shared, Form::Pin),
            (payload, Form::Pin),
            (route, Form::RouteDestination),
            (view.filter(|_| labelled), Form::Pin),
            (view, Form::MapView),
        ],
    ))
}

/// A share id `<kind>-<base64>`: `key=value;…` with `lat` and `lon` (kind `s`), or JSON with
/// `latitude` and `longitude` (kind `e`). HERE documents neither; both are what its share
/// sheet writes, and anything else is left alone.
fn decode_payload(id: &str) -> Option<Coordinate> {
    let encoded = id.split_once('-').map_or(id, |(_, b64)| b64).trim_end_matches('=');
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded))
        .ok()?;
    let text = String::from_utf8_lossy(&bytes);
    if text.trim_start().starts_with('{') {
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        let number = |name: &str| match json.get(name)? {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::String(s) => parse_decimal(s),
            _ => None,
        };
        return Coordinate::new(number("latitude")?, number("longitude")?);
    }
    let field = |name: &str| {
        text.split(';')
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .and_then(parse_decimal)
    };
    Coordinate::new(field("lat")?, field("lon")?)
}

/// `here-route://mylocation/lat,lon,Name` (and `here.directions://v1.0/…`): the last waypoint
/// is the destination.
pub(super) fn route_scheme(rest: &str) -> Extraction {
    let path = rest.split('?').next().unwrap_or(rest);
    let last = path.split('/').rfind(|segment| !segment.is_empty()).unwrap_or("");
    let mut parts = last.split(',');
    let point = parts.next().zip(parts.next()).and_then(|(lat, lon)| parse_pair(&format!("{lat},{lon}")));
    match point {
        Some(point) => Extraction::found(point, Service::Here, Form::RouteDestination, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::Here)),
    }
}
