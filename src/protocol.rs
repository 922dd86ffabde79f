//! The messages between the page and the worker, as serde types carried by `postMessage`
//! (serde-wasm-bindgen); files cross as Blobs, by reference, never as bytes in the page.

use pinsheet_core::{Extraction, FileKind, Job, OutputFile, Service, Source, Stats, Status, Target};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wasm_bindgen::JsCast;

/// How many result rows the page shows; the stats and the downloads cover every row.
pub const SHOWN_ROWS: usize = 100;

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 8;

/// Columns the preview shows; wider sheets scroll in the file, not in the page.
pub const PREVIEW_COLUMNS: usize = 40;

/// Columns offered in the link-column picker (plus every column with links): a list of
/// thousands is no choice, and building it would stall the page.
pub const CHOICE_COLUMNS: usize = 500;

/// Page → worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Read a file the person chose.
    Open {
        /// The file's name, for the CSV sheet name and the download names.
        name: String,
        /// The file: the page's `File` (a Blob), which the worker reads itself.
        file: Contents,
    },
    /// Pasted text, one link or coordinate per line, instead of a file.
    Paste(String),
    /// Preview another sheet of the open file, with its detected column and header.
    SelectSheet(usize),
    /// Convert the open file: the sheet, its link columns and the options.
    Convert(Job),
    /// Points the resolver found for short links: merge them and write the files again.
    ApplyResolved(Vec<Resolved>),
    /// The full link a person pasted for a row whose short link this page cannot follow
    /// (they opened it in a tab): its point is merged as a resolver's would be.
    UseLink {
        /// 0-based sheet row.
        row: usize,
        /// 0-based link column.
        column: usize,
        /// The pasted link or coordinate text.
        link: String,
    },
    /// The converted sheet as CSV, or its points in a map format.
    Export(FileKind),
    /// Result rows `from..from + count` of the first link column among those the filter
    /// keeps (the table scrolls).
    Rows {
        /// Position of the first row wanted, among the kept rows.
        from: usize,
        /// How many.
        count: usize,
        /// Which rows the table shows.
        filter: RowFilter,
    },
    /// Every point of the first link column, for the map (at most [`MAP_POINTS`]).
    Points,
    /// "lat<TAB>lon" for every row of the first link column, one line each (empty where a
    /// row has none), to paste beside the sheet.
    CopyAll,
}

/// The most points the map draws; the stats and downloads cover every row.
pub const MAP_POINTS: usize = 100_000;

/// Which result rows the table shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFilter {
    /// Only rows without a pin: map views, short links, no coordinates.
    pub problems_only: bool,
    /// Only rows whose link text, name, source or row number contains this (any case).
    pub query: String,
}

impl RowFilter {
    /// True when every row is kept.
    pub fn is_all(&self) -> bool {
        !self.problems_only && self.query.trim().is_empty()
    }
}

/// Which part of the work a [`RowProgress`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The file is being read (the total is not known yet).
    Reading,
    /// Points are being extracted.
    Converting,
    /// The output workbook is being laid out.
    Writing,
    /// The conversion is finished.
    Done,
}

/// Rows done of rows in all, in one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProgress {
    /// The stage.
    pub stage: Stage,
    /// Rows done; bytes while reading.
    pub done: usize,
    /// Rows in the sheet; while reading, the file's bytes (0 when not known).
    pub total: usize,
}

/// A written file, ready to save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Download {
    /// The name to save it under.
    pub name: String,
    /// What it is (its media type).
    pub kind: FileKind,
    /// Its contents.
    pub contents: Contents,
}

impl From<OutputFile> for Download {
    fn from(file: OutputFile) -> Download {
        Download { name: file.name, kind: file.kind, contents: Contents::Bytes(file.bytes) }
    }
}

/// A file's contents where they are: bytes in this wasm instance's memory (what the worker
/// reads and writes; all that native tests see), or a Blob — a `File`, or the bytes the
/// worker wrote — which `postMessage` hands between page and worker by reference.
#[derive(Debug, Clone, PartialEq)]
pub enum Contents {
    /// Bytes in this instance's memory.
    Bytes(Vec<u8>),
    /// A Blob (or `File`), kept by the browser outside wasm memory.
    Blob(web_sys::Blob),
}

impl Contents {
    /// The bytes, when they are in this instance's memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Contents::Bytes(bytes) => Some(bytes),
            Contents::Blob(_) => None,
        }
    }
}

