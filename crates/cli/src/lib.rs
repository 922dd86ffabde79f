//! The CLI's jobs as a library: `convert` (a workbook in, the workbook with coordinates out)
//! and `extract_lines` (texts in, one answer each), with resolving. The `pinsheet` binary
//! (main.rs) and the Python package (crates/python) both call these, so both give the same
//! answers and the same messages.

pub mod progress;
pub mod resolve;

use pinsheet_core::{
    column_letter, detect, detect_for_sheet, extract_with, link_to_resolve, parse_column_letter, read_with,
    write_file, write_workbook, Cell, Confidence, Conversion, Coordinate, Extraction, FileKind, Format,
    Input, Job, JobError, Options, Output, Placement, Source, Stats, Status, Target, Workbook,
};
use progress::Stage;
use std::path::{Path, PathBuf};

pub use pinsheet_follow::Resolution;

/// What the person chose; None is "detect it".
pub struct Choice<'a> {
    /// The sheet, by name.
    pub sheet: Option<&'a str>,
    /// The link columns, as letters or header text; the first is the main one.
    pub columns: &'a [String],
    /// A point near the places, for short plus codes.
    pub near: Option<Coordinate>,
    /// Where the new columns go.
    pub placement: Placement,
    /// Whether row 1 holds column names.
    pub header: Option<bool>,
    /// Splice the new columns into the original .xlsx/.xlsm.
    pub keep_formatting: bool,
    /// Resolve short links and place links, and how.
    pub resolving: Option<resolve::Options>,
    /// Progress on stderr (bars on a terminal, a line per long stage otherwise).
    pub progress: bool,
}

/// What a conversion did, for the person to read.
#[derive(Debug)]
pub struct Report {
    /// The file written.
    pub output: PathBuf,
    /// The sheet converted.
    pub sheet: String,
    /// The link columns, as letters.
    pub columns: Vec<String>,
    /// Each link column's counts, in the order of `columns`.
    pub stats: Vec<Stats>,
    /// What the writer had to do differently (a .xlsm written as .xlsx, formatting not kept…).
    pub note: Option<String>,
    /// "12 links resolved (3 from the cache): …", when resolving was asked for.
    pub resolved: Option<String>,
}

impl Report {
    /// The lines the CLI prints when it is done.
    pub fn lines(&self, input: &Path) -> Vec<String> {
        let label = if self.columns.len() > 1 { "columns" } else { "column" };
        let mut lines = vec![format!(
            "{}: sheet '{}', {label} {} → {}",
            input.display(),
            self.sheet,
            self.columns.join(", "),
            self.output.display()
        )];
        for (letter, stats) in self.columns.iter().zip(&self.stats) {
            let prefix = if self.columns.len() > 1 { format!("{letter}: ") } else { String::new() };
            lines.push(format!("{prefix}{}", summary(stats)));
        }
        lines
    }
}

/// `lat,lng` in decimal degrees.
///
/// # Errors
///
/// A message saying what is wrong with the text.
pub fn parse_near(text: &str) -> Result<Coordinate, String> {
    let (lat, lon) = text.split_once(',').ok_or("give the point as lat,lng (decimal degrees)")?;
    let number = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("'{}' is not a number", s.trim()));
    Coordinate::new(number(lat)?, number(lon)?)
        .ok_or_else(|| "latitude must be -90…90, longitude -180…180".into())
}

