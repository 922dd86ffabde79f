//! HERE WeGo links: `share.here.com/l/lat,lon,name`, `wego.here.com/?map=lat,lon,zoom,…`,
//! and `share.here.com/p/<kind>-<base64>` whose payload is `key=value;…` with `lat` and `lon`.

use super::numbers::{param, parse_decimal, parse_pair};
use super::{first_found, Extraction, Form, Service};
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
    let payload = path.strip_prefix("/p/").and_then(|rest| {
        let encoded = rest.split_once('-').map_or(rest, |(_, b64)| b64).split('/').next()?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded.trim_end_matches('='))
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded.trim_end_matches('='))
            })
            .ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let field = |name: &str| {
            text.split(';')
                .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
                .and_then(parse_decimal)
        };
        Coordinate::new(field("lat")?, field("lon")?)
    });
    let view = param(url, "map").and_then(|v| first_two(&v));
    Some(first_found(Service::Here, [(shared, Form::Pin), (payload, Form::Pin), (view, Form::MapView)]))
}
