//! Open Location Codes ("plus codes", <https://github.com/google/open-location-code/blob/main/Documentation/Specification/specification.md>),
//! decoded offline by Google's reference `open-location-code` crate: a full code gives the
//! centre of its cell; a short code (`9G8F+6X Zürich`) needs a reference point near it.

use super::{Extraction, Form, Service, Source};
use crate::Coordinate;

/// The plus-code digits (upper case); `+` separates the first eight from the rest.
const DIGITS: &str = "23456789CFGHJMPQRVWX";

pub(super) fn extract(text: &str, near: Option<Coordinate>) -> Option<Extraction> {
    let code = find_code(text, near.is_some())?;
    if open_location_code::is_full(&code) {
        return centre(&code).map(|c| Extraction::found(c, Service::PlusCode, Form::PlusCode, None));
    }
    if !open_location_code::is_short(&code) {
        return None;
    }
    let Some(near) = near else {
        return Some(Extraction::none(Source::ShortPlusCode));
    };
    let full = open_location_code::recover_nearest(&code, geo04::Point::new(near.lon(), near.lat())).ok()?;
    centre(&full).map(|c| Extraction::found(c, Service::PlusCode, Form::PlusCode, None))
}

/// `plus.codes/<code>`, the Open Location Code project's own page for a code.
pub(super) fn is_host(host: &str) -> bool {
    matches!(host, "plus.codes" | "www.plus.codes")
}

pub(super) fn extract_link(url: &url::Url, _host: &str) -> Option<Extraction> {
    let code = super::numbers::percent_decode(url.path().trim_start_matches('/'));
    let code = code.split(['/', ',', ' ']).next().unwrap_or("");
    Some(match extract(code, None) {
        Some(found) => found,
        None => Extraction::none(Source::LinkWithoutCoordinates(Service::PlusCode)),
    })
}

/// The centre of `text` when it is exactly one full plus code (as in a Google place path).
pub(super) fn full_code_point(text: &str) -> Option<Coordinate> {
    let code = text.trim().to_ascii_uppercase();
    open_location_code::is_full(&code).then(|| centre(&code)).flatten()
}

fn centre(code: &str) -> Option<Coordinate> {
    if !open_location_code::is_valid(code) {
        return None;
    }
    let area = open_location_code::decode(code).ok()?;
    Coordinate::new(area.center.lat(), area.center.lng())
}

/// The first word that looks like a plus code: digits from the plus-code alphabet around a
/// `+` (written `%2B` in a link), checked properly by the crate afterwards. The spec lets a
/// short code drop 2, 4, 6 or 8 leading digits; one that keeps fewer than four must hold a
/// letter (`+34`, `22+33` are a phone prefix and a sum) and is read only with a reference
/// point — without one, only what a person would call a code gets "needs a reference point".
/// Digits past the fifteenth are dropped, as the spec's decoders do.
fn find_code(text: &str, with_reference: bool) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').find_map(|word| {
        let word = word.trim_matches(|c: char| matches!(c, '(' | ')' | '"' | '\'' | '.'));
        let mut upper = word.to_ascii_uppercase();
        if upper.contains('%') {
            upper = upper.replace("%2B", "+");
        }
        let (before, after) = upper.split_once('+')?;
        let in_alphabet = |part: &str| part.chars().all(|c| DIGITS.contains(c) || c == '0');
        let short_prefix = before.len() < 4;
        let plausible = before.len() <= 8
            && before.len() % 2 == 0
            && after.len() != 1
            && in_alphabet(before)
            && in_alphabet(after)
            && (!short_prefix || (with_reference && upper.chars().any(|c| c.is_ascii_alphabetic())));
        let max_after = MAX_DIGITS.saturating_sub(8);
        if !plausible {
            return None;
        }
        let upper = match after.len() > max_after && before.len() == 8 {
            true => format!("{before}+{}", &after[..max_after]),
            false => upper,
        };
        open_location_code::is_valid(&upper).then_some(upper)
    })
}

/// The most digits a code's decoders read (the spec's maximum code length).
const MAX_DIGITS: usize = 15;
