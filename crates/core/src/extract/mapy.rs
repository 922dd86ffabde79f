//! Mapy.com / Mapy.cz links: `x` is longitude and `y` latitude (the map view);
//! `source=coor&id=lon,lat` is a marked point. The documented URL API (developer.mapy.com,
//! "Mapy.com URL"): `fnc/v1/showmap?center=lon,lat&marker=true` (a pin with `marker`, else the
//! view), `fnc/v1/route?start=lon,lat&end=lon,lat`, `fnc/v1/search?center=lon,lat`.

use super::numbers::{has_code, param, param_point, parse_lon_lat};
use super::{Extraction, Form, Service, Source};
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
    let view = param_point(url, "y", "x");
    let lon_lat = |name: &str| param(url, name).and_then(|v| parse_lon_lat(&v, ','));
    let api = url.path().contains("/fnc/v1/");
    let centre = lon_lat("center").filter(|_| api);
    let marked = param(url, "marker").as_deref() == Some("true");
    let end = lon_lat("end").filter(|_| api);
    Some(super::first_found(
        Service::Mapy,
        [
            (pin, Form::Pin),
            (centre.filter(|_| marked), Form::Pin),
            (end, Form::RouteDestination),
            (view.or(centre), Form::MapView),
        ],
    ))
}
