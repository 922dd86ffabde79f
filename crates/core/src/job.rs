//! One conversion job as every front end runs it (the page's worker, the CLI): the chosen link
//! columns converted, then the files written by one set of rules — "keep formatting" and its
//! fallback to a rewrite, when a CSV comes too, the output names and the `.xlsm` rule.

use crate::write::write_csv_noted;
use crate::{
    convert_with, patch_xlsx_all, write_geojson, write_gpx, write_kml, write_xlsx_all, Conversion, Format,
    Options, Output, Target, Workbook, WriteError,
};
use serde::{Deserialize, Serialize};

/// What to convert and how to write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The first link column, its sheet and header; its results are the ones shown and
    /// exported to map formats.
    pub target: Target,
    /// More link columns of the same sheet (0-based), each into its own three columns.
    #[serde(default)]
    pub also: Vec<usize>,
    /// How links are read.
    #[serde(default)]
    pub options: Options,
    /// How the workbook is written.
    #[serde(default)]
    pub output: Output,
}

/// Why a job cannot run, or wrote nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobError {
    /// The job names a sheet the workbook does not have (a stale choice).
    #[error("That sheet is not in the file; choose it again.")]
    NoSuchSheet,
    /// "Keep formatting" patches an .xlsx/.xlsm package; other inputs have none.
    #[error("Keeping the formatting works on .xlsx and .xlsm files only.")]
    KeepFormattingNeedsXlsx,
    /// Neither the .xlsx nor the CSV could be written: both reasons.
    #[error("{}", unwritable(.xlsx.as_deref(), .csv))]
    Unwritable {
        /// Why there is no .xlsx, when one was tried.
        xlsx: Option<Box<WriteError>>,
        /// Why there is no CSV.
        csv: Box<WriteError>,
    },
    /// The one file asked for could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn unwritable(xlsx: Option<&WriteError>, csv: &WriteError) -> String {
    match xlsx {
        Some(xlsx) => format!("{xlsx} {csv}"),
        None => csv.to_string(),
    }
}

impl Job {
    /// A job for `target` with the default options and output.
    pub fn new(target: Target) -> Job {
        Job { target, also: Vec::new(), options: Options::default(), output: Output::default() }
    }

    /// The link columns in order: the target's first, then the others, each once.
    pub fn columns(&self) -> Vec<usize> {
        let mut columns = vec![self.target.column];
        for &column in &self.also {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
        columns
    }

    /// Checks the job against the workbook it will run on.
    ///
    /// # Errors
    ///
    /// [`JobError::NoSuchSheet`] for a sheet index past the workbook's sheets;
    /// [`JobError::KeepFormattingNeedsXlsx`] when "keep formatting" is asked of anything but
    /// an .xlsx/.xlsm.
    pub fn check(&self, workbook: &Workbook) -> Result<(), JobError> {
        if self.target.sheet >= workbook.sheets.len() {
            return Err(JobError::NoSuchSheet);
        }
        if self.output.keep_formatting && workbook.format != Format::Xlsx {
            return Err(JobError::KeepFormattingNeedsXlsx);
        }
        Ok(())
    }

    /// Converts every link column of the job, the target's first. `progress(done, total)`
    /// counts rows over all the columns, as one bar.
    pub fn convert(&self, workbook: &Workbook, mut progress: impl FnMut(usize, usize)) -> Vec<Conversion> {
        let columns = self.columns();
        let count = columns.len();
        columns
            .into_iter()
            .enumerate()
            .map(|(k, column)| {
                let target = Target { column, ..self.target };
                convert_with(workbook, &target, &self.options, |done, total| {
                    progress(k * total + done, count * total)
                })
            })
            .collect()
    }
}

/// The kinds of file a job writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// An Excel workbook (ECMA-376).
    Xlsx,
    /// A patched macro-enabled workbook: Excel refuses macros in a file named `.xlsx`.
    Xlsm,
    /// Comma-separated values (RFC 4180), UTF-8.
    Csv,
    /// GeoJSON (RFC 7946).
    GeoJson,
    /// KML 2.2.
    Kml,
    /// GPX 1.1.
    Gpx,
}

