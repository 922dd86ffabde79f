//! Mapy.com / Mapy.cz links: `x` is longitude and `y` latitude (the map view);
//! `source=coor&id=lon,lat` is a marked point.

use super::numbers::{has_code, param, parse_decimal, parse_lon_lat};
use super::{Extraction, Form, Service, Source};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").or_else(|| host.strip_prefix("en.")).unwrap_or(host);
    matches!(base, "mapy.cz" | "mapy.com" | "mapy.sk")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    // "Share" in Mapy gives `mapy.cz/s/<code>` (`mapy.com/s/…`), a redirect to the full link.
    if has_code(url, "/s/") {
        return Some(Extraction::none(Source::ShortLink(Service::Mapy)));
    }
    let pin = (param(url, "source").as_deref() == Some("coor"))
        .then(|| param(url, "id").and_then(|v| parse_lon_lat(&v, ',')))
        .flatten();
    let number = |name: &str| param(url, name).and_then(|v| parse_decimal(&v));
    let view = number("y").zip(number("x")).and_then(|(lat, lon)| Coordinate::new(lat, lon));
    Some(match (pin, view) {
        (Some(point), _) => Extraction::found(point, Service::Mapy, Form::Pin, None),
        (None, Some(point)) => Extraction::found(point, Service::Mapy, Form::MapView, None),
        _ => Extraction::none(Source::LinkWithoutCoordinates(Service::Mapy)),
    })
}
