//! Coordinates typed as text: decimal degrees, degrees and decimal minutes, and degrees,
//! minutes and seconds, with hemisphere letters before or after, degree/minute/second marks
//! (`° ' "`, `d m`, primes `′ ″`), colons (`40:26:46N`) and comma decimals (`41,40338 2,17403`).
//!
//! A cell counts only when it holds nothing but the coordinates (and `lat`/`lng` words,
//! brackets): "Room 12, floor 3" is not a point. Plain number pairs need decimals
//! (`41.4, 2.17`), so `12, 3` is not one either.

use super::{Extraction, Form, Service};
use crate::Coordinate;

pub(super) fn extract(text: &str) -> Option<Extraction> {
    let normal = normalise(text);
    let (point, form) = parse(&normal).or_else(|| {
        if normal.contains('.') {
            return None;
        }
        parse(&comma_decimals(&normal))
    })?;
    Some(Extraction::found(point, Service::Text, form, None))
}

/// One mark or number of the text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Number { value: f64, negative: bool, fraction: bool },
    Degree,
    Minute,
    Second,
    Colon,
    Hemisphere(char),
    Separator,
    Space,
}

/// A unit of one number in a component.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Unit {
    Degrees,
    Minutes,
    Seconds,
}

/// One of the two halves: an optional hemisphere and one to three numbers.
#[derive(Debug, Default, Clone)]
struct Part {
    hemisphere: Option<char>,
    numbers: Vec<(f64, bool, Option<Unit>)>,
    negative: bool,
    /// The numbers carry marks (`° ' "`, colons, a hemisphere), not only spaces between them.
    marked: bool,
    /// Written with colons (`40:26:46`).
    colons: bool,
}