impl FileKind {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Xlsx => "xlsx",
            FileKind::Xlsm => "xlsm",
            FileKind::Csv => "csv",
            FileKind::GeoJson => "geojson",
            FileKind::Kml => "kml",
            FileKind::Gpx => "gpx",
        }
    }

    /// The media type (IANA; Office's own for the workbooks).
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Xlsm => "application/vnd.ms-excel.sheet.macroEnabled.12",
            FileKind::Csv => "text/csv;charset=utf-8",
            FileKind::GeoJson => "application/geo+json",
            FileKind::Kml => "application/vnd.google-earth.kml+xml",
            FileKind::Gpx => "application/gpx+xml",
        }
    }

    /// The kind a file name's extension asks for (`csv`, `geojson` or `json`, `kml`, `gpx`);
    /// anything else is a workbook.
    pub fn for_extension(extension: &str) -> FileKind {
        match extension.to_ascii_lowercase().as_str() {
            "csv" => FileKind::Csv,
            "geojson" | "json" => FileKind::GeoJson,
            "kml" => FileKind::Kml,
            "gpx" => FileKind::Gpx,
            _ => FileKind::Xlsx,
        }
    }
}

/// A written file: its name beside the input, its kind and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `<input name without its extension>.coordinates.<extension>`.
    pub name: String,
    /// What it is.
    pub kind: FileKind,
    /// Its contents.
    pub bytes: Vec<u8>,
    /// What a person should know about how it was written: a CSV in UTF-8 because its input's
    /// encoding lacks a character of it. None for most files.
    pub note: Option<String>,
}

/// The name of an output of `kind` for an input named `input_name`: the input's name without
/// its extension, then `.coordinates.` and the kind's extension (`pinsheet` when the name
/// is empty).
///
/// # Examples
///
/// ```
/// use pinsheet_core::{output_name, FileKind};
/// assert_eq!(output_name("Stops 2024.xlsx", FileKind::Csv), "Stops 2024.coordinates.csv");
/// assert_eq!(output_name("", FileKind::Xlsx), "pinsheet.coordinates.xlsx");
/// ```
pub fn output_name(input_name: &str, kind: FileKind) -> String {
    let stem = input_name.rsplit_once('.').map_or(input_name, |(stem, _)| stem);
    let stem = if stem.is_empty() { "pinsheet" } else { stem };
    format!("{stem}.coordinates.{}", kind.extension())
}

/// The file a job converts.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file's name, for the outputs' names.
    pub name: &'a str,
    /// What [`crate::read`] made of it.
    pub workbook: &'a Workbook,
    /// Its bytes, kept for .xlsx/.xlsm inputs: "keep formatting" patches them.
    pub original: Option<&'a [u8]>,
}

/// The workbook a job wrote, and what to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file.
    pub file: OutputFile,
    /// Why the formatting was not kept, when it was asked for and the sheet was rewritten.
    pub note: Option<String>,
}

/// What the page offers for download after a conversion.
#[derive(Debug)]
pub struct Outputs {
    /// The converted workbook, or why there is none (the CSV is then given instead).
    pub workbook: Result<Written, WriteError>,
    /// The CSV: for text inputs (CSV, GeoJSON — text that no .xlsx patch can keep), and
    /// whenever the workbook could not be written.
    pub csv: Option<OutputFile>,
}

