//! The worker's work as a plain type: a [`Session`] holds the open file and answers each
//! [`Request`] with a [`Response`] through pinsheet-core — no browser calls, so it is tested
//! natively; the glue gives it the clock and carries its progress to the page.

use crate::protocol::{
    ColumnChoice, Contents, Converted, Download, Files, MapPoints, Preview, Request, Resolved, Response,
    ResultRow, RowFilter, RowProgress, SheetSummary, ShortLinkRow, Stage, CHOICE_COLUMNS, MAP_POINTS,
    PREVIEW_COLUMNS, PREVIEW_ROWS, SHOWN_ROWS,
};
use pinsheet_core::{
    column_letter, convert, counted_rows, detect, detect_for_sheet, extract, link_counts, name_column, read,
    read_lines, read_with, write_csv, write_file, write_outputs, write_xlsx, Cell, Conversion, FileKind,
    Format, Input, Job, Outcome, Placement, Sheet, Status, Target, Workbook,
};
use std::fmt::Write as _;

/// Where a session reports how far it is (the glue posts each report to the page).
pub type Progress<'a> = &'a mut dyn FnMut(RowProgress);

/// Most result rows one [`Request::Rows`] is answered with.
const MOST_ROWS: usize = 1000;

/// Most characters of a row's name sent to the page: a table cell and a map tooltip show
/// a line, and a million long names would fill the worker's messages.
const NAME_CHARS: usize = 120;

/// One page's work: the open file (one at a time) and its last conversion.
pub struct Session {
    /// Milliseconds from some fixed start, for the times the page shows.
    clock: Box<dyn Fn() -> f64>,
    open: Option<OpenFile>,
}

/// The open file.
struct OpenFile {
    name: String,
    workbook: Workbook,
    /// The file's bytes, for .xlsx inputs only: "keep formatting" patches them.
    original: Option<Vec<u8>>,
    /// The last job converted, with its conversions, one per link column (the first is the
    /// one shown), kept so resolved short links can be merged into them.
    converted: Option<(Job, Vec<Conversion>)>,
    /// Short links the resolver has turned into points.
    resolved: usize,
    /// The last filter the table asked for and the outcome indices it keeps.
    kept: Option<(RowFilter, Vec<u32>)>,
    /// The column naming the rows of the last conversion's first link column
    /// ([`name_column`]), chosen once per conversion.
    names: Option<usize>,
}

impl Session {
    /// A session with nothing open; `clock` reads milliseconds (`Date.now` in the worker).
    pub fn new(clock: impl Fn() -> f64 + 'static) -> Self {
        Self { clock: Box::new(clock), open: None }
    }

    /// Answers one request. [`Request::Open`] needs its file's bytes here: the glue reads
    /// the page's `File` first.
    pub fn handle(&mut self, request: Request, progress: Progress) -> Response {
        match request {
            Request::Open { name, file: Contents::Bytes(bytes) } => self.open(name, bytes, progress),
            Request::Open { name, file: Contents::Blob(_) } => Response::Failed(format!(
                "{name} was not read before it reached the converter. Reload the page."
            )),
            Request::Paste(text) => self.paste(&text),
            Request::SelectSheet(index) => self.select_sheet(index),
            Request::Convert(job) => match self.convert(job, progress) {
                Response::Failed(message) => Response::NotConverted(message),
                answer => answer,
            },
            Request::ApplyResolved(points) => self.apply_resolved(points, progress),
            Request::UseLink { row, column, link } => self.use_link(row, column, &link, progress),
            Request::Export(kind) => self.export(kind),
            Request::Rows { from, count, filter } => self.rows(from, count, filter),
            Request::Points => self.points(),
            Request::CopyAll => self.copy_all(),
        }
    }

    /// Reads a file (`Progress(Reading)` in bytes of the file as rows arrive) and proposes
    /// what to convert.
    pub fn open(&mut self, name: String, bytes: Vec<u8>, progress: Progress) -> Response {
        let total = bytes.len();
        let read = read_with(&bytes, &name, |at| {
            progress(RowProgress { stage: Stage::Reading, done: at.bytes, total })
        });
        match read {
            Ok(workbook) => {
                let Some(target) = detect(&workbook) else {
                    return Response::Failed(format!("{name} has no cells to convert."));
                };
                let preview = match preview(&name, &workbook, target) {
                    Ok(preview) => preview,
                    Err(error) => return Response::Failed(error),
                };
                let original = (workbook.format == Format::Xlsx).then_some(bytes);
                self.open = Some(OpenFile::new(name, workbook, original));
                Response::Opened(preview)
            }
            Err(error) => Response::Failed(format!("{name}: {error}")),
        }
    }

