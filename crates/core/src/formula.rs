//! Moving a formula's cell references when columns are inserted into a sheet, as Excel does
//! when a user inserts columns: the new coordinate columns must not break the sheet's sums.

use crate::excel::{parse_column_letter, LAST_COLUMN};
use std::borrow::Cow;

/// Rewrites the A1-style references of `formula` (Excel syntax, with or without its leading
/// `=`) that point into sheet `target`, moving every column at or after `from` right by `by`.
///
/// `in_target` says whether the formula lives in `target`, where references without a sheet
/// name are its own. String literals, structured references (`Table1[Column]`), function
/// names and defined names are left alone; a range ending before `from` does not grow,
/// one that spans it does (Excel's behaviour for an insertion).
///
/// # Examples
///
/// ```
/// use pinsheet_core::shift_columns;
/// assert_eq!(shift_columns("SUM(A1:C3)*$D$1", "Data", true, 1, 3), "SUM(A1:F3)*$G$1");
/// assert_eq!(shift_columns("'Data'!B2+Other!B2+\"B2\"", "Data", false, 1, 3), "'Data'!E2+Other!B2+\"B2\"");
/// assert_eq!(shift_columns("LOG10(A1)", "Data", true, 0, 3), "LOG10(D1)");
/// ```
pub fn shift_columns<'a>(
    formula: &'a str,
    target: &str,
    in_target: bool,
    from: u32,
    by: u32,
) -> Cow<'a, str> {
    // Nothing to do for most formulas; skip the rewrite.
    if by == 0 || !formula.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Cow::Borrowed(formula);
    }
    let bytes = formula.as_bytes();
    let mut out = String::with_capacity(formula.len() + 8);
    let mut i = 0;
    // Which sheet the next reference belongs to: None for "no sheet name seen".
    let mut qualifier: Option<String> = None;
    // True right after a `:` that follows a reference, so `Sheet2!A1:B2` applies the name to B2.
    let mut range_tail = false;
    let mut changed = false;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let end = literal_end(bytes, i, b'"');
                out.push_str(&formula[i..end]);
                i = end;
                qualifier = None;
            }
            b'[' => {
                let end = bracket_end(bytes, i);
                out.push_str(&formula[i..end]);
                i = end;
                qualifier = None;
            }
            b'\'' => {
                let end = literal_end(bytes, i, b'\'');
                out.push_str(&formula[i..end]);
                if bytes.get(end) == Some(&b'!') {
                    qualifier = Some(formula[i + 1..end - 1].replace("''", "'"));
                    out.push('!');
                    i = end + 1;
                } else {
                    i = end;
                    qualifier = None;
                }
            }
            _ if is_word(b) && !(i > 0 && is_word(bytes[i - 1])) => {
                let mut end = i;
                while end < bytes.len() && is_word(bytes[end]) {
                    end += 1;
                }
                let word = &formula[i..end];
                let next = bytes.get(end).copied();
                if next == Some(b'!') {
                    qualifier = Some(word.to_string());
                    out.push_str(word);
                    out.push('!');
                    i = end + 1;
                    continue;
                }
                let ours = match &qualifier {
                    Some(name) => name.eq_ignore_ascii_case(target),
                    None => in_target,
                };
                let column_pair = next == Some(b':') || range_tail;
                let moved = if ours && next != Some(b'(') {
                    move_reference(word, column_pair, from, by)
                } else {
                    None
                };
                match moved {
                    Some(moved) => {
                        out.push_str(&moved);
                        changed = true;
                    }
                    None => out.push_str(word),
                }
                i = end;
                if next == Some(b':') {
                    out.push(':');
                    i += 1;
                    range_tail = true;
                    continue;
                }
                qualifier = None;
            }
            _ => {
                // Whole characters: a name may hold any letter, and `i` stays on a boundary.
                let width = formula[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&formula[i..i + width]);
                i += width;
                qualifier = None;
            }
        }
        range_tail = false;
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(formula)
    }
}