/// Writes the converted workbook — the original package patched when the job keeps the
/// formatting and the input is an .xlsx/.xlsm (named `.xlsm` for a macro workbook), else
/// rewritten with the new columns — and the CSV when the input is text or the workbook
/// cannot be written. `progress(done, total)` follows the rewritten sheet's rows.
///
/// A patch that fails is not an error: the sheet is rewritten instead (with the new columns
/// at the end, as a patch puts them) and [`Written::note`] says why.
///
/// # Errors
///
/// [`JobError::Unwritable`] when neither the workbook nor the CSV can be written.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{read, write_outputs, FileKind, Input, Job, Target};
///
/// let workbook = read(b"Link\ngeo:1.5,2.5\n", "stops.csv")?;
/// let job = Job::new(Target::new(0, 0, true));
/// let conversions = job.convert(&workbook, |_, _| {});
/// let input = Input { name: "stops.csv", workbook: &workbook, original: None };
/// let outputs = write_outputs(&input, &conversions, &job.output, |_, _| {})?;
/// assert_eq!(outputs.workbook?.file.name, "stops.coordinates.xlsx");
/// assert_eq!(outputs.csv.map(|csv| csv.kind), Some(FileKind::Csv));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_outputs(
    input: &Input<'_>,
    conversions: &[Conversion],
    output: &Output,
    progress: impl FnMut(usize, usize),
) -> Result<Outputs, JobError> {
    let workbook = write_workbook(input, conversions, output, progress);
    let csv = if input.workbook.format.is_text() || workbook.is_err() {
        match write_file(input, conversions, output, FileKind::Csv) {
            Ok(file) => Some(file),
            Err(csv) => {
                return Err(JobError::Unwritable { xlsx: workbook.err().map(Box::new), csv: Box::new(csv) })
            }
        }
    } else {
        None
    };
    Ok(Outputs { workbook, csv })
}

/// Writes the converted workbook as [`write_outputs`] does, without the CSV.
///
/// # Errors
///
/// [`WriteError`] when the sheet cannot be rewritten: [`WriteError::TooLarge`] for Excel's
/// grid, [`WriteError::TextTooLong`] for a cell holding more text than an .xlsx cell can,
/// [`WriteError::Xlsx`] or [`WriteError::Package`] if writing fails.
pub fn write_workbook(
    input: &Input<'_>,
    conversions: &[Conversion],
    output: &Output,
    progress: impl FnMut(usize, usize),
) -> Result<Written, WriteError> {
    let mut note = None;
    if let (true, Some(original)) = (output.keep_formatting, input.original) {
        match patch_xlsx_all(original, input.workbook, conversions) {
            Ok(bytes) => {
                let macros =
                    input.name.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("xlsm"));
                let kind = if macros { FileKind::Xlsm } else { FileKind::Xlsx };
                let file = OutputFile { name: output_name(input.name, kind), kind, bytes, note: None };
                return Ok(Written { file, note: None });
            }
            Err(error) => {
                note = Some(format!("The formatting could not be kept ({error}); this .xlsx is rewritten."))
            }
        }
    }
    let bytes = write_xlsx_all(input.workbook, conversions, output.placement(), progress)?;
    let file =
        OutputFile { name: output_name(input.name, FileKind::Xlsx), kind: FileKind::Xlsx, bytes, note: None };
    Ok(Written { file, note })
}

