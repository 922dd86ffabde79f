//! `pinsheet`: the page's conversion, natively, for batch jobs and benchmarks.

mod progress;
mod resolve;

use clap::{Args, Parser, Subcommand};
use pinsheet_core::{
    column_letter, detect, detect_for_sheet, extract_with, link_to_resolve, parse_column_letter, read_with,
    write_file, write_workbook, Cell, Confidence, Conversion, Coordinate, Extraction, FileKind, Format,
    Input, Job, JobError, Options, Output, Placement, Source, Stats, Target, Workbook,
};
use progress::Stage;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pinsheet",
    version,
    about = "Spreadsheets of map links in, latitude/longitude columns out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Append Latitude, Longitude and Coordinate source columns to a sheet of map links.
    Convert {
        /// The input: .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, or a GeoJSON such as Google
        /// Takeout's "Saved Places.json" (recognised from its bytes).
        input: PathBuf,
        /// Where to write: `.csv`, `.geojson`, `.kml` or `.gpx` by extension, anything else .xlsx.
        /// [default: INPUT's name + ".coordinates.xlsx", beside it]
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The sheet to convert, by name. [default: the sheet with the most map links]
        #[arg(long)]
        sheet: Option<String>,
        /// The link column, as letters (`B`) or its header text (`Link`). Give it again for
        /// more link columns: each gets its own three columns.
        /// [default: the column with the most map links]
        #[arg(long)]
        column: Vec<String>,
        /// A point near the places (`lat,lng`), to recover short plus codes such as `9G8F+6X`.
        #[arg(long, value_parser = parse_near)]
        near: Option<Coordinate>,
        /// Where the new columns go: right after the link column (columns to its right move
        /// over; formulas follow them) or after the sheet's last column.
        #[arg(long, value_enum, default_value = "after-link")]
        new_columns: NewColumns,
        /// For .xlsx/.xlsm inputs: add the new columns (after the last used column) to the
        /// original file instead of rewriting it, so cell styles, widths, charts, images,
        /// macros and everything else stay as they were.
        #[arg(long)]
        keep_formatting: bool,
        /// Whether row 1 holds column names. [default: guessed from the sheet]
        #[arg(long)]
        header: Option<bool>,
        #[command(flatten)]
        resolving: Resolving,
    },
    /// Read one link or coordinate text per line on stdin; write one JSON object per line:
    /// {"input","lat","lon","provenance","confidence"}, or lat/lon null and a "status".
    /// With --resolve, a resolved line also has "resolved" (the resolver's status) and
    /// "final_url"; an unresolved one "resolved" and a "message".
    Extract {
        /// A point near the places (`lat,lng`), to recover short plus codes.
        #[arg(long, value_parser = parse_near)]
        near: Option<Coordinate>,
        #[command(flatten)]
        resolving: Resolving,
    },
}

/// Following short links and place links.
#[derive(Args)]
struct Resolving {
    /// Follow short links (maps.app.goo.gl, maps.apple/p, yandex.*/maps/-, mapy.cz/s,
    /// go.2gis.com, share.google) and Google place links (cid=, ftid=, ludocid=) to their
    /// point, from this computer, with pinsheet-resolver's rules: https only, each service's
    /// own hosts, public addresses, each distinct link once. Only the links leave the machine.
    #[arg(long)]
    resolve: bool,
    /// Send those links to a running pinsheet-resolver at this address instead
    /// (e.g. http://127.0.0.1:8787); implies --resolve.
    #[arg(long, value_name = "URL")]
    resolver: Option<String>,
    /// The file that keeps resolved links between runs (a place does not move; failures are
    /// asked again after a while). [default: pinsheet/resolved.json in your cache directory]
    #[arg(long, value_name = "PATH", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Keep no resolved links between runs.
    #[arg(long)]
    no_cache: bool,
    /// Links followed at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
    /// Tests only (debug builds with the test-hook feature): play every service at this address.
    #[cfg(feature = "test-hook")]
    #[arg(long, hide = true)]
    test_upstream: Option<std::net::SocketAddr>,
}

