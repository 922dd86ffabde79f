//! What a conversion is asked to do, in three parts that different stages read: the cells to
//! read ([`Target`], which [`crate::detect`] proposes), how to read them ([`Options`]) and
//! how to write the result ([`Output`]).

use crate::Coordinate;
use serde::{Deserialize, Serialize};

/// Which cells hold the links: a sheet, its link column, and whether its first row is a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Index of the sheet in [`crate::Workbook::sheets`].
    pub sheet: usize,
    /// 0-based index of the link column (0 is column A).
    pub column: usize,
    /// True when row 1 holds column names: it is kept, and the new columns get names there.
    pub header: bool,
}

impl Target {
    /// The target `column` of `sheet` (both 0-based).
    pub fn new(sheet: usize, column: usize, header: bool) -> Target {
        Target { sheet, column, header }
    }
}

/// Settings for reading links ([`crate::extract_with`], [`crate::convert`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// A point near the places, to recover short plus codes (`9G8F+6X`) against (WGS-84).
    pub near: Option<Coordinate>,
}

/// How the converted workbook is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Where the new columns go in the written sheet.
    #[serde(default)]
    pub placement: Placement,
    /// For .xlsx/.xlsm inputs: patch the original package ([`crate::patch_xlsx`]) instead of
    /// rewriting it, so styles and everything else stay; the new columns then go at the end.
    #[serde(default)]
    pub keep_formatting: bool,
}

impl Output {
    /// Where the new columns really go: a patched package takes them after its last used
    /// column (cells in a row must stay in column order), so "keep formatting" means
    /// [`Placement::AtEnd`] — also when the patch fails and the sheet is rewritten, so the
    /// file looks the same either way.
    pub fn placement(&self) -> Placement {
        if self.keep_formatting {
            Placement::AtEnd
        } else {
            self.placement
        }
    }
}

/// Where the three new columns go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// Right after the link column, as if the user had inserted columns there: the columns
    /// to its right move over, and formulas that point at them are rewritten to follow.
    #[default]
    AfterLink,
    /// After the sheet's last used column; nothing moves.
    AtEnd,
}
