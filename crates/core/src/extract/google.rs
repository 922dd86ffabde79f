//! Google Maps links, after Google's Maps URLs documentation
//! (<https://developers.google.com/maps/documentation/urls/get-started>) and the URLs that
//! maps.google.com itself puts in the address bar and share sheet.

use super::numbers::{
    has_code, param, parse_pair, parse_pair_or_spaced, percent_decode, scan_decimal, scan_pair,
};
use super::{china, Extraction, Form, Service, Source};
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

/// True for `google.<cc>`, `www.google.<cc>`, `maps.google.<cc>` (and `ditu.google.cn`) on a
/// real Google domain.
pub(crate) fn is_google_host(host: &str) -> bool {
    let host = ["www.", "maps.", "ditu."].iter().find_map(|p| host.strip_prefix(p)).unwrap_or(host);
    host.strip_prefix("google.").is_some_and(|suffix| GOOGLE_SUFFIXES.contains(&suffix))
}

/// True for Google Maps pages and short links, and Search pages that name a place by its
/// `ludocid=` (Google Search and Takeout link places so); not other Search pages, not Mail.
pub(super) fn is_google_link(url: &Url, host: &str) -> bool {
    is_short_link(host, url)
        || (host == "earth.google.com" && url.path().starts_with("/web"))
        || (is_google_host(host)
            && (host.starts_with("maps.")
                || host.starts_with("ditu.")
                || url.path().starts_with("/maps")
                || (url.path() == "/search" && param(url, "ludocid").is_some())
                || is_root_query(url)))
}

/// `www.google.com/?q=lat,lng` — the root with a coordinate pair, as apps' "open in Google"
/// buttons write it — shows the typed point on a map. Words in `q=` there, and any `q=` on
/// `/search`, are a web search, not a map link.
fn is_root_query(url: &Url) -> bool {
    matches!(url.path(), "" | "/") && param(url, "q").is_some_and(|q| parse_pair(&q).is_some())
}

/// True for the hosts and paths Google uses for short links that can lead to a place:
/// Maps' own (`maps.app.goo.gl`, `goo.gl/maps`, `goo.gl/app/maps` from the Firebase era) and
/// Search's knowledge-panel links (`g.co/kgs`, `share.google`), which the resolver follows.
pub(crate) fn is_short_link(host: &str, url: &Url) -> bool {
    let has_code = |prefix: &str| has_code(url, prefix);
    match host {
        "maps.app.goo.gl" => has_code("/"),
        "goo.gl" | "app.goo.gl" => has_code("/maps/") || has_code("/app/maps/"),
        "g.co" => has_code("/kgs/"),
        "share.google" => has_code("/"),
        _ => false,
    }
}

/// The link inside a wrapper: Google's consent page (`consent.google.*/ml?continue=`), its
/// redirector (`www.google.*/url?q=` or `url=`), and Firebase-style `maps.app.goo.gl/?link=`.
pub(super) fn unwrap(url: &Url, host: &str) -> Option<String> {
    let name = match host {
        _ if host.strip_prefix("consent.").is_some_and(is_google_host) => "continue",
        "maps.app.goo.gl" => "link",
        _ if is_google_host(host) && url.path() == "/url" => {
            return param(url, "q").or_else(|| param(url, "url"));
        }
        _ => return None,
    };
    param(url, name)
}

/// Android's `google.navigation:q=` and iOS's `comgooglemaps://` links.
pub(super) fn extract_app_scheme(text: &str) -> Option<Extraction> {
    let lower = text.get(..20).unwrap_or(text).to_ascii_lowercase();
    if lower.starts_with("google.navigation:") {
        let query = &text["google.navigation:".len()..];
        let value = query.split('&').find_map(|kv| kv.strip_prefix("q="))?;
        // Android intents write the pair with a comma, `+` or a space between.
        let point = parse_pair_or_spaced(&percent_decode(value))?;
        return Some(found(point, Form::RouteDestination));
    }
    // Street View's intent: where the camera stands (Google Maps Intents for Android).
    if lower.starts_with("google.streetview:") {
        let query = &text["google.streetview:".len()..];
        let value = query.split('&').find_map(|kv| kv.strip_prefix("cbll="))?;
        return Some(found(parse_pair(&percent_decode(value))?, Form::MapView));
    }
    // `comgooglemaps-x-callback://` takes the same parameters, plus where to return.
    if lower.starts_with("comgooglemaps://") || lower.starts_with("comgooglemaps-x-") {
        let url = Url::parse(text).ok()?;
        let read = |name: &str| param(&url, name).and_then(|v| parse_pair(&v));
        let (point, form) = read("daddr")
            .map(|p| (p, Form::RouteDestination))
            .or_else(|| read("q").map(|p| (p, Form::Typed)))
            .or_else(|| read("center").map(|p| (p, Form::MapView)))?;
        return Some(found(point, form));
    }
    None
}

