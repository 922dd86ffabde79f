//! The .xlsx writer: rust_xlsxwriter gets the cells that need it, the plain values are then
//! streamed into its package ([`super::stream`]).

use super::layout::{new_column_names, same_sheet, Layout};
use super::{links, stream, WriteError};
use crate::excel::{MAX_COLUMNS, MAX_ROWS};
use crate::{Cell, Conversion, Placement, Sheet, Workbook};
use rust_xlsxwriter::{Format as CellFormat, Formula, Url};

/// Writes the workbook as .xlsx with `Latitude`, `Longitude` (numbers, WGS-84 decimal
/// degrees) and `Coordinate source` in the converted sheet — after the link column, the
/// columns to its right moved over (the default), or after its last used column
/// ([`Placement`]).
///
/// Every sheet and every cell value is written back with its type (text, number, boolean,
/// date, error); .xlsx formulas with their cached results (references to moved columns
/// rewritten, as Excel does on an insert), hyperlinks and merged ranges are kept. The
/// converted sheet's header row, when the target says there is one, gets the new column names,
/// is frozen and carries an autofilter. Cell styles, column widths, charts, images, defined
/// names and data validation are not carried over.
///
/// # Errors
///
/// [`WriteError::TooLarge`] when a sheet exceeds Excel's grid, [`WriteError::TextTooLong`]
/// when a cell holds more than 32,767 characters, [`WriteError::Xlsx`] when rust_xlsxwriter
/// refuses a value, [`WriteError::Package`] if streaming the cells into its package fails
/// (not expected).
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, detect, read, write_xlsx, Placement};
///
/// let workbook = read(b"Link\nhttps://www.google.com/maps/place/Louvre\n", "a.csv")?;
/// let target = detect(&workbook).unwrap();
/// let xlsx = write_xlsx(&workbook, &convert(&workbook, &target, |_, _| {}), Placement::AfterLink)?;
/// assert!(xlsx.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_xlsx(
    workbook: &Workbook,
    conversion: &Conversion,
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
    write_xlsx_all(workbook, std::slice::from_ref(conversion), placement, |_, _| {})
}

/// [`write_xlsx`] for several link columns of one sheet at once, calling `progress(done,
/// total)` as the converted sheet's rows are written and compressed (every
/// [`crate::PROGRESS_ROWS`] rows; `total` is its row count). Each conversion gets its own
/// three columns (after its link column, or one set after another at the end, as `placement`
/// says); the first keeps the plain names, the others add their link
/// column's name: `Latitude (Pickup)`. Conversions of another sheet than the first's, or of
/// a column already given, are left out.
///
/// Text is written as inline strings (no shared-string table), which Excel, LibreOffice,
/// Google Sheets, openpyxl and calamine all read; memory stays near the size of the output
/// file, whatever the number of rows.
///
/// # Errors
///
/// As [`write_xlsx`].
pub fn write_xlsx_all(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u8>, WriteError> {
    // One copy of the writer whatever the callback: the page's worker calls it with two.
    write_xlsx_with(workbook, conversions, placement, &mut progress)
}

fn write_xlsx_with(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, WriteError> {
    let conversions = same_sheet(conversions);
    let mut book = rust_xlsxwriter::Workbook::new();
    // Its parts are copied into the output compressed as they are: at the level the stream
    // compresses the cells with, not rust_xlsxwriter's slower 6.
    book.set_zip_compression_level(crate::ooxml::package::LEVEL);
    let formats = Formats::new();
    let names = crate::excel::sheet_names(workbook);
    let sheet_index = conversions.first().map_or(usize::MAX, |c| c.target.sheet);
    let target = workbook.sheets.get(sheet_index);
    let target_layout =
        target.map_or(Layout::unmoved(), |sheet| Layout::new(&conversions, sheet.width(), placement));
    let mut streams = Vec::with_capacity(workbook.sheets.len());
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let converted = index == sheet_index;
        let width = sheet.width();
        let columns = if converted { target_layout.width(width) } else { width };
        if sheet.rows.len() > MAX_ROWS || columns > MAX_COLUMNS {
            return Err(WriteError::TooLarge { sheet: sheet.name.clone(), rows: sheet.rows.len(), columns });
        }
        let layout = if converted { target_layout.clone() } else { Layout::unmoved() };
        let out = book.add_worksheet();
        out.set_name(&names[index])?;
        // References into the converted sheet follow its moved columns, from any sheet.
        let shift = |formula: &str| match target {
            Some(target) => target_layout.shift(formula, &target.name, converted),
            None => formula.to_string(),
        };
        let header =
            converted && conversions.first().is_some_and(|c| c.target.header) && !sheet.rows.is_empty();
        let mut specials = write_specials(out, sheet, &layout, &formats, &shift)?;

        if converted {
            for (k, conversion) in conversions.iter().enumerate() {
                let first = layout.firsts[k] as u16;
                out.set_column_width(first, 12)?;
                out.set_column_width(first + 1, 12)?;
                out.set_column_width(first + 2, 26)?;
                if header {
                    for (offset, name) in new_column_names(sheet, conversion, k).iter().enumerate() {
                        out.write_string_with_format(0, first + offset as u16, name, &formats.bold)?;
                        specials.header.push((0, first + offset as u16));
                    }
                }
            }
        }
        if header {
            out.set_freeze_panes(1, 0)?;
            let last_row = sheet.rows.len().saturating_sub(1) as u32;
            out.autofilter(0, 0, last_row.max(1), (columns - 1) as u16)?;
        }
        let conversions = if converted { conversions.clone() } else { Vec::new() };
        streams.push(stream::Stream { sheet, name: &names[index], layout, columns, specials, conversions });
    }
    // Small: only the cells that need rust_xlsxwriter's styles, formulas and relationships.
    let package = book.save_to_buffer()?;
    let mut report = |stream: usize, done: usize| {
        if stream == sheet_index {
            progress(done, workbook.sheets[stream].rows.len());
        }
    };
    stream::finish(&package, &streams, &mut report)
}

struct Formats {
    date: CellFormat,
    day: CellFormat,
    duration: CellFormat,
    bold: CellFormat,
    plain: CellFormat,
    /// Excel's Hyperlink cell style, as rust_xlsxwriter gives a link's cell.
    link: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            date: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            day: CellFormat::new().set_num_format("yyyy-mm-dd"),
            duration: CellFormat::new().set_num_format("[h]:mm:ss"),
            bold: CellFormat::new().set_bold(),
            plain: CellFormat::new(),
            link: CellFormat::new().set_hyperlink(),
        }
    }

    /// The number format a value needs to read back as the same type.
    fn of(&self, cell: &Cell) -> Option<&CellFormat> {
        style_kind(cell).map(|kind| [&self.day, &self.date, &self.duration][kind])
    }
}

