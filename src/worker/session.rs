//! The worker's work: each request through pinsheet-core, with the open file kept between them.

use super::glue::post;
use crate::protocol::{
    ColumnChoice, Converted, Download, MapPoints, Preview, Request, Resolved, Response, ResultRow, RowFilter,
    RowProgress, SheetSummary, ShortLinkRow, Stage, CHOICE_COLUMNS, MAP_POINTS, PREVIEW_COLUMNS,
    PREVIEW_ROWS, SHOWN_ROWS,
};
use pinsheet_core::{
    column_letter, convert, detect, detect_for_sheet, link_counts, read, read_lines, read_with, write_csv,
    write_file, write_outputs, write_xlsx, Cell, Conversion, Format, Input, Job, Outcome, Placement, Sheet,
    Status, Target, Workbook,
};
use std::cell::RefCell;
use std::fmt::Write as _;

/// The open file; a worker serves one page, so one at a time.
struct OpenFile {
    name: String,
    workbook: Workbook,
    /// The file's bytes, for .xlsx inputs only: "keep formatting" patches them.
    original: Option<Vec<u8>>,
    /// The last job converted.
    job: Option<Job>,
    /// The last conversion, one per link column (the first is the one shown), kept so
    /// resolved short links can be merged into it. Empty before the first.
    conversions: Vec<Conversion>,
    /// Short links the resolver has turned into points.
    resolved: usize,
    /// The last filter the table asked for and the outcome indices it keeps.
    kept: Option<(RowFilter, Vec<u32>)>,
}

thread_local! {
    static OPEN: RefCell<Option<OpenFile>> = const { RefCell::new(None) };
}

/// Runs the whole pipeline once on a small made-up workbook before saying Ready. The browser
/// first runs wasm through a quick baseline compiler and optimises functions only once they
/// are hot; this makes them hot while the person is still choosing a file, so the first real
/// conversion runs at full speed (BENCHMARKS.md). Nothing of it is kept.
pub(super) fn warm_up() {
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
    let workbook = Workbook { format: Format::Xlsx, sheets: vec![Sheet::new("Warm-up", rows)] };
    let Some(target) = detect(&workbook) else { return };
    let conversion = convert(&workbook, &target, |_, _| {});
    let Ok(xlsx) = write_xlsx(&workbook, &conversion, Placement::AfterLink) else { return };
    if let Ok(again) = read(&xlsx, "warm-up.xlsx") {
        let _ = write_csv(&again, &convert(&again, &target, |_, _| {}), Placement::AfterLink);
    }
}