/// A Google point: converted from GCJ-02 inside mainland China, where Google's map (and so
/// every coordinate in its links) is shifted by law.
fn found(point: Coordinate, form: Form) -> Extraction {
    let (point, datum) = china::from_gcj02_in_china(point);
    Extraction::found(point, Service::Google, form, datum)
}

/// Query parameters whose value is the place the person typed or chose, most specific first.
const TYPED_PARAMS: &[&str] = &["q", "query", "cbll"];

/// Query parameters whose value is a route's destination.
const ROUTE_PARAMS: &[&str] = &["destination", "daddr"];

/// Query parameters that carry the map's centre.
const VIEW_PARAMS: &[&str] = &["ll", "sll", "center", "viewpoint"];

/// Query parameters that name a place only by its id.
const PLACE_ID_PARAMS: &[&str] = &["cid", "ftid", "ludocid", "query_place_id", "place_id"];

pub(super) fn extract(url: &Url, host: &str) -> Option<Extraction> {
    if is_short_link(host, url) {
        return Some(Extraction::none(Source::ShortLink(Service::Google)));
    }
    // Decoded whole only when Google's own separators (`!`, `@`, `,`) are encoded; other
    // escapes (names, `%2F` in ids) are decoded per segment below, which is much cheaper.
    let raw = url.path();
    let encoded_structure = ["%21", "%40", "%2C", "%2c"].iter().any(|e| raw.contains(e));
    let path = if encoded_structure { percent_decode(raw) } else { raw.to_string() };
    let params: Vec<(String, String)> =
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let param = |name: &str| params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let data = param("data").map(percent_decode).unwrap_or_default();

    if let Some(point) = last_pin(&path).or_else(|| last_pin(&data)) {
        return Some(found(point, Form::Pin));
    }
    let typed = path_segment(&path, "/place/")
        .or_else(|| path_segment(&path, "/search/"))
        // `/maps/q=loc:lat,lng`: a query written into the path, as some apps do.
        .or_else(|| path_segment(&path, "/q=").map(|q| q.split('&').next().unwrap_or(q)))
        .and_then(|segment| typed_point(&percent_decode(segment)))
        .or_else(|| TYPED_PARAMS.iter().find_map(|name| param(name).and_then(typed_point)));
    if let Some(point) = typed {
        return Some(found(point, Form::Typed));
    }
    // `/place/9G8F%2B6X+Zürich/@47.36,8.52,17z`: a plus code with its town (the code's own
    // `+` escaped, spaces as `+`), recovered against the view Google centred on it.
    let view_at = path.find('@').and_then(|at| scan_pair(&path[at + 1..]));
    let place_code = path_segment(url.path(), "/place/").map(|raw| percent_decode(&raw.replace('+', " ")));
    if let Some(code) = place_code.and_then(|code| super::plus_code::extract(&code, view_at)) {
        if code.coordinate.is_some() {
            return Some(code);
        }
    }
    let route = ROUTE_PARAMS
        .iter()
        .find_map(|name| param(name).and_then(typed_point))
        .or_else(|| route_destination(&path));
    if let Some(point) = route {
        return Some(found(point, Form::RouteDestination));
    }
    let view = path
        .find('@')
        .and_then(|at| scan_pair(&path[at + 1..]))
        // `/maps/search/<words>/lat,lng,zoomz`: the view segment with its `@` lost.
        .or_else(|| search_view(&path))
        .or_else(|| VIEW_PARAMS.iter().find_map(|name| param(name).and_then(parse_pair)))
        .or_else(|| find(&path, "/ll=").and_then(|at| scan_pair(&path[at + 4..])))
        .or_else(|| param("pb").and_then(embed_centre));
    if let Some(point) = view {
        return Some(found(point, Form::MapView));
    }
    let place_id = PLACE_ID_PARAMS.iter().any(|name| param(name).is_some()) || has_feature_id(&path);
    Some(Extraction::none(if place_id {
        Source::PlaceIdOnly(Service::Google)
    } else {
        Source::LinkWithoutCoordinates(Service::Google)
    }))
}