fn normalise(text: &str) -> String {
    text.trim()
        .replace("''", "\"")
        .chars()
        .map(|c| match c {
            '′' | '’' | '‘' | '´' | '`' => '\'',
            '″' | '“' | '”' => '"',
            'º' | '˚' => '°',
            '−' | '–' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect()
}

/// `41,40338 2,17403` → `41.40338 2.17403`: a comma between digits is a decimal comma when
/// the text has no dot at all.
fn comma_decimals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_digits = i > 0
                && chars.get(i - 1).is_some_and(char::is_ascii_digit)
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == ',' && between_digits {
                '.'
            } else {
                c
            }
        })
        .collect()
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_number = matches!(tokens.last(), Some(Token::Number { .. }));
        match c {
            '0'..='9' | '-' | '+' => {
                let negative = c == '-';
                let start = if matches!(c, '-' | '+') { i + 1 } else { i };
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
                if end == start {
                    return None;
                }
                let mut fraction = false;
                if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
                    fraction = true;
                    end += 1;
                    while end < chars.len() && chars[end].is_ascii_digit() {
                        end += 1;
                    }
                }
                let value = chars[start..end].iter().collect::<String>().parse().ok()?;
                tokens.push(Token::Number { value, negative, fraction });
                i = end;
                continue;
            }
            '°' => tokens.push(Token::Degree),
            '\'' => tokens.push(Token::Minute),
            '"' => tokens.push(Token::Second),
            ':' => tokens.push(Token::Colon),
            ',' | ';' | '/' => tokens.push(Token::Separator),
            c if c.is_whitespace() => {
                if tokens.last() != Some(&Token::Space) {
                    tokens.push(Token::Space);
                }
            }
            '(' | ')' | '[' | ']' | '=' => {}
            c if c.is_alphabetic() => {
                let start = i;
                while i < chars.len() && chars[i].is_alphabetic() {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
                // `1e1` is an exponent, not a hemisphere between two numbers.
                let glued = start > 0
                    && chars[start - 1].is_ascii_digit()
                    && chars.get(i).is_some_and(char::is_ascii_digit);
                if glued && matches!(word.as_str(), "e" | "n" | "s" | "w") {
                    return None;
                }
                match word.as_str() {
                    "d" | "deg" if after_number => tokens.push(Token::Degree),
                    "m" | "min" if after_number => tokens.push(Token::Minute),
                    "n" | "s" | "e" | "w" => tokens.push(Token::Hemisphere(word.chars().next()?)),
                    "lat" | "latitude" | "lng" | "lon" | "long" | "longitude" => {}
                    _ => return None,
                }
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(tokens)
}

fn parse(text: &str) -> Option<(Coordinate, Form)> {
    let tokens = tokenize(text)?;
    let mut parts: Vec<Part> = Vec::new();
    let mut part = Part::default();
    let mut continues = false;
    let mut iter = tokens.iter().peekable();
    while let Some(&token) = iter.next() {
        match token {
            Token::Number { value, negative, fraction } => {
                let unit = match iter.peek() {
                    Some(Token::Degree) => Some(Unit::Degrees),
                    Some(Token::Minute) => Some(Unit::Minutes),
                    Some(Token::Second) => Some(Unit::Seconds),
                    _ => None,
                };
                // A degree mark, or a unit no later than the last one, starts the next half.
                let last_unit = part.numbers.last().and_then(|n| n.2);
                let restarts = !continues
                    && !part.numbers.is_empty()
                    && (unit == Some(Unit::Degrees)
                        || (unit.is_some() && last_unit.is_some() && unit <= last_unit));
                if restarts {
                    parts.push(std::mem::take(&mut part));
                }
                if part.numbers.is_empty() {
                    part.negative = negative;
                } else if negative {
                    return None;
                }
                part.marked |= unit.is_some() || continues;
                part.numbers.push((value, fraction, unit));
                continues = false;
            }
            // After a number it separates degrees, minutes and seconds; after a word
            // (`lat:`) it is only punctuation.
            Token::Colon if !part.numbers.is_empty() => {
                continues = true;
                part.colons = true;
            }
            Token::Colon => {}
            Token::Degree | Token::Minute | Token::Second => {}
            Token::Hemisphere(h) => {
                if part.numbers.is_empty() || part.hemisphere.is_some() {
                    if !part.numbers.is_empty() {
                        parts.push(std::mem::take(&mut part));
                    }
                    if part.hemisphere.is_some() {
                        return None;
                    }
                    part.hemisphere = Some(h);
                } else {
                    part.hemisphere = Some(h);
                    part.marked = true;
                    parts.push(std::mem::take(&mut part));
                }
            }
            Token::Separator => {
                if !part.numbers.is_empty() {
                    parts.push(std::mem::take(&mut part));
                } else if part.hemisphere.is_some() {
                    return None;
                }
            }
            Token::Space => {}
        }
    }
    if !part.numbers.is_empty() {
        parts.push(part);
    } else if part.hemisphere.is_some() {
        return None;
    }
    if parts.len() == 1 {
        parts = split_unmarked(parts.remove(0))?;
    }
    let [a, b] = <[Part; 2]>::try_from(parts).ok()?;
    // `9:30, 10:45` is two times of day: colons count only as d:m:s or with a hemisphere.
    let clock_like = |p: &Part| p.colons && p.numbers.len() < 3 && p.hemisphere.is_none();
    if clock_like(&a) || clock_like(&b) {
        return None;
    }
    let plain = a.hemisphere.is_none() && b.hemisphere.is_none() && !a.marked && !b.marked;
    if plain
        && !(a.numbers.iter().chain(&b.numbers).all(|n| n.1) && a.numbers.len() == 1 && b.numbers.len() == 1)
        && !(a.numbers.len() > 1 && a.numbers.len() == b.numbers.len())
    {
        return None;
    }
    let form = match a.numbers.len().max(b.numbers.len()) {
        1 => Form::DecimalDegrees,
        2 => Form::DegreesMinutes,
        _ => Form::DegreesMinutesSeconds,
    };
    let (va, vb) = (value(&a)?, value(&b)?);
    let is_lat = |p: &Part| p.hemisphere.map(|h| matches!(h, 'n' | 's'));
    let (lat, lon) = match (is_lat(&a), is_lat(&b)) {
        (Some(true), Some(true)) | (Some(false), Some(false)) => return None,
        (Some(false), _) | (_, Some(true)) => (vb, va),
        _ => (va, vb),
    };
    Some((Coordinate::new(lat, lon)?, form))
}

/// `41 24.2 2 10.4` (four unmarked numbers) → two halves of two; two → one each; six → three.
fn split_unmarked(part: Part) -> Option<Vec<Part>> {
    let n = part.numbers.len();
    if part.marked || part.hemisphere.is_some() || !matches!(n, 2 | 4 | 6) {
        return None;
    }
    let (first, second) = part.numbers.split_at(n / 2);
    let half = |numbers: &[(f64, bool, Option<Unit>)], negative: bool| Part {
        hemisphere: None,
        numbers: numbers.to_vec(),
        negative,
        marked: false,
        colons: false,
    };
    Some(vec![half(first, part.negative), half(second, false)])
}

/// The signed decimal degrees of one half; `None` for minutes or seconds of 60 or more, a
/// fractional degree followed by minutes, or a sign together with S/W.
fn value(part: &Part) -> Option<f64> {
    let mut degrees = 0.0;
    let mut next = Unit::Degrees;
    let count = part.numbers.len();
    for (index, &(number, fraction, unit)) in part.numbers.iter().enumerate() {
        let unit = unit.unwrap_or(next);
        if unit < next || (fraction && index + 1 < count) {
            return None;
        }
        degrees += match unit {
            Unit::Degrees => number,
            Unit::Minutes if number < 60.0 => number / 60.0,
            Unit::Seconds if number < 60.0 => number / 3600.0,
            _ => return None,
        };
        next = match unit {
            Unit::Degrees => Unit::Minutes,
            _ => Unit::Seconds,
        };
    }
    let southern_or_western = matches!(part.hemisphere, Some('s' | 'w'));
    if part.negative && southern_or_western {
        return None;
    }
    Some(if part.negative || southern_or_western { -degrees } else { degrees })
}