impl Serialize for Contents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only serde-wasm-bindgen carries a Blob, as the same JS object.
            Contents::Blob(blob) => serde_wasm_bindgen::preserve::serialize(blob, serializer),
            Contents::Bytes(bytes) => serializer.serialize_bytes(bytes),
        }
    }
}

impl<'de> Deserialize<'de> for Contents {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: wasm_bindgen::JsValue = serde_wasm_bindgen::preserve::deserialize(deserializer)?;
        match value.dyn_into::<web_sys::Blob>() {
            Ok(blob) => Ok(Contents::Blob(blob)),
            Err(value) => match value.dyn_into::<js_sys::Uint8Array>() {
                Ok(array) => Ok(Contents::Bytes(array.to_vec())),
                Err(_) => Err(serde::de::Error::custom("a file's contents are neither a Blob nor bytes")),
            },
        }
    }
}

/// What the resolver made of one row's short link or place link: its point, or a final
/// answer without one (a dead link, a search page, a place without coordinates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    /// 0-based sheet row.
    pub row: usize,
    /// 0-based link column the link was in.
    pub column: usize,
    /// The row's new outcome.
    pub extraction: Extraction,
}

/// A row whose cell is a short link or place link, for the resolver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortLinkRow {
    /// 0-based sheet row.
    pub row: usize,
    /// 0-based link column.
    pub column: usize,
    /// The link to follow (`link_to_resolve` of the cell).
    pub link: String,
    /// Whose link it is (the service of its short link or place id).
    pub service: Service,
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    /// The worker has loaded and listens; messages sent before this are lost.
    Ready,
    /// A file (or another of its sheets) is ready to convert.
    Opened(Preview),
    /// Progress in sheet rows, while reading, converting or writing.
    Progress(RowProgress),
    /// The conversion is done: what the page shows, and the files.
    Converted(Box<Converted>, Files),
    /// Result rows for the table's window.
    Rows {
        /// Position of the first row given, among the rows the filter keeps.
        from: usize,
        /// The rows.
        rows: Vec<ResultRow>,
        /// How many rows the filter keeps.
        matching: usize,
        /// The filter these rows answer (an answer to an older filter is dropped).
        filter: RowFilter,
    },
    /// The map's points.
    Points(MapPoints),
    /// The text for "copy all coordinates".
    Copied(String),
    /// A file asked for with [`Request::Export`].
    Exported(Download),
    /// The request failed; the message is for the person.
    Failed(String),
    /// [`Request::Convert`] failed: the message is for the person, and the page offers the
    /// choices and Convert again (told apart from [`Response::Failed`], which may answer
    /// another request while a conversion is on its way).
    NotConverted(String),
    /// What was pasted for a row with [`Request::UseLink`] holds no point: nothing changed,
    /// and the message (for the person) belongs beside the field it was pasted in.
    LinkRefused {
        /// The sheet row (0-based), as sent.
        row: usize,
        /// Why, and what to paste instead.
        message: String,
    },
    /// The converter could not take a request, or one side could not read the other's
    /// message (made by the page's [`crate::client::ConverterWorker`] and the worker's glue,
    /// never by the worker's `Session`): whatever was under way has ended. The
    /// message is for the person.
    Unanswered(String),
    /// The worker died (a panic or abort inside a parser) and was replaced by a fresh one;
    /// made by the page's [`crate::client::ConverterWorker`], never sent by a worker. The text
    /// is the browser's technical detail, for the console.
    Crashed(String),
}

/// What the page shows after a file is opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The file's name.
    pub file_name: String,
    /// Every sheet's name and row count, in tab order.
    pub sheets: Vec<SheetSummary>,
    /// The proposed sheet, column and header.
    pub target: Target,
    /// The columns of the proposed sheet.
    pub columns: Vec<ColumnChoice>,
    /// The first rows of the sheet as text (a `HYPERLINK()` formula without a cached value
    /// shows its link).
    pub head: Vec<Vec<String>>,
    /// How many of the proposed sheet's rows the columns' link counts looked at (all of
    /// them, or the first ones of a long sheet), the header row among them as in
    /// [`SheetSummary::rows`].
    pub counted_rows: usize,
    /// True when the input was read as text (CSV, GeoJSON), which also gets a CSV download.
    pub is_csv: bool,
    /// True when the input was .xlsx/.xlsm, which can keep its formatting.
    pub is_xlsx: bool,
}

