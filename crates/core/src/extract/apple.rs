//! Apple Maps links (Apple's Map Links reference and the newer `maps.apple.com/place`,
//! `/directions` forms). `name` and `address` are labels, never points; `q` is "typed into
//! the search field" — a point when it is coordinates, else a label for `ll`/`sll`.

use super::numbers::{has_code, param, parse_pair};
use super::{Extraction, Form, Service, Source};
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "maps.apple.com" | "maps.apple" | "collections.apple.com")
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    // Apple's share sheet links a place as `maps.apple/p/<code>` (also on maps.apple.com).
    if has_code(url, "/p/") && matches!(host, "maps.apple" | "maps.apple.com") {
        return Some(Extraction::none(Source::ShortLink(Service::Apple)));
    }
    let read = |name: &str| param(url, name).and_then(|v| parse_pair(&v));
    let labelled =
        param(url, "q").is_some() || param(url, "name").is_some() || param(url, "address").is_some();
    // `ll` with a label is the shared place (a dropped pin shares `ll=…&q=Dropped Pin`);
    // alone it only centres the map.
    let candidates = [
        (read("coordinate"), Form::Pin),
        (read("ll").filter(|_| labelled), Form::Pin),
        // `q` is "treated as if typed into the Maps search field": a typed pair is the place.
        (read("q"), Form::Typed),
        (read("daddr").or_else(|| read("destination")), Form::RouteDestination),
        (read("ll"), Form::MapView),
        (read("center"), Form::MapView),
        (read("sll"), Form::MapView),
        // "A location around which to search, used if sll is missing" (Map Links): only near.
        (read("near"), Form::MapView),
    ];
    Some(match super::best(candidates) {
        Some((point, form)) => Extraction::found(point, Service::Apple, form, None),
        None if param(url, "auid").is_some() || param(url, "place-id").is_some() => {
            Extraction::none(Source::PlaceIdOnly(Service::Apple))
        }
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::Apple)),
    })
}
