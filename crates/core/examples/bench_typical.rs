//! Writes issue 16's typical workbook: `cargo run --release -p pinsheet-core --example
//! bench_typical -- ROWS OUT.xlsx`. Sheet "Places": a name, a map link (mostly long Google
//! Maps place links, some map views, some typed coordinates, a few short links), a date, a
//! number, a boolean and a website column of hyperlinks. Sheet "Regions": a small summary.
//! Excel keeps at most 65,530 hyperlinks a worksheet, so rows past that hold the address as
//! text, as a workbook Excel saved would.

use rust_xlsxwriter::{Format, Url, Workbook};

/// Excel's limit of hyperlinks in one worksheet.
const MAX_HYPERLINKS: u32 = 65_530;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: bench_typical ROWS OUT.xlsx";
    let mut args = std::env::args().skip(1);
    let rows: u32 = args.next().ok_or(usage)?.parse()?;
    let out = args.next().ok_or(usage)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Places")?;
    sheet.write_row(0, 0, ["Name", "Map link", "Visited", "Rating", "Open now", "Website"])?;
    for row in 1..=rows {
        // A deterministic spread of points over the globe.
        let lat = ((f64::from(row) * 0.618_034).fract() * 170.0 - 85.0).clamp(-85.0, 85.0);
        let lon = (f64::from(row) * 0.414_214).fract() * 358.0 - 179.0;
        let link = match row % 20 {
            0 => format!("https://maps.app.goo.gl/{row:017}"),
            1 | 2 => format!("https://www.google.com/maps/@{lat:.7},{lon:.7},15z"),
            3 => format!("{lat:.6}, {lon:.6}"),
            _ => format!(
                "https://www.google.com/maps/place/Depot+{row}/@{lat:.7},{:.7},17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x{row:016x}!8m2!3d{lat:.7}!4d{lon:.7}!16s%2Fg%2F11c1q{row}",
                lon - 0.002
            ),
        };
        sheet.write_string(row, 0, format!("Depot {row}"))?;
        sheet.write_string(row, 1, link)?;
        // Days since 1899-12-30: dates from 2020 on.
        sheet.write_number_with_format(row, 2, 43_831.0 + f64::from(row % 2_000), &date)?;
        sheet.write_number(row, 3, f64::from(row % 50) / 10.0)?;
        sheet.write_boolean(row, 4, row % 3 != 0)?;
        let website = format!("https://example.com/depots/{row}");
        if row <= MAX_HYPERLINKS {
            sheet.write_url(row, 5, Url::new(website))?;
        } else {
            sheet.write_string(row, 5, website)?;
        }
    }
    let regions = book.add_worksheet().set_name("Regions")?;
    regions.write_row(0, 0, ["Region", "Depots", "Updated"])?;
    for row in 1..=200u32 {
        regions.write_string(row, 0, format!("Region {row}"))?;
        regions.write_number(row, 1, f64::from(rows / 200))?;
        regions.write_number_with_format(row, 2, 46_000.0 + f64::from(row), &date)?;
    }
    book.save(&out)?;
    Ok(())
}
