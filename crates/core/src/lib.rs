//! pinsheet-core: map links in spreadsheet cells → WGS-84 latitude/longitude.
//!
//! Plain Rust with no DOM, UI or network code, so the web worker, the CLI and the resolver
//! all run the same pipeline:
//!
//! 1. [`read`] turns the bytes of a workbook or CSV file into a [`Workbook`];
//! 2. [`detect`] proposes the [`Target`]: the sheet, the link column and whether row 1 is a
//!    header;
//! 3. [`convert`] runs [`extract`] over that column and counts the outcomes;
//! 4. [`write_xlsx`] / [`write_csv`] give the input back with three columns added:
//!    `Latitude`, `Longitude` (decimal degrees) and `Coordinate source`.
//!
//! A front end runs steps 3 and 4 as a [`Job`] ([`Job::convert`], [`write_outputs`]), so the
//! page and the CLI follow the same rules for several link columns, "keep formatting" and
//! the output names.
//!
//! # Examples
//!
//! ```
//! use pinsheet_core::{convert, detect, read, write_csv, Placement};
//!
//! let csv = "Name,Link\nSagrada Família,\"https://www.google.com/maps/@41.4036299,2.1743558,17z\"\n";
//! let workbook = read(csv.as_bytes(), "places.csv")?;
//! let target = detect(&workbook).expect("the sheet has a link column");
//! let conversion = convert(&workbook, &target, |_, _| {});
//! let out = String::from_utf8(write_csv(&workbook, &conversion, Placement::AfterLink)?).unwrap();
//! assert!(out.contains("41.4036299,2.1743558,Google Maps: map view"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod convert;
mod coordinate;
mod detect;
mod excel;
mod export;
mod extract;
mod formula;
mod job;
mod model;
mod ooxml;
mod parallel;
mod patch;
mod plan;
mod read;
mod resolution;
mod write;

pub use convert::{convert, convert_with, extract_cell, Conversion, Outcome, PendingLink, ReadFrom, Stats};
pub use coordinate::Coordinate;
pub use detect::{counted_rows, detect, detect_for_sheet, link_counts, name_column, SAMPLE_ROWS};
pub use excel::{column_letter, parse_column_letter};
pub use export::{write_geojson, write_gpx, write_kml};
pub use extract::{
    extract, extract_with, is_google_host, link_to_resolve, Confidence, Datum, Extraction, Form, Provenance,
    Service, Source, Status,
};
pub use formula::shift_columns;
pub use job::{
    output_name, write_file, write_outputs, write_workbook, FileKind, Input, Job, JobError, OutputFile,
    Outputs, Written,
};
pub use model::{hyperlink_formula_url, Cell, Format, Position, Sheet, Span, TextFormat, Workbook};
pub use ooxml::PackageError;
pub use patch::{patch_xlsx, patch_xlsx_all, PatchError};
pub use plan::{Options, Output, Placement, Target};
pub use read::{
    read, read_lines, read_with, read_xlsx_both, OtherFile, ReadError, ReadProgress, PROGRESS_BYTES,
    PROGRESS_ROWS, PROGRESS_TEXT_ROWS,
};
pub use resolution::{Resolution, ResolutionStatus};
pub use write::{write_csv, write_csv_all, write_xlsx, write_xlsx_all, WriteError, NEW_COLUMNS};
