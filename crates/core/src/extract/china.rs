//! Maps of mainland China and the shifted datums they use: Amap and Tencent (GCJ-02), Baidu
//! (BD-09, in degrees or Mercator metres). The shift exists only inside mainland China — the
//! same services show WGS-84 elsewhere, and Hong Kong, Macau and Taiwan are not shifted — so
//! points are converted only there. The forward transforms are the `gcj02` crate's; the
//! GCJ-02 inverse is ours, iterative and bounded ([`gcj02_inverse`]).

use super::numbers::{param, parse_lon_lat, parse_pair, split_pair};
use super::{Datum, Extraction, Form, Service, Source};
use crate::Coordinate;
use gcj02::bd09::bd09_to_gcj02;
use gcj02::bd09mc::bd09mc_to_bd09;
use gcj02::gcj02::wgs84_to_gcj02;
use geo_types::Coord;
use url::Url;

/// Rough boxes (south, west, north, east) covering mainland China, then boxes carved out of
/// them (neighbours, Taiwan), and Hong Kong and Macau as outlines. Good to a few kilometres
/// at the outer borders; a few hundred metres at Hong Kong's and Macau's, where Shenzhen and
/// Zhuhai — shifted — meet cities that are not.
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
    // Taiwan's islands off the mainland coast: Penghu, Kinmen (east of Xiamen), Matsu.
    (23.15, 119.30, 23.80, 119.75),
    (24.37, 118.20, 24.52, 118.50),
    (26.13, 119.90, 26.30, 120.05),
];

/// Hong Kong (latitude, longitude): its sea limits to the west, south and east, and on land
/// the Shenzhen River and Sha Tau Kok; Deep Bay's line keeps Shekou and Futian outside.
const HONG_KONG: &[(f64, f64)] = &[
    (22.14, 113.83),
    (22.37, 113.83),
    (22.45, 113.91),
    (22.50, 114.01),
    (22.515, 114.05),
    (22.53, 114.10),
    (22.54, 114.15),
    (22.56, 114.22),
    (22.56, 114.30),
    (22.45, 114.44),
    (22.14, 114.44),
];

/// Macau: the peninsula below the Gongbei border, Taipa and Coloane east of Hengqin's channel.
const MACAU: &[(f64, f64)] = &[
    (22.216, 113.535),
    (22.218, 113.556),
    (22.20, 113.565),
    (22.16, 113.60),
    (22.11, 113.60),
    (22.11, 113.556),
    (22.15, 113.553),
    (22.185, 113.535),
];

/// Even-odd rule: a ray to the east crosses the outline an odd number of times from inside.
fn within(c: Coordinate, outline: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let mut previous = outline.last().copied().unwrap_or((0.0, 0.0));
    for &(lat, lon) in outline {
        let (p_lat, p_lon) = previous;
        if (lat > c.lat()) != (p_lat > c.lat())
            && c.lon() < (p_lon - lon) * (c.lat() - lat) / (p_lat - lat) + lon
        {
            inside = !inside;
        }
        previous = (lat, lon);
    }
    inside
}

fn inside(c: Coordinate, boxes: &[(f64, f64, f64, f64)]) -> bool {
    boxes.iter().any(|&(s, w, n, e)| c.lat() >= s && c.lat() <= n && c.lon() >= w && c.lon() <= e)
}

/// True inside mainland China, where GCJ-02 and BD-09 apply.
pub(super) fn in_mainland_china(c: Coordinate) -> bool {
    inside(c, MAINLAND) && !inside(c, CARVED_OUT) && !within(c, HONG_KONG) && !within(c, MACAU)
}

fn coord(c: Coordinate) -> Coord {
    Coord { x: c.lon(), y: c.lat() }
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
    Some((point(gcj02_inverse(coord(gcj)))?, Some(datum)))
}

/// GCJ-02 → WGS-84. The shift has no closed-form inverse; the one-step subtraction many
/// libraries use is off by up to a couple of metres. This iterates the forward transform
/// (a contraction: the shift changes by far less than a metre per metre moved) until the
/// point it maps to is within 1e-9° of the given one — a bounded loop, unlike the `gcj02`
/// crate's own inverse, so no input can spin the worker.
fn gcj02_inverse(gcj: Coord) -> Coord {
    let mut wgs = gcj;
    for _ in 0..30 {
        let forward = wgs84_to_gcj02(wgs);
        let (dx, dy) = (forward.x - gcj.x, forward.y - gcj.y);
        if !(dx.is_finite() && dy.is_finite()) {
            break;
        }
        wgs = Coord { x: wgs.x - dx, y: wgs.y - dy };
        if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
            break;
        }
    }
    wgs
}

