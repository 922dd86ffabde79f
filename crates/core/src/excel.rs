//! Excel's own rules that every reader and writer shares: the grid's size, column letters,
//! the legal sheet names and how much text a cell holds.

use crate::Workbook;

/// Rows in an Excel worksheet: 1,048,576 (Excel's specifications and limits; ECMA-376 Part 1,
/// §18.3.1.73 caps `r` at that).
pub(crate) const MAX_ROWS: usize = 1 << 20;
/// Columns in an Excel worksheet: 16,384, A to XFD.
pub(crate) const MAX_COLUMNS: usize = 1 << 14;
/// The last row's 0-based index (row 1,048,576).
pub(crate) const LAST_ROW: u32 = MAX_ROWS as u32 - 1;
/// The last column's 0-based index (XFD).
pub(crate) const LAST_COLUMN: u32 = MAX_COLUMNS as u32 - 1;
/// The most UTF-16 code units a cell holds: 32,767 (Excel's limit, which rust_xlsxwriter
/// enforces).
pub(crate) const MAX_TEXT: usize = 32_767;
/// The most characters in a sheet's name.
const MAX_SHEET_NAME: usize = 31;

/// The spreadsheet letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
///
/// # Examples
///
/// ```
/// assert_eq!(pinsheet_core::column_letter(27), "AB");
/// ```
pub fn column_letter(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The 0-based column index of spreadsheet letters (`A`, `c`, `AB`, up to Excel's `XFD`), or
/// `None` for anything else.
///
/// # Examples
///
/// ```
/// use pinsheet_core::parse_column_letter;
/// assert_eq!(parse_column_letter("ab"), Some(27));
/// assert_eq!(parse_column_letter("XFE"), None);
/// assert_eq!(parse_column_letter("B2"), None);
/// ```
pub fn parse_column_letter(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let n = text.bytes().fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1);
    (n <= MAX_COLUMNS).then(|| n - 1)
}

/// A CSV file's sheet takes the file's name without extension, made a legal Excel sheet name
/// (at most 31 characters, none of `[]:*?/\`).
pub(crate) fn sheet_name(file_name: &str) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let clean = legal_sheet_name(stem);
    let clean = clean.trim();
    if clean.is_empty() {
        "Sheet1".to_string()
    } else {
        clean.to_string()
    }
}

/// Names Excel accepts for every sheet, in order: at most 31 characters, none of
/// `[]:*?/\`, not starting or ending with `'`, not `History`, unique regardless of case.
/// Names from a workbook Excel wrote are already all of these and stay as they are.
pub(crate) fn sheet_names(workbook: &Workbook) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let mut base = legal_sheet_name(&sheet.name);
        if base.trim().is_empty() || base.eq_ignore_ascii_case("History") {
            base = format!("Sheet{}", index + 1);
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = base.chars().take(MAX_SHEET_NAME - suffix.chars().count()).collect::<String>();
            name = format!("{keep}{suffix}");
            n += 1;
        }
        taken.push(name.clone());
        names.push(name);
    }
    names
}

/// The one sheet-name cleaner: `name` without the characters Excel refuses in a sheet name
/// (`[]:*?/\`), cut to 31 characters, without quotes at either end. It may come out empty or
/// with spaces at its ends; each caller decides what then.
fn legal_sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(MAX_SHEET_NAME)
        .collect();
    clean.trim_matches('\'').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for (index, letters) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")]
        {
            assert_eq!(column_letter(index), letters);
            assert_eq!(parse_column_letter(letters), Some(index));
        }
    }

    #[test]
    fn csv_sheet_names_are_legal_excel_names() {
        assert_eq!(sheet_name("places.csv"), "places");
        assert_eq!(sheet_name("/tmp/x/a[1]:b.tsv"), "a1b");
        assert_eq!(sheet_name(".csv"), "Sheet1");
        assert_eq!(sheet_name(&"n".repeat(40)).len(), 31);
    }
}
