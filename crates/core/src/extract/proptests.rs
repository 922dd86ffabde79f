//! A random point written in each supported form reads back within the form's precision.

use super::*;
use crate::Coordinate;
use proptest::prelude::*;

/// Points with 6 decimals (as links usually carry), outside mainland China where Google and
/// the Chinese services shift them on purpose.
fn point() -> impl Strategy<Value = (f64, f64)> {
    (-89_999_999i64..=89_999_999, -179_999_999i64..=179_999_999)
        .prop_map(|(lat, lon)| (lat as f64 / 1e6, lon as f64 / 1e6))
        .prop_filter("outside mainland China", |&(lat, lon)| {
            !china::in_mainland_china(Coordinate::new(lat, lon).expect("in range"))
        })
}

fn read(cell: &str) -> (f64, f64) {
    let c = extract(cell).coordinate.unwrap_or_else(|| panic!("no point in {cell:?}"));
    (c.lat(), c.lon())
}

fn close(got: (f64, f64), want: (f64, f64), tolerance: f64) -> bool {
    (got.0 - want.0).abs() <= tolerance && (got.1 - want.1).abs() <= tolerance
}

/// Degrees, minutes and seconds with two decimals and hemisphere letters.
fn dms(value: f64, positive: char, negative: char) -> String {
    let hemisphere = if value < 0.0 { negative } else { positive };
    let total = (value.abs() * 360_000.0).round() as u64; // hundredths of a second
    let (d, rest) = (total / 360_000, total % 360_000);
    let (m, s) = (rest / 6000, rest % 6000);
    format!("{d}°{m}'{}.{:02}\"{hemisphere}", s / 100, s % 100)
}

/// Degrees and decimal minutes, signed.
fn dm(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let minutes = (value.abs().fract() * 60.0 * 10_000.0).round() / 10_000.0;
    let (degrees, minutes) =
        if minutes >= 60.0 { (value.abs().trunc() + 1.0, 0.0) } else { (value.abs().trunc(), minutes) };
    format!("{sign}{degrees} {minutes:.4}")
}

/// OSM's short-link encoding (wiki: Shortlink), to check the decoder against.
fn osm_short(lat: f64, lon: f64, chars: usize) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~";
    let x = ((lon + 180.0) / 360.0 * 2f64.powi(32)) as u64;
    let y = ((lat + 90.0) / 180.0 * 2f64.powi(32)) as u64;
    let mut code = 0u64;
    for i in 0..32 {
        code |= ((x >> (31 - i)) & 1) << (63 - 2 * i);
        code |= ((y >> (31 - i)) & 1) << (62 - 2 * i);
    }
    (0..chars).map(|i| DIGITS[((code >> (58 - 6 * i)) & 63) as usize] as char).collect()
}

/// Organic Maps' ge0 encoding (zoom character, then nine characters), to check the decoder.
fn ge0(lat: f64, lon: f64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let max = f64::from((1u32 << 30) - 1);
    let lat_i = ((lat + 90.0) / 180.0 * max).round() as u32;
    let lon_i = ((lon + 180.0) / 360.0 * (max + 1.0)).floor().min(max) as u32;
    let mut code = String::from("o");
    for i in 0..9 {
        let shift = 27 - 3 * i;
        let (la, lo) = ((lat_i >> shift) & 7, (lon_i >> shift) & 7);
        let digit = ((la >> 2) & 1) << 5
            | ((lo >> 2) & 1) << 4
            | ((la >> 1) & 1) << 3
            | ((lo >> 1) & 1) << 2
            | (la & 1) << 1
            | (lo & 1);
        code.push(DIGITS[digit as usize] as char);
    }
    code
}