pub(super) fn handle(request: Request) -> Response {
    match request {
        Request::Open { name, bytes } => match read_with(&bytes, &name, |done| {
            post(&Response::Progress(RowProgress { stage: Stage::Reading, done, total: 0 }))
        }) {
            Ok(workbook) => {
                let Some(target) = detect(&workbook) else {
                    return Response::Failed(format!("{name} has no cells to convert."));
                };
                let preview = preview(&name, &workbook, target);
                let original = (workbook.format == Format::Xlsx).then(|| bytes.into_vec());
                OPEN.with_borrow_mut(|open| *open = Some(OpenFile::new(name, workbook, original)));
                Response::Opened(preview)
            }
            Err(error) => Response::Failed(format!("{name}: {error}")),
        },
        Request::Paste(text) => {
            let workbook = read_lines(&text);
            let Some(target) = detect(&workbook) else {
                return Response::Failed(
                    "There is nothing to convert: paste one link or coordinate per line.".into(),
                );
            };
            let name = "pasted.txt".to_string();
            let preview = preview(&name, &workbook, target);
            OPEN.with_borrow_mut(|open| *open = Some(OpenFile::new(name, workbook, None)));
            Response::Opened(preview)
        }
        Request::SelectSheet(index) => with_open(|file| {
            let sheet = file.workbook.sheets.get(index).ok_or("That sheet is not in the file.")?;
            Ok(Response::Opened(preview(&file.name, &file.workbook, detect_for_sheet(sheet, index))))
        }),
        Request::Convert(job) => with_open(|file| {
            job.check(&file.workbook).map_err(|e| e.to_string())?;
            let started = js_sys::Date::now();
            let conversions = job.convert(&file.workbook, |done, total| {
                post(&Response::Progress(RowProgress { stage: Stage::Converting, done, total }))
            });
            let extract_ms = js_sys::Date::now() - started;
            file.resolved = 0;
            file.kept = None;
            file.job = Some(job);
            let response = converted(file, &conversions, started, extract_ms, false);
            file.conversions = conversions;
            response
        }),
        Request::Export(kind) => with_open(|file| {
            let job = file
                .job
                .as_ref()
                .filter(|_| !file.conversions.is_empty())
                .ok_or("Convert the file first.")?;
            let input =
                Input { name: &file.name, workbook: &file.workbook, original: file.original.as_deref() };
            let written =
                write_file(&input, &file.conversions, &job.output, kind).map_err(|e| e.to_string())?;
            Ok(Response::Exported(Download::from(written)))
        }),
        Request::Rows { from, count, filter } => with_open(|file| {
            let conversion = file.conversions.first().ok_or("Convert the file first.")?;
            let sheet = &file.workbook.sheets[conversion.target.sheet];
            let count = count.min(1000);
            let outcomes = &conversion.outcomes;
            let row = |index: usize| result_row(sheet, index, &outcomes[index], conversion.target);
            if filter.is_all() {
                let end = from.saturating_add(count).min(outcomes.len());
                let rows = (from.min(end)..end).map(row).collect();
                return Ok(Response::Rows { from, rows, matching: outcomes.len(), filter });
            }
            if file.kept.as_ref().is_none_or(|(kept_for, _)| *kept_for != filter) {
                file.kept = Some((filter.clone(), kept(sheet, conversion, &filter)));
            }
            let kept = file.kept.as_ref().map_or(&[][..], |(_, kept)| kept.as_slice());
            let end = from.saturating_add(count).min(kept.len());
            let rows = kept[from.min(end)..end].iter().map(|&index| row(index as usize)).collect();
            Ok(Response::Rows { from, rows, matching: kept.len(), filter })
        }),
        Request::Points => with_open(|file| {
            let conversion = file.conversions.first().ok_or("Convert the file first.")?;
            let mut points = MapPoints { total: conversion.stats.with_coordinates, ..MapPoints::default() };
            for (index, outcome) in conversion.outcomes.iter().enumerate() {
                let Some(point) = outcome.extraction.coordinate else { continue };
                if points.lat.len() == MAP_POINTS {
                    break;
                }
                points.lat.push(point.lat);
                points.lon.push(point.lon);
                points.low.push(outcome.extraction.status() == Status::LowConfidence);
                // Outcomes are sheet rows, at most 1,048,576 in an .xlsx; a CSV with more
                // than 4 billion rows does not fit a browser's memory anyway.
                points.index.push(u32::try_from(index).unwrap_or(u32::MAX));
            }
            Ok(Response::Points(points))
        }),
        Request::CopyAll => with_open(|file| {
            let conversion = file.conversions.first().ok_or("Convert the file first.")?;
            let mut text = String::with_capacity(conversion.outcomes.len() * 24);
            for outcome in &conversion.outcomes {
                if let Some(point) = outcome.extraction.coordinate {
                    // Writing to a String cannot fail.
                    let _ = write!(text, "{}\t{}", point.lat, point.lon);
                }
                text.push('\n');
            }
            Ok(Response::Copied(text))
        }),
        Request::ApplyResolved(points) => with_open(|file| {
            // Taken out while the file is borrowed whole for writing, then put back.
            let mut conversions = std::mem::take(&mut file.conversions);
            if conversions.is_empty() {
                return Err("Convert the file first.".to_string());
            }
            let started = js_sys::Date::now();
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
            let response = converted(file, &conversions, started, 0.0, true);
            file.conversions = conversions;
            response
        }),
    }
}

fn with_open(f: impl FnOnce(&mut OpenFile) -> Result<Response, String>) -> Response {
    OPEN.with_borrow_mut(|open| match open {
        Some(file) => f(file).unwrap_or_else(Response::Failed),
        None => Response::Failed("Choose a file first.".to_string()),
    })
}