    /// Opens pasted lines, one cell each.
    pub fn paste(&mut self, text: &str) -> Response {
        let workbook = read_lines(text);
        let Some(target) = detect(&workbook) else {
            return Response::Failed(
                "There is nothing to convert: paste one link or coordinate per line.".into(),
            );
        };
        let name = "pasted.txt".to_string();
        match preview(&name, &workbook, target) {
            Ok(preview) => {
                self.open = Some(OpenFile::new(name, workbook, None));
                Response::Opened(preview)
            }
            Err(error) => Response::Failed(error),
        }
    }

    /// Proposes what to convert in another sheet of the open file.
    pub fn select_sheet(&mut self, index: usize) -> Response {
        with_open(&mut self.open, |file| {
            let sheet = file.workbook.sheets.get(index).ok_or("That sheet is not in the file.")?;
            preview(&file.name, &file.workbook, detect_for_sheet(sheet, index)).map(Response::Opened)
        })
    }

    /// Converts the open file's link columns and writes the files (`Progress(Converting)`,
    /// then `Progress(Writing)`).
    pub fn convert(&mut self, job: Job, progress: Progress) -> Response {
        let clock = &self.clock;
        with_open(&mut self.open, |file| {
            job.check(&file.workbook).map_err(|e| e.to_string())?;
            let started = clock();
            let conversions = job.convert(&file.workbook, |done, total| {
                progress(RowProgress { stage: Stage::Converting, done, total })
            });
            let extract_ms = clock() - started;
            file.resolved = 0;
            file.kept = None;
            file.names = conversions.first().and_then(|c| {
                file.workbook.sheets.get(c.target.sheet).and_then(|sheet| name_column(sheet, &c.target))
            });
            let written = file.write(&job, &conversions, progress);
            let converted = file.converted(&conversions, clock() - started, extract_ms, false);
            file.converted = Some((job, conversions));
            Ok(Response::Converted(Box::new(converted?), written?))
        })
    }

    /// Merges the resolver's answers into the last conversion and writes the files again.
    pub fn apply_resolved(&mut self, points: Vec<Resolved>, progress: Progress) -> Response {
        let clock = &self.clock;
        with_open(&mut self.open, |file| {
            // Taken out while the file is borrowed whole for writing, then put back.
            let (job, mut conversions) = file.converted.take().ok_or("Convert the file first.")?;
            let started = clock();
            for Resolved { row, column, extraction } in points {
                let found = conversions.iter_mut().enumerate().find(|(_, c)| c.target.column == column);
                if let Some((k, conversion)) = found {
                    let applied = conversion.apply(row, extraction);
                    // The cards count the first link column, as every other card does; a
                    // link found dead is answered, not resolved.
                    if k == 0 && extraction.coordinate.is_some() {
                        file.resolved += usize::from(applied);
                    }
                }
            }
            file.kept = None;
            let written = file.write(&job, &conversions, progress);
            let converted = file.converted(&conversions, clock() - started, 0.0, true);
            file.converted = Some((job, conversions));
            Ok(Response::Converted(Box::new(converted?), written?))
        })
    }

    /// Merges the point of a full link the person pasted for one row (its short link opened
    /// in a tab), as a resolver's answer; a text without a point changes nothing.
    pub fn use_link(&mut self, row: usize, column: usize, link: &str, progress: Progress) -> Response {
        let extraction = extract(link.trim());
        if extraction.coordinate.is_none() {
            // What it is, when it is something ("Google Maps link without coordinates").
            let what = match extraction.source {
                pinsheet_core::Source::NoCoordinates => String::new(),
                _ => format!(" ({})", extraction.describe()),
            };
            let message = format!(
                "No coordinates in what was pasted{what}. Paste the address the short link opened \
                 to: a full map link shows the point, e.g. …/@47.6097,-122.3422,17z."
            );
            return Response::LinkRefused { row, message };
        }
        self.apply_resolved(vec![Resolved { row, column, extraction }], progress)
    }

    /// The converted sheet as CSV, or its points as GeoJSON, KML or GPX.
    pub fn export(&mut self, kind: FileKind) -> Response {
        with_open(&mut self.open, |file| {
            let (job, conversions) = file.converted.as_ref().ok_or("Convert the file first.")?;
            let written =
                write_file(&file.input(), conversions, &job.output, kind).map_err(|e| e.to_string())?;
            Ok(Response::Exported(Download::from(written)))
        })
    }

