//! `geo:` URIs (RFC 5870, <https://www.rfc-editor.org/rfc/rfc5870>), and the Android form
//! `geo:0,0?q=lat,lng(label)` whose query names the place.

use super::numbers::{parse_decimal, parse_pair, percent_decode};
use super::{Extraction, Form, Service, Source};
use crate::Coordinate;

pub(super) fn extract(text: &str) -> Option<Extraction> {
    let rest = text.get(..4).filter(|s| s.eq_ignore_ascii_case("geo:")).map(|_| &text[4..])?;
    // The query may hold a label with spaces (`?q=35,-106(Treasure Island)`); the path never.
    let rest = rest.trim_start();
    let path_end = rest.find(|c: char| c == '?' || c.is_whitespace()).unwrap_or(rest.len());
    let (path, query) = rest.split_at(path_end);
    let query = query.strip_prefix('?').unwrap_or("");
    let mut fields = path.split(';');
    // Android's share sheet writes a label after the point without a query: `geo:1,2(Name)`.
    let point_field = fields.next().unwrap_or("");
    let point_field = point_field.split_once('(').map_or(point_field, |(point, _)| point);
    let coords: Vec<&str> = point_field.split(',').collect();
    // Only WGS-84 is defined; a URI in another reference system is not ours to read.
    let wgs84 = fields.all(|param| match param.split_once('=') {
        Some((key, value)) if key.eq_ignore_ascii_case("crs") => value.eq_ignore_ascii_case("wgs84"),
        _ => true,
    });
    let no_point = || Some(Extraction::none(Source::LinkWithoutCoordinates(Service::GeoUri)));
    if !wgs84 {
        return no_point();
    }
    let q = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("q="))
        .map(|q| percent_decode(&q.replace('+', " ")).trim().to_string());
    if let Some(point) = q.as_deref().and_then(parse_pair) {
        return Some(Extraction::found(point, Service::GeoUri, Form::Pin, None));
    }
    let point = match coords.as_slice() {
        [lat, lon] | [lat, lon, _] => Coordinate::new(parse_decimal(lat)?, parse_decimal(lon)?),
        _ => None,
    };
    match point {
        // `geo:0,0?q=…` means "no point, search for the text".
        Some(p) if q.is_some() && p.lat() == 0.0 && p.lon() == 0.0 => no_point(),
        Some(p) => Some(Extraction::found(p, Service::GeoUri, Form::Pin, None)),
        None => no_point(),
    }
}
