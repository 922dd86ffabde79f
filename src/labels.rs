//! What the page says about a row's status — its chip's colour and tooltip — chosen from
//! core's enum; the words themselves are core's (`Status::label`), as in the file.

use pinsheet_core::Status;

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

#[cfg(test)]
mod tests {
    use super::*;

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
