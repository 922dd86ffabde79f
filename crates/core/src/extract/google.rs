//! Google Maps links, after Google's Maps URLs documentation
//! (<https://developers.google.com/maps/documentation/urls/get-started>) and the URLs that
//! maps.google.com itself puts in the address bar and share sheet.

use super::numbers::{parse_pair, percent_decode, scan_decimal, scan_pair};
use super::{Extraction, Source};
use crate::Coordinate;
use url::Url;

/// Google's country domains (after `google.`), from Google's list of supported domains.
/// Only these count: `google.com.evil.example` is not Google.
const GOOGLE_SUFFIXES: &[&str] = &[
    "com", "ad", "ae", "com.af", "com.ag", "al", "am", "co.ao", "com.ar", "as", "at", "com.au", "az", "ba",
    "com.bd", "be", "bf", "bg", "com.bh", "bi", "bj", "com.bn", "com.bo", "com.br", "bs", "bt", "co.bw",
    "by", "com.bz", "ca", "cat", "cd", "cf", "cg", "ch", "ci", "co.ck", "cl", "cm", "cn", "com.co", "co.cr",
    "com.cu", "cv", "com.cy", "cz", "de", "dj", "dk", "dm", "com.do", "dz", "com.ec", "ee", "com.eg", "es",
    "com.et", "fi", "com.fj", "fm", "fr", "ga", "ge", "gg", "com.gh", "com.gi", "gl", "gm", "gr", "com.gt",
    "gy", "com.hk", "hn", "hr", "ht", "hu", "co.id", "ie", "co.il", "im", "co.in", "iq", "is", "it", "je",
    "com.jm", "jo", "co.jp", "co.ke", "com.kh", "ki", "kg", "co.kr", "com.kw", "kz", "la", "com.lb", "li",
    "lk", "co.ls", "lt", "lu", "lv", "com.ly", "co.ma", "md", "me", "mg", "mk", "ml", "com.mm", "mn",
    "com.mt", "mu", "mv", "mw", "com.mx", "com.my", "co.mz", "com.na", "com.ng", "com.ni", "ne", "nl", "no",
    "com.np", "nr", "nu", "co.nz", "com.om", "com.pa", "com.pe", "com.pg", "com.ph", "com.pk", "pl", "pn",
    "com.pr", "ps", "pt", "com.py", "com.qa", "ro", "rs", "ru", "rw", "com.sa", "com.sb", "sc", "se",
    "com.sg", "sh", "si", "sk", "com.sl", "sn", "so", "sm", "sr", "st", "com.sv", "td", "tg", "co.th",
    "com.tj", "tl", "tm", "tn", "to", "com.tr", "tt", "com.tw", "co.tz", "com.ua", "co.ug", "co.uk",
    "com.uy", "co.uz", "com.vc", "co.ve", "co.vi", "com.vn", "vu", "ws", "co.za", "co.zm", "co.zw",
];

/// Query parameters that carry coordinates the person typed, most specific first.
const TYPED_PARAMS: &[&str] = &["q", "query", "destination", "daddr"];

/// Query parameters that carry the map's centre.
const VIEW_PARAMS: &[&str] = &["ll", "center"];

/// True for `google.<cc>`, `www.google.<cc>` and `maps.google.<cc>` on a real Google domain.
pub(crate) fn is_google_host(host: &str) -> bool {
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("maps.")).unwrap_or(host);
    host.strip_prefix("google.").is_some_and(|suffix| GOOGLE_SUFFIXES.contains(&suffix))
}

/// True for the hosts and paths Google uses for Maps short links.
pub(crate) fn is_short_link(url: &Url) -> bool {
    match url.host_str() {
        Some("maps.app.goo.gl") => true,
        Some("goo.gl" | "app.goo.gl") => url.path().starts_with("/maps"),
        _ => false,
    }
}

pub(super) fn extract(link: &str) -> Extraction {
    let Ok(url) = Url::parse(link) else {
        return Extraction::none(Source::NoCoordinates);
    };
    if is_short_link(&url) {
        return Extraction::none(Source::ShortLink);
    }
    let Some(host) = url.host_str() else {
        return Extraction::none(Source::NoCoordinates);
    };
    let is_maps = is_google_host(host) && (host.starts_with("maps.") || url.path().starts_with("/maps"));
    if !is_maps {
        return Extraction::none(Source::NoCoordinates);
    }
    let path = percent_decode(url.path());
    let params: Vec<(String, String)> =
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let param = |name: &str| params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());

    let pin = last_pin(&path).or_else(|| param("data").and_then(last_pin));
    if let Some(point) = pin {
        return Extraction::found(point, Source::PlacePin);
    }
    let typed = path_point(&path, "/place/")
        .or_else(|| path_point(&path, "/search/"))
        .or_else(|| TYPED_PARAMS.iter().find_map(|name| param(name).and_then(parse_pair)));
    if let Some(point) = typed {
        return Extraction::found(point, Source::Query);
    }
    let view = path
        .find('@')
        .and_then(|at| scan_pair(&path[at + 1..]))
        .or_else(|| VIEW_PARAMS.iter().find_map(|name| param(name).and_then(parse_pair)));
    match view {
        Some(point) => Extraction::found(point, Source::MapView),
        None => Extraction::none(Source::LinkWithoutCoordinates),
    }
}

/// The last `!3d<lat>!4d<lng>` pair: in a place URL's `data=` block that is the pin (`!8m2`),
/// after any ids and viewport entries.
fn last_pin(text: &str) -> Option<Coordinate> {
    let mut found = None;
    for (at, _) in text.match_indices("!3d") {
        let rest = &text[at + 3..];
        let Some((lat, used)) = scan_decimal(rest) else { continue };
        let Some(rest) = rest[used..].strip_prefix("!4d") else { continue };
        let Some((lon, _)) = scan_decimal(rest) else { continue };
        found = Coordinate::new(lat, lon).or(found);
    }
    found
}

/// The coordinates in the path segment after `marker` (`/maps/place/41.4,2.17/…`).
fn path_point(path: &str, marker: &str) -> Option<Coordinate> {
    let at = path.find(marker)? + marker.len();
    let segment = path[at..].split('/').next()?;
    parse_pair(segment)
}
