//! Which sheet and column hold the links, and whether row 1 is a header.

use crate::{extract, extract_cell, Cell, Options, Sheet, Target, Workbook};

/// Rows looked at when guessing; enough to be sure, cheap on a million-row sheet.
pub const SAMPLE_ROWS: usize = 1000;

/// Data rows looked at when choosing a name column: names show their kind in a few rows.
const NAME_SAMPLE_ROWS: usize = 200;

/// Columns looked at when choosing a name column; a name sits among the first ones.
const NAME_COLUMNS: usize = 256;

/// A column whose cells are at least this share of name-like text (in percent) is a text
/// column.
const NAME_SHARE: usize = 60;

/// Header words that say a column names its rows, lower case, in the languages the sheets
/// pinsheet sees are mostly written in; matched as whole words ("Store name", "Nom du lieu").
/// The earlier a word, the more it says "name": on two such headers the earlier word wins.
const NAME_WORDS: &[&str] = &[
    "name",
    "nom",
    "nombre",
    "nome",
    "naam",
    "namn",
    "navn",
    "nazwa",
    "název",
    "название",
    "имя",
    "title",
    "titre",
    "titel",
    "título",
    "titulo",
    "titolo",
    "bezeichnung",
    "label",
    "place",
    "lieu",
    "lugar",
    "luogo",
    "ort",
    "plaats",
    "местоположение",
    "место",
    "location",
    "locație",
    "ubicación",
    "ubicacion",
    "localização",
    "local",
    "locatie",
    "standort",
    "localité",
    "store",
    "shop",
    "magasin",
    "boutique",
    "tienda",
    "negozio",
    "loja",
    "winkel",
    "geschäft",
    "laden",
    "filiale",
    "branch",
    "site",
    "sitio",
    "venue",
    "business",
    "company",
    "société",
    "entreprise",
    "empresa",
    "azienda",
    "firma",
    "bedrijf",
    "customer",
    "client",
    "cliente",
    "kunde",
    "klant",
];

/// The same for scripts without spaces between words, matched anywhere in the header.
const NAME_PARTS: &[&str] =
    &["名前", "名称", "店名", "施設名", "場所", "名字", "地点", "地點", "이름", "장소"];

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

/// How many rows [`link_counts`] looks at: the whole sheet, or its first [`SAMPLE_ROWS`]
/// (the header row included).
///
/// # Examples
///
/// ```
/// use pinsheet_core::{counted_rows, Cell, Sheet, SAMPLE_ROWS};
///
/// let short = Sheet::new("S", vec![vec![Cell::Text("x".into())]; 3]);
/// assert_eq!(counted_rows(&short), 3);
/// let long = Sheet::new("L", vec![vec![]; SAMPLE_ROWS + 5]);
/// assert_eq!(counted_rows(&long), SAMPLE_ROWS);
/// ```
pub fn counted_rows(sheet: &Sheet) -> usize {
    sheet.rows.len().min(SAMPLE_ROWS)
}