fn preview(name: &str, workbook: &Workbook, target: Target) -> Preview {
    let sheet = &workbook.sheets[target.sheet];
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
    let head = sheet
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|row| row.iter().take(PREVIEW_COLUMNS).map(|cell| cell.display()).collect())
        .collect();
    Preview {
        file_name: name.to_string(),
        sheets: workbook
            .sheets
            .iter()
            .map(|s| SheetSummary { name: s.name.clone(), rows: s.rows.len() })
            .collect(),
        target,
        columns,
        head,
        // GeoJSON comes back as CSV too: like CSV, it is text that no .xlsx patch can keep.
        is_csv: workbook.format.is_text(),
        is_xlsx: workbook.format == Format::Xlsx,
    }
}

fn converted(
    file: &OpenFile,
    conversions: &[Conversion],
    started: f64,
    extract_ms: f64,
    after_resolving: bool,
) -> Result<Response, String> {
    let workbook = &file.workbook;
    let conversion = conversions.first().ok_or("Nothing was converted.")?;
    let job = file.job.as_ref().ok_or("Convert the file first.")?;
    let target = conversion.target;
    let input = Input { name: &file.name, workbook, original: file.original.as_deref() };
    let writing = |done, total| post(&Response::Progress(RowProgress { stage: Stage::Writing, done, total }));
    let outputs = write_outputs(&input, conversions, &job.output, writing).map_err(|e| e.to_string())?;
    let (xlsx, xlsx_error, xlsx_note) = match outputs.workbook {
        Ok(written) => (Some(Download::from(written.file)), None, written.note),
        Err(error) => (None, Some(error.to_string()), None),
    };
    let csv = outputs.csv.map(Download::from);
    let sheet = &workbook.sheets[target.sheet];
    let rows = conversion
        .outcomes
        .iter()
        .take(SHOWN_ROWS)
        .enumerate()
        .map(|(index, outcome)| result_row(sheet, index, outcome, target))
        .collect();
    Ok(Response::Converted(Box::new(Converted {
        stats: conversion.stats,
        more_stats: conversions.iter().skip(1).map(|c| (column_letter(c.target.column), c.stats)).collect(),
        rows,
        xlsx,
        xlsx_error,
        xlsx_note,
        csv,
        elapsed_ms: js_sys::Date::now() - started,
        extract_ms,
        short_links: conversions
            .iter()
            .flat_map(|c| {
                let column = c.target.column;
                c.pending_links(&file.workbook).into_iter().map(move |p| ShortLinkRow {
                    row: p.row,
                    column,
                    link: p.link,
                    service: p.service,
                })
            })
            .collect(),
        after_resolving,
        duplicates: conversion.duplicates(),
        resolved: file.resolved,
    })))
}

impl OpenFile {
    fn new(name: String, workbook: Workbook, original: Option<Vec<u8>>) -> OpenFile {
        OpenFile { name, workbook, original, job: None, conversions: Vec::new(), resolved: 0, kept: None }
    }
}

/// The outcome indices a filter keeps. The query is matched against the link cell's text
/// and the link behind it, the source words and the row number, ignoring case.
fn kept(sheet: &Sheet, conversion: &Conversion, filter: &RowFilter) -> Vec<u32> {
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
                || (outcome.row + 1).to_string() == query
        })
        .map(|(index, _)| index)
        .collect()
}

fn result_row(sheet: &Sheet, index: usize, outcome: &Outcome, target: Target) -> ResultRow {
    ResultRow {
        index,
        row: outcome.row + 1,
        // The text the result came from: the link behind the cell when that was used.
        link: outcome
            .text(sheet, target.column)
            .map_or_else(|| sheet.cell(outcome.row, target.column).display(), str::to_string),
        lat: outcome.extraction.coordinate.map(|c| c.lat),
        lon: outcome.extraction.coordinate.map(|c| c.lon),
        words: outcome.extraction.describe().into_owned(),
        source: outcome.extraction.source,
        status: outcome.extraction.status(),
    }
}
