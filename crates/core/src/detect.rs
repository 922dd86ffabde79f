//! Which sheet and column hold the links, and whether row 1 is a header.

use crate::{extract, extract_cell, Cell, Options, Sheet, Target, Workbook};

/// Rows looked at when guessing; enough to be sure, cheap on a million-row sheet.
const SAMPLE_ROWS: usize = 1000;

/// Proposes the sheet and column with the most recognisable map links (the first on a tie),
/// judged on the first 1,000 rows, and whether row 1 is a header.
///
/// Returns `None` when no sheet has any cell at all.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{detect, read};
///
/// let csv = "id;where\n1;https://maps.google.com/?q=1,2\n2;https://maps.app.goo.gl/x\n";
/// let target = detect(&read(csv.as_bytes(), "a.csv")?).unwrap();
/// assert_eq!((target.sheet, target.column, target.header), (0, 1, true));
/// # Ok::<(), pinsheet_core::ReadError>(())
/// ```
pub fn detect(workbook: &Workbook) -> Option<Target> {
    let mut best: Option<(usize, Target)> = None;
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        if sheet.width() == 0 {
            continue;
        }
        let (target, links) = target_for(sheet, index);
        if best.as_ref().is_none_or(|(most, _)| links > *most) {
            best = Some((links, target));
        }
    }
    best.map(|(_, target)| target)
}

/// The target for one given sheet (`index` in [`Workbook::sheets`]): its column with the most
/// links (column A when none has any) and its header.
pub fn detect_for_sheet(sheet: &Sheet, index: usize) -> Target {
    target_for(sheet, index).0
}

fn target_for(sheet: &Sheet, index: usize) -> (Target, usize) {
    let counts = link_counts(sheet);
    let (column, links) = counts
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(column, links)| (links, std::cmp::Reverse(column)))
        .unwrap_or((0, 0));
    (Target::new(index, column, has_header(sheet)), links)
}

/// How many of the first 1,000 rows hold a recognisable map link, per column (index 0 is A).
pub fn link_counts(sheet: &Sheet) -> Vec<usize> {
    let mut counts = vec![0; sheet.width()];
    let options = Options::default();
    // Links can hide behind cells only when the sheet has hyperlinks or formulas.
    let plain = sheet.hyperlinks.is_empty() && sheet.formulas.is_empty() && sheet.points.is_empty();
    for (row, cells) in sheet.rows.iter().enumerate().take(SAMPLE_ROWS) {
        for (column, cell) in cells.iter().enumerate() {
            let linked = match cell {
                Cell::Text(text) if plain => extract(text).is_map_link(),
                _ if plain => false,
                // A HYPERLINK() formula saved without its result is an empty cell with a link.
                _ => extract_cell(sheet, row, column, &options).0.is_map_link(),
            };
            if linked {
                counts[column] += 1;
            }
        }
    }
    counts
}

/// What a cell is, for telling a header from data. A header names its column in plain text;
/// the cells below hold what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Nothing in the cell and nothing behind it.
    Empty,
    /// Text that is not a map link and has no link behind it: what a header is made of.
    Plain,
    /// A cell with a link behind it (a hyperlink or a `HYPERLINK()` formula), whatever it
    /// shows: "Map", "view", a place name.
    Label,
    /// Text that is itself a map link.
    Link,
    /// A number, date, boolean or error.
    Value,
}

fn kind(sheet: &Sheet, row: usize, column: usize) -> Kind {
    if sheet.link_behind(row, column).is_some() {
        return Kind::Label;
    }
    match sheet.cell(row, column) {
        Cell::Empty => Kind::Empty,
        Cell::Text(text) if extract(text).is_map_link() => Kind::Link,
        Cell::Text(_) => Kind::Plain,
        _ => Kind::Value,
    }
}

