//! One cell of text → at most one WGS-84 point, with where it came from.
//!
//! One module per service or notation, as calamine keeps one per format: a new service's
//! reader goes in its own file and gets a line in [`read_link`]'s host table.

mod apple;
mod bing;
mod china;
mod france;
mod geo_uri;
mod google;
mod here;
mod japan;
mod kagi;
mod link;
mod mapy;
mod nakarte;
mod numbers;
mod organic_maps;
mod osm;
mod osmand;
mod others;
mod plus_code;
#[cfg(test)]
mod proptests;
mod provenance;
mod schemes;
#[cfg(test)]
mod tests;
mod text;
mod two_gis;
mod waze;
mod yandex;

use crate::Options;
pub(crate) use link::find_ignore_case;
#[cfg(test)]
use link::trim_link_end;
use link::{best, find_link, first_found, read_link};
pub use provenance::{Confidence, Datum, Extraction, Form, Provenance, Service, Source, Status};
use url::Url;

/// Finds the point a cell's map link, code or coordinate text gives.
///
/// Reads links and app schemes of Google Maps, Apple Maps, OpenStreetMap (and its mirrors),
/// OsmAnd, Organic Maps / MAPS.ME / CoMaps, Bing, Waze, HERE, Yandex, 2GIS, Urbi, Mapy.com,
/// Magic Earth, nakarte.me, Cartes IGN, Kagi Maps, Yahoo! JAPAN Map, Amap, Tencent and Baidu;
/// `geo:` URIs (RFC 5870); plus codes (Open Location Code spec); and coordinates typed as
/// text in decimal degrees, degrees and minutes, or degrees, minutes and seconds (with
/// hemisphere letters in English or Russian, NMEA's packed `ddmm.mm`, dotted `dd.mm.ss`). Within one link the most trusted point wins:
/// a pin over typed coordinates over a map view. Points in GCJ-02 or BD-09 inside mainland
/// China are converted to WGS-84. Values outside −90…90 / −180…180 and minutes or seconds of
/// 60 or more are rejected, never clamped. Short plus codes need [`extract_with`] and a
/// reference point.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{extract, Form, Service, Source};
///
/// let e = extract("https://www.google.com/maps/place/Sagrada+Fam%C3%ADlia/@41.4036299,2.1721671,17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x9bd8aac21bc3c950!8m2!3d41.4036299!4d2.1743558");
/// let point = e.coordinate.unwrap();
/// assert_eq!((point.lat, point.lon), (41.4036299, 2.1743558));
/// assert!(matches!(e.source, Source::Found(p) if p.service == Service::Google && p.form == Form::Pin));
///
/// let dms = extract("41°24'12.2\"N 2°10'26.5\"E").coordinate.unwrap();
/// assert_eq!((dms.lat, dms.lon), (41.4033889, 2.1740278));
///
/// assert_eq!(extract("https://maps.app.goo.gl/abc123").source.label(), "short link — needs resolver");
/// assert_eq!(extract("call Anna").source, Source::NoCoordinates);
/// ```
pub fn extract(cell: &str) -> Extraction {
    extract_with(cell, &Options::default())
}

/// [`extract`] with options: a reference point for short plus codes.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{extract_with, Coordinate, Options};
///
/// let near = Coordinate::new(47.4, 8.5);
/// let e = extract_with("9G8F+6X Zürich", &Options { near });
/// let point = e.coordinate.unwrap();
/// assert_eq!((point.lat, point.lon), (47.3655625, 8.5249375));
/// ```
pub fn extract_with(cell: &str, options: &Options) -> Extraction {
    let text = cell.trim();
    if text.is_empty() {
        return Extraction::none(Source::Empty);
    }
    if let Some(found) =
        geo_uri::extract(text).or_else(|| google::extract_app_scheme(text)).or_else(|| schemes::extract(text))
    {
        return found;
    }
    if let Some(link) = find_link(text) {
        return read_link(&link, 0);
    }
    plus_code::extract(text, options.near)
        .or_else(|| text::extract(text))
        .unwrap_or(Extraction::none(Source::NoCoordinates))
}

/// True for Google's own hosts (`google.<cc>`, `www.`, `maps.`, `ditu.` on Google's country
/// domains) and its Maps short-link hosts; the resolver follows redirects only within these.
///
/// # Examples
///
/// ```
/// assert!(pinsheet_core::is_google_host("www.google.com.tr"));
/// assert!(pinsheet_core::is_google_host("maps.app.goo.gl"));
/// assert!(!pinsheet_core::is_google_host("google.com.evil.example"));
/// ```
pub fn is_google_host(host: &str) -> bool {
    google::is_google_host(host)
        || matches!(host, "maps.app.goo.gl" | "goo.gl" | "app.goo.gl" | "g.co" | "share.google")
}

/// The link a resolver should follow for this cell, as an absolute URL: a short link of any
/// service pinsheet reads (`maps.app.goo.gl/…`, `maps.apple/p/…`, `yandex.ru/maps/-/…`,
/// `mapy.cz/s/…`, `go.2gis.com/…`, `share.google/…`) or a Google Maps link whose only location
/// is a place id (`ftid=`, `cid=`, `ludocid=`, `!1s0x…:0x…`). `None` when the cell's point
/// can be read without one, or no resolver can find it.
///
/// # Examples
///
/// ```
/// use pinsheet_core::link_to_resolve;
///
/// assert_eq!(link_to_resolve("Meet at https://maps.app.goo.gl/abc123."), Some("https://maps.app.goo.gl/abc123".into()));
/// assert_eq!(
///     link_to_resolve("https://maps.google.com/?cid=123"),
///     Some("https://maps.google.com/?cid=123".into())
/// );
/// assert_eq!(link_to_resolve("https://maps.google.com/?q=1.5,2.5"), None);
/// ```
pub fn link_to_resolve(cell: &str) -> Option<String> {
    resolver_source(extract(cell).source)?;
    resolvable_link(cell)
}

/// The service whose resolver-only link gave `source` (a short link, or a Google place id).
pub(crate) fn resolver_source(source: Source) -> Option<Service> {
    match source {
        Source::ShortLink(service) | Source::PlaceIdOnly(service @ Service::Google) => Some(service),
        _ => None,
    }
}

/// The link of a cell already known to need a resolver, unwrapped as [`extract`] read it.
pub(crate) fn resolvable_link(cell: &str) -> Option<String> {
    let link = find_link(cell.trim())?;
    // The link that was read: a wrapper (consent page, redirector) gives the one inside it.
    let url = Url::parse(&link).ok()?;
    let host = url.host_str()?.trim_end_matches('.').to_string();
    match google::unwrap(&url, &host).and_then(|inner| find_link(&inner)) {
        Some(inner) => Some(inner),
        None => Some(url.to_string()),
    }
}
