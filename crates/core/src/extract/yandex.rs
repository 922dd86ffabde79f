//! Yandex Maps links (Yandex's "Map link" documentation): `ll`, `pt` and `whatshere[point]`
//! are longitude first; `rtext` (routes) and `text` searches are latitude first. The Static
//! API's pictures (`static-maps.yandex.ru/1.x/?ll=…&pt=lon,lat,style`, `/v1?…`) use the same
//! parameters.

use super::numbers::{has_code, param, parse_lon_lat, parse_pair};
use super::{Extraction, Form, Service, Source};
use url::Url;

/// Yandex's country domains.
const SUFFIXES: &[&str] = &[
    "ru", "com", "by", "kz", "ua", "com.tr", "uz", "az", "com.am", "com.ge", "co.il", "lv", "lt", "ee", "md",
    "tj", "tm", "kg", "fr",
];

pub(super) fn is_host(host: &str, url: &Url) -> bool {
    let (maps_host, base) = match host.strip_prefix("maps.") {
        Some(base) => (true, base),
        None => (false, host.strip_prefix("www.").unwrap_or(host)),
    };
    let static_maps = host.strip_prefix("static-maps.yandex.").is_some_and(|s| SUFFIXES.contains(&s));
    // Yandex Maps lives under `/maps` (`/harita` on yandex.com.tr), also on ya.ru.
    let maps_path = ["/maps", "/web-maps", "/harita", "/navi"].iter().any(|p| url.path().starts_with(p));
    static_maps
        || (base.strip_prefix("yandex.").is_some_and(|s| SUFFIXES.contains(&s)) || base == "ya.ru")
            && (maps_host || maps_path)
}

/// The first point of a `~`-separated list, its first two comma fields (`lon,lat,pm2rdm`).
fn first_lon_lat(value: &str) -> Option<crate::Coordinate> {
    let first = value.split('~').next()?;
    let mut parts = first.split(',');
    parse_lon_lat(&format!("{},{}", parts.next()?, parts.next()?), ',')
}

/// Yandex Navigator's scheme (Yandex's "Navigator URL scheme" docs):
/// `yandexnavi://show_point_on_map?lat=&lon=`, `build_route_on_map?lat_to=&lon_to=`, given as
/// `https://yandexnavi.app/<command>?…`.
pub(super) fn navigator(url: &Url) -> Extraction {
    let point = |lat: &str, lon: &str| super::numbers::param_point(url, lat, lon);
    super::first_found(
        Service::Yandex,
        [(point("lat_to", "lon_to"), Form::RouteDestination), (point("lat", "lon"), Form::Pin)],
    )
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    // "Share" in Yandex Maps gives `yandex.<tld>/maps/-/<code>`, a redirect to the full link.
    if has_code(url, "/maps/-/") {
        return Some(Extraction::none(Source::ShortLink(Service::Yandex)));
    }
    let pin = param(url, "pt").or_else(|| param(url, "whatshere[point]")).and_then(|v| first_lon_lat(&v));
    let typed = param(url, "text").and_then(|v| parse_pair(&v));
    let route = param(url, "rtext").and_then(|v| v.split('~').rfind(|s| !s.is_empty()).and_then(parse_pair));
    let view = param(url, "ll").and_then(|v| first_lon_lat(&v));
    let found =
        [(pin, Form::Pin), (typed, Form::Typed), (route, Form::RouteDestination), (view, Form::MapView)]
            .into_iter()
            .find_map(|(point, form)| point.map(|p| (p, form)));
    Some(match found {
        Some((point, form)) => Extraction::found(point, Service::Yandex, form, None),
        None if url.path().contains("/org/") => Extraction::none(Source::PlaceIdOnly(Service::Yandex)),
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::Yandex)),
    })
}
