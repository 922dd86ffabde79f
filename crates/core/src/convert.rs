//! The conversion pipeline: every row of the link column through [`extract`].

use crate::{
    extract_with, Cell, Extraction, Form, Options, Service, Sheet, Source, Status, Target, Workbook,
};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How often, in rows, the progress callback is called.
const PROGRESS_EVERY: usize = 2000;

/// The result for one row of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// 0-based row index in the sheet (row 1 in a spreadsheet is 0).
    pub row: usize,
    /// What the row's link cell gave.
    pub extraction: Extraction,
    /// Which text of the cell the extraction read, so it need not be read again to show it
    /// or to follow it.
    #[serde(default)]
    pub read_from: ReadFrom,
}

/// Which text of a link cell an [`Outcome`] was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadFrom {
    /// The cell's own text.
    #[default]
    Cell,
    /// The link behind the cell: its hyperlink, or its `HYPERLINK()` formula's target.
    LinkBehind,
    /// No text: an empty cell, or a number or date.
    Nothing,
}

impl ReadFrom {
    /// The text this names, in `sheet`'s cell at `row`, `column`.
    pub fn text(self, sheet: &Sheet, row: usize, column: usize) -> Option<&str> {
        match self {
            ReadFrom::Cell => sheet.cell(row, column).as_text(),
            ReadFrom::LinkBehind => sheet.link_behind(row, column),
            ReadFrom::Nothing => None,
        }
    }
}

impl Outcome {
    /// The text the outcome was read from (see [`extract_cell`]), in the converted `sheet`.
    pub fn text<'a>(&self, sheet: &'a Sheet, column: usize) -> Option<&'a str> {
        self.read_from.text(sheet, self.row, column)
    }
}

/// Counts of outcomes, for the stats cards and the CLI summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Data rows looked at (the header and wholly empty rows are not counted).
    pub rows: usize,
    /// Rows that got a latitude and longitude (including map views).
    pub with_coordinates: usize,
    /// Of those, rows whose point is only a map view.
    pub low_confidence: usize,
    /// Rows holding a short link or place id that the resolver must follow.
    pub needs_resolver: usize,
    /// Rows holding a short plus code and no reference point to recover it against.
    pub needs_reference: usize,
    /// Rows with no coordinates (including an empty link cell and short plus codes).
    pub no_coordinates: usize,
}

/// A converted sheet: one [`Outcome`] per data row that is not wholly empty, in row order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    /// The cells that were converted.
    pub target: Target,
    /// One outcome per data row that has any value, in row order.
    pub outcomes: Vec<Outcome>,
    /// The outcomes counted.
    pub stats: Stats,
}

/// Extracts a coordinate from the target's column in every data row of the target's sheet,
/// with the default [`Options`]; see [`convert_with`].
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, read, Target};
///
/// let workbook = read(b"\"https://maps.google.com/?q=1.5,2.5\"\nhello\n", "a.csv")?;
/// let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
/// assert_eq!(conversion.stats.rows, 2);
/// assert_eq!(conversion.stats.with_coordinates, 1);
/// assert_eq!(conversion.outcomes[1].row, 1);
/// # Ok::<(), pinsheet_core::ReadError>(())
/// ```
pub fn convert(workbook: &Workbook, target: &Target, progress: impl FnMut(usize, usize)) -> Conversion {
    convert_with(workbook, target, &Options::default(), progress)
}

/// Extracts a coordinate from the target's column in every data row of the target's sheet.
///
/// `progress(done, total)` is called every few thousand rows and once at the end, with
/// counts of sheet rows, so a caller can show "n of N rows". Non-text cells (numbers, dates)
/// are never links and give "no coordinates". A plan naming a sheet that does not exist
/// converts nothing.
pub fn convert_with(
    workbook: &Workbook,
    target: &Target,
    options: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Conversion {
    let empty = Sheet::default();
    let sheet = workbook.sheets.get(target.sheet).unwrap_or(&empty);
    let total = sheet.rows.len();
    let first = usize::from(target.header).min(total);
    let mut outcomes = Vec::with_capacity(total - first);
    let mut stats = Stats::default();
    let threads = crate::parallel::threads();
    // Blocks of rows, each shared between the threads, ending at round row numbers so
    // progress reads 4,000, 8,000…
    let step = PROGRESS_EVERY * threads;
    let mut start = first;
    while start < total {
        if start % PROGRESS_EVERY == 0 {
            progress(start, total);
        }
        let end = ((start / step + 1) * step).min(total);
        for part in crate::parallel::in_parts(start..end, threads, |rows| {
            outcomes_of(sheet, rows, target.column, options)
        }) {
            for outcome in part {
                stats.count(outcome.extraction.status());
                outcomes.push(outcome);
            }
        }
        start = end;
    }
    progress(total, total);
    Conversion { target: *target, outcomes, stats }
}

/// The outcomes of some rows of the sheet, skipping wholly empty rows.
fn outcomes_of(sheet: &Sheet, rows: Range<usize>, column: usize, options: &Options) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        if sheet.row_is_blank(row) {
            continue;
        }
        let (extraction, read_from) = read_cell(sheet, row, column, options);
        outcomes.push(Outcome { row, extraction, read_from });
    }
    outcomes
}

