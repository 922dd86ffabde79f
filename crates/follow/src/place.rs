//! Reading a place's point out of the pages a chain ends on: Google's embed page (the record
//! of one feature id) and Apple's place page (its Open Graph place metadata). Plain text in,
//! a point out; no network here, so every rule is unit-tested on pages written by hand after
//! the shapes the services serve.

use pinsheet_core::Coordinate;
use url::Url;

/// A Google place, named by its feature id (`0x<hex>:0x<hex>`) or its decimal `cid` (the
/// feature id's second half), as Google's links carry them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceRef {
    /// The feature id's first half, when the link gave the whole id.
    pub first: Option<u64>,
    /// The customer id: the feature id's second half; `cid=` and `ludocid=` in decimal.
    pub cid: u64,
}

/// Where a feature id may stand in a Google link: `ftid=` in the query, `!1s0x…:0x…` in the
/// path's or the query's `data=`; decimal ids in `cid=` and `ludocid=`.
impl PlaceRef {
    /// The place a Google link names, if it names one by id.
    pub fn from_url(url: &Url) -> Option<PlaceRef> {
        let param = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        if let Some(id) = param("ftid").as_deref().and_then(Self::parse_feature_id) {
            return Some(id);
        }
        let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy().into_owned();
        let data = param("data").unwrap_or_default();
        if let Some(id) = [path.as_str(), data.as_str()].into_iter().find_map(Self::find_in_data) {
            return Some(id);
        }
        let cid = param("cid").or_else(|| param("ludocid"))?;
        Some(PlaceRef { first: None, cid: cid.trim().parse().ok()? })
    }

    /// `0x47e66e2964e34e2d:0x8ddca9ee380ef7e0`, the hex in either case.
    pub fn parse_feature_id(text: &str) -> Option<PlaceRef> {
        let (first, second) = text.trim().split_once(':')?;
        let hex = |part: &str| {
            let digits = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X"))?;
            (!digits.is_empty() && digits.len() <= 16).then_some(())?;
            u64::from_str_radix(digits, 16).ok()
        };
        Some(PlaceRef { first: Some(hex(first)?), cid: hex(second)? })
    }

    /// The first `!1s0x…:0x…` of a `data=` block.
    fn find_in_data(text: &str) -> Option<PlaceRef> {
        text.match_indices("!1s0x").find_map(|(at, _)| {
            let id = &text[at + 3..];
            let end = id.find('!').unwrap_or(id.len());
            Self::parse_feature_id(&id[..end])
        })
    }

    /// The place's embed page, where its record (and so its point) is.
    pub fn embed_url(&self) -> Option<Url> {
        Url::parse(&format!("https://maps.google.com/maps?cid={}&output=embed", self.cid)).ok()
    }

    /// True for a feature id of this place (an id with another first half is another place).
    fn is(&self, id: PlaceRef) -> bool {
        id.cid == self.cid && self.first.is_none_or(|first| Some(first) == id.first)
    }
}

/// How far after a place's id an old-shape `[null,null,lat,lng]` record may start, in bytes.
const OLD_RECORD_WINDOW: usize = 4096;

/// The point of `place` on a Google embed page, read by structure:
///
/// - the current shape: an array whose first element is the place's feature id, then its
///   name, then a `[lat,lng]` pair (more fields may follow) — its first `[lat,lng]` pair;
/// - the older one: the id followed by a `[null,null,lat,lng]` "spotlight" block, before any
///   other feature id.
///
/// Never a point that is not tied to the id: a page also holds the server's own location and
/// other places' records.
pub fn point_on_embed_page(page: &str, place: &PlaceRef) -> Option<Coordinate> {
    // The data sometimes sits inside a JavaScript string, its quotes escaped.
    let unescaped;
    let page = if page.contains("\\\"0x") {
        unescaped = page.replace("\\\"", "\"");
        unescaped.as_str()
    } else {
        page
    };
    let ids = feature_ids(page);
    for (index, &(at, end, id)) in ids.iter().enumerate() {
        if !place.is(id) {
            continue;
        }
        let before = page[..at].trim_end();
        if before.ends_with('[') {
            let open = before.len() - 1;
            if let Some(point) = array_end(page, open).and_then(|close| first_pair(&page[end..close])) {
                return Some(point);
            }
        }
        let next_id = ids.get(index + 1).map_or(page.len(), |&(next, _, _)| next);
        let mut stop = next_id.min(end + OLD_RECORD_WINDOW).min(page.len());
        while !page.is_char_boundary(stop) {
            stop -= 1;
        }
        let window = &page[end..stop];
        if let Some(point) = spotlight(window) {
            return Some(point);
        }
    }
    None
}

