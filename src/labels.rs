//! What the results table says about a row — its status chip, the chip's tooltip, its source
//! words — chosen from core's enums, never from the words core wrote.

use crate::protocol::ResultRow;
use pinsheet_core::{Source, Status};
use std::borrow::Cow;

/// The chip's modifier class (`ps-chip--…`), one colour per kind of verdict.
pub fn chip(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::LowConfidence => "low",
        Status::NeedsResolver | Status::NeedsReference => "resolver",
        Status::NoCoordinates => "none",
    }
}

/// What a status means for this row, in the chip's tooltip.
pub fn why(status: Status) -> &'static str {
    match status {
        Status::Ok => "pin: the point the link or text marks",
        Status::LowConfidence => {
            "map view: the link's map centre, not a pin (or 0°, 0°) — check it before relying on it"
        }
        Status::NeedsResolver => {
            "short link or place id: the point is behind a redirect only the resolver can follow"
        }
        Status::NeedsReference => {
            "short plus code: it needs a reference point (Near) to recover the full code"
        }
        Status::NoCoordinates => "no coordinates: no map link or coordinate text pinsheet can read",
    }
}

/// The row's `Coordinate source` words as the page shows them: the file keeps the neutral
/// words, while the page tells a person without a resolver what to do.
pub fn source_words(row: &ResultRow, resolver_set: bool) -> Cow<'_, str> {
    match row.source {
        Source::ShortLink(_) if !resolver_set => Cow::Borrowed("short link — set a resolver"),
        Source::PlaceIdOnly(_) if !resolver_set => Cow::Borrowed("place id only — set a resolver"),
        _ => Cow::Borrowed(row.words.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinsheet_core::{Extraction, Service};

    fn row(source: Source) -> ResultRow {
        let extraction = Extraction { coordinate: None, source };
        ResultRow {
            index: 0,
            row: 2,
            link: "https://maps.app.goo.gl/abc".into(),
            name: String::new(),
            lat: None,
            lon: None,
            words: extraction.describe().into_owned(),
            source,
            status: extraction.status(),
        }
    }

    #[test]
    fn links_waiting_for_a_resolver_say_to_set_one_until_there_is_one() {
        let short = row(Source::ShortLink(Service::Google));
        assert_eq!(source_words(&short, false), "short link — set a resolver");
        assert_eq!(source_words(&short, true), "short link — needs resolver");
        let place = row(Source::PlaceIdOnly(Service::Google));
        assert_eq!(source_words(&place, false), "place id only — set a resolver");
        assert_eq!(source_words(&place, true), "place id only — needs resolver");
    }

    #[test]
    fn other_rows_keep_cores_words() {
        for source in
            [Source::NoCoordinates, Source::Empty, Source::ShortPlusCode, Source::DeadLink(Service::Google)]
        {
            let row = row(source);
            assert_eq!(source_words(&row, false), row.words);
        }
    }

    #[test]
    fn every_status_has_a_chip_and_a_reason() {
        let all = [
            Status::Ok,
            Status::LowConfidence,
            Status::NeedsResolver,
            Status::NeedsReference,
            Status::NoCoordinates,
        ];
        for status in all {
            assert!(!chip(status).is_empty());
            assert!(!why(status).is_empty());
        }
        assert_eq!(chip(Status::NeedsReference), chip(Status::NeedsResolver));
    }
}