/// How many of the first [`counted_rows`] rows hold a recognisable map link, per column
/// (index 0 is A).
pub fn link_counts(sheet: &Sheet) -> Vec<usize> {
    let mut counts = vec![0; sheet.width()];
    let options = Options::default();
    // Links can hide behind cells only when the sheet has hyperlinks or formulas.
    let plain = sheet.hyperlinks.is_empty() && sheet.formulas.is_empty() && sheet.points.is_empty();
    for (row, cells) in sheet.rows.iter().enumerate().take(counted_rows(sheet)) {
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

/// The column that names each row for the link column `target.column` (0-based), as a person
/// would point to it: a column whose header reads like a name ("Name", "Title", "Place",
/// "Store", "Nom", "Standort", "名前"…), else the nearest text column left of the link
/// column, else the first text column. A text column is one whose cells (the first 200 data
/// rows) are mostly text with a letter in it that is neither a link nor coordinates; a
/// column of links, numbers, dates or links behind labels never names rows, and neither does
/// the link column itself. Only the first 256 columns are considered.
///
/// None when the sheet has no such column.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{name_column, read, Target};
///
/// let csv = "id;Link;Store name\n1;geo:1,2;Depot\n2;geo:3,4;Shop\n";
/// let sheet = &read(csv.as_bytes(), "a.csv")?.sheets[0];
/// assert_eq!(name_column(sheet, &Target::new(0, 1, true)), Some(2));
/// assert_eq!(name_column(sheet, &Target::new(0, 2, true)), None);
/// # Ok::<(), pinsheet_core::ReadError>(())
/// ```
pub fn name_column(sheet: &Sheet, target: &Target) -> Option<usize> {
    let first = usize::from(target.header);
    let width = sheet.width().min(NAME_COLUMNS);
    // Per column: cells with something in them, and of those the name-like ones.
    let mut filled = vec![0usize; width];
    let mut names = vec![0usize; width];
    for (row, cells) in sheet.rows.iter().enumerate().skip(first).take(NAME_SAMPLE_ROWS) {
        for (column, cell) in cells.iter().enumerate().take(width) {
            let behind = sheet.link_behind(row, column).is_some();
            if *cell == Cell::Empty && !behind {
                continue;
            }
            filled[column] += 1;
            if !behind && cell.as_text().is_some_and(reads_as_name) {
                names[column] += 1;
            }
        }
    }
    let text = |column: usize| {
        column != target.column && names[column] > 0 && names[column] * 100 >= filled[column] * NAME_SHARE
    };
    let named = target.header.then(|| sheet.rows.first()).flatten().and_then(|header| {
        (0..width)
            .filter(|&column| text(column))
            .filter_map(|column| Some((name_word_rank(header.get(column)?.as_text()?)?, column)))
            .min()
            .map(|(_, column)| column)
    });
    named
        .or_else(|| (0..target.column.min(width)).rev().find(|&column| text(column)))
        .or_else(|| (0..width).find(|&column| text(column)))
}

/// Text a person would call a name: a letter in it, and neither a link (to a map or not) nor
/// coordinates.
fn reads_as_name(text: &str) -> bool {
    let text = text.trim();
    text.chars().any(char::is_alphabetic)
        && !text.contains("://")
        && !text.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("www."))
        && !extract(text).is_map_link()
}

/// How strongly a header says "name": the position of its first word in [`NAME_WORDS`]
/// (or past them, for [`NAME_PARTS`]); None for a header that does not.
fn name_word_rank(header: &str) -> Option<usize> {
    let header = header.to_lowercase();
    let by_word = header
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| NAME_WORDS.iter().position(|name| *name == word))
        .min();
    by_word.or_else(|| NAME_PARTS.iter().any(|part| header.contains(part)).then_some(NAME_WORDS.len()))
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

    /// The name column chosen for the link column `link` of a CSV with a header.
    fn name_of(csv: &str, link: usize) -> Option<usize> {
        let sheet = &read(csv.as_bytes(), "t.csv").unwrap().sheets[0];
        name_column(sheet, &Target::new(0, link, true))
    }

    #[test]
    fn a_header_that_says_name_names_the_rows() {
        for (csv, link, want) in [
            // A name header wins over a nearer text column, whichever side it is on.
            ("Note;Link;Name\nnice;geo:1,2;Depot\nold;geo:3,4;Shop\n", 1, Some(2)),
            ("Title,Note,URL,Comment\nLouvre,,\"https://maps.google.com/?q=1,2\",\n", 2, Some(0)),
            ("Notes;Nom du lieu;Lien\nx;Tour Eiffel;geo:1,2\n", 2, Some(1)),
            ("Standort|Karte\nBerlin|geo:1,2\n", 1, Some(0)),
            ("店名;地図\n東京駅;geo:35.68,139.76\n", 1, Some(0)),
            // Of two name headers the stronger word wins: "Name" over "Company".
            ("Company;Link;Customer name\nAcme;geo:1,2;Ann\n", 1, Some(2)),
            // Case and punctuation do not matter.
            ("link;STORE-NAME:\ngeo:1,2;Depot\n", 0, Some(1)),
        ] {
            assert_eq!(name_of(csv, link), want, "{csv}");
        }
    }

    #[test]
    fn without_a_name_header_the_nearest_text_column_on_the_left_names_the_rows() {
        for (csv, link, want) in [
            ("Town;Street;Link;Remark\nBern;Main St;geo:1,2;ok\n", 2, Some(1)),
            // Nothing on the left: the first text column, on the right.
            ("Link;id;Remark\ngeo:1,2;7;fine\n", 0, Some(2)),
            // A "Name" header over numbers is no name column.
            ("Name;Where;Label\n1;geo:1,2;Depot\n2;geo:3,4;Shop\n", 1, Some(2)),
            // Mostly text is enough: one number among names does not disqualify.
            ("Who;Where\nAnn;geo:1,2\nBob;geo:1,2\n42;geo:1,2\n", 1, Some(0)),
        ] {
            assert_eq!(name_of(csv, link), want, "{csv}");
        }
    }

    #[test]
    fn links_numbers_dates_and_coordinates_never_name_rows() {
        for csv in [
            // Only the link column has text.
            "Name\nhttps://maps.google.com/?q=1%2C2\n",
            // Numbers, dates, coordinates, web links and map links.
            "id;When;Point;Site;Also;Link\n1;2024-01-05;48.85, 2.29;https://example.com;geo:5,6;geo:1,2\n",
            "Place;Link\n41°24'12.2\"N 2°10'26.5\"E;geo:1,2\n",
            "Site;Link\nwww.example.com;geo:1,2\n",
            // An empty column with a name header.
            "Name;Link\n;geo:1,2\n;geo:3,4\n",
        ] {
            let sheet = &read(csv.as_bytes(), "t.csv").unwrap().sheets[0];
            let link = sheet.rows[0].len() - 1;
            assert_eq!(name_column(sheet, &Target::new(0, link, true)), None, "{csv}");
        }
        // Labels with a link behind them are links, not names.
        let sheet = labels(&[&["Map", "Link"], &["Depot", "geo:1,2"]], &[(1, 0)]);
        assert_eq!(name_column(&sheet, &Target::new(0, 1, true)), None);
        // An empty sheet, and a link column past the sheet's end.
        assert_eq!(name_column(&Sheet::default(), &Target::new(0, 0, false)), None);
        let sheet = labels(&[&["Depot"]], &[]);
        assert_eq!(name_column(&sheet, &Target::new(0, 9, false)), Some(0));
    }

    #[test]
    fn without_a_header_row_one_is_data_and_no_header_is_matched() {
        // "Name" is a row's name here, not a header; it is text all the same.
        let sheet = labels(&[&["geo:1,2", "Name"], &["geo:3,4", "Depot"]], &[]);
        assert_eq!(name_column(&sheet, &Target::new(0, 0, false)), Some(1));
        // Row 1's text counts when it is data: numbers below do not outweigh it.
        let sheet = labels(&[&["5", "geo:1,2"], &["7", "geo:3,4"]], &[]);
        assert_eq!(name_column(&sheet, &Target::new(0, 1, false)), None);
    }

    #[test]
    fn counted_rows_are_the_rows_link_counts_reads() {
        let mut rows = vec![vec![Cell::Text("https://maps.google.com/?q=1,2".into())]; SAMPLE_ROWS + 10];
        rows.insert(0, vec![Cell::Text("Link".into())]);
        let sheet = Sheet::new("S", rows);
        assert_eq!(counted_rows(&sheet), SAMPLE_ROWS);
        // The header row is among them, so one link fewer than rows counted.
        assert_eq!(link_counts(&sheet), [SAMPLE_ROWS - 1]);
        assert_eq!(counted_rows(&Sheet::default()), 0);
    }
}