/// The starts of the links, schemes and notations the readers branch on.
const READER_PREFIXES: &[&str] = &[
    "geo:",
    "geo:0,0?q=",
    "google.navigation:q=",
    "google.streetview:cbll=",
    "comgooglemaps://?q=",
    "comgooglemapsurl://",
    "https://www.google.com/maps/place/",
    "https://www.google.com/maps/search/x/",
    "https://www.google.com/?q=",
    "https://earth.google.com/web/@",
    "https://maps.apple.com/?near=",
    "https://www.openstreetmap.org/#",
    "https://www.openstreetmap.org/export/embed.html?bbox=",
    "https://www.openstreetmap.org/?geouri=geo:",
    "https://osmand.net/map?pin=",
    "osmand.api://navigate?",
    "osmand.geo:",
    "https://omaps.app/",
    "https://comaps.at/",
    "om://map?ll=",
    "cm://",
    "ge0://",
    "mapswithme://route?dll=",
    "https://nakarte.me/#r=",
    "https://cartes.gouv.fr/explorer-les-cartes/?c=",
    "https://cartes-ign.ign.fr?lng=",
    "https://kagi.com/maps/info?id=point_",
    "https://kagi.com/maps/directions?q=",
    "https://map.yahoo.co.jp/place?lat=",
    "magicearth://?drive_to&lat=",
    "https://2gis.ru/moscow/geo/",
    "https://2gis.ru/x/firm/1/center/",
    "https://share.api.2gis.ru/getimage?center=",
    "https://maps.urbi.ae/",
    "https://static-maps.yandex.ru/1.x/?pt=",
    "yandexmaps://maps.yandex.ru/?pt=",
    "https://www.waze.com/live-map?h=",
    "https://embed.waze.com/iframe?lat=",
    "waze://?ll=",
    "https://share.here.com/p/e-",
    "https://share.here.com/r/",
    "https://wego.here.com/directions/drive/",
    "here-route://",
    "https://uri.amap.com/marker?position=",
    "https://wb.amap.com/?p=",
    "http://www.amap.com/#!poi!!q=",
    "androidamap://navi?lat=",
    "https://map.qq.com/?c=",
    "https://map.qq.com/?pointx=",
    "qqmap://map/routeplan?tocoord=",
    "http://api.map.baidu.com/marker?coord_type=bd09mc&location=",
    "http://map.baidu.com/?c=",
    "https://mapy.com/fnc/v1/showmap?marker=true&center=",
    "https://plus.codes/",
    "intent://maps.google.com/maps?daddr=",
    "comgooglemaps-x-callback://?q=",
    "yandexnavi://build_route_on_map?lat_to=",
    "dgis://2gis.ru/routeSearch/rsType/car/to/",
    "https://yandex.com.tr/harita/?ll=",
    "https://2gis.kz/a/directions/points/",
    "8FVC9G8F%2B",
    "4124.",
    "41.24.",
    "55°45′ с.ш. ",
    "lat: ",
    "40d 42m ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn link_forms_read_back_exactly((lat, lon) in point()) {
        let want = (lat, lon);
        for cell in [
            format!("https://www.google.com/maps/place/X/data=!4m2!3m1!8m2!3d{lat}!4d{lon}"),
            format!("https://www.google.com/maps/@{lat},{lon},15z"),
            format!("https://maps.google.com/?q={lat},{lon}"),
            format!("https://www.google.com/maps/dir/1,1/{lat},{lon}/"),
            format!("https://maps.apple.com/?ll={lat},{lon}&q=Pin"),
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}"),
            format!("https://www.openstreetmap.org/#map=15/{lat}/{lon}"),
            format!("https://www.bing.com/maps?cp={lat}~{lon}"),
            format!("https://waze.com/ul?ll={lat},{lon}"),
            format!("https://yandex.ru/maps/?ll={lon},{lat}&z=12"),
            format!("https://yandex.ru/maps/?rtext=1,1~{lat},{lon}"),
            format!("https://2gis.ru/geo/{lon},{lat}"),
            format!("https://mapy.cz/zakladni?x={lon}&y={lat}&z=16"),
            format!("https://share.here.com/l/{lat},{lon},Name"),
            format!("geo:{lat},{lon}"),
            format!("{lat:.6}, {lon:.6}"),
            format!("https://osmand.net/map?pin={lat},{lon}#15/{lat}/{lon}"),
            format!("https://osmand.net/go.html?lat={lat}&lon={lon}&z=15"),
            format!("osmand.api://show_location?lat={lat}&lon={lon}"),
            format!("om://map?v=1&ll={lat},{lon}&n=Pin"),
            format!("mapswithme://map?ll={lat},{lon}"),
            format!("https://nakarte.me/#m=12/1/1&r={lat}/{lon}/Pin"),
            format!("https://nakarte.me/#m=12/{lat}/{lon}"),
            format!("https://cartes-ign.ign.fr?lng={lon}&lat={lat}&z=15"),
            format!("https://cartes.gouv.fr/explorer-les-cartes/?c={lon},{lat}&z=16"),
            format!("https://kagi.com/maps/info?id=point_{lat}_{lon}"),
            format!("https://kagi.com/maps#16/{lat}/{lon}"),
            format!("https://map.yahoo.co.jp/place?lat={lat}&lon={lon}&zoom=16"),
            format!("magicearth://?show_on_map&lat={lat}&lon={lon}&name=Pin"),
            format!("https://maps.urbi.ae/dubai/geo/{lon},{lat}"),
            format!("https://2gis.ru/moscow/firm/1/center/{lon},{lat}/zoom/17"),
            format!("https://static-maps.yandex.ru/1.x/?pt={lon},{lat},pm2rdm"),
            format!("https://www.openstreetmap.org/#{}", format!("map=15/{lat}/{lon}").replace('=', "%3D")),
            format!("https://www.openstreetmap.org/directions?to={lat}%2C{lon}"),
            format!("https://share.here.com/r/1,1,Start/{lat},{lon},End"),
            format!("here-route://mylocation/{lat},{lon},Name"),
            format!("https://map.qq.com/?type=marker&pointx={lon}&pointy={lat}"),
            format!("https://uri.amap.com/marker?position={lon},{lat}&coordinate=wgs84"),
            format!("google.navigation:q={lat}+{lon}"),
            format!("geo:0,0?q={lat},{lon}(A label with spaces)"),
        ] {
            prop_assert_eq!(read(&cell), want, "{}", cell);
        }
    }

    #[test]
    fn text_notations_read_back_within_their_precision((lat, lon) in point()) {
        let dms_text = format!("{} {}", dms(lat, 'N', 'S'), dms(lon, 'E', 'W'));
        prop_assert!(close(read(&dms_text), (lat, lon), 0.01 / 3600.0), "{}", dms_text);
        let dm_text = format!("{}, {}", dm(lat), dm(lon));
        if dm(lat).contains('.') && dm(lon).contains('.') && lat.abs() >= 1.0 && lon.abs() >= 1.0 {
            prop_assert!(close(read(&dm_text), (lat, lon), 0.0001 / 60.0 + 1e-9), "{}", dm_text);
        }
    }

    #[test]
    fn packed_and_dotted_notations_read_back((lat, lon) in point()) {
        // NMEA 0183: `ddmm.mmmm,N,dddmm.mmmm,E`, degrees zero-padded to 2 and 3 digits.
        let packed = |value: f64, width: usize| {
            let minutes = (value.abs().fract() * 60.0 * 10_000.0).round() / 10_000.0;
            let (d, m) = if minutes >= 60.0 { (value.abs().trunc() + 1.0, 0.0) } else { (value.abs().trunc(), minutes) };
            format!("{:0width$}{:07.4}", d as u32, m)
        };
        let nmea = format!(
            "{},{},{},{}",
            packed(lat, 2), if lat < 0.0 { 'S' } else { 'N' },
            packed(lon, 3), if lon < 0.0 { 'W' } else { 'E' }
        );
        prop_assert!(close(read(&nmea), (lat, lon), 0.0001 / 60.0 + 1e-9), "{}", nmea);
        // Dotted degrees, minutes, seconds with a hemisphere; Russian abbreviations.
        let dotted = |value: f64| {
            let total = (value.abs() * 3600.0).round() as u64;
            format!("{}.{:02}.{:02}", total / 3600, total % 3600 / 60, total % 60)
        };
        let dotted_text = format!("{}{} {}{}", dotted(lat), if lat < 0.0 { 'S' } else { 'N' }, dotted(lon), if lon < 0.0 { 'W' } else { 'E' });
        prop_assert!(close(read(&dotted_text), (lat, lon), 0.51 / 3600.0), "{}", dotted_text);
        let russian = format!(
            "{} {} {} {}",
            dms(lat.abs(), 'N', 'S').trim_end_matches('N'), if lat < 0.0 { "ю. ш." } else { "с. ш." },
            dms(lon.abs(), 'E', 'W').trim_end_matches('E'), if lon < 0.0 { "з. д." } else { "в. д." }
        );
        prop_assert!(close(read(&russian), (lat, lon), 0.01 / 3600.0), "{}", russian);
    }

    #[test]
    fn codes_decode_within_their_cell((lat, lon) in point()) {
        let plus = open_location_code::encode(geo04::Point::new(lon, lat), 10);
        prop_assert!(close(read(&plus), (lat, lon), 0.000125), "{}", plus);
        let hash = geohash::encode(geo_types::Coord { x: lon, y: lat }, 11).unwrap();
        prop_assert!(close(read(&format!("https://waze.com/ul/h{hash}")), (lat, lon), 1e-5), "{}", hash);
        let short = osm_short(lat, lon, 9);
        prop_assert!(close(read(&format!("https://osm.org/go/{short}")), (lat, lon), 360.0 / 2f64.powi(27) + 1e-7), "{}", short);
        let code = ge0(lat, lon);
        // Nine characters leave the last 3 of 30 bits uncoded: a cell of 8 units.
        let ge0_cell = 8.0 * 360.0 / 2f64.powi(30) + 1e-7;
        for link in [format!("https://omaps.app/{code}/x"), format!("https://comaps.at/{code}/x"), format!("cm://{code}/x"), format!("ge0://{code}")] {
            prop_assert!(close(read(&link), (lat, lon), ge0_cell), "{}", link);
        }
        prop_assert!(close(read(&format!("https://www.waze.com/live-map?h={hash}")), (lat, lon), 1e-5), "{}", hash);
    }

    /// Random tails after each prefix a reader branches on, so every new reader sees
    /// garbage: no panic, and a point only ever in range with a provenance.
    #[test]
    fn every_reader_survives_garbage(prefix in prop::sample::select(READER_PREFIXES), tail in "[ -~]{0,60}|\\PC{0,30}") {
        let cell = format!("{prefix}{tail}");
        for near in [None, Coordinate::new(47.4, 8.5)] {
            let e = extract_with(&cell, &Options { near });
            if let Some(c) = e.coordinate {
                prop_assert!(c.lat().abs() <= 90.0 && c.lon().abs() <= 180.0, "{}", cell);
                prop_assert!(matches!(e.source, Source::Found(_)), "{}", cell);
            }
        }
    }

    #[test]
    fn any_text_gives_an_in_range_point_or_none(cell in "\\PC{0,80}") {
        let e = extract(&cell);
        if let Some(c) = e.coordinate {
            prop_assert!(c.lat().abs() <= 90.0 && c.lon().abs() <= 180.0);
            prop_assert!(matches!(e.source, Source::Found(_)));
        }
    }

    /// The one-pass scheme finder against the two searches it replaced.
    #[test]
    fn the_web_scheme_is_found_where_either_search_finds_it(text in "([hHtTpPsS:/x ]|https?://|HTTP://){0,12}") {
        let searches = [link::find_ignore_case(&text, "https://"), link::find_ignore_case(&text, "http://")];
        prop_assert_eq!(link::find_web_scheme(&text), searches.into_iter().flatten().min());
    }

    /// The byte-level query reader (raw keys skipped before decoding) against plain
    /// form-urlencoded reading of every pair.
    #[test]
    fn query_parameters_read_as_form_urlencoded_pairs(query in "[qla=&%+2Cc0-9.,]{0,40}") {
        let Ok(url) = url::Url::parse(&format!("https://example.org/?{query}")) else { return Ok(()) };
        for name in ["q", "ll", "a", "q ", ""] {
            let expected = url.query().and_then(|q| {
                q.split('&').find_map(|pair| {
                    let (key, value) = form_urlencoded::parse(pair.as_bytes()).next()?;
                    (key == name).then(|| value.into_owned())
                })
            });
            prop_assert_eq!(numbers::param(&url, name), expected, "{} {:?}", query, name);
        }
    }
}