/// Every quoted feature id on the page: (start of its opening quote, end after its closing
/// quote, the id).
fn feature_ids(page: &str) -> Vec<(usize, usize, PlaceRef)> {
    let bytes = page.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = page[from..].find("\"0") {
        let at = from + offset;
        from = at + 1;
        let Some(len) = page[at + 1..].find('"') else { break };
        let text = &page[at + 1..at + 1 + len];
        if len > 40 || !matches!(bytes.get(at + 2), Some(b'x' | b'X')) {
            continue;
        }
        if let Some(id) = PlaceRef::parse_feature_id(text) {
            found.push((at, at + len + 2, id));
            from = at + len + 2;
        }
    }
    found
}

/// The index of the `]` closing the array opened at `open`, skipping strings.
fn array_end(page: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in page.bytes().enumerate().skip(open) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' => depth += 1,
            b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `[number,number]` in `text` that is a valid latitude, longitude.
fn first_pair(text: &str) -> Option<Coordinate> {
    text.match_indices('[').find_map(|(at, _)| {
        let inner = &text[at + 1..];
        let close = inner.find(']')?;
        let mut parts = inner[..close].split(',');
        let (lat, lon) = (parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Coordinate::new(number(lat)?, number(lon)?)
    })
}

/// The first `[null,null,lat,lng]` in `text`.
fn spotlight(text: &str) -> Option<Coordinate> {
    let at = text.find("[null,null,")? + "[null,null,".len();
    let rest = &text[at..];
    let (lat, rest) = rest.split_once(',')?;
    let end = rest.find([']', ','])?;
    Coordinate::new(number(lat)?, number(&rest[..end])?)
}

/// A JSON number (not `null`, not text).
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b"-+.eE".contains(&b));
    plain.then(|| text.parse().ok()).flatten().filter(|n: &f64| n.is_finite())
}

/// The point in an Apple Maps place page's metadata: `<meta property="place:location:latitude"
/// content="…">` and `…:longitude` (Open Graph's place type, ogp.me), with `og:latitude` /
/// `og:longitude` as the older names.
pub fn point_in_place_metadata(page: &str) -> Option<Coordinate> {
    let mut lat = None;
    let mut lon = None;
    for (at, _) in page.match_indices("<meta") {
        let Some(end) = page[at..].find('>') else { break };
        let tag = &page[at..at + end];
        let name = attribute(tag, "property").or_else(|| attribute(tag, "name"));
        let value = || attribute(tag, "content").and_then(number);
        match name {
            Some("place:location:latitude" | "og:latitude") if lat.is_none() => lat = value(),
            Some("place:location:longitude" | "og:longitude") if lon.is_none() => lon = value(),
            _ => {}
        }
    }
    Coordinate::new(lat?, lon?)
}

/// The point of a 2GIS place page: its share image (`<meta property="twitter:image">` or
/// `og:image`) is drawn by 2GIS's image service around the place,
/// `share.api.2gis.ru/getimage?…&center=<lon>,<lat>` — longitude first, as everywhere at 2GIS.
pub fn point_in_share_image(page: &str) -> Option<Coordinate> {
    page.match_indices("<meta").find_map(|(at, _)| {
        let tag = &page[at..at + page[at..].find('>')?];
        let name = attribute(tag, "property").or_else(|| attribute(tag, "name"))?;
        if !matches!(name, "twitter:image" | "og:image") {
            return None;
        }
        let image = Url::parse(&attribute(tag, "content")?.replace("&amp;", "&")).ok()?;
        let host = image.host_str()?;
        let two_gis = ["2gis.ru", "2gis.com"].iter().any(|d| host.ends_with(&format!(".{d}")));
        if !two_gis || image.path() != "/getimage" {
            return None;
        }
        let center = image.query_pairs().find(|(k, _)| k == "center")?.1.into_owned();
        let (lon, lat) = center.split_once(',')?;
        Coordinate::new(number(lat)?, number(lon)?)
    })
}