/// GCJ-02 → WGS-84 when inside mainland China; the point unchanged elsewhere.
pub(super) fn from_gcj02_in_china(c: Coordinate) -> (Coordinate, Option<Datum>) {
    to_wgs84(c, Datum::Gcj02).unwrap_or((c, None))
}

pub(super) fn is_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    ["amap.com", "gaode.com", "map.qq.com", "map.wap.qq.com", "map.baidu.com"]
        .iter()
        .any(|domain| base == *domain || base.ends_with(&format!(".{domain}")))
}

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    if host.ends_with("amap.com") || host.ends_with("gaode.com") {
        amap(url)
    } else if host.ends_with("qq.com") {
        tencent(url)
    } else {
        baidu(url, host)
    }
}

fn found(service: Service, c: Coordinate, datum: Datum, form: Form) -> Option<Extraction> {
    let (c, datum) = to_wgs84(c, datum)?;
    Some(Extraction::found(c, service, form, datum))
}

/// A point in `datum`, or already WGS-84 when the link says so (`None`).
fn found_in(service: Service, c: Coordinate, datum: Option<Datum>, form: Form) -> Option<Extraction> {
    match datum {
        Some(datum) => found(service, c, datum, form),
        None => Some(Extraction::found(c, service, form, None)),
    }
}

/// Amap URI API (lbs.amap.com/api/uri-api: `uri.amap.com/marker?position=lon,lat`,
/// `navigation?to=lon,lat,name`; GCJ-02 unless `coordinate=wgs84`), `regeo?lng=&lat=`,
/// `m.amap.com/navi/?dest=lon,lat`, and the site's shares: `?q=lat,lon,name`,
/// `wb.amap.com/?p=<poi id>,lat,lon,name,address`, `amap.com/#!poi!!q=lat,lon|…`.
fn amap(url: &Url) -> Option<Extraction> {
    let datum = match param(url, "coordinate") {
        Some(c) if c.eq_ignore_ascii_case("wgs84") => None,
        _ => Some(Datum::Gcj02),
    };
    let lon_lat =
        |name: &str| param(url, name).and_then(|v| first_two(&v).and_then(|p| parse_lon_lat(&p, ',')));
    let shared_poi = param(url, "p").and_then(|p| {
        let mut fields = p.split(',').skip(1);
        parse_pair(&format!("{},{}", fields.next()?, fields.next()?))
    });
    let fragment_poi = url.fragment().and_then(|f| {
        let q = f.split_once("q=")?.1;
        parse_pair(q.split(['|', '&']).next()?)
    });
    let pin = lon_lat("position").or_else(|| lon_lat("lnglat")).or_else(|| {
        let (lon, lat) = (param(url, "lng")?, param(url, "lat")?);
        Coordinate::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
    });
    let candidates = [
        (pin.or(shared_poi).or(fragment_poi), Form::Pin),
        (param(url, "q").and_then(|v| first_two(&v)).and_then(|p| parse_pair(&p)), Form::Typed),
        (lon_lat("to").or_else(|| lon_lat("dest")), Form::RouteDestination),
        (lon_lat("center"), Form::MapView),
    ];
    match super::best(candidates) {
        Some((c, form)) => found_in(Service::Amap, c, datum, form),
        None => Some(Extraction::none(Source::LinkWithoutCoordinates(Service::Amap))),
    }
}

/// Amap's app schemes (`androidamap://navi?lat=&lon=&dev=`, `viewReGeo`, `iosamap://…`):
/// `dev=1` says the numbers are WGS-84, `dev=0` (the default) GCJ-02 (lbs.amap.com,
/// amap-mobile guides). Given as `https://amap.app/<command>?…`.
pub(super) fn amap_app(url: &Url) -> Extraction {
    let number = |name: &str| param(url, name).and_then(|v| v.trim().parse::<f64>().ok());
    let datum = if param(url, "dev").as_deref() == Some("1") { None } else { Some(Datum::Gcj02) };
    let form = if url.path().contains("navi") || url.path().contains("route") {
        Form::RouteDestination
    } else {
        Form::Pin
    };
    let point = number("lat").zip(number("lon")).and_then(|(lat, lon)| Coordinate::new(lat, lon));
    point
        .and_then(|c| found_in(Service::Amap, c, datum, form))
        .unwrap_or(Extraction::none(Source::LinkWithoutCoordinates(Service::Amap)))
}