impl Resolving {
    /// The resolving options, when the person asked for resolving.
    fn options(&self) -> Result<Option<resolve::Options>, String> {
        if !self.resolve && self.resolver.is_none() {
            return Ok(None);
        }
        if let Some(base) = &self.resolver {
            resolve::check_address(base)?;
        }
        let cache = match (&self.cache, self.no_cache) {
            (_, true) => None,
            (Some(path), false) => Some(path.clone()),
            (None, false) => Some(pinsheet_follow::store::Store::default_path().ok_or(
                "there is no cache directory for resolved links here; give one with --cache PATH, or --no-cache",
            )?),
        };
        Ok(Some(resolve::Options {
            resolver: self.resolver.clone(),
            cache,
            concurrency: usize::from(self.concurrency),
            #[cfg(feature = "test-hook")]
            upstream: self.test_upstream,
        }))
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewColumns {
    AfterLink,
    End,
}

fn parse_near(text: &str) -> Result<Coordinate, String> {
    let (lat, lon) = text.split_once(',').ok_or("give the point as lat,lng (decimal degrees)")?;
    let number = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("'{}' is not a number", s.trim()));
    Coordinate::new(number(lat)?, number(lon)?)
        .ok_or_else(|| "latitude must be -90…90, longitude -180…180".into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A parser bug must become a one-line message, not a backtrace: the hook stays quiet and
    // catch_unwind below reports it.
    std::panic::set_hook(Box::new(|_| {}));
    let (input, run) = match cli.command {
        Command::Convert {
            input,
            output,
            sheet,
            column,
            near,
            new_columns,
            header,
            keep_formatting,
            resolving,
        } => {
            let placement = match new_columns {
                NewColumns::AfterLink => Placement::AfterLink,
                NewColumns::End => Placement::AtEnd,
            };
            let run = std::panic::catch_unwind(|| {
                let choice = Choice {
                    sheet: sheet.as_deref(),
                    columns: &column,
                    near,
                    placement,
                    header,
                    keep_formatting,
                    resolving: resolving.options()?,
                };
                run(&input, output.as_deref(), &choice)
            });
            (input, run)
        }
        Command::Extract { near, resolving } => (
            PathBuf::from("stdin"),
            std::panic::catch_unwind(|| extract_lines(near, resolving.options()?.as_ref())),
        ),
    };
    match run {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            eprintln!("pinsheet: {message}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("pinsheet: {}: the file could not be read (the reader failed on it)", input.display());
            ExitCode::FAILURE
        }
    }
}

/// What the person chose on the command line; None is "detect it".
struct Choice<'a> {
    sheet: Option<&'a str>,
    columns: &'a [String],
    near: Option<Coordinate>,
    placement: Placement,
    header: Option<bool>,
    keep_formatting: bool,
    resolving: Option<resolve::Options>,
}

fn run(input: &Path, output: Option<&Path>, choice: &Choice<'_>) -> Result<(), String> {
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let name = input.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let reading = Stage::new("reading", None, "rows");
    // The bar counts rows, which a person knows their sheet by; the total is not known yet.
    let workbook = read_with(&bytes, &name, |at| reading.set(at.rows as u64, 0))
        .map_err(|e| format!("{}: {e}", input.display()))?;
    reading.set(workbook.sheets.iter().map(|s| s.rows.len() as u64).sum(), 0);
    reading.finish();
    let mut job = Job::new(target(&workbook, choice.sheet, choice.columns.first().map(String::as_str))?);
    if let Some(header) = choice.header {
        job.target.header = header;
    }
    for column in choice.columns.iter().skip(1) {
        job.also.push(find_column(&workbook, &job.target, column)?);
    }
    job.options = Options { near: choice.near };
    job.output = Output { placement: choice.placement, keep_formatting: choice.keep_formatting };
    job.check(&workbook).map_err(|e| match e {
        JobError::KeepFormattingNeedsXlsx => {
            format!("{}: --keep-formatting works on .xlsx and .xlsm files only", input.display())
        }
        e => format!("{}: {e}", input.display()),
    })?;
    let converting = Stage::new("converting", None, "rows");
    let mut conversions = job.convert(&workbook, |done, total| converting.set(done as u64, total as u64));
    converting.finish();
    let resolved = match &choice.resolving {
        Some(options) => Some(resolve_rows(&workbook, &mut conversions, options)?),
        None => None,
    };
    let original = (workbook.format == Format::Xlsx).then_some(bytes.as_slice());
    let source = Input { name: &name, workbook: &workbook, original };
    let kind = output
        .and_then(Path::extension)
        .map_or(FileKind::Xlsx, |e| FileKind::for_extension(&e.to_string_lossy()));
    let file = if kind == FileKind::Xlsx {
        let writing = Stage::new("writing", None, "rows");
        let written = write_workbook(&source, &conversions, &job.output, |done, total| {
            writing.set(done as u64, total as u64)
        })
        .map_err(|e| e.to_string())?;
        writing.finish();
        if let Some(note) = &written.note {
            eprintln!("pinsheet: {}: {note}", input.display());
        }
        written.file
    } else {
        let file = write_file(&source, &conversions, &job.output, kind).map_err(|e| e.to_string())?;
        if let Some(note) = &file.note {
            eprintln!("pinsheet: {}: {note}", input.display());
        }
        file
    };
    let output = output.map_or_else(|| input.with_file_name(&file.name), Path::to_path_buf);
    std::fs::write(&output, &file.bytes).map_err(|e| format!("{}: {e}", output.display()))?;
    if let Some(resolved) = resolved {
        eprintln!("{}", resolved.summary());
    }
    let sheet = &workbook.sheets[job.target.sheet].name;
    let letters: Vec<_> = conversions.iter().map(|c| column_letter(c.target.column)).collect();
    let label = if letters.len() > 1 { "columns" } else { "column" };
    eprintln!("{}: sheet '{sheet}', {label} {} → {}", input.display(), letters.join(", "), output.display());
    for (letter, conversion) in letters.iter().zip(&conversions) {
        let prefix = if conversions.len() > 1 { format!("{letter}: ") } else { String::new() };
        eprintln!("{prefix}{}", summary(&conversion.stats));
    }
    Ok(())
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

/// `pinsheet extract`: one JSON object per input line, in order.
fn extract_lines(near: Option<Coordinate>, resolving: Option<&resolve::Options>) -> Result<(), String> {
    let options = Options { near };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let Some(resolving) = resolving else {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("stdin: {e}"))?;
            let json = line_json(&line, &extract_with(&line, &options), None);
            writeln!(out, "{json}").map_err(|e| format!("stdout: {e}"))?;
        }
        return out.flush().map_err(|e| format!("stdout: {e}"));
    };
    // Resolving needs every line first: each distinct link is followed once.
    let lines: Vec<String> =
        std::io::stdin().lock().lines().collect::<Result<_, _>>().map_err(|e| format!("stdin: {e}"))?;
    let extracted: Vec<(Extraction, Option<String>)> = lines
        .iter()
        .map(|line| {
            let e = extract_with(line, &options);
            let link =
                (e.status() == pinsheet_core::Status::NeedsResolver).then(|| link_to_resolve(line)).flatten();
            (e, link)
        })
        .collect();
    let resolved =
        resolve::resolve(extracted.iter().filter_map(|(_, link)| link.clone()).collect(), resolving)?;
    for (line, (e, link)) in lines.iter().zip(&extracted) {
        let answer = link.as_ref().and_then(|link| resolved.answers.get(link));
        let service = match e.source {
            Source::ShortLink(service) | Source::PlaceIdOnly(service) => Some(service),
            _ => None,
        };
        let e = answer.zip(service).and_then(|(answer, service)| answer.outcome(service)).unwrap_or(*e);
        writeln!(out, "{}", line_json(line, &e, answer)).map_err(|e| format!("stdout: {e}"))?;
    }
    eprintln!("{}", resolved.summary());
    out.flush().map_err(|e| format!("stdout: {e}"))
}

/// One line of `pinsheet extract`'s output.
fn line_json(
    line: &str,
    e: &Extraction,
    resolved: Option<&pinsheet_follow::Resolution>,
) -> serde_json::Value {
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
