//! `pinsheet`: the page's conversion, natively, for batch jobs and benchmarks.

use clap::{Args, Parser, Subcommand};
use pinsheet_cli::{convert, extract_resolved, line_json, parse_near, resolve, Choice, Failure};
use pinsheet_core::{extract_with, Coordinate, Options, Placement};
use std::io::{BufRead, Write};
use std::path::PathBuf;
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
            progress: true,
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
                    progress: true,
                };
                let report =
                    convert(&input, output.as_deref(), &choice).map_err(|failure| match failure {
                        Failure::KeepFormattingNeedsXlsx(path) => {
                            format!(
                                "{}: --keep-formatting works on .xlsx and .xlsm files only",
                                path.display()
                            )
                        }
                        other => other.to_string(),
                    })?;
                if let Some(note) = &report.note {
                    eprintln!("pinsheet: {}: {note}", input.display());
                }
                if let Some(resolved) = &report.resolved {
                    eprintln!("{resolved}");
                }
                for line in report.lines(&input) {
                    eprintln!("{line}");
                }
                Ok(())
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

/// `pinsheet extract`: one JSON object per input line, in order.
fn extract_lines(near: Option<Coordinate>, resolving: Option<&resolve::Options>) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let Some(resolving) = resolving else {
        let options = Options { near };
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
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (results, summary) = extract_resolved(&texts, near, resolving)?;
    for (line, result) in lines.iter().zip(&results) {
        writeln!(out, "{}", line_json(line, &result.extraction, result.answer.as_ref()))
            .map_err(|e| format!("stdout: {e}"))?;
    }
    eprintln!("{summary}");
    out.flush().map_err(|e| format!("stdout: {e}"))
}
