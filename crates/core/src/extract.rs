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
mod schemes;
#[cfg(test)]
mod tests;
mod text;
mod two_gis;
mod waze;
mod yandex;

use crate::{Coordinate, Options};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use url::Url;

/// The map service or notation a point was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Service {
    /// Google Maps (any Google country domain, app schemes, embeds).
    Google,
    /// Apple Maps (`maps.apple.com`).
    Apple,
    /// OpenStreetMap (`openstreetmap.org`, `osm.org`).
    OpenStreetMap,
    /// Bing Maps (`bing.com/maps`).
    Bing,
    /// Waze (`waze.com/ul`, live map).
    Waze,
    /// HERE WeGo (`wego.here.com`, `share.here.com`).
    Here,
    /// Yandex Maps (`yandex.*/maps`): longitude first.
    Yandex,
    /// 2GIS (`2gis.*`): longitude first.
    TwoGis,
    /// Urbi (`maps.urbi.ae`), 2GIS's brand in the Gulf: longitude first.
    Urbi,
    /// Mapy.com / Mapy.cz: `x` is longitude, `y` latitude.
    Mapy,
    /// Magic Earth (`magicearth.com`).
    MagicEarth,
    /// Organic Maps and MAPS.ME (`omaps.app`, `ge0.me`, `om://`, `mapswithme://`).
    OrganicMaps,
    /// CoMaps, the Organic Maps fork (`comaps.at`, `cm://`): the same ge0 codes.
    CoMaps,
    /// OsmAnd (`osmand.net/map?pin=`, `osmand.api://`).
    OsmAnd,
    /// nakarte.me (`#m=zoom/lat/lon`, placemarks `#r=lat/lon/title`).
    Nakarte,
    /// Cartes IGN and the French Géoportail (`cartes-ign.ign.fr`, `cartes.gouv.fr`):
    /// `c=` is longitude first.
    CartesIgn,
    /// Kagi Maps (`kagi.com/maps`).
    Kagi,
    /// Yahoo! JAPAN Map (`map.yahoo.co.jp`).
    YahooJapan,
    /// Amap / Gaode (`amap.com`): GCJ-02 in mainland China.
    Amap,
    /// Tencent Maps (`map.qq.com`): GCJ-02 in mainland China.
    Tencent,
    /// Baidu Maps (`map.baidu.com`): BD-09 in mainland China.
    Baidu,
    /// A `geo:` URI (RFC 5870).
    GeoUri,
    /// An Open Location Code (plus code).
    PlusCode,
    /// Coordinates written as text.
    Text,
    /// A point a Google Takeout file gives for a saved place (`Saved Places.json`).
    GoogleTakeout,
}

impl Service {
    /// The service's name as people know it.
    pub fn name(self) -> &'static str {
        match self {
            Service::Google => "Google Maps",
            Service::Apple => "Apple Maps",
            Service::OpenStreetMap => "OpenStreetMap",
            Service::Bing => "Bing Maps",
            Service::Waze => "Waze",
            Service::Here => "HERE WeGo",
            Service::Yandex => "Yandex Maps",
            Service::TwoGis => "2GIS",
            Service::Urbi => "Urbi",
            Service::Mapy => "Mapy.com",
            Service::MagicEarth => "Magic Earth",
            Service::OrganicMaps => "Organic Maps",
            Service::CoMaps => "CoMaps",
            Service::OsmAnd => "OsmAnd",
            Service::Nakarte => "nakarte.me",
            Service::CartesIgn => "Cartes IGN",
            Service::Kagi => "Kagi Maps",
            Service::YahooJapan => "Yahoo! JAPAN Map",
            Service::Amap => "Amap",
            Service::Tencent => "Tencent Maps",
            Service::Baidu => "Baidu Maps",
            Service::GeoUri => "geo URI",
            Service::PlusCode => "plus code",
            Service::Text => "text",
            Service::GoogleTakeout => "Google Takeout",
        }
    }
}

/// Which part of a link or text gave the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Form {
    /// A marker on the place itself (Google's `!3d!4d`, OSM's `mlat`/`mlon`, Yandex's `pt`…).
    Pin,
    /// Coordinates the person typed or shared as the place (`q=`, `query=`, `/place/lat,lng`).
    Typed,
    /// Where the map was looking (`@lat,lng,zoom`, `ll=`, `#map=`): near, but not a pin.
    MapView,
    /// The last point of a route (`/dir/…`, `rtext=`, `rtp=`, `daddr=`).
    RouteDestination,
    /// Text in decimal degrees (`41.4036, 2.1744`).
    DecimalDegrees,
    /// Text in degrees and decimal minutes (`41 24.2028, 2 10.4418`).
    DegreesMinutes,
    /// Text in degrees, minutes and seconds (`41°24'12.2"N 2°10'26.5"E`).
    DegreesMinutesSeconds,
    /// An Open Location Code: the centre of its cell.
    PlusCode,
    /// A short code decoded offline (Waze geohash, OSM `go/`, Organic Maps `ge0`).
    ShortCode,
    /// The point a file saved with the place (Google Takeout's saved places).
    SavedPoint,
}

