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
    /// `digits` counts the integer digits: `4124.2` has four, which makes it packed
    /// degrees and minutes when a hemisphere goes with it.
    Number {
        value: f64,
        negative: bool,
        fraction: bool,
        digits: usize,
    },
    Degree,
    Minute,
    Second,
    Colon,
    Hemisphere(char),
    Separator,
    /// `lat`, `lng`, `latitude`…: names a half, so what follows starts one.
    Label,
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
    /// Integer digits of the first number.
    digits: usize,
}

/// Look-alike marks to the plain ones; Russian hemisphere abbreviations (`с.ш.` северной
/// широты, `ю.ш.`, `в.д.` восточной долготы, `з.д.`) to letters; two minute marks to a
/// second mark (`''`, `’’`, as typed where `″` is not on the keyboard).
fn normalise(text: &str) -> String {
    let marks: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '′' | '’' | '‘' | '´' | '`' | 'ʹ' => '\'',
            '″' | '“' | '”' | 'ʺ' => '"',
            'º' | '˚' | '⁰' => '°',
            '−' | '–' | '‒' => '-',
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            c => c,
        })
        .collect();
    let text = marks.replace("''", "\"");
    if text.is_ascii() {
        return text;
    }
    // Lower case is safe: the tokenizer reads words in lower case anyway.
    let mut text = text.to_lowercase();
    for (words, letter) in [
        (["с.ш.", "с. ш.", "с.ш", "сш"], " N "),
        (["ю.ш.", "ю. ш.", "ю.ш", "юш"], " S "),
        (["в.д.", "в. д.", "в.д", "вд"], " E "),
        (["з.д.", "з. д.", "з.д", "зд"], " W "),
    ] {
        for word in words {
            if text.contains(word) {
                text = text.replace(word, letter);
            }
        }
    }
    text
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
        // `41 deg`: a unit word may stand a space after its number; the space then goes.
        let spaced = tokens.last() == Some(&Token::Space);
        let before =
            if spaced { tokens.len().checked_sub(2).and_then(|i| tokens.get(i)) } else { tokens.last() };
        let after_number = matches!(before, Some(Token::Number { .. }));
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
                let digits = end - start;
                let mut fraction = false;
                if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
                    fraction = true;
                    end += 1;
                    while end < chars.len() && chars[end].is_ascii_digit() {
                        end += 1;
                    }
                }
                if chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
                    // `41.24.12` is degrees, minutes and seconds written with dots.
                    let (dotted, used) = dotted_dms(&chars[start..])?;
                    let marks = [Token::Degree, Token::Minute, Token::Second];
                    for (index, ((value, fraction), mark)) in dotted.into_iter().zip(marks).enumerate() {
                        let negative = negative && index == 0;
                        tokens.push(Token::Number { value, negative, fraction, digits: 0 });
                        tokens.push(mark);
                    }
                    i = start + used;
                    continue;
                }
                let value = chars[start..end].iter().collect::<String>().parse().ok()?;
                tokens.push(Token::Number { value, negative, fraction, digits });
                i = end;
                continue;
            }
            '°' => tokens.push(Token::Degree),
            '\'' => tokens.push(Token::Minute),
            '"' => tokens.push(Token::Second),
            ':' => tokens.push(Token::Colon),
            ',' | ';' | '/' => tokens.push(Token::Separator),
            // `N.` or `lat.`: an abbreviation's dot.
            '.' if matches!(tokens.last(), Some(Token::Hemisphere(_) | Token::Label)) => {}
            c if c.is_whitespace() => {
                if tokens.last() != Some(&Token::Space) {
                    tokens.push(Token::Space);
                }
            }
            '(' | ')' | '[' | ']' | '{' | '}' | '=' => {}
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
                if glued && word == "e" {
                    return None;
                }
                // `40d 42m 46s N`: after minutes marked `m` and before a hemisphere letter, an
                // `s` is seconds; `50d4m17.7S 14d24m2.8E` keeps it as south.
                let next_letter = {
                    let mut rest = chars[i..].iter().skip_while(|c| c.is_whitespace());
                    let letter =
                        rest.next().is_some_and(|c| matches!(c.to_ascii_lowercase(), 'n' | 's' | 'e' | 'w'));
                    letter && !rest.next().is_some_and(|c| c.is_alphabetic())
                };
                let seconds_letter = word == "s" && after_number && next_letter && {
                    let mut earlier = tokens.iter().rev().filter(|t| **t != Token::Space);
                    matches!(
                        (earlier.next(), earlier.next()),
                        (Some(Token::Number { .. }), Some(Token::Minute))
                    )
                };
                if seconds_letter {
                    if spaced {
                        tokens.pop();
                    }
                    tokens.push(Token::Second);
                    continue;
                }
                let unit = matches!(
                    word.as_str(),
                    "d" | "deg"
                        | "degs"
                        | "degree"
                        | "degrees"
                        | "o"
                        | "о"
                        | "m"
                        | "min"
                        | "mins"
                        | "minute"
                        | "minutes"
                        | "sec"
                        | "secs"
                        | "second"
                        | "seconds"
                );
                if unit && after_number && spaced {
                    tokens.pop();
                }
                match word.as_str() {
                    // `о`/`О` are Cyrillic, `o` Latin: a small raised letter typed for `°`.
                    "d" | "deg" | "degs" | "degree" | "degrees" | "o" | "о" if after_number => {
                        tokens.push(Token::Degree)
                    }
                    "m" | "min" | "mins" | "minute" | "minutes" if after_number => tokens.push(Token::Minute),
                    "sec" | "secs" | "second" | "seconds" if after_number => tokens.push(Token::Second),
                    "n" | "s" | "e" | "w" => tokens.push(Token::Hemisphere(word.chars().next()?)),
                    "north" | "с" => tokens.push(Token::Hemisphere('n')),
                    "south" | "ю" => tokens.push(Token::Hemisphere('s')),
                    "east" | "в" => tokens.push(Token::Hemisphere('e')),
                    "west" | "з" => tokens.push(Token::Hemisphere('w')),
                    "lat" | "latitude" | "lng" | "lon" | "long" | "longitude" | "широта" | "долгота" => {
                        tokens.push(Token::Label)
                    }
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
            Token::Number { value, negative, fraction, digits } => {
                let unit = match iter.peek() {
                    Some(Token::Degree) => Some(Unit::Degrees),
                    Some(Token::Minute) => Some(Unit::Minutes),
                    Some(Token::Second) => Some(Unit::Seconds),
                    _ => None,
                };
                // A degree mark, or a unit no later than the last one, starts the next half.
                let last_unit = part.numbers.last().and_then(|n| n.2);
                // A sign too: only a half's first number carries one (`40.7128 -74.006`).
                let restarts = !continues
                    && !part.numbers.is_empty()
                    && (unit == Some(Unit::Degrees)
                        || negative
                        || (unit.is_some() && last_unit.is_some() && unit <= last_unit));
                if restarts {
                    parts.push(std::mem::take(&mut part));
                }
                if part.numbers.is_empty() {
                    part.negative = negative;
                    part.digits = digits;
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
                // NMEA sentences put the letter in its own field: `4807.038,N,01131.000,E`.
                let ends_field =
                    matches!(iter.clone().find(|t| **t != Token::Space), None | Some(Token::Separator));
                let previous = parts.last_mut().filter(|p| p.hemisphere.is_none());
                if part.numbers.is_empty() && part.hemisphere.is_none() && ends_field {
                    if let Some(previous) = previous {
                        previous.hemisphere = Some(h);
                        previous.marked = true;
                        continue;
                    }
                }
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
            Token::Label => {
                if !part.numbers.is_empty() {
                    parts.push(std::mem::take(&mut part));
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
    let (a, b) = (unpack(a)?, unpack(b)?);
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
        digits: 0,
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
        // A half starts with its degrees: `10 min, 20 sec` is a duration.
        if unit < next || (fraction && index + 1 < count) || (index == 0 && unit != Unit::Degrees) {
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
    // `-33.86 S` says south twice; `-33.86 N` contradicts itself.
    if part.negative && matches!(part.hemisphere, Some('n' | 'e')) {
        return None;
    }
    let southern_or_western = matches!(part.hemisphere, Some('s' | 'w'));
    Some(if part.negative || southern_or_western { -degrees } else { degrees })
}

/// A half written as one packed number, as GPS receivers (NMEA 0183) and some registers do:
/// `4124.2028N` is 41° 24.2028′, `00210.4418E` is 2° 10.4418′, `412412.2N` is
/// 41° 24′ 12.2″. Only with a hemisphere letter and four or more integer digits — no
/// decimal-degree value has that many — so `4124.2028, 210.44` stays out of range.
fn unpack(part: Part) -> Option<Part> {
    let &[(value, fraction, None)] = part.numbers.as_slice() else { return Some(part) };
    if part.hemisphere.is_none() || part.digits < 4 {
        return Some(part);
    }
    let whole = value.trunc();
    let rest = value - whole;
    let numbers = match part.digits {
        4 | 5 => vec![
            ((whole / 100.0).trunc(), false, Some(Unit::Degrees)),
            (whole % 100.0 + rest, fraction, Some(Unit::Minutes)),
        ],
        6 | 7 => vec![
            ((whole / 10_000.0).trunc(), false, Some(Unit::Degrees)),
            ((whole / 100.0).trunc() % 100.0, false, Some(Unit::Minutes)),
            (whole % 100.0 + rest, fraction, Some(Unit::Seconds)),
        ],
        _ => return None,
    };
    Some(Part { numbers, ..part })
}

/// `41.24.12` or `41.24.12.5` at the start of `chars`: degrees, then minutes and seconds of
/// exactly two digits each (how dotted DMS is written), so versions (`1.2.3`) and dates
/// (`01.02.2024`) are not read. Returns the three numbers (the last with its fraction) and
/// the characters used.
fn dotted_dms(chars: &[char]) -> Option<(Vec<(f64, bool)>, usize)> {
    let mut groups: Vec<String> = vec![String::new()];
    let mut used = 0;
    for &c in chars {
        match c {
            '0'..='9' => groups.last_mut()?.push(c),
            '.' if chars.get(used + 1).is_some_and(char::is_ascii_digit) && groups.len() < 4 => {
                groups.push(String::new())
            }
            _ => break,
        }
        used += 1;
    }
    let (degrees, minutes, seconds) = match groups.as_slice() {
        [d, m, s] => (d, m, s.clone()),
        [d, m, s, f] => (d, m, format!("{s}.{f}")),
        _ => return None,
    };
    if minutes.len() != 2 || seconds.split('.').next()?.len() != 2 || degrees.is_empty() || degrees.len() > 3
    {
        return None;
    }
    let numbers = vec![
        (degrees.parse().ok()?, false),
        (minutes.parse().ok()?, false),
        (seconds.parse().ok()?, groups.len() == 4),
    ];
    Some((numbers, used))
}
