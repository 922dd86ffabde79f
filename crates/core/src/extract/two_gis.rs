//! 2GIS and Urbi, its brand in the Gulf (`maps.urbi.ae`): longitude first everywhere. A
//! place page is `/<city>/geo/<id>/lon,lat` or `/geo/lon,lat`, a firm's page centres its map
//! with `/firm/<id>/center/lon,lat/zoom/<z>`, the map view is `?m=lon,lat/zoom`, and the
//! share-sheet picture `share.api.2gis.ru/getimage?center=lon,lat` marks the shared place.
//! `go.2gis.com/<code>` share links redirect to the full link.

use super::numbers::{has_code, param, parse_lon_lat, percent_decode};
use super::{Extraction, Form, Service, Source};
use url::Url;

/// 2GIS's country sites.
const TLDS: &[&str] =
    &["ru", "com", "kz", "ae", "kg", "uz", "az", "cl", "cz", "it", "am", "ge", "by", "com.cy", "sa"];

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    base.strip_prefix("2gis.").is_some_and(|tld| TLDS.contains(&tld))
        || matches!(base, "go.2gis.com" | "urbi.ae" | "maps.urbi.ae")
        || base.strip_prefix("share.api.2gis.").is_some_and(|tld| TLDS.contains(&tld))
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    let base = host.strip_prefix("www.").unwrap_or(host);
    let service = if base.contains("urbi.") { Service::Urbi } else { Service::TwoGis };
    if base == "go.2gis.com" {
        return Some(Extraction::none(if has_code(url, "/") {
            Source::ShortLink(service)
        } else {
            Source::LinkWithoutCoordinates(service)
        }));
    }
    // 2GIS writes the comma encoded (`/geo/37.61%2C55.75`) in the links it shares.
    let path = percent_decode(url.path());
    let lon_lat = |value: &str| parse_lon_lat(value.split('/').next()?, ',');
    // The first `lon,lat` segment after a marker, past any ids (`/geo/<id>/lon,lat`).
    let after = |marker: &str| {
        let at = path.find(marker)? + marker.len();
        path[at..].split('/').take(3).find_map(|segment| parse_lon_lat(segment, ','))
    };
    let shared_image = base.starts_with("share.api.").then(|| param(url, "center").and_then(|c| lon_lat(&c)));
    // `/directions/points/<from>|<to>`, each stop `lon,lat` or `lon,lat;<id>` (an empty
    // start is "my location"): the last stop is the destination.
    let destination = path.find("/directions/points/").and_then(|at| {
        let stops = path[at + "/directions/points/".len()..].split('/').next()?;
        let last = stops.split('|').rfind(|stop| !stop.is_empty())?;
        parse_lon_lat(last.split(';').next()?, ',')
    });
    let candidates = [
        (after("/geo/"), Form::Pin),
        (destination.or_else(|| after("/to/")), Form::RouteDestination),
        (shared_image.flatten(), Form::Pin),
        (after("/center/"), Form::MapView),
        (param(url, "m").and_then(|m| lon_lat(&m)), Form::MapView),
    ];
    Some(match super::best(candidates) {
        Some((point, form)) => Extraction::found(point, service, form, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(service)),
    })
}