impl Form {
    /// Words for the form.
    pub fn name(self) -> &'static str {
        match self {
            Form::Pin => "place pin",
            Form::Typed => "typed coordinates",
            Form::MapView => "map view",
            Form::RouteDestination => "route destination",
            Form::DecimalDegrees => "decimal degrees",
            Form::DegreesMinutes => "degrees and minutes",
            Form::DegreesMinutesSeconds => "degrees, minutes and seconds",
            Form::PlusCode => "plus code",
            Form::ShortCode => "decoded short code",
            Form::SavedPoint => "saved point",
        }
    }
}

/// A datum the link's numbers were in before pinsheet converted them to WGS-84.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Datum {
    /// China's GCJ-02 ("Mars coordinates"), used by maps inside mainland China.
    Gcj02,
    /// Baidu's BD-09 in degrees.
    Bd09,
    /// Baidu's BD-09 projected to Mercator metres.
    Bd09Mercator,
}

impl Datum {
    /// The datum's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Datum::Gcj02 => "GCJ-02",
            Datum::Bd09 => "BD-09",
            Datum::Bd09Mercator => "BD-09 Mercator",
        }
    }
}

/// How far to trust a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// The point is the place: a pin, typed coordinates, text, a code.
    High,
    /// The point is only near the place (a map view), or suspicious (0°, 0°).
    Low,
}

/// Where a point came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The service or notation.
    pub service: Service,
    /// The part of the link or text.
    pub form: Form,
    /// The datum converted from, when the numbers were not WGS-84.
    pub converted_from: Option<Datum>,
}

impl Provenance {
    /// Words for the `Coordinate source` column: "Google Maps: place pin",
    /// "Baidu Maps: place pin (BD-09 → WGS-84)", "text: degrees, minutes and seconds".
    pub fn label(self) -> String {
        let mut label = match self.service {
            Service::PlusCode => "plus code".to_string(),
            service => format!("{}: {}", service.name(), self.form.name()),
        };
        if let Some(datum) = self.converted_from {
            label.push_str(&format!(" ({} → WGS-84)", datum.name()));
        }
        label
    }

    /// Low for a map view, high otherwise.
    pub fn confidence(self) -> Confidence {
        match self.form {
            Form::MapView => Confidence::Low,
            _ => Confidence::High,
        }
    }
}

/// How a cell's point was found, or why none was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Source {
    /// A point was found.
    Found(Provenance),
    /// A short link (`maps.app.goo.gl/…`): the point is behind a redirect only the resolver
    /// can follow.
    ShortLink(Service),
    /// A link naming a place only by its id (`cid=`, `ftid=`, `!1s0x…:0x…`): the resolver can
    /// look it up.
    PlaceIdOnly(Service),
    /// A short plus code (`9G8F+6X Zürich`) and no reference point to recover it against.
    ShortPlusCode,
    /// A map link with no point in it, such as a place name.
    LinkWithoutCoordinates(Service),
    /// A short link or place link that a resolver found dead: the service answered that it
    /// no longer exists (404/410).
    DeadLink(Service),
    /// A short link that a resolver followed to a page that is no map (a Google Search page
    /// without a place).
    NotAMapLink(Service),
    /// Text that holds no map link and no coordinates.
    NoCoordinates,
    /// An empty cell.
    Empty,
}

/// The per-row verdict shown in the page's status column and counted in its stats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// A trusted point was found.
    Ok,
    /// A point was found, but check it: a map view, or (0°, 0°).
    LowConfidence,
    /// The resolver can find the point (short link, place id).
    NeedsResolver,
    /// A short plus code: give a reference point near it.
    NeedsReference,
    /// No point was found.
    NoCoordinates,
}

