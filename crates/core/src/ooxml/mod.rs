//! Office Open XML packages, under everything that reads or writes them: the zip package
//! ([`package`]), reading its XML ([`xml`]), writing cells into it ([`cells`]), and the one
//! error of them all, [`PackageError`].

pub(crate) mod cells;
pub(crate) mod package;
pub(crate) mod xml;

use zip::result::ZipError;

/// Why an .xlsx package could not be read or written: the one error of the package code,
/// which [`crate::WriteError::Package`] and [`crate::PatchError`] carry.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// The bytes are not a zip archive, or its central directory is damaged.
    #[error(transparent)]
    NotZip(ZipError),
    /// An entry of the zip's directory cannot be read (a damaged header, a name that is not
    /// text).
    #[error(transparent)]
    Entry(ZipError),
    /// A part the package needs is missing, or cannot be inflated.
    #[error("{part}: {source}")]
    Part {
        /// The part's path in the zip, such as `xl/workbook.xml`.
        part: String,
        /// What the zip reader said.
        source: ZipError,
    },
    /// The workbook lists no sheet of this name, or no part for it.
    #[error("no sheet '{0}' in the workbook")]
    NoSheet(String),
    /// A part's XML is not well-formed.
    #[error(transparent)]
    Xml(#[from] quick_xml::Error),
    /// A part's XML is well-formed but not what SpreadsheetML has there (a row without its
    /// number, rows out of order, no `sheetData`).
    #[error("{0}")]
    Malformed(&'static str),
    /// The new package could not be written; it is written to memory, so this is not
    /// expected.
    #[error(transparent)]
    Write(ZipError),
    /// A part's new bytes could not be written (nor is this expected).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl PackageError {
    /// True when writing the new package failed, rather than reading the old one.
    pub(crate) fn is_write(&self) -> bool {
        matches!(self, PackageError::Write(_) | PackageError::Io(_))
    }
}