/// Converts `input` into `output` (default: beside the input, named by the writer): `.csv`,
/// `.geojson`, `.kml` or `.gpx` by the output's extension, anything else .xlsx.
///
/// # Errors
///
/// A message in a person's words, naming the file: unreadable, no such sheet or column,
/// formatting that cannot be kept, a resolver that cannot be reached, a file not written.
pub fn convert(input: &Path, output: Option<&Path>, choice: &Choice<'_>) -> Result<Report, Failure> {
    let bytes = std::fs::read(input).map_err(|e| Failure::Read(format!("{}: {e}", input.display())))?;
    let name = input.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let reading = Stage::new("reading", None, "rows", choice.progress);
    // The bar counts rows, which a person knows their sheet by; the total is not known yet.
    let workbook = read_with(&bytes, &name, |at| reading.set(at.rows as u64, 0))
        .map_err(|e| Failure::Read(format!("{}: {e}", input.display())))?;
    reading.set(workbook.sheets.iter().map(|s| s.rows.len() as u64).sum(), 0);
    reading.finish();
    let mut job = Job::new(
        target(&workbook, choice.sheet, choice.columns.first().map(String::as_str))
            .map_err(Failure::Choice)?,
    );
    if let Some(header) = choice.header {
        job.target.header = header;
    }
    for column in choice.columns.iter().skip(1) {
        job.also.push(find_column(&workbook, &job.target, column).map_err(Failure::Choice)?);
    }
    job.options = Options { near: choice.near };
    job.output = Output { placement: choice.placement, keep_formatting: choice.keep_formatting };
    job.check(&workbook).map_err(|e| match e {
        JobError::KeepFormattingNeedsXlsx => Failure::KeepFormattingNeedsXlsx(input.to_path_buf()),
        e => Failure::Choice(format!("{}: {e}", input.display())),
    })?;
    let converting = Stage::new("converting", None, "rows", choice.progress);
    let mut conversions = job.convert(&workbook, |done, total| converting.set(done as u64, total as u64));
    converting.finish();
    let resolved = match &choice.resolving {
        Some(options) => Some(resolve_rows(&workbook, &mut conversions, options).map_err(Failure::Resolve)?),
        None => None,
    };
    let original = (workbook.format == Format::Xlsx).then_some(bytes.as_slice());
    let source = Input { name: &name, workbook: &workbook, original };
    let kind = output
        .and_then(Path::extension)
        .map_or(FileKind::Xlsx, |e| FileKind::for_extension(&e.to_string_lossy()));
    let (file, note) = if kind == FileKind::Xlsx {
        let writing = Stage::new("writing", None, "rows", choice.progress);
        let written = write_workbook(&source, &conversions, &job.output, |done, total| {
            writing.set(done as u64, total as u64)
        })
        .map_err(|e| Failure::Write(e.to_string()))?;
        writing.finish();
        (written.file, written.note)
    } else {
        let file = write_file(&source, &conversions, &job.output, kind)
            .map_err(|e| Failure::Write(e.to_string()))?;
        let note = file.note.clone();
        (file, note)
    };
    let output = output.map_or_else(|| input.with_file_name(&file.name), Path::to_path_buf);
    std::fs::write(&output, &file.bytes).map_err(|e| Failure::Write(format!("{}: {e}", output.display())))?;
    let sheet = workbook.sheets.get(job.target.sheet).map(|s| s.name.clone()).unwrap_or_default();
    Ok(Report {
        output,
        sheet,
        columns: conversions.iter().map(|c| column_letter(c.target.column)).collect(),
        stats: conversions.into_iter().map(|c| c.stats).collect(),
        note,
        resolved: resolved.map(|r| r.summary()),
    })
}

/// Why a conversion stopped, in a person's words; the kind lets each front end pick its own
/// error (the Python package raises `ReadError` for `Read`, `ValueError` for `Choice`).
#[derive(Debug)]
pub enum Failure {
    /// The input could not be read: missing, not a spreadsheet, damaged, hostile.
    Read(String),
    /// What was asked for is not in the file: no such sheet or column, no cells at all.
    Choice(String),
    /// Keeping the formatting was asked for a file that is not .xlsx/.xlsm; each front end
    /// names its own option for it.
    KeepFormattingNeedsXlsx(PathBuf),
    /// Resolving failed: the cache file, or a resolver that cannot be reached.
    Resolve(String),
    /// The output could not be made or saved.
    Write(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Read(m) | Failure::Choice(m) | Failure::Resolve(m) | Failure::Write(m) => f.write_str(m),
            Failure::KeepFormattingNeedsXlsx(path) => {
                write!(f, "{}: keeping the formatting works on .xlsx and .xlsm files only", path.display())
            }
        }
    }
}

/// The sheet and column the person named, else the detected ones.
fn target(workbook: &Workbook, sheet: Option<&str>, column: Option<&str>) -> Result<Target, String> {
    let mut target = match sheet {
        Some(name) => {
            let index = workbook.sheets.iter().position(|s| s.name == name).ok_or_else(|| {
                let names: Vec<_> = workbook.sheets.iter().map(|s| format!("'{}'", s.name)).collect();
                format!("there is no sheet '{name}'; the sheets are {}", names.join(", "))
            })?;
            detect_for_sheet(&workbook.sheets[index], index)
        }
        None => detect(workbook).ok_or("the file has no cells to convert")?,
    };
    if let Some(column) = column {
        target.column = find_column(workbook, &target, column)?;
    }
    Ok(target)
}

