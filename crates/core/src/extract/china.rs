//! Maps of mainland China and the shifted datums they use: Amap and Tencent (GCJ-02), Baidu
//! (BD-09, in degrees or Mercator metres). The shift exists only inside mainland China — the
//! same services show WGS-84 elsewhere, and Hong Kong, Macau and Taiwan are not shifted — so
//! points are converted only there. The transforms are the `gcj02` crate's.

use super::numbers::{param, parse_lon_lat, parse_pair, split_pair};
use super::{Datum, Extraction, Form, Service, Source};
use crate::Coordinate;
use gcj02::bd09::bd09_to_gcj02;
use gcj02::bd09mc::bd09mc_to_bd09;
use gcj02::gcj02::gcj02_to_wgs84;
use geo_types::Coord;
use url::Url;

/// Rough boxes (south, west, north, east) covering mainland China, then boxes carved out of
/// them (neighbours, Taiwan, Hong Kong, Macau). Good to a few kilometres at the borders.
const MAINLAND: &[(f64, f64, f64, f64)] = &[
    (42.8899, 79.4462, 49.2204, 96.33),
    (39.3742, 109.6872, 54.1415, 135.0002),
    (29.5297, 73.1246, 42.8899, 124.143255),
    (26.7186, 82.9684, 29.5297, 97.0352),
    (20.414096, 97.0253, 29.5297, 124.367395),
    (17.871542, 107.975793, 20.414096, 111.744104),
];
const CARVED_OUT: &[(f64, f64, f64, f64)] = &[
    (21.785006, 119.921265, 25.398623, 122.497559),
    (20.0988, 101.8652, 22.284, 106.665),
    (20.4878, 106.4525, 21.5422, 108.051),
    (50.3257, 109.0323, 55.8175, 119.127),
    (49.5574, 127.4568, 55.8175, 137.0227),
    (42.5692, 131.2662, 44.8922, 137.0227),
    (22.15, 113.83, 22.57, 114.44),
    (22.10, 113.52, 22.22, 113.60),
];

fn inside(c: Coordinate, boxes: &[(f64, f64, f64, f64)]) -> bool {
    boxes.iter().any(|&(s, w, n, e)| c.lat >= s && c.lat <= n && c.lon >= w && c.lon <= e)
}

/// True inside mainland China, where GCJ-02 and BD-09 apply.
pub(super) fn in_mainland_china(c: Coordinate) -> bool {
    inside(c, MAINLAND) && !inside(c, CARVED_OUT)
}

fn coord(c: Coordinate) -> Coord {
    Coord { x: c.lon, y: c.lat }
}

fn point(c: Coord) -> Option<Coordinate> {
    Coordinate::new(c.y, c.x)
}

/// A point given in `datum` (degrees; Mercator metres are turned into BD-09 degrees by the
/// caller) as WGS-84, with the datum when a conversion was applied.
pub(super) fn to_wgs84(c: Coordinate, datum: Datum) -> Option<(Coordinate, Option<Datum>)> {
    if !in_mainland_china(c) {
        return Some((c, None));
    }
    let gcj = match datum {
        Datum::Gcj02 => c,
        Datum::Bd09 | Datum::Bd09Mercator => point(bd09_to_gcj02(coord(c)))?,
    };
    Some((point(gcj02_to_wgs84(coord(gcj)))?, Some(datum)))
}

/// GCJ-02 → WGS-84 when inside mainland China; the point unchanged elsewhere.
pub(super) fn from_gcj02_in_china(c: Coordinate) -> (Coordinate, Option<Datum>) {
    to_wgs84(c, Datum::Gcj02).unwrap_or((c, None))
}

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    ["amap.com", "gaode.com", "map.qq.com", "map.baidu.com"]
        .iter()
        .any(|domain| base == *domain || base.ends_with(&format!(".{domain}")))
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    if host.ends_with("amap.com") || host.ends_with("gaode.com") {
        amap(url)
    } else if host.ends_with("map.qq.com") {
        tencent(url)
    } else {
        baidu(url, host)
    }
}

fn found(service: Service, c: Coordinate, datum: Datum, form: Form) -> Option<Extraction> {
    let (c, datum) = to_wgs84(c, datum)?;
    Some(Extraction::found(c, service, form, datum))
}

