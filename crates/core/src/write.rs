//! Writing a converted sheet back out: the input untouched, three columns appended.

use rust_xlsxwriter::XlsxError;
use thiserror::Error;

mod csv;
mod layout;
#[cfg(test)]
mod link_tests;
mod links;
mod stream;
#[cfg(test)]
mod tests;
mod xlsx;

pub(crate) use csv::write_csv_noted;
pub use csv::{write_csv, write_csv_all};
pub(crate) use layout::{new_column_names, same_sheet};
pub use xlsx::{write_xlsx, write_xlsx_all};

/// Names of the appended columns, written in the header row when the sheet has one.
pub const NEW_COLUMNS: [&str; 3] = ["Latitude", "Longitude", "Coordinate source"];

/// Why an output file could not be made.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The sheet plus the new columns does not fit Excel's grid; CSV has no such limit.
    #[error("Sheet '{sheet}' has {rows} rows and {columns} columns with the new ones; an .xlsx holds at most 1,048,576 rows and 16,384 columns. Download as CSV instead.")]
    TooLarge {
        /// The sheet's name.
        sheet: String,
        /// Rows in the sheet.
        rows: usize,
        /// Columns including the three new ones.
        columns: usize,
    },
    /// A CSV of the sheet would be absurdly large: its rows padded to its widest row (a single
    /// far-away cell makes every row millions of commas).
    #[error("A CSV of sheet '{sheet}' would hold {cells} cells ({rows} rows × {columns} columns); that is more than pinsheet writes. Remove the far-away cells and try again.")]
    CsvTooLarge {
        /// The sheet's name.
        sheet: String,
        /// Rows in the sheet.
        rows: usize,
        /// Columns including the three new ones.
        columns: usize,
        /// Rows × columns.
        cells: usize,
    },
    /// A cell holds more text than an .xlsx cell can (32,767 characters); CSV has no limit.
    #[error("Sheet '{sheet}' has a cell with more than 32,767 characters, more than an .xlsx cell holds. Download as CSV instead.")]
    TextTooLong {
        /// The sheet's name.
        sheet: String,
    },
    /// rust_xlsxwriter refused a value.
    #[error("The .xlsx could not be written: {0}")]
    Xlsx(#[from] XlsxError),
    /// Streaming the cells into rust_xlsxwriter's package failed; not expected.
    #[error("The .xlsx could not be written: {0}")]
    Package(#[from] crate::ooxml::PackageError),
    /// The CSV writer failed; it writes to memory, so this is not expected.
    #[error("The CSV could not be written: {0}")]
    Csv(#[from] ::csv::Error),
}