/// Which of the number formats a value needs, as an index into [`Specials::styled`]: a day,
/// a date with a time, a duration.
pub(super) fn style_kind(cell: &Cell) -> Option<usize> {
    match cell {
        Cell::DateTime(n) if n.fract() == 0.0 => Some(0),
        Cell::DateTime(_) => Some(1),
        Cell::Duration(_) => Some(2),
        _ => None,
    }
}

/// Where the cells rust_xlsxwriter holds for one sheet are, as (row, layout column), each list
/// in row order: the stream leaves them to it.
#[derive(Debug, Default)]
pub(super) struct Specials {
    /// The first date or duration of each kind ([`style_kind`]) and the error values.
    values: Vec<(u32, u16)>,
    /// Where the first finite cell of each [`style_kind`] is: rust_xlsxwriter writes it, with
    /// the style its number format got, and the stream gives every other finite one that style.
    pub(super) styled: [Option<(u32, u16)>; 3],
    /// Formulas, with their cached results.
    formulas: Vec<(u32, u16)>,
    /// Hyperlinks rust_xlsxwriter writes: `mailto:`, `internal:`, `file://`, and web links
    /// the stream does not take ([`links::web_link`]).
    links: Vec<(u32, u16)>,
    /// The web links the stream writes ([`links`]): (row, layout column, index in the sheet's
    /// hyperlinks), in cell order.
    pub(super) web_links: Vec<(u32, u16, usize)>,
    /// The first web link's cell: rust_xlsxwriter writes it with the Hyperlink style, and the
    /// stream gives the others that style.
    pub(super) link_style: Option<(u32, u16)>,
    /// Links rust_xlsxwriter refuses as hyperlinks, kept as `HYPERLINK()` formulas.
    link_formulas: Vec<(u32, u16)>,
    /// The new columns' names in the converted sheet's header row.
    header: Vec<(u32, u16)>,
}

impl Specials {
    /// Every list, for the stream to walk side by side.
    pub(super) fn lists(&self) -> [&[(u32, u16)]; 6] {
        let anchor = self.link_style.as_slice();
        [&self.values, &self.formulas, &self.links, &self.link_formulas, &self.header, anchor]
    }
}

