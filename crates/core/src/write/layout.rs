//! Where the columns land: each input column's place in the written sheet, each conversion's
//! three new columns and their names.

use super::NEW_COLUMNS;
use crate::{Cell, Conversion, Placement, Sheet};

/// Where each input column lands in the converted sheet, and where each conversion's new
/// columns go.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// Link columns with three new columns inserted right after them, ascending.
    pub(super) inserted_after: Vec<usize>,
    /// The first new column of each conversion, in the order given.
    pub(super) firsts: Vec<usize>,
}

impl Layout {
    pub(super) fn new(conversions: &[&Conversion], width: usize, placement: Placement) -> Layout {
        if placement == Placement::AtEnd {
            let firsts = (0..conversions.len()).map(|k| width + k * NEW_COLUMNS.len()).collect();
            return Layout { inserted_after: Vec::new(), firsts };
        }
        let mut inserted_after: Vec<usize> = conversions.iter().map(|c| c.target.column).collect();
        inserted_after.sort_unstable();
        inserted_after.dedup();
        let mut layout = Layout { inserted_after, firsts: Vec::new() };
        layout.firsts = conversions.iter().map(|c| layout.column(c.target.column) + 1).collect();
        layout
    }

    /// Columns that stay where they are.
    pub(super) fn unmoved() -> Layout {
        Layout::default()
    }

    /// Columns in the written sheet: the input's, moved, plus the new ones (a link column
    /// right of every used one puts its new columns further out).
    pub(super) fn width(&self, input_width: usize) -> usize {
        let moved = if input_width == 0 { 0 } else { self.column(input_width - 1) + 1 };
        self.firsts.iter().map(|first| first + NEW_COLUMNS.len()).max().unwrap_or(0).max(moved)
    }

    pub(super) fn column(&self, input: usize) -> usize {
        let before = self.inserted_after.iter().take_while(|&&link| link < input).count();
        input + before * NEW_COLUMNS.len()
    }

    /// A formula with its references to the converted sheet moved as the inserts move them.
    pub(super) fn shift(&self, formula: &str, target: &str, in_target: bool) -> String {
        // Rightmost first: moving columns after a link never changes a link further left.
        let mut formula = formula.to_string();
        for &link in self.inserted_after.iter().rev() {
            let moved =
                crate::shift_columns(&formula, target, in_target, link as u32 + 1, NEW_COLUMNS.len() as u32);
            formula = moved.into_owned();
        }
        formula
    }
}

/// The new columns' names for the `index`-th conversion: plain for the first, followed by
/// the link column's name (its header, else its letters) for the others.
pub(crate) fn new_column_names(sheet: &Sheet, conversion: &Conversion, index: usize) -> [String; 3] {
    if index == 0 {
        return NEW_COLUMNS.map(String::from);
    }
    let column = conversion.target.column;
    let label = match sheet.cell(0, column) {
        Cell::Text(text) if conversion.target.header && !text.trim().is_empty() => text.trim().to_string(),
        _ => crate::column_letter(column),
    };
    NEW_COLUMNS.map(|name| format!("{name} ({label})"))
}

/// The conversions that can be written together: those of the first one's sheet, one per
/// link column.
pub(crate) fn same_sheet(conversions: &[Conversion]) -> Vec<&Conversion> {
    let mut kept: Vec<&Conversion> = Vec::new();
    for conversion in conversions {
        let sheet = conversions[0].target.sheet;
        if conversion.target.sheet == sheet
            && kept.iter().all(|k| k.target.column != conversion.target.column)
        {
            kept.push(conversion);
        }
    }
    kept
}