    /// Result rows `from..from + count` (at most 1,000) among those `filter` keeps, with how
    /// many it keeps.
    pub fn rows(&mut self, from: usize, count: usize, filter: RowFilter) -> Response {
        with_open(&mut self.open, |file| {
            let (_, conversions) = file.converted.as_ref().ok_or("Convert the file first.")?;
            let conversion = conversions.first().ok_or("Convert the file first.")?;
            let sheet =
                file.workbook.sheets.get(conversion.target.sheet).ok_or("That sheet is not in the file.")?;
            let count = count.min(MOST_ROWS);
            let outcomes = &conversion.outcomes;
            let names = file.names;
            let row = |index: usize| result_row(sheet, index, &outcomes[index], conversion.target, names);
            if filter.is_all() {
                let end = from.saturating_add(count).min(outcomes.len());
                let rows = (from.min(end)..end).map(row).collect();
                return Ok(Response::Rows { from, rows, matching: outcomes.len(), filter });
            }
            if file.kept.as_ref().is_none_or(|(kept_for, _)| *kept_for != filter) {
                file.kept = Some((filter.clone(), kept(sheet, conversion, &filter, names)));
            }
            let kept = file.kept.as_ref().map_or(&[][..], |(_, kept)| kept.as_slice());
            let end = from.saturating_add(count).min(kept.len());
            let rows = kept[from.min(end)..end].iter().map(|&index| row(index as usize)).collect();
            Ok(Response::Rows { from, rows, matching: kept.len(), filter })
        })
    }

    /// The first link column's points for the map (at most [`MAP_POINTS`]).
    pub fn points(&mut self) -> Response {
        with_open(&mut self.open, |file| {
            let conversion = file.first().ok_or("Convert the file first.")?;
            let sheet = file.workbook.sheets.get(conversion.target.sheet);
            let mut points = MapPoints { total: conversion.stats.with_coordinates, ..MapPoints::default() };
            for (index, outcome) in conversion.outcomes.iter().enumerate() {
                let Some(point) = outcome.extraction.coordinate else { continue };
                if points.lat.len() == MAP_POINTS {
                    break;
                }
                points.lat.push(point.lat());
                points.lon.push(point.lon());
                points.low.push(outcome.extraction.status() == Status::LowConfidence);
                // Outcomes are sheet rows, at most 1,048,576 in an .xlsx; a CSV with more
                // than 4 billion rows does not fit a browser's memory anyway.
                points.index.push(u32::try_from(index).unwrap_or(u32::MAX));
                points.row.push(u32::try_from(outcome.row + 1).unwrap_or(u32::MAX));
                points
                    .name
                    .push(sheet.map(|sheet| row_name(sheet, outcome.row, file.names)).unwrap_or_default());
            }
            Ok(Response::Points(points))
        })
    }

    /// `lat<TAB>lon` for every row of the first link column, one line each (empty where a
    /// row has none).
    pub fn copy_all(&mut self) -> Response {
        with_open(&mut self.open, |file| {
            let conversion = file.first().ok_or("Convert the file first.")?;
            let mut text = String::with_capacity(conversion.outcomes.len() * 24);
            for outcome in &conversion.outcomes {
                if let Some(point) = outcome.extraction.coordinate {
                    // Writing to a String cannot fail.
                    let _ = write!(text, "{}\t{}", point.lat(), point.lon());
                }
                text.push('\n');
            }
            Ok(Response::Copied(text))
        })
    }
}

/// `f`'s answer on the open file, or why there is none.
fn with_open(
    open: &mut Option<OpenFile>,
    f: impl FnOnce(&mut OpenFile) -> Result<Response, String>,
) -> Response {
    match open {
        Some(file) => f(file).unwrap_or_else(Response::Failed),
        None => Response::Failed("Choose a file first.".to_string()),
    }
}

impl OpenFile {
    fn new(name: String, workbook: Workbook, original: Option<Vec<u8>>) -> OpenFile {
        OpenFile { name, workbook, original, converted: None, resolved: 0, kept: None, names: None }
    }

