//! Why a file could not be read: [`ReadError`], in words for the person who chose the file;
//! what the parser said is kept apart ([`ReadError::detail`]) for logs.

use super::sniff::OtherFile;
use crate::Format;
use thiserror::Error;

/// Why a file could not be read. Messages are for the person who chose the file: what is
/// wrong, in their words, and what to do; the parser's own words are in
/// [`ReadError::detail`].
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes at all.
    #[error("The file is empty. It has no bytes at all: was the download or copy cut short? Save it again and choose the new copy.")]
    Empty,
    /// The workbook is encrypted; Excel does that when it is saved with a password.
    #[error("This file is password-protected. Save an unprotected copy and try again.")]
    Encrypted,
    /// The bytes are neither a workbook pinsheet reads, nor text, nor a kind of file it can
    /// name.
    #[error("This is not a spreadsheet pinsheet can read. Use .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or a Google Takeout saved-places .json.")]
    NotASpreadsheet,
    /// The file is of a kind people choose by mistake for a spreadsheet: an image, a PDF, a
    /// document, an archive, a web page.
    #[error("This is {}, not a spreadsheet. {}", .0.noun(), .0.advice())]
    OtherKind(OtherFile),
    /// The file is a workbook (or JSON) of a format pinsheet reads, but its contents are
    /// damaged or truncated.
    #[error("{}", damaged_words(*.format))]
    Damaged {
        /// What the bytes are.
        format: Format,
        /// What the parser found wrong, in its words: for logs, not for the person.
        detail: String,
    },
    /// The file starts as a zip package (.xlsx, .xlsb, .ods) but its directory cannot be
    /// read, so which workbook it holds cannot be told. Holds the zip reader's words.
    #[error("The file is damaged: its zip index is missing. Was the download cut short? Save it again from the program that made it, and choose the new copy.")]
    DamagedZip(String),
    /// A workbook's XML declares entities (`<!ENTITY …>`), which no spreadsheet program
    /// writes and which "billion laughs" files use to blow up in memory. Holds the parser's
    /// words.
    #[error("The file uses XML features that spreadsheets never use (entity definitions), so it was not read. If it is yours, open it in Excel or LibreOffice and save a new copy.")]
    XmlEntities(String),
    /// A JSON file that is not a FeatureCollection: no places to make rows of.
    #[error("This JSON file is not a Google Takeout saved-places file or GeoJSON (a FeatureCollection of places), so there are no rows in it to convert. Export \"Saved\" or \"Maps (your places)\" from Google Takeout, or save the places as .csv or .xlsx.")]
    NotPlaces,
    /// A CSV file whose rows cannot be split into fields.
    #[error("This CSV file could not be read ({0}).")]
    Csv(String),
    /// The workbook's parts claim sizes or counts no real workbook has — typical of files
    /// built to crash readers (zip bombs, string-count bombs). It is not opened.
    #[error("This file looks damaged or built to crash spreadsheet readers ({0}); it was not opened. If it is yours, open it in Excel or LibreOffice and save a new copy.")]
    Suspicious(String),
}

impl ReadError {
    /// What the parser said, for a log or a bug report: None when the message says it all.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ReadError::Damaged { detail, .. } => Some(detail),
            ReadError::DamagedZip(detail) | ReadError::XmlEntities(detail) => Some(detail),
            _ => None,
        }
    }
}

/// The message for a damaged file of `format`.
fn damaged_words(format: Format) -> &'static str {
    match format {
        Format::Xls => "The file looks like an old Excel (.xls) file but is damaged, so it could not be read. Open it in Excel or LibreOffice, save it as .xlsx, and choose that.",
        Format::Xlsx => "This Excel file is damaged or incomplete, so it could not be read. Open it in Excel or LibreOffice, save it again, and choose the new copy.",
        Format::Xlsb => "This Excel binary (.xlsb) file is damaged or incomplete, so it could not be read. Open it in Excel, save it as .xlsx, and choose that.",
        Format::Ods => "This OpenDocument spreadsheet is damaged or incomplete, so it could not be read. Open it in LibreOffice, save it again, and choose the new copy.",
        Format::GeoJson => "This JSON file is damaged or incomplete (it may have been cut short), so it could not be read. Download or export it again.",
        Format::Csv => "This CSV file is damaged or incomplete, so it could not be read. Save it again from the program that made it.",
    }
}

/// A parser's error for a file of `format`: [`ReadError::Encrypted`] when it speaks of a
/// password (calamine's way of saying so), [`ReadError::XmlEntities`] when of an entity
/// (quick-xml refuses `&lol9;` as unrecognized: it expands none), else
/// [`ReadError::Damaged`].
pub(super) fn damaged(format: Format, error: &dyn std::fmt::Display) -> ReadError {
    let detail = error.to_string();
    let lower = detail.to_ascii_lowercase();
    if lower.contains("password") {
        ReadError::Encrypted
    } else if lower.contains("entity") || lower.contains("doctype") {
        ReadError::XmlEntities(detail)
    } else {
        ReadError::Damaged { format, detail }
    }
}