/// A header cell equal to `name` (ignoring case), else column letters.
fn find_column(workbook: &Workbook, target: &Target, name: &str) -> Result<usize, String> {
    let header =
        workbook.sheets.get(target.sheet).and_then(|s| s.rows.first()).map_or(&[][..], Vec::as_slice);
    let by_header = header
        .iter()
        .position(|cell| matches!(cell, Cell::Text(t) if t.trim().eq_ignore_ascii_case(name.trim())));
    by_header.or_else(|| parse_column_letter(name.trim())).ok_or_else(|| {
        format!("there is no column '{name}': give letters such as B, or the exact header text")
    })
}

/// Resolves every row of `conversions` that holds a short link or place link, and merges
/// the points found into them.
fn resolve_rows(
    workbook: &Workbook,
    conversions: &mut [Conversion],
    options: &resolve::Options,
) -> Result<resolve::Resolved, String> {
    let wanted: Vec<(usize, pinsheet_core::PendingLink)> = conversions
        .iter()
        .enumerate()
        .flat_map(|(index, conversion)| {
            conversion.pending_links(workbook).into_iter().map(move |p| (index, p))
        })
        .collect();
    let resolved = resolve::resolve(wanted.iter().map(|(_, p)| p.link.clone()).collect(), options)?;
    for (index, pending) in &wanted {
        let outcome = resolved.answers.get(&pending.link).and_then(|answer| answer.outcome(pending.service));
        if let (Some(conversion), Some(outcome)) = (conversions.get_mut(*index), outcome) {
            conversion.apply(pending.row, outcome);
        }
    }
    Ok(resolved)
}

/// One text's answer after resolving: the extraction (with the resolved point merged in),
/// and what the resolver said about its link, when it had one to follow.
pub struct Resolved {
    /// The point or the reason there is none.
    pub extraction: Extraction,
    /// The resolver's answer for the text's short link or place link.
    pub answer: Option<Resolution>,
}

/// Extracts every text, then resolves the distinct short links and place links among them
/// (each once) and merges the answers; the results are in the order of `texts`. The second
/// value is the summary line ("12 links resolved…").
///
/// # Errors
///
/// When the cache file cannot be read or written, or the resolver cannot be reached.
pub fn extract_resolved(
    texts: &[&str],
    near: Option<Coordinate>,
    resolving: &resolve::Options,
) -> Result<(Vec<Resolved>, String), String> {
    let options = Options { near };
    let extracted: Vec<(Extraction, Option<String>)> = texts
        .iter()
        .map(|text| {
            let e = extract_with(text, &options);
            let link = (e.status() == Status::NeedsResolver).then(|| link_to_resolve(text)).flatten();
            (e, link)
        })
        .collect();
    let resolved =
        resolve::resolve(extracted.iter().filter_map(|(_, link)| link.clone()).collect(), resolving)?;
    let results = extracted
        .into_iter()
        .map(|(e, link)| {
            let answer = link.as_ref().and_then(|link| resolved.answers.get(link)).cloned();
            let service = match e.source {
                Source::ShortLink(service) | Source::PlaceIdOnly(service) => Some(service),
                _ => None,
            };
            let extraction = answer
                .as_ref()
                .zip(service)
                .and_then(|(answer, service)| answer.outcome(service))
                .unwrap_or(e);
            Resolved { extraction, answer }
        })
        .collect();
    Ok((results, resolved.summary()))
}

/// One line of `pinsheet extract`'s output.
pub fn line_json(line: &str, e: &Extraction, resolved: Option<&Resolution>) -> serde_json::Value {
    let mut json = match (e.coordinate, e.confidence()) {
        (Some(point), Some(confidence)) => serde_json::json!({
            "input": line,
            "lat": point.lat(),
            "lon": point.lon(),
            "provenance": e.describe(),
            "confidence": if confidence == Confidence::High { "high" } else { "low" },
        }),
        _ => serde_json::json!({ "input": line, "lat": null, "lon": null, "status": e.describe() }),
    };
    if let (Some(answer), Some(fields)) = (resolved, json.as_object_mut()) {
        fields.insert("resolved".into(), serde_json::json!(answer.status));
        if let Some(url) = &answer.final_url {
            fields.insert("final_url".into(), url.as_str().into());
        }
        if let Some(message) = &answer.message {
            fields.insert("message".into(), message.as_str().into());
        }
    }
    json
}

fn summary(stats: &Stats) -> String {
    format!(
        "{} rows: {} with coordinates ({} low confidence), {} need the resolver, {} without coordinates",
        stats.rows, stats.with_coordinates, stats.low_confidence, stats.needs_resolver, stats.no_coordinates
    )
}
