//! Kagi Maps (`kagi.com/maps`): a place is `info?id=point_<lat>_<lon>`, the map view `ll=lat,lon`
//! or the fragment `#zoom/lat/lon`, directions `directions?q=<stop>|<stop>` whose last stop is
//! `name~lat,lon` or `lat,lon`. Kagi publishes no URL reference; these are the forms its site
//! writes.

use super::numbers::{param, parse_decimal, parse_pair, zoom_lat_lon};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str, url: &Url) -> bool {
    matches!(host, "kagi.com" | "www.kagi.com") && url.path().starts_with("/maps")
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let point = param(url, "id").and_then(|id| {
        let mut parts = id.strip_prefix("point_")?.split('_');
        Coordinate::new(parse_decimal(parts.next()?)?, parse_decimal(parts.next()?)?)
    });
    let route = url.path().ends_with("/directions").then(|| param(url, "q")).flatten().and_then(|q| {
        let last = q.split('|').rfind(|stop| !stop.is_empty())?;
        parse_pair(last.rsplit_once('~').map_or(last, |(_, pair)| pair))
    });
    let view =
        param(url, "ll").and_then(|v| parse_pair(&v)).or_else(|| url.fragment().and_then(zoom_lat_lon));
    Some(first_found(
        Service::Kagi,
        [(point, Form::Pin), (route, Form::RouteDestination), (view, Form::MapView)],
    ))
}
