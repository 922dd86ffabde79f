//! Organic Maps, MAPS.ME and CoMaps. Their share links are ge0 codes
//! (`omaps.app/<code>/Name`, `ge0.me/…`, `comaps.at/…`, and the app schemes `om://`, `ge0://`,
//! `cm://`), decoded offline after the apps' own `ge0/parser.cpp`; the URL API
//! (`om://map?ll=lat,lon&n=Name`, `route?…&dll=lat,lon`, `search?cll=lat,lon`, also under the
//! legacy `mapswithme://`, `mwm://`, `mapsme://`) is documented in organicmaps/api-ios.

use super::numbers::{param, parse_decimal, parse_pair};
use super::{Extraction, Form, Service, Source};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host.strip_prefix("www.").unwrap_or(host), "omaps.app" | "ge0.me" | "comaps.at")
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    let service = if host.ends_with("comaps.at") { Service::CoMaps } else { Service::OrganicMaps };
    Some(read(service, url))
}

/// The point of an Organic Maps-style link, given as `https://<host>/<path>?<query>`.
pub(super) fn read(service: Service, url: &Url) -> Extraction {
    let first = url.path().trim_start_matches('/').split('/').next().unwrap_or("");
    let api = match first {
        "map" => param(url, "ll").and_then(|v| parse_pair(&v)).map(|p| (p, Form::Pin)),
        "route" => param(url, "dll").and_then(|v| parse_pair(&v)).map(|p| (p, Form::RouteDestination)),
        "search" => param(url, "cll").and_then(|v| parse_pair(&v)).map(|p| (p, Form::MapView)),
        _ => None,
    };
    let found = api
        .or_else(|| clear_coordinates(first).map(|p| (p, Form::Pin)))
        .or_else(|| decode_ge0(first).map(|p| (p, Form::ShortCode)));
    match found {
        Some((point, form)) => Extraction::found(point, service, form, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(service)),
    }
}

/// `omaps.app/41.40338,2.17403[,zoom]`: the web redirector's plain coordinates.
fn clear_coordinates(segment: &str) -> Option<Coordinate> {
    let mut parts = segment.split(',');
    let (lat, lon) = (parse_decimal(parts.next()?)?, parse_decimal(parts.next()?)?);
    match parts.next() {
        None => Coordinate::new(lat, lon),
        Some(zoom) => parse_decimal(zoom).and_then(|_| Coordinate::new(lat, lon)),
    }
}

const GE0_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// A ge0 code holds at most ten characters: one for the zoom, nine for the point.
const GE0_POINT_CHARS: usize = 9;
const GE0_BITS: u32 = 30;

/// A ge0 code: the zoom character, then up to nine characters of six bits, each holding three
/// latitude and three longitude bits interleaved (latitude first); the point is the centre of
/// the coded cell.
pub(super) fn decode_ge0(code: &str) -> Option<Coordinate> {
    let bytes = code.as_bytes();
    let point = bytes.get(1..)?;
    if point.is_empty() || point.len() > GE0_POINT_CHARS {
        return None;
    }
    let digit = |c: u8| GE0_DIGITS.iter().position(|&d| d == c).map(|d| d as u32);
    digit(bytes[0])?;
    let (mut lat, mut lon) = (0u32, 0u32);
    let mut shift = GE0_BITS - 3;
    for &c in point {
        let a = digit(c)?;
        let lat_bits = ((a >> 5) & 1) << 2 | ((a >> 3) & 1) << 1 | ((a >> 1) & 1);
        let lon_bits = ((a >> 4) & 1) << 2 | ((a >> 2) & 1) << 1 | (a & 1);
        lat |= lat_bits << shift;
        lon |= lon_bits << shift;
        shift = shift.saturating_sub(3);
    }
    let remaining = 3 * (GE0_POINT_CHARS + 1 - point.len()) as u32 - 1;
    let middle = 1u32 << remaining;
    let max = f64::from((1u32 << GE0_BITS) - 1);
    let lat = f64::from(lat + middle) / max * 180.0 - 90.0;
    let lon = f64::from(lon + middle) / (max + 1.0) * 360.0 - 180.0;
    Coordinate::new(lat, lon)
}