/// `A1`, `$B$2`, or (in a `A:C` pair) a bare column, moved; None when `word` is none of these.
fn move_reference(word: &str, column_pair: bool, from: u32, by: u32) -> Option<String> {
    let bytes = word.as_bytes();
    let mut i = 0;
    let dollar_column = bytes.first() == Some(&b'$');
    i += usize::from(dollar_column);
    let letters_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    let letters = &word[letters_start..i];
    let column = u32::try_from(parse_column_letter(letters)?).ok()?;
    let rest = &word[i..];
    let row_part = rest.strip_prefix('$').unwrap_or(rest);
    let is_cell = !row_part.is_empty() && row_part.bytes().all(|b| b.is_ascii_digit());
    let is_column = rest.is_empty() && column_pair;
    if !is_cell && !is_column {
        return None;
    }
    let moved = if column >= from { column.saturating_add(by).min(LAST_COLUMN) } else { column };
    if moved == column {
        return None;
    }
    let dollar = if dollar_column { "$" } else { "" };
    Some(format!("{dollar}{}{rest}", crate::excel::column_letter(moved as usize)))
}

/// Bytes of names and references; non-ASCII bytes too, since names may hold any letter
/// (so `éC1` is one name, not `é` then a reference).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'\\') || !b.is_ascii()
}

/// The index just past a quoted run starting at `start`; a doubled quote is an escaped one.
fn literal_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn bracket_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    for (offset, &b) in bytes[start..].iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return start + offset + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::shift_columns;

    fn shift(formula: &str) -> String {
        shift_columns(formula, "Data", true, 2, 3).into_owned()
    }

    #[test]
    fn references_at_or_after_the_insertion_move() {
        assert_eq!(shift("A1+B1+C1+D1"), "A1+B1+F1+G1");
        assert_eq!(shift("$C$1*$b2"), "$F$1*$b2");
        assert_eq!(shift("SUM(A1:B9)"), "SUM(A1:B9)");
        assert_eq!(shift("SUM(B1:C9)"), "SUM(B1:F9)");
        assert_eq!(shift("SUM(C:D)"), "SUM(F:G)");
        assert_eq!(shift("SUM(1:3)"), "SUM(1:3)");
        assert_eq!(shift("c10"), "F10");
    }

    #[test]
    fn other_things_that_look_like_references_stay() {
        assert_eq!(shift("\"C1\"&C1"), "\"C1\"&F1");
        assert_eq!(shift("LOG10(C1)"), "LOG10(F1)");
        assert_eq!(shift("Table1[[#This Row],[C1]]"), "Table1[[#This Row],[C1]]");
        assert_eq!(shift("ZZZ1+TRUE+Name_C1"), "ZZZ1+TRUE+Name_C1");
        assert_eq!(shift("_xlfn.XLOOKUP(C1,D:D,E:E)"), "_xlfn.XLOOKUP(F1,G:G,H:H)");
        assert_eq!(shift("\"naïve\"&C1&\"ü\""), "\"naïve\"&F1&\"ü\"");
        assert_eq!(shift("C1&\"é\"&é&éC1"), "F1&\"é\"&é&éC1");
    }

    #[test]
    fn sheet_names_decide_whose_references_move() {
        assert_eq!(shift("Other!C1+C1"), "Other!C1+F1");
        assert_eq!(shift("Data!C1:D2"), "Data!F1:G2");
        assert_eq!(shift("'Other sheet'!C1:D2+'It''s'!C1"), "'Other sheet'!C1:D2+'It''s'!C1");
        assert_eq!(shift_columns("Data!C1+C1", "data", false, 2, 3), "Data!F1+C1");
        assert_eq!(shift_columns("'Da''ta'!C1", "Da'ta", false, 2, 3), "'Da''ta'!F1");
    }

    #[test]
    fn columns_never_pass_xfd() {
        assert_eq!(shift("XFC1"), "XFD1");
    }
}
