//! `geo:` URIs (RFC 5870, <https://www.rfc-editor.org/rfc/rfc5870>), and the Android form
//! `geo:0,0?q=lat,lng(label)` whose query names the place.

use super::numbers::{parse_decimal, parse_pair, percent_decode};
use super::{Extraction, Form, Service, Source};
use crate::Coordinate;

pub(super) fn extract(text: &str) -> Option<Extraction> {
    let rest = text.get(..4).filter(|s| s.eq_ignore_ascii_case("geo:")).map(|_| &text[4..])?;
    let rest = rest.split_whitespace().next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut fields = path.split(';');
    let coords: Vec<&str> = fields.next().unwrap_or("").split(',').collect();
    // Only WGS-84 is defined; a URI in another reference system is not ours to read.
    let wgs84 = fields.all(|param| match param.split_once('=') {
        Some((key, value)) if key.eq_ignore_ascii_case("crs") => value.eq_ignore_ascii_case("wgs84"),
        _ => true,
    });
    let no_point = || Some(Extraction::none(Source::LinkWithoutCoordinates(Service::GeoUri)));
    if !wgs84 {
        return no_point();
    }
    let q =
        query.split('&').find_map(|kv| kv.strip_prefix("q=")).map(|q| percent_decode(&q.replace('+', " ")));
    if let Some(point) = q.as_deref().and_then(parse_pair) {
        return Some(Extraction::found(point, Service::GeoUri, Form::Pin, None));
    }
    let point = match coords.as_slice() {
        [lat, lon] | [lat, lon, _] => Coordinate::new(parse_decimal(lat)?, parse_decimal(lon)?),
        _ => None,
    };
    match point {
        // `geo:0,0?q=…` means "no point, search for the text".
        Some(p) if q.is_some() && p.lat == 0.0 && p.lon == 0.0 => no_point(),
        Some(p) => Some(Extraction::found(p, Service::GeoUri, Form::Pin, None)),
        None => no_point(),
    }
}