impl Source {
    /// The words written to the `Coordinate source` column.
    pub fn label(self) -> Cow<'static, str> {
        match self {
            Source::Found(provenance) => Cow::Owned(provenance.label()),
            Source::ShortLink(_) => Cow::Borrowed("short link — needs resolver"),
            Source::PlaceIdOnly(_) => Cow::Borrowed("place id only — needs resolver"),
            Source::ShortPlusCode => Cow::Borrowed("short plus code — needs a reference point"),
            Source::LinkWithoutCoordinates(service) => {
                Cow::Owned(format!("{} link without coordinates", service.name()))
            }
            Source::DeadLink(service) => Cow::Owned(format!("{} link that no longer works", service.name())),
            Source::NotAMapLink(service) => {
                Cow::Owned(format!("{} link to a search page, not a map", service.name()))
            }
            Source::NoCoordinates => Cow::Borrowed("no coordinates"),
            Source::Empty => Cow::Borrowed("empty cell"),
        }
    }

    /// The status this source gives a row.
    pub fn status(self) -> Status {
        match self {
            Source::Found(p) if p.confidence() == Confidence::Low => Status::LowConfidence,
            Source::Found(_) => Status::Ok,
            Source::ShortLink(_) | Source::PlaceIdOnly(_) => Status::NeedsResolver,
            Source::ShortPlusCode => Status::NeedsReference,
            Source::LinkWithoutCoordinates(_)
            | Source::DeadLink(_)
            | Source::NotAMapLink(_)
            | Source::NoCoordinates
            | Source::Empty => Status::NoCoordinates,
        }
    }
}

impl Status {
    /// Short words for the results table.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::LowConfidence => "low confidence",
            Status::NeedsResolver => "needs resolver",
            Status::NeedsReference => "needs a reference point",
            Status::NoCoordinates => "no coordinates",
        }
    }
}

/// What [`extract`] found in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The point, present exactly when `source` is [`Source::Found`]; WGS-84 decimal degrees,
    /// at most 7 decimals.
    pub coordinate: Option<Coordinate>,
    /// Where the point came from, or why there is none.
    pub source: Source,
}

impl Extraction {
    pub(crate) fn found(coordinate: Coordinate, service: Service, form: Form, datum: Option<Datum>) -> Self {
        Self {
            coordinate: Some(coordinate.rounded()),
            source: Source::Found(Provenance { service, form, converted_from: datum }),
        }
    }

    pub(crate) fn none(source: Source) -> Self {
        Self { coordinate: None, source }
    }

    /// True when the cell held a map link, code or coordinates pinsheet recognises, with or
    /// without a point in it; used to find the link column.
    pub fn is_map_link(&self) -> bool {
        !matches!(self.source, Source::NoCoordinates | Source::Empty)
    }

    /// True for (0°, 0°), "null island": almost always a missing value written as zeros.
    pub fn is_null_island(&self) -> bool {
        self.coordinate.is_some_and(|c| c.lat == 0.0 && c.lon == 0.0)
    }

    /// The row's status; (0°, 0°) is low confidence whatever its source.
    pub fn status(&self) -> Status {
        match self.source.status() {
            Status::Ok if self.is_null_island() => Status::LowConfidence,
            status => status,
        }
    }

    /// How far to trust the point, when there is one.
    pub fn confidence(&self) -> Option<Confidence> {
        match self.status() {
            Status::Ok => Some(Confidence::High),
            Status::LowConfidence => Some(Confidence::Low),
            _ => None,
        }
    }

    /// The `Coordinate source` words, with a warning for (0°, 0°).
    pub fn describe(&self) -> Cow<'static, str> {
        let label = self.source.label();
        if self.is_null_island() {
            Cow::Owned(format!("{label} — null island (0°, 0°): check it"))
        } else {
            label
        }
    }
}

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

/// Wrapper links (consent pages, redirects) hold another link; this many are unwrapped.
const MAX_WRAPPING: usize = 3;

/// Reads one absolute link by its host.
fn read_link(link: &str, depth: usize) -> Extraction {
    let Ok(url) = Url::parse(link) else {
        return Extraction::none(Source::NoCoordinates);
    };
    // The url crate lower-cases hosts of http(s) links already.
    let Some(host) = url.host_str().map(|h| h.trim_end_matches('.').to_string()) else {
        return Extraction::none(Source::NoCoordinates);
    };
    if depth < MAX_WRAPPING {
        if let Some(inner) = google::unwrap(&url, &host) {
            return match find_link(&inner) {
                Some(inner) => read_link(&inner, depth + 1),
                None => Extraction::none(Source::LinkWithoutCoordinates(Service::Google)),
            };
        }
    }
    let reader: fn(&Url, &str) -> Option<Extraction> = match () {
        _ if google::is_google_link(&url, &host) => google::extract,
        _ if apple::is_host(&host) => apple::extract,
        _ if osm::is_host(&host) => osm::extract,
        _ if bing::is_host(&host, &url) => bing::extract,
        _ if waze::is_host(&host) => waze::extract,
        _ if here::is_host(&host) => here::extract,
        _ if yandex::is_host(&host, &url) => yandex::extract,
        _ if mapy::is_host(&host) => mapy::extract,
        _ if two_gis::is_host(&host) => two_gis::extract,
        _ if organic_maps::is_host(&host) => organic_maps::extract,
        _ if osmand::is_host(&host) => osmand::extract,
        _ if nakarte::is_host(&host) => nakarte::extract,
        _ if france::is_host(&host) => france::extract,
        _ if kagi::is_host(&host, &url) => kagi::extract,
        _ if japan::is_host(&host) => japan::extract,
        _ if plus_code::is_host(&host) => plus_code::extract_link,
        _ if china::is_host(&host) => china::extract,
        _ if others::is_host(&host) => others::extract,
        _ => return Extraction::none(Source::NoCoordinates),
    };
    reader(&url, &host).unwrap_or(Extraction::none(Source::NoCoordinates))
}