    fn input(&self) -> Input<'_> {
        Input { name: &self.name, workbook: &self.workbook, original: self.original.as_deref() }
    }

    /// The first link column's conversion, once converted.
    fn first(&self) -> Option<&Conversion> {
        self.converted.as_ref().and_then(|(_, conversions)| conversions.first())
    }

    /// The files, as core's job writes them (its names, its patch → rewrite fallback, its
    /// CSV rule).
    fn write(&self, job: &Job, conversions: &[Conversion], progress: Progress) -> Result<Files, String> {
        let writing = |done, total| progress(RowProgress { stage: Stage::Writing, done, total });
        let outputs =
            write_outputs(&self.input(), conversions, &job.output, writing).map_err(|e| e.to_string())?;
        let (xlsx, xlsx_error, xlsx_note) = match outputs.workbook {
            Ok(written) => (Some(Download::from(written.file)), None, written.note),
            Err(error) => (None, Some(error.to_string()), None),
        };
        let csv_note = outputs.csv.as_ref().and_then(|file| file.note.clone());
        Ok(Files { xlsx, xlsx_error, xlsx_note, csv: outputs.csv.map(Download::from), csv_note })
    }

    /// What the page shows of a conversion.
    fn converted(
        &self,
        conversions: &[Conversion],
        elapsed_ms: f64,
        extract_ms: f64,
        after_resolving: bool,
    ) -> Result<Converted, String> {
        let conversion = conversions.first().ok_or("Nothing was converted.")?;
        let target = conversion.target;
        let sheet = self.workbook.sheets.get(target.sheet).ok_or("That sheet is not in the file.")?;
        let rows = conversion
            .outcomes
            .iter()
            .take(SHOWN_ROWS)
            .enumerate()
            .map(|(index, outcome)| result_row(sheet, index, outcome, target, self.names))
            .collect();
        Ok(Converted {
            stats: conversion.stats,
            more_stats: conversions
                .iter()
                .skip(1)
                .map(|c| (column_letter(c.target.column), c.stats))
                .collect(),
            rows,
            elapsed_ms,
            extract_ms,
            short_links: conversions
                .iter()
                .flat_map(|c| {
                    let column = c.target.column;
                    c.pending_links(&self.workbook).into_iter().map(move |p| ShortLinkRow {
                        row: p.row,
                        column,
                        link: p.link,
                        service: p.service,
                    })
                })
                .collect(),
            after_resolving,
            name_column: self.names.map(|column| column_heading(sheet, target, column)),
            duplicates: conversion.duplicates(),
            resolved: self.resolved,
        })
    }
}

/// Runs the whole pipeline once on a small made-up workbook before saying Ready. The browser
/// first runs wasm through a quick baseline compiler and optimises functions only once they
/// are hot; this makes them hot while the person is still choosing a file, so the first real
/// conversion runs at full speed (BENCHMARKS.md). Nothing of it is kept.
pub fn warm_up() {
    // Enough calls for the browser to optimise the hot functions; ≈ 100 ms once, at load.
    const WARM_UP_ROWS: i32 = 2000;
    let links = [
        "https://www.google.com/maps/place/X/@41.40,2.17,17z/data=!3m1!4b1!4m6!3m5!1s0x1:0x2!8m2!3d41.4036299!4d2.1743558",
        "https://maps.google.com/?q=51.5007,-0.1246",
        "https://www.google.com/maps/search/?api=1&query=47.6097%2C-122.3422",
        "https://maps.app.goo.gl/abc",
        "https://www.google.com/maps/@-33.8567844,151.213108,17z",
        "https://yandex.ru/maps/?pt=30.335429,59.944869&z=18",
        "https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246",
        "geo:13.4125,103.8667",
        "41°24'12.2\"N 2°10'26.5\"E",
        "41.40338, 2.17403",
        "not a link",
    ];
    let mut rows = vec![vec![Cell::Text("Name".into()), Cell::Text("Link".into())]];
    rows.extend(
        (0..WARM_UP_ROWS)
            .map(|i| vec![Cell::Number(f64::from(i)), Cell::Text(links[i as usize % links.len()].into())]),
    );
    let workbook = Workbook::new(Format::Xlsx, vec![Sheet::new("Warm-up", rows)]);
    let Some(target) = detect(&workbook) else { return };
    let conversion = convert(&workbook, &target, |_, _| {});
    let Ok(xlsx) = write_xlsx(&workbook, &conversion, Placement::AfterLink) else { return };
    if let Ok(again) = read(&xlsx, "warm-up.xlsx") {
        let _ = write_csv(&again, &convert(&again, &target, |_, _| {}), Placement::AfterLink);
    }
}

