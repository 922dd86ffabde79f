//! Smaller services: Magic Earth (`lat`, `lon`), and Organic Maps / Maps.me short links
//! (`omaps.app/<code>/name`, `ge0.me/<code>/name`) decoded offline after Organic Maps' ge0
//! scheme.

use super::numbers::{param, parse_decimal, parse_pair};
use super::{Extraction, Form, Service, Source};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    base == "magicearth.com" || matches!(base, "omaps.app" | "ge0.me")
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    let base = host.strip_prefix("www.").unwrap_or(host);
    if base == "magicearth.com" {
        let number = |name: &str| param(url, name).and_then(|v| parse_decimal(&v));
        let point = number("lat").zip(number("lon")).and_then(|(lat, lon)| Coordinate::new(lat, lon));
        return Some(match point {
            Some(point) => Extraction::found(point, Service::MagicEarth, Form::Pin, None),
            None => Extraction::none(Source::LinkWithoutCoordinates(Service::MagicEarth)),
        });
    }
    let code = url.path().trim_start_matches('/').split('/').next().unwrap_or("");
    let found =
        parse_pair(code).map(|p| (p, Form::Pin)).or_else(|| decode_ge0(code).map(|p| (p, Form::ShortCode)));
    Some(match found {
        Some((point, form)) => Extraction::found(point, Service::OrganicMaps, form, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::OrganicMaps)),
    })
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