/// What one cell gives, and the text it was read from: the link behind the cell (its
/// hyperlink or `HYPERLINK()` formula) when that is a map link or the cell has no text, else
/// the cell's own text. Non-text cells without a link behind them (numbers, dates) are never
/// links.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{extract_cell, Cell, Options, Sheet};
///
/// let mut sheet = Sheet::new("Links", vec![vec![Cell::Text("Map".into())]]);
/// sheet.hyperlinks.push(((0, 0), "https://maps.google.com/?q=1.5,2.5".into()));
/// let (extraction, from) = extract_cell(&sheet, 0, 0, &Options::default());
/// assert_eq!(extraction.coordinate.map(|c| c.lat()), Some(1.5));
/// assert_eq!(from, Some("https://maps.google.com/?q=1.5,2.5"));
/// ```
pub fn extract_cell<'a>(
    sheet: &'a Sheet,
    row: usize,
    column: usize,
    options: &Options,
) -> (Extraction, Option<&'a str>) {
    let (extraction, read_from) = read_cell(sheet, row, column, options);
    (extraction, read_from.text(sheet, row, column))
}

/// [`extract_cell`], saying which text it read instead of lending it.
fn read_cell(sheet: &Sheet, row: usize, column: usize, options: &Options) -> (Extraction, ReadFrom) {
    let text = sheet.cell(row, column).as_text();
    let own = if text.is_some() { ReadFrom::Cell } else { ReadFrom::Nothing };
    // The file's own point for the place (Takeout's) is better than what its link says.
    if let Some(point) = sheet.point(row, column) {
        return (Extraction::found(point, Service::GoogleTakeout, Form::SavedPoint, None), own);
    }
    let from_text = || match (text, sheet.cell(row, column)) {
        (Some(text), _) => (extract_with(text, options), ReadFrom::Cell),
        (None, Cell::Empty) => (Extraction::none(Source::Empty), ReadFrom::Nothing),
        (None, _) => (Extraction::none(Source::NoCoordinates), ReadFrom::Nothing),
    };
    match sheet.link_behind(row, column) {
        Some(link) => {
            let behind = extract_with(link, options);
            if behind.is_map_link() || text.is_none() {
                return (behind, ReadFrom::LinkBehind);
            }
            let own = from_text();
            if own.0.is_map_link() {
                own
            } else {
                (behind, ReadFrom::LinkBehind)
            }
        }
        None => from_text(),
    }
}

impl Conversion {
    /// Replaces the outcome of `row` (0-based sheet row) — with a point the resolver found for
    /// its short link, say — and recounts the stats. Returns false when no outcome has that row.
    pub fn apply(&mut self, row: usize, extraction: Extraction) -> bool {
        let Ok(index) = self.outcomes.binary_search_by_key(&row, |o| o.row) else { return false };
        // Recounting every outcome per point would make resolving n links O(n²).
        let before = std::mem::replace(&mut self.outcomes[index].extraction, extraction);
        self.stats.uncount(before.status());
        self.stats.count(extraction.status());
        true
    }

    /// Rows with coordinates whose point repeats an earlier row's exactly (the same place
    /// listed twice, or a link copied down a column).
    pub fn duplicates(&self) -> usize {
        let mut seen = std::collections::HashSet::with_capacity(self.stats.with_coordinates);
        self.outcomes
            .iter()
            .filter_map(|o| o.extraction.coordinate)
            .filter(|c| !seen.insert((c.lat().to_bits(), c.lon().to_bits())))
            .count()
    }
}

/// A row whose link only a resolver can turn into a point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    /// 0-based sheet row.
    pub row: usize,
    /// The service of its short link or place id.
    pub service: Service,
    /// The link to follow, as [`link_to_resolve`](crate::link_to_resolve) gives it.
    pub link: String,
}