/// Hands rust_xlsxwriter the cells of one sheet that need more than a value — merged ranges,
/// formulas (with their cached results), the hyperlinks the stream does not write (and the
/// first cell of those it does, for the Hyperlink style), the first date or duration of each
/// number format, error values — at their layout columns, and returns where they are (lists
/// each in row order). The plain values (text, numbers, booleans, the other dates with the
/// style rust_xlsxwriter gave the first) are streamed into its package
/// afterwards ([`super::stream`]): held in rust_xlsxwriter's model, a million rows take over a
/// gigabyte, more than a tab can spare.
fn write_specials(
    out: &mut rust_xlsxwriter::Worksheet,
    sheet: &Sheet,
    layout: &Layout,
    formats: &Formats,
    shift: &dyn Fn(&str) -> String,
) -> Result<Specials, WriteError> {
    let mut specials = Specials::default();
    // merge_range blanks the range; those blanks are not specials: a value streamed into the
    // range replaces its blank.
    for span in &sheet.merged {
        let (first, last) = (layout.column(span.first.1 as usize), layout.column(span.last.1 as usize));
        if first >= MAX_COLUMNS || last >= MAX_COLUMNS {
            continue;
        }
        // An overlapping or one-cell range is refused by Excel too; its cells are kept.
        let _ = out.merge_range(span.first.0, first as u16, span.last.0, last as u16, "", &formats.plain);
    }
    for (row, cells) in sheet.rows.iter().enumerate() {
        // The grid was checked against Excel's limits, so these conversions cannot truncate.
        let r = row as u32;
        for (column, cell) in cells.iter().enumerate() {
            let c = layout.column(column) as u16;
            match cell {
                Cell::DateTime(n) | Cell::Duration(n) => {
                    let Some(kind) = style_kind(cell) else { continue };
                    // Only the first of each kind: held in rust_xlsxwriter's model, a date a
                    // row is as slow and as large as the whole sheet in it. A value that is no
                    // number (NaN, infinity) is always left to it, as it writes those.
                    if n.is_finite() {
                        if specials.styled[kind].is_some() {
                            continue;
                        }
                        specials.styled[kind] = Some((r, c));
                    }
                    out.write_number_with_format(r, c, *n, formats.of(cell).unwrap_or(&formats.plain))?
                }
                Cell::Error(e) => out.write_formula(r, c, Formula::new(e.as_str()).set_result(e.as_str()))?,
                _ => continue,
            };
            specials.values.push((r, c));
        }
    }
    // A formula or link Excel would refuse leaves its cell a plain value.
    for ((row, column), formula) in &sheet.formulas {
        let cell = sheet.cell(*row as usize, *column as usize);
        let c = layout.column(*column as usize);
        if c >= MAX_COLUMNS || *row as usize >= MAX_ROWS {
            continue;
        }
        let result = match cell {
            Cell::Empty => String::new(),
            Cell::Number(n) | Cell::DateTime(n) | Cell::Duration(n) => n.to_string(),
            other => other.display(),
        };
        let formula = Formula::new(shift(formula)).set_result(result);
        let written = match formats.of(cell) {
            Some(format) => out.write_formula_with_format(*row, c as u16, formula, format),
            None => out.write_formula(*row, c as u16, formula),
        };
        if written.is_ok() {
            specials.formulas.push((*row, c as u16));
        }
    }
    // One link a cell, the last given (as rust_xlsxwriter's map of them kept, and as the
    // readers keep them), in cell order; an earlier one is not tried when the last fails.
    let mut order: Vec<usize> = (0..sheet.hyperlinks.len()).rev().collect();
    order.sort_by_key(|&index| sheet.hyperlinks[index].0);
    order.dedup_by_key(|index| sheet.hyperlinks[*index].0);
    for index in order {
        let ((row, column), link) = &sheet.hyperlinks[index];
        let (r, column) = (*row as usize, *column as usize);
        let Cell::Text(text) = sheet.cell(r, column) else { continue };
        let c = layout.column(column);
        if sheet.formula(r, column).is_some() || c >= MAX_COLUMNS {
            continue;
        }
        if !text.is_empty() && links::web_link(link).is_some() {
            let at = (*row, c as u16);
            if specials.link_style.is_none() {
                // A text too long for a cell is refused here and by the stream after.
                if out.write_string_with_format(*row, c as u16, text, &formats.link).is_err() {
                    continue;
                }
                specials.link_style = Some(at);
            }
            specials.web_links.push((at.0, at.1, index));
            continue;
        }
        // Excel refuses links over 2,080 characters.
        if out.write_url_with_text(*row, c as u16, Url::new(link.as_str()), text).is_ok() {
            specials.links.push((*row, c as u16));
        } else if let Some(formula) = hyperlink_formula(link, text) {
            // A scheme rust_xlsxwriter does not take for a hyperlink (`geo:`, `comgooglemaps:`)
            // is kept as Excel's own HYPERLINK(), showing the same text: the link is not lost.
            if out.write_formula(*row, c as u16, Formula::new(formula).set_result(text)).is_ok() {
                specials.link_formulas.push((*row, c as u16));
            }
        }
    }
    Ok(specials)
}

/// `HYPERLINK("link","text")`, quotes doubled; None past Excel's 255 characters for a string
/// in a formula.
fn hyperlink_formula(link: &str, text: &str) -> Option<String> {
    const MAX_LITERAL: usize = 255;
    if link.chars().count() > MAX_LITERAL || text.chars().count() > MAX_LITERAL || link.is_empty() {
        return None;
    }
    let quote = |s: &str| s.replace('"', "\"\"");
    Some(format!("HYPERLINK(\"{}\",\"{}\")", quote(link), quote(text)))
}
