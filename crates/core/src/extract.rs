//! One cell of text → at most one coordinate, with where it came from.

mod google;
mod numbers;
#[cfg(test)]
mod tests;

use crate::Coordinate;
use serde::{Deserialize, Serialize};

/// How a coordinate was found in a cell, or why none was.
///
/// The variants with a coordinate are listed in the order pinsheet trusts them: when one link
/// carries several points, the most trusted wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Source {
    /// The place's own pin: `!3d<lat>!4d<lng>` in a Google Maps `data=` block.
    PlacePin,
    /// Coordinates the person typed or shared as the destination: `q=`, `q=loc:`, `query=`,
    /// `/maps/place/<lat>,<lng>`, `/maps/search/<lat>,<lng>`.
    Query,
    /// Where the map was looking when the link was copied (`/@lat,lng,zoom`, `ll=`): close to
    /// the place, but not a pin.
    MapView,
    /// A short link (`maps.app.goo.gl/…`, `goo.gl/maps/…`): the point is behind a redirect that
    /// only the resolver can follow.
    ShortLink,
    /// A map link with no coordinates in it, such as a place name (`/maps/place/Louvre`).
    LinkWithoutCoordinates,
    /// Text that is not a map link.
    NoCoordinates,
    /// An empty cell.
    Empty,
}

/// The per-row verdict shown in the page's status column and counted in its stats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// A trusted coordinate was found.
    Ok,
    /// A coordinate was found, but it is a map view: check it.
    LowConfidence,
    /// The link is a short link: run the resolver to get the point.
    NeedsResolver,
    /// No coordinate was found.
    NoCoordinates,
}

impl Source {
    /// The words written to the `Coordinate source` column.
    pub fn label(self) -> &'static str {
        match self {
            Source::PlacePin => "place pin",
            Source::Query => "query",
            Source::MapView => "map view",
            Source::ShortLink => "short link — needs resolver",
            Source::LinkWithoutCoordinates => "map link without coordinates",
            Source::NoCoordinates => "no coordinates",
            Source::Empty => "empty cell",
        }
    }

    /// The status this source gives a row.
    pub fn status(self) -> Status {
        match self {
            Source::PlacePin | Source::Query => Status::Ok,
            Source::MapView => Status::LowConfidence,
            Source::ShortLink => Status::NeedsResolver,
            Source::LinkWithoutCoordinates | Source::NoCoordinates | Source::Empty => Status::NoCoordinates,
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
            Status::NoCoordinates => "no coordinates",
        }
    }
}

/// What [`extract`] found in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The point, present exactly when `source` is a source of coordinates.
    pub coordinate: Option<Coordinate>,
    /// Where the point came from, or why there is none.
    pub source: Source,
}

impl Extraction {
    pub(crate) fn found(coordinate: Coordinate, source: Source) -> Self {
        Self { coordinate: Some(coordinate), source }
    }

    pub(crate) fn none(source: Source) -> Self {
        Self { coordinate: None, source }
    }

    /// True when the cell held a map link pinsheet recognises, with or without a point in it;
    /// used to find the link column.
    pub fn is_map_link(&self) -> bool {
        !matches!(self.source, Source::NoCoordinates | Source::Empty)
    }
}

/// Finds the coordinate a cell's map link points at.
///
/// The cell may hold just the link or a link inside other text (pasted from a mail, say).
/// Google Maps links on any Google country domain are read, following Google's
/// [Maps URLs](https://developers.google.com/maps/documentation/urls/get-started) and the
/// forms the Maps site itself produces, with this precedence: the place pin (`!3d!4d`) over
/// typed coordinates (`q=`, `query=`, `/place/`, `/search/`) over the map view (`@`, `ll=`).
/// Results are WGS-84 decimal degrees as written in the link; out-of-range numbers are never
/// returned.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{extract, Source};
///
/// let e = extract("https://www.google.com/maps/place/Sagrada+Fam%C3%ADlia/@41.4036299,2.1721671,17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x9bd8aac21bc3c950!8m2!3d41.4036299!4d2.1743558");
/// let point = e.coordinate.unwrap();
/// assert_eq!((point.lat, point.lon), (41.4036299, 2.1743558));
/// assert_eq!(e.source, Source::PlacePin);
///
/// assert_eq!(extract("https://maps.app.goo.gl/abc123").source, Source::ShortLink);
/// assert_eq!(extract("call Anna").source, Source::NoCoordinates);
/// ```
pub fn extract(cell: &str) -> Extraction {
    let text = cell.trim();
    if text.is_empty() {
        return Extraction::none(Source::Empty);
    }
    match find_link(text) {
        Some(link) => google::extract(&link),
        None => Extraction::none(Source::NoCoordinates),
    }
}

/// Host prefixes people paste without a scheme.
const BARE_HOSTS: &[&str] = &["maps.google.", "www.google.", "google.", "goo.gl/", "maps.app.goo.gl/"];

/// The first web link in `text`, as an absolute URL string.
fn find_link(text: &str) -> Option<String> {
    // A whole link that was percent-encoded once more (copied out of another URL).
    let decoded;
    let text = if text.contains("%3A%2F%2F") || text.contains("%3a%2f%2f") {
        decoded = numbers::percent_decode(text);
        decoded.as_str()
    } else {
        text
    };
    let lower = text.to_ascii_lowercase();
    let start = match lower.find("https://").into_iter().chain(lower.find("http://")).min() {
        Some(start) => start,
        None => {
            let bare = BARE_HOSTS.iter().any(|host| lower.starts_with(host));
            return bare.then(|| format!("https://{}", trim_link_end(first_word(text))));
        }
    };
    Some(trim_link_end(first_word(&text[start..])).to_string())
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\'' | '`'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Drops punctuation that ends the sentence around a link rather than the link itself; a
/// closing parenthesis stays when the link opened one (`q=41.4,2.1(Home)`).
fn trim_link_end(link: &str) -> &str {
    let mut link = link;
    loop {
        let Some(last) = link.chars().last() else { return link };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | ']' => true,
            ')' => link.matches('(').count() < link.matches(')').count(),
            _ => false,
        };
        if !strip {
            return link;
        }
        link = &link[..link.len() - last.len_utf8()];
    }
}