/// Tencent URI API (lbs.qq.com/webApi/uriV1: `marker=coord:lat,lng;title:…`,
/// `geocoder?coord=lat,lng`, `routeplan?tocoord=lat,lng`, `search?center=lat,lng`; GCJ-02
/// unless `coord_type=1`, GPS), the site's `?pointx=lon&pointy=lat` markers and the old
/// mobile site's `x=lon&y=lat`.
fn tencent(url: &Url) -> Option<Extraction> {
    let datum = if param(url, "coord_type").as_deref() == Some("1") { None } else { Some(Datum::Gcj02) };
    let number = |name: &str| param(url, name).and_then(|v| v.trim().parse::<f64>().ok());
    let x_y = |x: &str, y: &str| number(x).zip(number(y)).and_then(|(lon, lat)| Coordinate::new(lat, lon));
    let marker = param(url, "marker")
        .and_then(|m| m.split(['|', ';']).find_map(|part| part.strip_prefix("coord:").and_then(parse_pair)));
    let pin = marker
        .or_else(|| param(url, "coord").and_then(|v| parse_pair(&v)))
        .or_else(|| x_y("pointx", "pointy"))
        .or_else(|| x_y("x", "y"));
    // The site's map state: `c=lat,lng` or `c={"base":{"lat":…,"lng":…,"l":…}}`, `m=lat,lng`,
    // `centerX=lng&centerY=lat`.
    let state = param(url, "c")
        .and_then(|c| parse_pair(&c).or_else(|| json_lat_lng(&c)))
        .or_else(|| param(url, "m").and_then(|m| parse_pair(&m)))
        .or_else(|| x_y("centerX", "centerY"));
    let candidates = [
        (pin, Form::Pin),
        (param(url, "tocoord").and_then(|v| parse_pair(&v)), Form::RouteDestination),
        (param(url, "center").and_then(|v| parse_pair(&v)).or(state), Form::MapView),
    ];
    match super::best(candidates) {
        Some((c, form)) => found_in(Service::Tencent, c, datum, form),
        None => Some(Extraction::none(Source::LinkWithoutCoordinates(Service::Tencent))),
    }
}

/// The first object in a JSON value holding numeric `lat` and `lng`.
fn json_lat_lng(text: &str) -> Option<Coordinate> {
    fn find(value: &serde_json::Value, depth: usize) -> Option<Coordinate> {
        let object = value.as_object()?;
        let number = |name: &str| object.get(name).and_then(serde_json::Value::as_f64);
        if let (Some(lat), Some(lng)) = (number("lat"), number("lng")) {
            return Coordinate::new(lat, lng);
        }
        // Tencent nests the centre one level down; a few levels are plenty.
        (depth < 4).then(|| object.values().find_map(|v| find(v, depth + 1))).flatten()
    }
    find(&serde_json::from_str(text).ok()?, 0)
}

/// Baidu URI API (lbsyun.baidu.com `uri/api/web`: `marker?location=lat,lng`,
/// `geocoder?location=`, `direction?destination=latlng:lat,lng|name:…`, in BD-09 degrees
/// unless `coord_type=gcj02|wgs84|bd09mc`), `?latlng=lat,lng`, and the site's map view
/// `/@x,y,zoomz` and `?c=x,y` in BD-09 Mercator metres.
fn baidu(url: &Url, _host: &str) -> Option<Extraction> {
    let coord_type = param(url, "coord_type").map(|t| t.to_ascii_lowercase());
    let datum = match coord_type.as_deref() {
        Some("gcj02") => Some(Datum::Gcj02),
        Some("wgs84") => None,
        Some("bd09mc") => Some(Datum::Bd09Mercator),
        _ => Some(Datum::Bd09),
    };
    // `location=` is `lat,lng`; in Mercator metres (`coord_type=bd09mc`) the pair is told
    // apart by size — in China x (easting) is 8–15 million metres, y (northing) under 7.
    let read = |value: &str| -> Option<Coordinate> {
        let (a, b) = split_pair(value, ',')?;
        if datum == Some(Datum::Bd09Mercator) || (a.abs() > 1000.0 && b.abs() > 1000.0) {
            let (x, y) = if a.abs() > b.abs() { (a, b) } else { (b, a) };
            return point(bd09mc_to_bd09(Coord { x, y }));
        }
        Coordinate::new(a, b)
    };
    let pin = param(url, "location").or_else(|| param(url, "latlng")).and_then(|v| read(&v));
    let destination = param(url, "destination")
        .and_then(|v| v.split('|').find_map(|part| part.strip_prefix("latlng:").and_then(read)));
    if let Some((c, form)) = super::best([(pin, Form::Pin), (destination, Form::RouteDestination)]) {
        // Metres were projected back to BD-09 degrees in `read`; `to_wgs84` takes those.
        return found_in(Service::Baidu, c, datum, form);
    }
    let path = url.path();
    let view = path
        .find("/@")
        .and_then(|at| {
            let mut parts = path[at + 2..].split(',');
            let x: f64 = parts.next()?.parse().ok()?;
            let y: f64 = parts.next()?.parse().ok()?;
            Some((x, y))
        })
        .or_else(|| {
            param(url, "c")
                .and_then(|c| split_pair(&c, ','))
                .filter(|(x, y)| x.abs() > 1000.0 && y.abs() > 1000.0)
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
