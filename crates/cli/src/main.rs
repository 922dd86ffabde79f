//! `pinsheet`: the page's conversion, natively, for batch jobs and benchmarks.

use clap::{Parser, Subcommand};
use pinsheet_core::{
    column_letter, convert, detect, detect_for_sheet, extract_with, parse_column_letter, patch_xlsx_all,
    read, write_csv_all, write_geojson, write_gpx, write_kml, write_xlsx_all, Cell, Confidence, Coordinate,
    Format, Options, Placement, Plan, Stats, Workbook,
};
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
        /// The input: .xlsx, .xlsm, .xlsb, .xls, .ods or .csv (recognised from its bytes).
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
    },
    /// Read one link or coordinate text per line on stdin; write one JSON object per line:
    /// {"input","lat","lon","provenance","confidence"}, or lat/lon null and a "status".
    Extract {
        /// A point near the places (`lat,lng`), to recover short plus codes.
        #[arg(long, value_parser = parse_near)]
        near: Option<Coordinate>,
    },
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
        Command::Convert { input, output, sheet, column, near, new_columns, header, keep_formatting } => {
            let placement = match new_columns {
                NewColumns::AfterLink => Placement::AfterLink,
                NewColumns::End => Placement::AtEnd,
            };
            let choice = Choice {
                sheet: sheet.as_deref(),
                columns: &column,
                near,
                placement,
                header,
                keep_formatting,
            };
            let run = std::panic::catch_unwind(|| run(&input, output.as_deref(), &choice));
            (input, run)
        }
        Command::Extract { near } => {
            (PathBuf::from("stdin"), std::panic::catch_unwind(|| extract_lines(near)))
        }
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
}

fn run(input: &Path, output: Option<&Path>, choice: &Choice<'_>) -> Result<(), String> {
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let name = input.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let workbook = read(&bytes, &name).map_err(|e| format!("{}: {e}", input.display()))?;
    let detected = plan(&workbook, choice.sheet, choice.columns.first().map(String::as_str))?;
    let header = choice.header.unwrap_or(detected.header);
    let keep_formatting = choice.keep_formatting;
    if keep_formatting && workbook.format != Format::Xlsx {
        return Err(format!("{}: --keep-formatting works on .xlsx and .xlsm files only", input.display()));
    }
    let placement = if keep_formatting { Placement::AtEnd } else { choice.placement };
    let plan = Plan { near: choice.near, placement, header, keep_formatting, ..detected };
    let output = output.map_or_else(|| default_output(input, keep_formatting), Path::to_path_buf);
    let mut conversions = vec![convert(&workbook, &plan, |_, _| {})];
    for column in choice.columns.iter().skip(1) {
        let column = find_column(&workbook, &plan, column)?;
        conversions.push(convert(&workbook, &Plan { column, ..plan }, |_, _| {}));
    }
    // The map formats carry one point per row: the first link column's.
    let conversion = &conversions[0];
    let extension = output.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let bytes = match extension.as_str() {
        "csv" => write_csv_all(&workbook, &conversions).map_err(|e| e.to_string())?,
        "geojson" | "json" => write_geojson(&workbook, conversion),
        "kml" => write_kml(&workbook, conversion),
        "gpx" => write_gpx(&workbook, conversion),
        _ if keep_formatting => patch_xlsx_all(&bytes, &workbook, &conversions).map_err(|e| {
            format!(
                "{}: could not keep the formatting: {e}; convert without --keep-formatting",
                input.display()
            )
        })?,
        _ => write_xlsx_all(&workbook, &conversions, |_, _| {}).map_err(|e| e.to_string())?,
    };
    std::fs::write(&output, bytes).map_err(|e| format!("{}: {e}", output.display()))?;
    let sheet = &workbook.sheets[plan.sheet].name;
    let letters: Vec<_> = conversions.iter().map(|c| column_letter(c.plan.column)).collect();
    let label = if letters.len() > 1 { "columns" } else { "column" };
    eprintln!("{}: sheet '{sheet}', {label} {} → {}", input.display(), letters.join(", "), output.display());
    for (letter, conversion) in letters.iter().zip(&conversions) {
        let prefix = if conversions.len() > 1 { format!("{letter}: ") } else { String::new() };
        eprintln!("{prefix}{}", summary(&conversion.stats));
    }
    Ok(())
}

/// The sheet and column the person named, else the detected ones.
fn plan(workbook: &Workbook, sheet: Option<&str>, column: Option<&str>) -> Result<Plan, String> {
    let mut plan = match sheet {
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
        plan.column = find_column(workbook, &plan, column)?;
    }
    Ok(plan)
}

/// A header cell equal to `name` (ignoring case), else column letters.
fn find_column(workbook: &Workbook, plan: &Plan, name: &str) -> Result<usize, String> {
    let header = workbook.sheets[plan.sheet].rows.first().map_or(&[][..], Vec::as_slice);
    let by_header = header
        .iter()
        .position(|cell| matches!(cell, Cell::Text(t) if t.trim().eq_ignore_ascii_case(name.trim())));
    by_header.or_else(|| parse_column_letter(name.trim())).ok_or_else(|| {
        format!("there is no column '{name}': give letters such as B, or the exact header text")
    })
}

/// `pinsheet extract`: one JSON object per input line, in order.
fn extract_lines(near: Option<Coordinate>) -> Result<(), String> {
    let options = Options { near };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| format!("stdin: {e}"))?;
        let e = extract_with(&line, &options);
        let json = match (e.coordinate, e.confidence()) {
            (Some(point), Some(confidence)) => serde_json::json!({
                "input": line,
                "lat": point.lat,
                "lon": point.lon,
                "provenance": e.describe(),
                "confidence": if confidence == Confidence::High { "high" } else { "low" },
            }),
            _ => serde_json::json!({ "input": line, "lat": null, "lon": null, "status": e.describe() }),
        };
        writeln!(out, "{json}").map_err(|e| format!("stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("stdout: {e}"))
}

/// INPUT's name + ".coordinates.xlsx" beside it; ".xlsm" when a macro workbook is patched
/// (Excel refuses macros in a file named .xlsx).
fn default_output(input: &Path, keep_formatting: bool) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let macros = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsm"));
    let extension = if keep_formatting && macros { "xlsm" } else { "xlsx" };
    input.with_file_name(format!("{stem}.coordinates.{extension}"))
}

fn summary(stats: &Stats) -> String {
    format!(
        "{} rows: {} with coordinates ({} low confidence), {} need the resolver, {} without coordinates",
        stats.rows, stats.with_coordinates, stats.low_confidence, stats.needs_resolver, stats.no_coordinates
    )
}
