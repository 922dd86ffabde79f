//! Link finding and the host table: a cell's link found in its text, then sent by its host
//! to its service's reader.

use super::{
    apple, bing, china, france, google, here, japan, kagi, mapy, nakarte, numbers, organic_maps, osm, osmand,
    others, plus_code, two_gis, waze, yandex, Extraction, Form, Service, Source,
};
use crate::Coordinate;
use url::Url;

/// Wrapper links (consent pages, redirects) hold another link; this many are unwrapped.
const MAX_WRAPPING: usize = 3;

/// Reads one absolute link by its host.
pub(super) fn read_link(link: &str, depth: usize) -> Extraction {
    let Ok(url) = Url::parse(link) else {
        return Extraction::none(Source::NoCoordinates);
    };
    // The url crate lower-cases hosts of http(s) links already.
    let Some(host) = url.host_str().map(|h| h.trim_end_matches('.')) else {
        return Extraction::none(Source::NoCoordinates);
    };
    if depth < MAX_WRAPPING {
        if let Some(inner) = google::unwrap(&url, host) {
            return match find_link(&inner) {
                Some(inner) => read_link(&inner, depth + 1),
                None => Extraction::none(Source::LinkWithoutCoordinates(Service::Google)),
            };
        }
    }
    let reader: fn(&Url, &str) -> Option<Extraction> = match () {
        _ if google::is_google_link(&url, host) => google::extract,
        _ if apple::is_host(host) => apple::extract,
        _ if osm::is_host(host) => osm::extract,
        _ if bing::is_host(host, &url) => bing::extract,
        _ if waze::is_host(host) => waze::extract,
        _ if here::is_host(host) => here::extract,
        _ if yandex::is_host(host, &url) => yandex::extract,
        _ if mapy::is_host(host) => mapy::extract,
        _ if two_gis::is_host(host) => two_gis::extract,
        _ if organic_maps::is_host(host) => organic_maps::extract,
        _ if osmand::is_host(host) => osmand::extract,
        _ if nakarte::is_host(host) => nakarte::extract,
        _ if france::is_host(host) => france::extract,
        _ if kagi::is_host(host, &url) => kagi::extract,
        _ if japan::is_host(host) => japan::extract,
        _ if plus_code::is_host(host) => plus_code::extract_link,
        _ if china::is_host(host) => china::extract,
        _ if others::is_host(host) => others::extract,
        _ => return Extraction::none(Source::NoCoordinates),
    };
    reader(&url, host).unwrap_or(Extraction::none(Source::NoCoordinates))
}

/// The first candidate that has a point: readers list their forms most trusted first.
pub(super) fn best(
    candidates: impl IntoIterator<Item = (Option<Coordinate>, Form)>,
) -> Option<(Coordinate, Form)> {
    candidates.into_iter().find_map(|(point, form)| point.map(|p| (p, form)))
}

/// The most trusted candidate's point from `service`, or "`service` link without coordinates".
pub(super) fn first_found(
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
pub(super) fn find_link(text: &str) -> Option<String> {
    let text = numbers::decode_layers(text);
    let start = match find_web_scheme(&text) {
        Some(start) => start,
        None => {
            let bare = BARE_HOSTS.iter().any(|host| starts_with_ignore_case(&text, host));
            return bare.then(|| format!("https://{}", trim_link_end(first_word(&text))));
        }
    };
    Some(trim_link_end(first_word(&text[start..])).to_string())
}

/// Where the first `http://` or `https://` (any case) starts: one pass over the text.
pub(super) fn find_web_scheme(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'h', b'H', bytes).find(|&at| {
        let rest = &bytes[at..];
        let after = match rest.get(4) {
            Some(b's' | b'S') => 5,
            _ => 4,
        };
        rest.len() >= after + 3
            && rest[..4].eq_ignore_ascii_case(b"http")
            && &rest[after..after + 3] == b"://"
    })
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

pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

pub(super) fn first_word(text: &str) -> &str {
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
pub(super) fn trim_link_end(link: &str) -> &str {
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
