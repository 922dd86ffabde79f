//! Magic Earth (`magicearth.com/?show_on_map&lat=…&lon=…&name=…`, the same query as its
//! `magicearth://` scheme): `show_on_map` and no verb mark a place, `drive_to`, `walk_to`,
//! `bike_to`, `public_transport_to` and `get_directions` a route's destination.

use super::numbers::param_point;
use super::{Extraction, Form, Service, Source};
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    host.strip_prefix("www.").unwrap_or(host) == "magicearth.com"
}

const ROUTE_VERBS: &[&str] = &["drive_to", "walk_to", "bike_to", "public_transport_to", "get_directions"];

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let point = param_point(url, "lat", "lon");
    let route = url.query().is_some_and(|q| q.split('&').any(|verb| ROUTE_VERBS.contains(&verb)));
    let form = if route { Form::RouteDestination } else { Form::Pin };
    Some(match point {
        Some(point) => Extraction::found(point, Service::MagicEarth, form, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::MagicEarth)),
    })
}