fn preview(name: &str, workbook: &Workbook, target: Target) -> Result<Preview, String> {
    let sheet = workbook.sheets.get(target.sheet).ok_or("That sheet is not in the file.")?;
    let header = target.header.then(|| sheet.rows.first()).flatten();
    let columns = link_counts(sheet)
        .into_iter()
        .enumerate()
        // The first columns, the detected one, and further columns with links — all capped,
        // so a row of 200,000 links does not become 200,000 options.
        .scan(0usize, |with_links, (column, links)| {
            *with_links += usize::from(links > 0);
            Some((column, links, *with_links))
        })
        .filter(|&(column, links, with_links)| {
            column < CHOICE_COLUMNS || column == target.column || (links > 0 && with_links <= CHOICE_COLUMNS)
        })
        .map(|(column, links, _)| (column, links))
        .map(|(column, links)| ColumnChoice {
            column,
            letter: column_letter(column),
            header: header
                .and_then(|row| row.get(column))
                .map(|cell| cell.display())
                .filter(|h| !h.is_empty()),
            links,
        })
        .collect();
    // An uncached HYPERLINK() or a hyperlink on an empty cell shows its link, as a
    // spreadsheet program would show something there, rather than a blank.
    let head = (0..sheet.rows.len().min(PREVIEW_ROWS))
        .map(|row| {
            (0..sheet.shown_width(row).min(PREVIEW_COLUMNS)).map(|column| sheet.shown(row, column)).collect()
        })
        .collect();
    Ok(Preview {
        file_name: name.to_string(),
        sheets: workbook
            .sheets
            .iter()
            .map(|s| SheetSummary { name: s.name.clone(), rows: s.rows.len() })
            .collect(),
        target,
        columns,
        head,
        counted_rows: counted_rows(sheet),
        // GeoJSON comes back as CSV too: like CSV, it is text that no .xlsx patch can keep.
        is_csv: workbook.format.is_text(),
        is_xlsx: workbook.format == Format::Xlsx,
    })
}

/// The outcome indices a filter keeps. The query is matched against the link cell's text
/// and the link behind it, the row's name, the source words and the row number, ignoring case.
fn kept(sheet: &Sheet, conversion: &Conversion, filter: &RowFilter, names: Option<usize>) -> Vec<u32> {
    let query = filter.query.trim().to_lowercase();
    let column = conversion.target.column;
    let contains = |text: &str| text.to_lowercase().contains(&query);
    (0u32..)
        .zip(&conversion.outcomes)
        .filter(|(_, outcome)| !filter.problems_only || outcome.extraction.status() != Status::Ok)
        .filter(|(_, outcome)| {
            query.is_empty()
                || contains(&sheet.cell(outcome.row, column).display())
                || sheet.link_behind(outcome.row, column).is_some_and(contains)
                || contains(&outcome.extraction.describe())
                || names.is_some_and(|column| contains(&sheet.cell(outcome.row, column).display()))
                || (outcome.row + 1).to_string() == query
        })
        .map(|(index, _)| index)
        .collect()
}

fn result_row(
    sheet: &Sheet,
    index: usize,
    outcome: &Outcome,
    target: Target,
    names: Option<usize>,
) -> ResultRow {
    ResultRow {
        index,
        row: outcome.row + 1,
        // The text the result came from: the link behind the cell when that was used.
        link: outcome
            .text(sheet, target.column)
            .map_or_else(|| sheet.cell(outcome.row, target.column).display(), str::to_string),
        lat: outcome.extraction.coordinate.map(|c| c.lat()),
        lon: outcome.extraction.coordinate.map(|c| c.lon()),
        name: row_name(sheet, outcome.row, names),
        words: outcome.extraction.describe().into_owned(),
        source: outcome.extraction.source,
        status: outcome.extraction.status(),
    }
}

/// A row's name (0-based `row`): its cell in the name column, cut to [`NAME_CHARS`]
/// characters; empty without a name column.
fn row_name(sheet: &Sheet, row: usize, names: Option<usize>) -> String {
    let Some(column) = names else { return String::new() };
    let name = sheet.cell(row, column).display();
    match name.char_indices().nth(NAME_CHARS) {
        Some((end, _)) => format!("{}…", name[..end].trim_end()),
        None => name,
    }
}

/// What the page calls the name column: its header's text, else its letters.
fn column_heading(sheet: &Sheet, target: Target, column: usize) -> String {
    let header = target.header.then(|| sheet.cell(0, column).display()).filter(|h| !h.trim().is_empty());
    header.unwrap_or_else(|| column_letter(column))
}

#[cfg(test)]
mod tests;