/// A sheet in the sheet picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSummary {
    /// The tab name.
    pub name: String,
    /// Rows up to the last used one.
    pub rows: usize,
}

/// A column in the column picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnChoice {
    /// 0-based column index.
    pub column: usize,
    /// Spreadsheet letters: `A`, `B`, …
    pub letter: String,
    /// The header cell's text when row 1 is a header.
    pub header: Option<String>,
    /// Map links among the first [`Preview::counted_rows`] rows.
    pub links: usize,
}

/// A finished conversion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Converted {
    /// Counts over every row.
    pub stats: Stats,
    /// The first [`SHOWN_ROWS`] result rows.
    pub rows: Vec<ResultRow>,
    /// The other link columns' counts, when several were converted: (column letters, stats).
    pub more_stats: Vec<(String, Stats)>,
    /// Milliseconds the worker spent converting and writing.
    pub elapsed_ms: f64,
    /// Of those, milliseconds spent extracting points (for links-per-second figures).
    pub extract_ms: f64,
    /// Every row still holding a short link.
    pub short_links: Vec<ShortLinkRow>,
    /// Rows with coordinates that repeat an earlier row's point exactly.
    pub duplicates: usize,
    /// Short links the resolver has turned into points so far.
    pub resolved: usize,
    /// True when this answers [`Request::ApplyResolved`] (the page must not resolve again).
    pub after_resolving: bool,
    /// The heading of the column shown as each row's name (its header, else its letters),
    /// when the sheet has one: its first text column, or the one left of the link.
    pub name_column: Option<String>,
}

impl Converted {
    /// True when some row has a point, or may get one from a resolver: the page then shows
    /// the map, the row panel and the downloads.
    pub fn has_points(&self) -> bool {
        self.stats.with_coordinates + self.stats.needs_resolver > 0
    }
}

/// The files of a finished conversion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Files {
    /// The output workbook, unless it cannot be an .xlsx (too wide, a text too long…).
    pub xlsx: Option<Download>,
    /// Why there is no .xlsx, in words for the person.
    pub xlsx_error: Option<String>,
    /// Something to know about the .xlsx (the formatting could not be kept, say).
    pub xlsx_note: Option<String>,
    /// The output as CSV, for CSV inputs and whenever there is no .xlsx.
    pub csv: Option<Download>,
    /// Something to know about the CSV (written as UTF-8 because the input's encoding lacks
    /// one of its characters, say).
    pub csv_note: Option<String>,
}

impl Response {
    /// The same answer with every file's contents passed through `change`, with the file's
    /// kind (the worker turns its bytes into Blobs before posting).
    pub fn map_contents(self, mut change: impl FnMut(Contents, FileKind) -> Contents) -> Response {
        let mut download = |file: Download| Download { contents: change(file.contents, file.kind), ..file };
        match self {
            Response::Converted(converted, files) => Response::Converted(
                converted,
                Files { xlsx: files.xlsx.map(&mut download), csv: files.csv.map(&mut download), ..files },
            ),
            Response::Exported(file) => Response::Exported(download(file)),
            other => other,
        }
    }
}

/// Points for the map, as parallel lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MapPoints {
    /// Latitudes, decimal degrees.
    pub lat: Vec<f64>,
    /// Longitudes, decimal degrees.
    pub lon: Vec<f64>,
    /// True for a map view (low confidence), false for a pin.
    pub low: Vec<bool>,
    /// Each point's index among the outcomes (the results table's position without a filter).
    pub index: Vec<u32>,
    /// Each point's spreadsheet row number (1-based, as Excel shows it).
    pub row: Vec<u32>,
    /// Each point's name (the row's cell in [`Converted::name_column`]; empty without one).
    pub name: Vec<String>,
    /// Rows with coordinates in all (more than drawn when over [`MAP_POINTS`]).
    pub total: usize,
}

/// One row of the results table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// The row's index among the outcomes (its position when the table is unfiltered).
    pub index: usize,
    /// The spreadsheet row number (1-based, as Excel shows it).
    pub row: usize,
    /// The link cell's text.
    pub link: String,
    /// The row's name (its cell in [`Converted::name_column`]; empty without one).
    pub name: String,
    /// Latitude in decimal degrees.
    pub lat: Option<f64>,
    /// Longitude in decimal degrees.
    pub lon: Option<f64>,
    /// The `Coordinate source` words, as the file gets them.
    pub words: String,
    /// Where the point came from, or why there is none.
    pub source: Source,
    /// The row's verdict.
    pub status: Status,
}