/// Amap URI API (`uri.amap.com/marker?position=lon,lat`, `navigation?to=lon,lat,name`),
/// `regeo?lng=&lat=`, and the site's `?q=lat,lon,name`.
fn amap(url: &Url) -> Option<Extraction> {
    let lon_lat =
        |name: &str| param(url, name).and_then(|v| first_two(&v).and_then(|p| parse_lon_lat(&p, ',')));
    let pin = lon_lat("position").or_else(|| lon_lat("lnglat")).or_else(|| {
        let (lon, lat) = (param(url, "lng")?, param(url, "lat")?);
        Coordinate::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
    });
    if let Some(c) = pin {
        return found(Service::Amap, c, Datum::Gcj02, Form::Pin);
    }
    if let Some(c) = param(url, "q").and_then(|v| first_two(&v)).and_then(|p| parse_pair(&p)) {
        return found(Service::Amap, c, Datum::Gcj02, Form::Typed);
    }
    if let Some(c) = lon_lat("to").or_else(|| lon_lat("dest")) {
        return found(Service::Amap, c, Datum::Gcj02, Form::RouteDestination);
    }
    if let Some(c) = lon_lat("center") {
        return found(Service::Amap, c, Datum::Gcj02, Form::MapView);
    }
    Some(Extraction::none(Source::LinkWithoutCoordinates(Service::Amap)))
}

/// Tencent URI API: `marker=coord:lat,lng;title:…`, `tocoord=lat,lng`, `center=lat,lng`.
fn tencent(url: &Url) -> Option<Extraction> {
    let marker = param(url, "marker")
        .and_then(|m| m.split(';').find_map(|part| part.strip_prefix("coord:").and_then(parse_pair)));
    if let Some(c) = marker {
        return found(Service::Tencent, c, Datum::Gcj02, Form::Pin);
    }
    if let Some(c) = param(url, "tocoord").and_then(|v| parse_pair(&v)) {
        return found(Service::Tencent, c, Datum::Gcj02, Form::RouteDestination);
    }
    if let Some(c) = param(url, "center").and_then(|v| parse_pair(&v)) {
        return found(Service::Tencent, c, Datum::Gcj02, Form::MapView);
    }
    Some(Extraction::none(Source::LinkWithoutCoordinates(Service::Tencent)))
}

/// Baidu URI API (`marker?location=lat,lng&coord_type=bd09ll|gcj02|wgs84`,
/// `direction?destination=latlng:lat,lng|name:…`), `?latlng=lat,lng`, and the site's map view
/// `/@x,y,zoomz` in BD-09 Mercator metres.
fn baidu(url: &Url, _host: &str) -> Option<Extraction> {
    let datum = match param(url, "coord_type").as_deref() {
        Some("gcj02") => Some(Datum::Gcj02),
        Some("wgs84") => None,
        _ => Some(Datum::Bd09),
    };
    let pin = param(url, "location").or_else(|| param(url, "latlng")).and_then(|v| parse_pair(&v));
    if let Some(c) = pin {
        return match datum {
            Some(datum) => found(Service::Baidu, c, datum, Form::Pin),
            None => Some(Extraction::found(c, Service::Baidu, Form::Pin, None)),
        };
    }
    let destination = param(url, "destination")
        .and_then(|v| v.split('|').find_map(|part| part.strip_prefix("latlng:").and_then(parse_pair)));
    if let Some(c) = destination {
        return found(Service::Baidu, c, datum.unwrap_or(Datum::Bd09), Form::RouteDestination);
    }
    let path = url.path();
    let view = path.find("/@").and_then(|at| {
        let rest = &path[at + 2..];
        let mut parts = rest.split(',');
        let x: f64 = parts.next()?.parse().ok()?;
        let y: f64 = parts.next()?.parse().ok()?;
        Some((x, y))
    });
    if let Some((x, y)) = view {
        // Metres, not degrees: projected back to BD-09 degrees before the datum shift.
        let c = point(bd09mc_to_bd09(Coord { x, y }))?;
        return found(Service::Baidu, c, Datum::Bd09Mercator, Form::MapView);
    }
    Some(Extraction::none(Source::LinkWithoutCoordinates(Service::Baidu)))
}

/// The first two comma-separated fields of `value` (`lon,lat,name` → `lon,lat`).
fn first_two(value: &str) -> Option<String> {
    let mut parts = value.split(',');
    let pair = format!("{},{}", parts.next()?, parts.next()?);
    split_pair(&pair, ',').map(|_| pair)
}
