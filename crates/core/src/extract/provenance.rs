//! What an extraction says: the point's service, form and datum, or why there is none.

use crate::Coordinate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