/// The first candidate that has a point: readers list their forms most trusted first.
fn best(candidates: impl IntoIterator<Item = (Option<Coordinate>, Form)>) -> Option<(Coordinate, Form)> {
    candidates.into_iter().find_map(|(point, form)| point.map(|p| (p, form)))
}

/// The most trusted candidate's point from `service`, or "`service` link without coordinates".
fn first_found(
    service: Service,
    candidates: impl IntoIterator<Item = (Option<Coordinate>, Form)>,
) -> Extraction {
    match best(candidates) {
        Some((point, form)) => Extraction::found(point, service, form, None),
        None => Extraction::none(Source::LinkWithoutCoordinates(service)),
    }
}

/// Hosts people paste without a scheme.
const BARE_HOSTS: &[&str] = &[
    "maps.google.",
    "www.google.",
    "google.",
    "goo.gl/",
    "maps.app.goo.gl/",
    "share.google/",
    "maps.apple/",
    "go.2gis.com/",
    "maps.apple.com/",
    "www.openstreetmap.org/",
    "openstreetmap.org/",
    "osm.org/",
    "waze.com/",
    "www.waze.com/",
    "yandex.",
    "2gis.",
    "mapy.cz/",
    "mapy.com/",
    "ge0.me/",
    "omaps.app/",
    "comaps.at/",
    "osmand.net/",
    "nakarte.me/",
];

/// The first web link in `text`, as an absolute URL string.
fn find_link(text: &str) -> Option<String> {
    let text = numbers::decode_layers(text);
    let start = match [find_ignore_case(&text, "https://"), find_ignore_case(&text, "http://")]
        .into_iter()
        .flatten()
        .min()
    {
        Some(start) => start,
        None => {
            let bare = BARE_HOSTS.iter().any(|host| starts_with_ignore_case(&text, host));
            return bare.then(|| format!("https://{}", trim_link_end(first_word(&text))));
        }
    };
    Some(trim_link_end(first_word(&text[start..])).to_string())
}

/// `haystack.to_lowercase().find(needle)` for an ASCII lower-case needle, without allocating.
pub(crate) fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let (lower, upper) = (needle.first()?.to_ascii_lowercase(), needle.first()?.to_ascii_uppercase());
    let last = hay.len().checked_sub(needle.len())?;
    hay[..=last].iter().enumerate().find_map(|(i, &b)| {
        ((b == lower || b == upper) && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)).then_some(i)
    })
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn first_word(text: &str) -> &str {
    // Bytes, not chars: every stop is ASCII, and this runs on every link. Not `'`: Google
    // leaves it raw in degree-minute-second place paths. Non-ASCII spaces end a word too.
    // A `"` between a digit and a hemisphere letter is a seconds mark of a degree-minute-second
    // place path (`/place/41°24'12.2"N+2°10'26.5"E`), not a quote around the link.
    let bytes = text.as_bytes();
    let seconds_mark = |i: usize| {
        i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(|b| matches!(b.to_ascii_uppercase(), b'N' | b'S' | b'E' | b'W'))
    };
    let end = bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| {
            b.is_ascii_whitespace()
                || matches!(b, b'<' | b'>' | b'`')
                || (b == b'"' && !seconds_mark(i))
                || b >= 0x80
        })
        .unwrap_or(text.len());
    let end = if text.as_bytes().get(end).is_some_and(|&b| b >= 0x80) {
        text[end..].find(char::is_whitespace).map_or(text.len(), |space| end + space)
    } else {
        end
    };
    &text[..end]
}

/// Drops what ends the sentence or the mail around a link rather than the link itself: a
/// closing parenthesis stays when the link opened one (`q=41.4,2.1(Home)`).
fn trim_link_end(link: &str) -> &str {
    // `%3C/a%3E`: the end of an HTML anchor, percent-encoded by a mail client.
    let mut link = match link.contains("%3").then(|| find_ignore_case(link, "%3c/a%3e")).flatten() {
        Some(cut) => &link[..cut],
        None => link,
    };
    loop {
        let Some(last) = link.chars().last() else { return link };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | ']' | '\'' => true,
            ')' => link.matches('(').count() < link.matches(')').count(),
            _ => false,
        };
        if !strip {
            return link;
        }
        link = &link[..link.len() - last.len_utf8()];
    }
}
