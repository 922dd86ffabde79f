//! Yahoo! JAPAN Map (`map.yahoo.co.jp`): `/place?lat=&lon=` is a place, `/?lat=&lon=` and
//! `/maps?lat=&lon=` the map view, `/route/…?toLat=&toLon=` a route's destination. Current
//! links are WGS-84 (JGD2011 agrees to centimetres); very old ones could say `datum=tky`, the
//! Tokyo datum, some 400 m off — those are not read rather than read wrong.

use super::numbers::{param, param_point};
use super::{first_found, Extraction, Form, Service, Source};
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    host == "map.yahoo.co.jp"
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    if param(url, "datum").is_some_and(|d| d.eq_ignore_ascii_case("tky")) {
        return Some(Extraction::none(Source::LinkWithoutCoordinates(Service::YahooJapan)));
    }
    let point = |lat: &str, lon: &str| param_point(url, lat, lon);
    let here = point("lat", "lon");
    let place = url.path().starts_with("/place");
    Some(first_found(
        Service::YahooJapan,
        [
            (here.filter(|_| place), Form::Pin),
            (point("toLat", "toLon"), Form::RouteDestination),
            (here, Form::MapView),
        ],
    ))
}