/// An attribute's value in one tag (`name="value"` or `name='value'`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(offset) = tag[from..].find(name) {
        let at = from + offset;
        from = at + name.len();
        let boundary = tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else { continue };
        if !boundary {
            continue;
        }
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const EIFFEL: &str = "0x47e66e2964e34e2d:0x8ddca9ee380ef7e0";

    fn place() -> PlaceRef {
        PlaceRef::parse_feature_id(EIFFEL).unwrap()
    }

    fn at(page: &str, place: &PlaceRef) -> Option<(f64, f64)> {
        point_on_embed_page(page, place).map(|c| (c.lat(), c.lon()))
    }

    #[test]
    fn ids_come_from_every_place_google_puts_them() {
        let cid = u64::from_str_radix("8ddca9ee380ef7e0", 16).unwrap();
        for link in [
            format!("https://maps.google.com/?q=Eiffel&ftid={EIFFEL}"),
            format!("https://www.google.com/maps/place/Eiffel/data=!4m2!3m1!1s{EIFFEL}"),
            format!(
                "https://www.google.com/maps/place/Eiffel/data=!4m2!3m1!1s{}",
                EIFFEL.to_uppercase().replace("0X", "0x")
            ),
            format!("https://www.google.com/maps/place/Eiffel/data=%214m2%213m1%211s{EIFFEL}"),
            format!("https://www.google.com/maps?data=!4m2!3m1!1s{EIFFEL}"),
        ] {
            let id = PlaceRef::from_url(&Url::parse(&link).unwrap());
            assert_eq!(id, Some(PlaceRef { first: Some(0x47e66e2964e34e2d), cid }), "{link}");
        }
        for link in [
            format!("https://maps.google.com/?cid={cid}"),
            format!("https://www.google.com/maps?cid={cid}"),
            format!("https://www.google.com/search?q=x&ludocid={cid}"),
        ] {
            let id = PlaceRef::from_url(&Url::parse(&link).unwrap());
            assert_eq!(id, Some(PlaceRef { first: None, cid }), "{link}");
        }
        for link in [
            "https://maps.google.com/?cid=abc",
            "https://maps.google.com/?cid=99999999999999999999999",
            "https://maps.google.com/?ftid=0x1",
            "https://maps.google.com/?ftid=0xZZ:0x1",
            "https://www.google.com/maps/place/Eiffel",
        ] {
            assert_eq!(PlaceRef::from_url(&Url::parse(link).unwrap()), None, "{link}");
        }
        let embed = PlaceRef { first: None, cid: 42 }.embed_url().unwrap();
        assert_eq!(embed.as_str(), "https://maps.google.com/maps?cid=42&output=embed");
    }

    #[test]
    fn the_current_record_is_read_by_structure() {
        let page = format!(
            r#"<script>initEmbed([null,[[null,null,37.4219999,-122.0840575]],["0x1:0x2","Somewhere else",[10.5,20.5]],["{EIFFEL}","Tour Eiffel, Av. Gustave Eiffel, Paris",[48.8583701,2.2944813],null,[1,2]]]);</script>"#
        );
        assert_eq!(at(&page, &place()), Some((48.8583701, 2.2944813)));
        // The id's hex in upper case, and the place known only by its cid.
        let upper = page.replace("e66e2964e34e2d:0x8ddca9ee380ef7e0", "E66E2964E34E2D:0x8DDCA9EE380EF7E0");
        assert_eq!(at(&upper, &place()), Some((48.8583701, 2.2944813)));
        let by_cid = PlaceRef { first: None, cid: place().cid };
        assert_eq!(at(&page, &by_cid), Some((48.8583701, 2.2944813)));
        // Inside a JavaScript string.
        let escaped = format!("var d=\"{}\";", page.replace('"', "\\\""));
        assert_eq!(at(&escaped, &place()), Some((48.8583701, 2.2944813)));
    }

    #[test]
    fn the_older_spotlight_record_is_read_when_it_follows_the_id() {
        let page = format!(
            r#"initEmbed([[null,null,37.42,-122.08],"{EIFFEL}",["Tour Eiffel",[null,null,48.85837,2.29448]]])"#
        );
        assert_eq!(at(&page, &place()), Some((48.85837, 2.29448)));
    }

    #[test]
    fn a_point_not_tied_to_the_id_is_never_taken() {
        for page in [
            // Only the server's location and another place.
            r#"initEmbed([[null,null,37.42,-122.08],["0x1:0x2","Other",[10.5,20.5]]])"#.to_string(),
            // The id with another first half is another place.
            r#"initEmbed([["0x47e66e2964e34e2e:0x8ddca9ee380ef7e0","Twin",[10.5,20.5]]])"#.to_string(),
            // The id, no point of its own, then another place's record and spotlight.
            format!(
                r#"initEmbed([["{EIFFEL}","Tour Eiffel"],["0x1:0x2","Other",[10.5,20.5],[null,null,1,2]]])"#
            ),
            // Out-of-range pairs and text are not points.
            format!(r#"initEmbed([["{EIFFEL}","Tour",[200.0,2.0],["1","2"],[null,3]]])"#),
            format!(r#"["{EIFFEL}""#),
            String::new(),
        ] {
            assert_eq!(at(&page, &place()), None, "{page}");
        }
    }

    proptest::proptest! {
        /// Any feature id, its hex in any case, reads back; and on a page of decoys (the
        /// server's location, other places, a twin with another first half) the record of
        /// that id gives exactly its own point, written as Google writes numbers.
        #[test]
        fn any_place_is_found_by_its_id_among_decoys(
            first in 1u64.., cid in 1u64.., upper in proptest::bool::ANY,
            lat in -90.0f64..90.0, lon in -180.0f64..180.0,
            decoy_lat in -90.0f64..90.0, decoy_lon in -180.0f64..180.0,
        ) {
            let id = if upper { format!("0x{first:X}:0x{cid:X}") } else { format!("0x{first:x}:0x{cid:x}") };
            let place = PlaceRef::parse_feature_id(&id).unwrap();
            proptest::prop_assert_eq!(place, PlaceRef { first: Some(first), cid });
            let twin = format!("0x{:x}:0x{cid:x}", first.wrapping_add(1).max(1));
            let page = format!(
                r#"initEmbed([[null,null,{decoy_lat},{decoy_lon}]],["{twin}","Twin",[{decoy_lon},{decoy_lat}]],["0x1:0x{:x}","Other",[{decoy_lat},{decoy_lon}]],["{id}","The place",[{lat},{lon}],[{decoy_lat},{decoy_lon}]])"#,
                cid.wrapping_add(1)
            );
            let point = point_on_embed_page(&page, &place).map(|c| (c.lat(), c.lon()));
            proptest::prop_assert_eq!(point, Some((lat, lon)));
            let by_cid = point_on_embed_page(&page, &PlaceRef { first: None, cid });
            // By cid alone the twin (same cid, listed first) is the same customer id: either
            // record is that place's, but never a point of another cid.
            let got = by_cid.map(|c| (c.lat(), c.lon()));
            proptest::prop_assert!(got == Some((lat, lon)) || got == Some((decoy_lon, decoy_lat)) && decoy_lon.abs() <= 90.0);
        }
    }

    proptest::proptest! {
        /// Pages are wire data: whatever they hold, the readers answer and never panic.
        #[test]
        fn any_page_is_read_without_panicking(
            noise in "(\\PC|[\\[\\]\",:<>=]|0x|null|é){0,300}",
            cid in 0u64..4,
        ) {
            let id = format!("0x1:0x{cid:x}");
            for page in [noise.clone(), format!("[\"{id}\"{noise}"), format!("\"{id}\"{noise}{}", "é".repeat(3000))] {
                let _ = point_on_embed_page(&page, &PlaceRef { first: None, cid });
                let _ = point_in_place_metadata(&page);
                let _ = point_in_share_image(&page);
            }
        }
    }

    #[test]
    fn apple_place_metadata_gives_the_point() {
        let page = r#"<html><head><meta property="og:title" content="Pike Place Market">
            <meta content="47.6097" property="place:location:latitude" />
            <meta property='place:location:longitude' content='-122.3422'></head>"#;
        let point = point_in_place_metadata(page).map(|c| (c.lat(), c.lon()));
        assert_eq!(point, Some((47.6097, -122.3422)));
        for page in [
            r#"<meta property="place:location:latitude" content="47.6">"#,
            r#"<meta property="place:location:latitude" content="947.6"><meta property="place:location:longitude" content="1">"#,
            r#"<meta property="place:location:latitude" content="x"><meta property="place:location:longitude" content="1">"#,
            r#"<meta property="xplace:location:latitude" content="1"><meta property="place:location:longitude" content="1">"#,
            "",
        ] {
            assert_eq!(point_in_place_metadata(page), None, "{page}");
        }
    }

    #[test]
    fn a_two_gis_share_image_gives_the_point_longitude_first() {
        let page = r#"<meta property="og:title" content="Dubai Mall"><meta property="twitter:image" content="https://share.api.2gis.ru/getimage?city=dubai&amp;zoom=17&amp;center=55.279541,25.197304&amp;title=Dubai%20Mall">"#;
        let point = point_in_share_image(page).map(|c| (c.lat(), c.lon()));
        assert_eq!(point, Some((25.197304, 55.279541)));
        for page in [
            r#"<meta property="og:image" content="https://evil.example/getimage?center=55.2,25.1">"#,
            r#"<meta property="og:image" content="https://share.api.2gis.ru.evil.example/getimage?center=55.2,25.1">"#,
            r#"<meta property="og:image" content="https://share.api.2gis.ru/other?center=55.2,25.1">"#,
            r#"<meta property="og:image" content="https://share.api.2gis.ru/getimage?center=255.2,125.1">"#,
            r#"<meta property="og:description" content="https://share.api.2gis.ru/getimage?center=55.2,25.1">"#,
        ] {
            assert_eq!(point_in_share_image(page), None, "{page}");
        }
    }
}