/// Writes one file of a kind other than the workbook: the CSV (every link column, laid out as
/// the workbook is), or the first link column's points as GeoJSON, KML or GPX. A workbook
/// kind is written as [`write_workbook`] does, without its note.
///
/// # Errors
///
/// [`WriteError::CsvTooLarge`] when the CSV would be absurdly large ([`WriteError::Csv`] if
/// its writer fails), else as [`write_workbook`].
pub fn write_file(
    input: &Input<'_>,
    conversions: &[Conversion],
    output: &Output,
    kind: FileKind,
) -> Result<OutputFile, WriteError> {
    let Some(first) = conversions.first() else {
        return Ok(OutputFile { name: output_name(input.name, kind), kind, bytes: Vec::new(), note: None });
    };
    let workbook = input.workbook;
    let (bytes, note) = match kind {
        FileKind::Xlsx | FileKind::Xlsm => {
            return write_workbook(input, conversions, output, |_, _| {}).map(|w| w.file)
        }
        FileKind::Csv => write_csv_noted(workbook, conversions, output.placement())?,
        FileKind::GeoJson => (write_geojson(workbook, first), None),
        FileKind::Kml => (write_kml(workbook, first), None),
        FileKind::Gpx => (write_gpx(workbook, first), None),
    };
    Ok(OutputFile { name: output_name(input.name, kind), kind, bytes, note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read, Cell, Placement};

    fn trips() -> Workbook {
        read(b"Name;Pickup;Drop\na;geo:1,2;geo:3,4\nb;;geo:5,6\n", "trips.csv").unwrap()
    }

    #[test]
    fn columns_start_with_the_target_and_name_each_column_once() {
        let job = Job { also: vec![2, 1, 2, 0], ..Job::new(Target::new(0, 1, true)) };
        assert_eq!(job.columns(), [1, 2, 0]);
    }

    #[test]
    fn all_link_columns_convert_under_one_progress_bar() {
        let workbook = trips();
        let job = Job { also: vec![2], ..Job::new(Target::new(0, 1, true)) };
        let mut seen = Vec::new();
        let conversions = job.convert(&workbook, |done, total| seen.push((done, total)));
        assert_eq!(conversions.iter().map(|c| c.target.column).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(conversions[1].stats.with_coordinates, 2);
        assert_eq!(seen.last(), Some(&(6, 6)));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    }

    #[test]
    fn the_check_refuses_a_stale_sheet_and_keeping_the_formatting_of_a_csv() {
        let workbook = trips();
        assert!(Job::new(Target::new(0, 1, true)).check(&workbook).is_ok());
        assert!(matches!(Job::new(Target::new(1, 1, true)).check(&workbook), Err(JobError::NoSuchSheet)));
        let mut job = Job::new(Target::new(0, 1, true));
        job.output.keep_formatting = true;
        assert!(matches!(job.check(&workbook), Err(JobError::KeepFormattingNeedsXlsx)));
    }

    #[test]
    fn names_follow_the_input_and_the_kind() {
        assert_eq!(output_name("a.b.xlsx", FileKind::Xlsx), "a.b.coordinates.xlsx");
        assert_eq!(output_name("noext", FileKind::Gpx), "noext.coordinates.gpx");
        assert_eq!(output_name(".xlsx", FileKind::Kml), "pinsheet.coordinates.kml");
        assert_eq!(FileKind::for_extension("JSON"), FileKind::GeoJson);
        assert_eq!(FileKind::for_extension("xlsm"), FileKind::Xlsx);
    }

    /// An .xlsx written by rust_xlsxwriter (another program than pinsheet's patcher).
    fn xlsx_input() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Link").unwrap();
        sheet.write_string(1, 0, "https://maps.google.com/?q=1.5,2.5").unwrap();
        sheet.write_string(0, 1, "Notes").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn keeping_the_formatting_patches_and_names_a_macro_workbook_xlsm() {
        let original = xlsx_input();
        let workbook = read(&original, "book.xlsm").unwrap();
        let mut job = Job::new(Target::new(0, 0, true));
        job.output.keep_formatting = true;
        let conversions = job.convert(&workbook, |_, _| {});
        let input = Input { name: "book.XLSM", workbook: &workbook, original: Some(&original) };
        let outputs = write_outputs(&input, &conversions, &job.output, |_, _| {}).unwrap();
        let written = outputs.workbook.unwrap();
        assert_eq!(
            (written.file.kind, written.file.name.as_str()),
            (FileKind::Xlsm, "book.coordinates.xlsm")
        );
        assert_eq!(written.note, None);
        assert!(outputs.csv.is_none(), "a workbook input gets no CSV when its .xlsx is written");
        // The patch puts the new columns after the last used column, B.
        let rows = &read(&written.file.bytes, "out.xlsx").unwrap().sheets[0].rows;
        assert_eq!(rows[1][2..4], [Cell::Number(1.5), Cell::Number(2.5)]);
    }

    #[test]
    fn a_patch_that_fails_becomes_a_rewrite_with_the_columns_at_the_end_and_a_note() {
        let original = xlsx_input();
        let workbook = read(&original, "book.xlsm").unwrap();
        let mut job = Job::new(Target::new(0, 0, true));
        job.output = Output { placement: Placement::AfterLink, keep_formatting: true };
        let conversions = job.convert(&workbook, |_, _| {});
        // Bytes that are no package at all stand for a package the patcher cannot follow.
        let input = Input { name: "book.xlsm", workbook: &workbook, original: Some(b"not a zip") };
        let written = write_outputs(&input, &conversions, &job.output, |_, _| {}).unwrap().workbook.unwrap();
        assert_eq!(
            (written.file.kind, written.file.name.as_str()),
            (FileKind::Xlsx, "book.coordinates.xlsx")
        );
        assert!(written.note.as_deref().is_some_and(|n| n.starts_with("The formatting could not be kept (")));
        let rows = &read(&written.file.bytes, "out.xlsx").unwrap().sheets[0].rows;
        assert_eq!(
            rows[0],
            [
                Cell::Text("Link".into()),
                Cell::Text("Notes".into()),
                Cell::Text("Latitude".into()),
                Cell::Text("Longitude".into()),
                Cell::Text("Coordinate source".into())
            ]
        );
    }

    #[test]
    fn a_text_input_gets_a_csv_beside_its_xlsx() {
        let workbook = trips();
        let job = Job::new(Target::new(0, 1, true));
        let conversions = job.convert(&workbook, |_, _| {});
        let input = Input { name: "trips.csv", workbook: &workbook, original: None };
        let outputs = write_outputs(&input, &conversions, &job.output, |_, _| {}).unwrap();
        assert_eq!(outputs.workbook.unwrap().file.name, "trips.coordinates.xlsx");
        let csv = outputs.csv.unwrap();
        assert_eq!(csv.name, "trips.coordinates.csv");
        let text = String::from_utf8(csv.bytes).unwrap();
        // Written as the input was (UTF-8, `;`), with the mark Excel needs to read UTF-8.
        assert_eq!(
            text.lines().next(),
            Some("\u{feff}Name;Pickup;Latitude;Longitude;Coordinate source;Drop")
        );
        assert_eq!(csv.note, None);
    }

    #[test]
    fn a_sheet_too_large_for_an_xlsx_comes_back_as_csv_with_the_reason() {
        let rows = vec![vec![Cell::Text("geo:1,2".into()), Cell::Empty, Cell::Number(1.0)]; 3];
        let mut sheet = crate::Sheet::new("Wide", rows);
        // A cell in Excel's last column leaves no room for the three new ones.
        sheet.rows[0].resize(16_384, Cell::Empty);
        sheet.rows[0][16_383] = Cell::Number(9.0);
        let workbook = Workbook::new(Format::Xlsx, vec![sheet]);
        let job = Job::new(Target::new(0, 0, false));
        let conversions = job.convert(&workbook, |_, _| {});
        let input = Input { name: "wide.xlsx", workbook: &workbook, original: None };
        let outputs = write_outputs(&input, &conversions, &job.output, |_, _| {}).unwrap();
        assert!(matches!(outputs.workbook, Err(WriteError::TooLarge { .. })));
        assert_eq!(outputs.csv.map(|c| c.name), Some("wide.coordinates.csv".to_string()));
    }

    #[test]
    fn the_map_formats_carry_the_first_link_column() {
        let workbook = trips();
        let job = Job { also: vec![2], ..Job::new(Target::new(0, 1, true)) };
        let conversions = job.convert(&workbook, |_, _| {});
        let input = Input { name: "trips.csv", workbook: &workbook, original: None };
        let gpx = write_file(&input, &conversions, &job.output, FileKind::Gpx).unwrap();
        assert_eq!(gpx.name, "trips.coordinates.gpx");
        let text = String::from_utf8(gpx.bytes).unwrap();
        assert!(text.contains(r#"lat="1" lon="2""#), "{text}");
        assert!(!text.contains(r#"lat="3""#), "{text}");
    }
}
