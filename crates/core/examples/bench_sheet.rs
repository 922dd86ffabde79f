//! Writes the benchmark workbook: `cargo run --release -p pinsheet-core --example bench_sheet
//! -- ROWS OUT.xlsx`. Each row: an id, a name and a long Google Maps place link (pin, map
//! view, ids and data block, ~250 characters), a tenth of them short links or plain text.

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: u32 = args.next().ok_or("usage: bench_sheet ROWS OUT.xlsx")?.parse()?;
    let out = args.next().ok_or("usage: bench_sheet ROWS OUT.xlsx")?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Places")?;
    sheet.write_row(0, 0, ["Id", "Name", "Link"])?;
    for row in 1..=rows {
        // A deterministic spread of points over the globe.
        let lat = ((row as f64 * 0.618_034).fract() * 170.0 - 85.0 * 1.0).clamp(-85.0, 85.0);
        let lon = (row as f64 * 0.414_214).fract() * 358.0 - 179.0;
        let link = match row % 10 {
            0 => format!("https://maps.app.goo.gl/{row:017}"),
            5 => format!("see the depot near exit {row}"),
            _ => format!(
                "https://www.google.com/maps/place/Depot+{row}/@{lat:.7},{:.7},17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x{row:016x}!8m2!3d{lat:.7}!4d{lon:.7}!16s%2Fg%2F11c1q{row}",
                lon - 0.002
            ),
        };
        sheet.write_number(row, 0, f64::from(row))?;
        sheet.write_string(row, 1, format!("Depot {row}"))?;
        sheet.write_string(row, 2, link)?;
    }
    book.save(&out)?;
    Ok(())
}