/// A typed place: `lat,lng`, `loc:lat,lng`, `Name@lat,lng`, `N34.9,W106.6`, DMS, or a full
/// plus code — whatever the text reader accepts.
fn typed_point(value: &str) -> Option<Coordinate> {
    let value = value.trim();
    if let Some(point) = parse_pair(value) {
        return Some(point);
    }
    if let Some((_, after)) = value.rsplit_once('@') {
        if let Some(point) = parse_pair(after) {
            return Some(point);
        }
    }
    // `+` in a path is a space to Google, but a plus code's `+` arrives as `+` or `%2B`.
    super::plus_code::full_code_point(value)
        .or_else(|| super::text::extract(&value.replace('+', " ")).and_then(|e| e.coordinate))
}

/// The last `!3d<lat>!4d<lng>` pair: in a place URL's `data=` block that is the pin (`!8m2`),
/// after any ids and viewport entries.
fn last_pin(text: &str) -> Option<Coordinate> {
    last_pair(text, "!3d", "!4d").and_then(|(lat, lon)| Coordinate::new(lat, lon))
}

/// The last `<first>a!<second>b` pair of decimals in `text`.
fn last_pair(text: &str, first: &str, second: &str) -> Option<(f64, f64)> {
    let mut found = None;
    for (at, _) in text.match_indices(first) {
        let rest = &text[at + first.len()..];
        let Some((a, used)) = scan_decimal(rest) else { continue };
        let Some(rest) = rest[used..].strip_prefix(second) else { continue };
        let Some((b, _)) = scan_decimal(rest) else { continue };
        found = Some((a, b));
    }
    found
}

/// `haystack.find(needle)`: memchr's one-off search, which costs less to set up on a short
/// path than `str::find`'s two-way searcher, and this runs several times on every Google link.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// `/dir/A/B/C`: the last stop that is a point, else the last `!1d<lng>!2d<lat>` of the route
/// data (longitude first there).
fn route_destination(path: &str) -> Option<Coordinate> {
    let at = find(path, "/dir/")? + "/dir/".len();
    let stops = path[at..].split("/@").next().unwrap_or("").split("/data=").next().unwrap_or("");
    let stop = stops.split('/').rfind(|s| !s.is_empty()).and_then(|s| typed_point(&percent_decode(s)));
    stop.or_else(|| last_pair(path, "!1d", "!2d").and_then(|(lon, lat)| Coordinate::new(lat, lon)))
}

/// An embed's `pb=` centre: `!2d<lng>!3d<lat>`.
fn embed_centre(pb: &str) -> Option<Coordinate> {
    last_pair(pb, "!2d", "!3d").and_then(|(lon, lat)| Coordinate::new(lat, lon))
}

/// A feature id `!1s0x…:0x…` (a place id in hex) in the data block.
fn has_feature_id(path: &str) -> bool {
    path.match_indices("!1s0x").any(|(at, _)| path[at + 5..].contains(":0x"))
}

/// The `lat,lng,zoomz` segment after a search's words, when its `@` was lost.
fn search_view(path: &str) -> Option<Coordinate> {
    let at = find(path, "/search/")? + "/search/".len();
    let mut segments = path[at..].split('/').skip(1);
    let segment = segments.next()?;
    let zoomed = segment.rsplit_once(',').is_some_and(|(_, zoom)| zoom.ends_with('z') || zoom.ends_with('m'));
    zoomed.then(|| scan_pair(segment)).flatten()
}

/// The path segment after `marker` (`/maps/place/41.4,2.17/…`).
fn path_segment<'a>(path: &'a str, marker: &str) -> Option<&'a str> {
    let at = find(path, marker)? + marker.len();
    path[at..].split('/').next()
}