impl Conversion {
    /// Every row still holding a short link or a Google place link, with the link a resolver
    /// should follow (the cell's hyperlink or `HYPERLINK()` target when that is what was
    /// read). Place ids of other services are left out: no resolver can find them.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinsheet_core::{convert, read, Service, Target};
    ///
    /// let workbook = read(b"https://maps.app.goo.gl/abc\nhttps://maps.google.com/?q=1,2\n", "a.csv")?;
    /// let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
    /// let pending = conversion.pending_links(&workbook);
    /// assert_eq!(pending.len(), 1);
    /// assert_eq!((pending[0].row, pending[0].service), (0, Service::Google));
    /// assert_eq!(pending[0].link, "https://maps.app.goo.gl/abc");
    /// # Ok::<(), pinsheet_core::ReadError>(())
    /// ```
    pub fn pending_links(&self, workbook: &Workbook) -> Vec<PendingLink> {
        let Some(sheet) = workbook.sheets.get(self.target.sheet) else { return Vec::new() };
        self.outcomes
            .iter()
            .filter_map(|o| {
                let service = crate::extract::resolver_source(o.extraction.source)?;
                let text = o.text(sheet, self.target.column)?;
                Some(PendingLink { row: o.row, service, link: crate::extract::resolvable_link(text)? })
            })
            .collect()
    }
}

impl Stats {
    fn count(&mut self, status: Status) {
        self.tally(status, |n| *n += 1);
    }

    fn uncount(&mut self, status: Status) {
        self.tally(status, |n| *n -= 1);
    }

    /// Applies `step` to every counter a row of this status is counted in.
    fn tally(&mut self, status: Status, step: fn(&mut usize)) {
        step(&mut self.rows);
        match status {
            Status::Ok => step(&mut self.with_coordinates),
            Status::LowConfidence => {
                step(&mut self.with_coordinates);
                step(&mut self.low_confidence);
            }
            Status::NeedsResolver => step(&mut self.needs_resolver),
            Status::NeedsReference => {
                step(&mut self.needs_reference);
                step(&mut self.no_coordinates);
            }
            Status::NoCoordinates => step(&mut self.no_coordinates),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read, Coordinate, Form, Provenance, Service};

    #[test]
    fn applying_a_resolved_point_updates_the_row_and_the_stats() {
        let workbook = read(b"https://maps.app.goo.gl/a\nhello\n", "a.csv").unwrap();
        let mut conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
        assert_eq!(conversion.stats.needs_resolver, 1);
        let point = Extraction {
            coordinate: Coordinate::new(48.8583701, 2.2944813),
            source: Source::Found(Provenance {
                service: Service::Google,
                form: Form::Pin,
                converted_from: None,
            }),
        };
        assert!(conversion.apply(0, point));
        assert!(!conversion.apply(7, point));
        assert_eq!(conversion.stats.needs_resolver, 0);
        assert_eq!(conversion.stats.with_coordinates, 1);
        assert_eq!(conversion.outcomes[0].extraction, point);
        let recounted = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
        assert_eq!(conversion.stats.rows, recounted.stats.rows);
    }

    #[test]
    fn a_long_sheet_shared_between_threads_comes_back_in_row_order() {
        let rows: Vec<Vec<Cell>> = (0..9_001)
            .map(|row| match row % 4 {
                0 => vec![Cell::Text(format!("geo:{}.5,{}", row % 80, row % 170))],
                1 => vec![],
                2 => vec![Cell::Empty, Cell::Number(f64::from(row))],
                _ => vec![Cell::Text(format!("no link {row}"))],
            })
            .collect();
        let workbook = Workbook::new(crate::Format::Csv, vec![Sheet::new("Long", rows)]);
        let target = Target::new(0, 0, true);
        let mut reported = Vec::new();
        let conversion = convert(&workbook, &target, |done, total| reported.push((done, total)));
        let sheet = &workbook.sheets[0];
        let one_by_one: Vec<Outcome> = (1..sheet.rows.len())
            .filter(|&row| !sheet.rows[row].is_empty())
            .map(|row| {
                let (extraction, read_from) = read_cell(sheet, row, 0, &Options::default());
                Outcome { row, extraction, read_from }
            })
            .collect();
        assert_eq!(conversion.outcomes, one_by_one);
        assert_eq!(conversion.stats.rows, 6_750);
        assert_eq!(conversion.stats.with_coordinates, 2_250);
        assert!(reported.windows(2).all(|pair| pair[0].0 < pair[1].0), "{reported:?}");
        assert!(reported[..reported.len() - 1].iter().all(|(done, _)| done % 2000 == 0), "{reported:?}");
        assert_eq!(reported.last(), Some(&(9_001, 9_001)));
    }

    #[test]
    fn duplicates_count_repeats_of_an_earlier_point() {
        let workbook = crate::read_lines("geo:1,2\ngeo:1,2\ngeo:1,3\nhello\ngeo:1,2\ngeo:1,3\n");
        assert_eq!(convert(&workbook, &Target::new(0, 0, false), |_, _| {}).duplicates(), 3);
    }
}
