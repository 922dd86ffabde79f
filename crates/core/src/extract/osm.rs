//! OpenStreetMap links: markers (`mlat`/`mlon`), the map view in the fragment
//! (`#map=zoom/lat/lon`, older `#zoom/lat/lon`, encoded `#map%3D…`), routes
//! (`/directions?route=lat,lon;lat,lon`, `?to=lat,lon`), searches for a point
//! (`/search?query=lat,lon`) and `osm.org/go/` short links, decoded offline after OSM's
//! ShortLink scheme (wiki.openstreetmap.org/wiki/Shortlink); on openstreetmap.org and the
//! national mirrors that run the same site.

use super::numbers::{param, param_point, parse_decimal, parse_pair, percent_decode, zoom_lat_lon};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    matches!(
        base,
        "openstreetmap.org" | "osm.org" | "openstreetmap.de" | "openstreetmap.fr" | "openstreetmap.ru"
    )
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let pin = param_point(url, "mlat", "mlon")
        // `?geouri=geo:lat,lon;u=…`: the site puts a marker there.
        .or_else(|| {
            param(url, "geouri").and_then(|g| super::geo_uri::extract(&g)).and_then(|e| e.coordinate)
        });
    let route = param(url, "route")
        .and_then(|r| r.split(';').rfind(|s| !s.is_empty()).and_then(parse_pair))
        .or_else(|| param(url, "to").and_then(|to| parse_pair(&to)));
    let typed = (url.path() == "/search").then(|| param(url, "query").and_then(|q| parse_pair(&q))).flatten();
    let fragment_view = url.fragment().map(percent_decode).and_then(|f| {
        let mut fields = f.split('&');
        fields.clone().find_map(|kv| kv.strip_prefix("map=")).or_else(|| fields.next()).and_then(zoom_lat_lon)
    });
    let legacy_view = param_point(url, "lat", "lon").or_else(|| path_fields(url.path()));
    // The embed (`export/embed.html?bbox=minlon,minlat,maxlon,maxlat&marker=lat,lon`): the
    // marker is the place, the box's centre the view.
    let embed_marker = param(url, "marker").and_then(|m| parse_pair(&m));
    let bbox_centre = param(url, "bbox").and_then(|b| {
        let v: Vec<f64> = b.split(',').map(parse_decimal).collect::<Option<_>>()?;
        let [w, s, e, n] = <[f64; 4]>::try_from(v).ok()?;
        Coordinate::new((s + n) / 2.0, (w + e) / 2.0)
    });
    let short = url.path().strip_prefix("/go/").and_then(decode_short_link);
    Some(first_found(
        Service::OpenStreetMap,
        [
            (pin.or(embed_marker), Form::Pin),
            (typed, Form::Typed),
            (route, Form::RouteDestination),
            (short, Form::ShortCode),
            (fragment_view.or(legacy_view).or(bbox_centre), Form::MapView),
        ],
    ))
}

/// The old `openstreetmap.de/zoom=11/lat=50.6/lon=7.0` form: fields in the path.
fn path_fields(path: &str) -> Option<Coordinate> {
    let field = |name: &str| {
        path.split('/').find_map(|f| f.strip_prefix(name)?.strip_prefix('=')).and_then(parse_decimal)
    };
    Coordinate::new(field("lat")?, field("lon")?)
}

const SHORT_LINK_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~";

/// An `osm.org/go/<code>` short link: 6 bits a character, x and y bits interleaved (x first),
/// Morton-style, over the whole world; `-` marks lower zoom levels. Returns the south-west
/// corner of the coded cell, as OSM does.
pub(super) fn decode_short_link(code: &str) -> Option<Coordinate> {
    let (mut x, mut y, mut bits) = (0u64, 0u64, 0u32);
    for c in code.bytes() {
        let c = if c == b'@' { b'~' } else { c };
        let Some(digit) = SHORT_LINK_DIGITS.iter().position(|&d| d == c) else {
            if c == b'-' || c == b'=' {
                continue;
            }
            break;
        };
        if bits >= 30 {
            return None;
        }
        let mut t = digit as u64;
        for _ in 0..3 {
            x = (x << 1) | ((t >> 5) & 1);
            t <<= 1;
            y = (y << 1) | ((t >> 5) & 1);
            t <<= 1;
        }
        bits += 3;
    }
    if bits == 0 {
        return None;
    }
    let x = x << (32 - bits);
    let y = y << (32 - bits);
    let scale = 2f64.powi(32);
    Coordinate::new(y as f64 * 180.0 / scale - 90.0, x as f64 * 360.0 / scale - 180.0)
}
