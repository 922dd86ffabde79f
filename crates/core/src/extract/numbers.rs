//! Decimal numbers and coordinate pairs as map links write them, and the layers of encoding
//! links arrive wrapped in.

use crate::Coordinate;
use std::borrow::Cow;

/// Percent-decodes `text`; invalid UTF-8 becomes U+FFFD rather than an error, since a link
/// with one bad byte can still carry good numbers.
pub(super) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Undoes what mail clients, spreadsheets and other links do to a pasted link: HTML entities
/// (`&amp;`, `&#64;`) and a whole link percent-encoded once or twice (`https%3A%2F%2F…`).
pub(super) fn decode_layers(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    if text.contains('&') && text.contains(';') {
        text = Cow::Owned(html_escape::decode_html_entities(&text).into_owned());
    }
    for _ in 0..2 {
        let encoded = text.contains('%').then(|| {
            [super::find_ignore_case(&text, "%3a%2f%2f"), super::find_ignore_case(&text, "%253a%252f%252f")]
                .into_iter()
                .flatten()
                .min()
        });
        // A link whose parameter is an encoded link (`maps.app.goo.gl/?link=https%3A%2F%2F…`)
        // stays as it is: its parser decodes the parameter in place, and decoding the whole
        // text would turn the inner link's `%2B` into a `+` that then reads as a space.
        let plain_first = |at: usize| text.find("://").is_some_and(|plain| plain < at);
        if encoded.flatten().is_some_and(|at| !plain_first(at)) {
            text = Cow::Owned(percent_decode(&text));
        } else {
            break;
        }
    }
    text
}

/// Reads a plain decimal at the start of `text`: optional sign, digits, optional fraction.
/// Returns the value and how many bytes it took. No exponents: `1e5` is not a coordinate.
pub(super) fn scan_decimal(text: &str) -> Option<(f64, usize)> {
    let bytes = text.as_bytes();
    let mut end = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let int_start = end;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    if end == int_start {
        return None;
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 1;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    let value = text[..end].parse().ok()?;
    Some((value, end))
}

/// A whole string that is exactly one decimal number, spaces around allowed.
pub(super) fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    match scan_decimal(text) {
        Some((value, used)) if used == text.len() => Some(value),
        _ => None,
    }
}

/// Two decimals separated by `separator`, in the order given (spaces and `+` around allowed).
pub(super) fn split_pair(text: &str, separator: char) -> Option<(f64, f64)> {
    let text = text.replace('+', " ");
    let (a, b) = text.trim().split_once(separator)?;
    Some((parse_decimal(a)?, parse_decimal(b)?))
}

/// A typed coordinate pair `lat,lng` as Google Maps accepts it in `q=`, `query=` and place
/// paths: an optional `loc:` prefix, spaces or `+` around the comma, and an optional
/// `(label)` after the pair.
pub(super) fn parse_pair(text: &str) -> Option<Coordinate> {
    let mut text = text.trim();
    if text.len() >= 4 && text.is_char_boundary(4) && text[..4].eq_ignore_ascii_case("loc:") {
        text = &text[4..];
    }
    if let Some(open) = text.find('(') {
        if text.ends_with(')') {
            text = &text[..open];
        }
    }
    let (lat, lon) = split_pair(text, ',')?;
    Coordinate::new(lat, lon)
}

/// [`parse_pair`], or two decimals with only spaces (or `+`) between: `41.4 2.17`.
pub(super) fn parse_pair_or_spaced(text: &str) -> Option<Coordinate> {
    parse_pair(text).or_else(|| {
        let text = text.replace('+', " ");
        let mut words = text.split_whitespace();
        let (lat, lon) = (parse_decimal(words.next()?)?, parse_decimal(words.next()?)?);
        words.next().is_none().then(|| Coordinate::new(lat, lon)).flatten()
    })
}

/// The point of two query parameters, each one decimal (`lat=41.4&lon=2.17`).
pub(super) fn param_point(url: &url::Url, lat: &str, lon: &str) -> Option<Coordinate> {
    let number = |name: &str| param(url, name).and_then(|v| parse_decimal(&v));
    Coordinate::new(number(lat)?, number(lon)?)
}

/// `zoom/lat/lon`, the map view of OpenStreetMap-style fragments (`#map=17/41.4/2.17`).
pub(super) fn zoom_lat_lon(text: &str) -> Option<Coordinate> {
    let mut parts = text.split('/');
    parse_decimal(parts.next()?)?;
    let (lat, lon) = (parse_decimal(parts.next()?)?, parse_decimal(parts.next()?)?);
    parts.next().is_none().then(|| Coordinate::new(lat, lon)).flatten()
}

/// `lon,lat` (Yandex, 2GIS, Amap, Mapy's `id=`): the same pair, longitude first.
pub(super) fn parse_lon_lat(text: &str, separator: char) -> Option<Coordinate> {
    let (lon, lat) = split_pair(text, separator)?;
    Coordinate::new(lat, lon)
}

/// Reads `lat,lng` at the start of `text` (as after `@`), requiring the pair to end there or
/// at `,` `/` `?` `&` so that `@41.4,2.17abc` is not mistaken for a point.
pub(super) fn scan_pair(text: &str) -> Option<Coordinate> {
    let (lat, used) = scan_decimal(text)?;
    let rest = text[used..].strip_prefix(',')?;
    let (lon, used) = scan_decimal(rest)?;
    match rest[used..].chars().next() {
        None | Some(',' | '/' | '?' | '&' | '#') => Coordinate::new(lat, lon),
        _ => None,
    }
}

/// The value of the first query parameter named `name`, decoded as a form value (`+` is a
/// space, `%xx` a byte). Only the matching pair is decoded: readers ask for several names per
/// link, and decoding every pair each time was a sixth of the extractor's time.
/// True for a path that is `prefix` followed by a code: how share-sheet short links look
/// (`/maps/-/CDuEbR3I`, `/s/gocabafede`, `/p/Ab1Cd2`).
pub(super) fn has_code(url: &url::Url, prefix: &str) -> bool {
    url.path().strip_prefix(prefix).is_some_and(|code| !code.trim_matches('/').is_empty())
}

pub(super) fn param(url: &url::Url, name: &str) -> Option<String> {
    // Readers ask for several names per link; most pairs are skipped on their raw key, by
    // bytes, before any decoding (a slice split: no searcher set up per pair).
    for pair in url.query()?.as_bytes().split(|&b| b == b'&') {
        let raw_key = pair.iter().position(|&b| b == b'=').map_or(pair, |at| &pair[..at]);
        if raw_key != name.as_bytes() && !raw_key.iter().any(|&b| b == b'%' || b == b'+') {
            continue;
        }
        let Some((key, value)) = form_urlencoded::parse(pair).next() else { continue };
        if key == name {
            return Some(value.into_owned());
        }
    }
    None
}
