//! Why a file could not be read: [`ReadError`], in words for the person who chose the file.

use crate::Format;
use thiserror::Error;

/// Why a file could not be read. Messages are for the person who chose the file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes at all.
    #[error("The file is empty.")]
    Empty,
    /// The workbook is encrypted; Excel does that when it is saved with a password.
    #[error("This file is password-protected. Save an unprotected copy and try again.")]
    Encrypted,
    /// The bytes are neither a workbook pinsheet reads nor text.
    #[error("This is not a spreadsheet pinsheet can read. Use .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or a Google Takeout saved-places .json.")]
    NotASpreadsheet,
    /// The file is a workbook (or JSON) of a format pinsheet reads, but its contents are
    /// damaged or truncated.
    #[error("This {} file is damaged or incomplete ({detail}). Open and re-save it, then try again.", .format.noun())]
    Damaged {
        /// What the bytes are.
        format: Format,
        /// What the parser found wrong, in its words.
        detail: String,
    },
    /// The file starts as a zip package (.xlsx, .xlsb, .ods) but its directory cannot be
    /// read, so which workbook it holds cannot be told.
    #[error("This zip file is damaged or incomplete ({0}). Open and re-save it, then try again.")]
    DamagedZip(String),
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

/// A parser's error for a file of `format`: [`ReadError::Encrypted`] when it speaks of a
/// password (calamine's way of saying so), else [`ReadError::Damaged`].
pub(super) fn damaged(format: Format, error: &dyn std::fmt::Display) -> ReadError {
    let detail = error.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        ReadError::Encrypted
    } else {
        ReadError::Damaged { format, detail }
    }
}