/// Row 1 is a header when its cells are plain text — some of them, and nothing else: no
/// map link, no link behind a cell, no number or date — and a later row (of the first
/// 1,000) holds a cell of another kind: a map link, a label with a link behind it, or a
/// value that is not text. A header names data unlike itself; so "Map" over cells that say
/// "Map" with a link behind them is a header, while a first row whose "Map" has a link
/// behind it is data.
fn has_header(sheet: &Sheet) -> bool {
    let Some(first) = sheet.rows.first() else { return false };
    let first_kinds: Vec<Kind> = (0..first.len().max(row_links_width(sheet, 0)))
        .map(|column| kind(sheet, 0, column))
        .filter(|kind| *kind != Kind::Empty)
        .collect();
    if first_kinds.is_empty() || first_kinds.iter().any(|kind| *kind != Kind::Plain) {
        return false;
    }
    (1..sheet.rows.len().min(SAMPLE_ROWS + 1)).any(|row| {
        let width = sheet.rows.get(row).map_or(0, Vec::len).max(row_links_width(sheet, row));
        (0..width).any(|column| matches!(kind(sheet, row, column), Kind::Label | Kind::Link | Kind::Value))
    })
}

/// One past the last column of `row` with a hyperlink: a link may sit on a cell past the
/// row's last value.
fn row_links_width(sheet: &Sheet, row: usize) -> usize {
    let Ok(row) = u32::try_from(row) else { return 0 };
    let start = sheet.hyperlinks.partition_point(|((r, _), _)| *r < row);
    sheet.hyperlinks[start..]
        .iter()
        .take_while(|((r, _), _)| *r == row)
        .last()
        .map_or(0, |((_, column), _)| *column as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read;

    fn target(csv: &str) -> Option<Target> {
        detect(&read(csv.as_bytes(), "t.csv").unwrap())
    }

    #[test]
    fn the_column_with_most_links_wins() {
        let csv = "name;a;b\nx;https://maps.google.com/?q=1,2;https://www.google.com/maps/place/Louvre\ny;;https://maps.app.goo.gl/q\n";
        assert_eq!(target(csv), Some(Target::new(0, 2, true)));
    }

    #[test]
    fn no_header_when_row_one_is_data() {
        let csv = "https://maps.google.com/?q=1;x\nhttps://maps.google.com/?q=3;y\n";
        assert_eq!(target(csv), Some(Target::new(0, 0, false)));
    }

    #[test]
    fn no_links_falls_back_to_the_first_column() {
        assert_eq!(target("a,b\nc,d\n").map(|p| p.column), Some(0));
        assert_eq!(target(",\n,,\n"), None);
    }

    /// A sheet of text cells; `linked` cells get a hyperlink behind them.
    fn labels(rows: &[&[&str]], linked: &[(u32, u32)]) -> Sheet {
        let cells =
            rows.iter().map(|row| row.iter().map(|text| Cell::Text(text.to_string())).collect()).collect();
        let mut sheet = Sheet::new("Labels", cells);
        sheet.hyperlinks =
            linked.iter().map(|&at| (at, "https://maps.google.com/?q=1,2".to_string())).collect();
        sheet
    }

    #[test]
    fn a_plain_header_over_labels_with_links_behind_them_is_a_header() {
        let sheet = labels(&[&["Name", "Map"], &["Depot", "Map"], &["Shop", "view"]], &[(1, 1), (2, 1)]);
        assert_eq!(detect_for_sheet(&sheet, 0), Target::new(0, 1, true));
    }

    #[test]
    fn a_first_row_with_a_link_behind_it_is_data() {
        let sheet = labels(&[&["Depot", "Map"], &["Shop", "view"]], &[(0, 1), (1, 1)]);
        assert_eq!(detect_for_sheet(&sheet, 0), Target::new(0, 1, false));
        // Even when only row 1's link sits on a cell past its text.
        let sheet = labels(&[&["Depot"], &["Shop", "view"]], &[(0, 1), (1, 1)]);
        assert!(!detect_for_sheet(&sheet, 0).header);
        // A HYPERLINK() formula in row 1, with or without its result, is data too.
        let mut sheet = labels(&[&["Depot", "Map"], &["Shop", "Map"]], &[(1, 1)]);
        sheet.formulas = vec![((0, 1), r#"HYPERLINK("geo:1,2","Map")"#.into())];
        assert!(!detect_for_sheet(&sheet, 0).header);
    }

    #[test]
    fn labels_with_no_link_anywhere_are_no_header() {
        let sheet = labels(&[&["Name", "Map"], &["Depot", "Map"], &["Shop", "view"]], &[]);
        assert!(!detect_for_sheet(&sheet, 0).header);
    }
}
