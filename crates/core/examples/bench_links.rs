//! Links per second through `extract` on one core: `cargo run --release -p pinsheet-core
//! --example bench_links -- [N] [CORPUS.csv]`. The corpus mixes every service and notation
//! (see `corpus`); with a path, it is also written as a one-column CSV for the browser half
//! of `make bench`.

use std::time::Instant;

/// One link of each kind, with a number `i` spread into its coordinates.
fn corpus(i: usize) -> String {
    let lat = (i as f64 * 0.618_034).fract() * 160.0 - 80.0;
    let lon = (i as f64 * 0.414_214).fract() * 340.0 - 170.0;
    match i % 20 {
        0 => format!("https://www.google.com/maps/place/Depot+{i}/@{lat:.7},{lon:.7},17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x{i:016x}!8m2!3d{lat:.7}!4d{lon:.7}!16s%2Fg%2F11c1q{i}"),
        1 => format!("https://www.google.com/maps/@{lat:.7},{lon:.7},15z"),
        2 => format!("https://maps.google.com/?q={lat:.6},{lon:.6}"),
        3 => format!("https://www.google.com/maps/search/?api=1&query={lat:.6}%2C{lon:.6}"),
        4 => format!("https://maps.app.goo.gl/{i:017}"),
        5 => format!("https://www.google.com/maps/dir/1,1/{lat:.6},{lon:.6}/"),
        6 => format!("https://maps.apple.com/?ll={lat:.6},{lon:.6}&q=Dropped%20Pin"),
        7 => format!("https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}"),
        8 => format!("https://www.bing.com/maps?cp={lat:.6}~{lon:.6}&lvl=12"),
        9 => format!("https://waze.com/ul?ll={lat:.6},{lon:.6}&navigate=yes"),
        10 => format!("https://yandex.ru/maps/?pt={lon:.6},{lat:.6}&z=18&l=map"),
        11 => format!("geo:{lat:.6},{lon:.6}"),
        12 => format!("{lat:.6}, {lon:.6}"),
        13 => {
            let (h, v) = (if lat < 0.0 { 'S' } else { 'N' }, if lon < 0.0 { 'W' } else { 'E' });
            format!("{}°{}'{:.1}\"{h} {}°{}'{:.1}\"{v}", lat.abs().trunc(), (lat.abs().fract() * 60.0).trunc(), (lat.abs() * 3600.0) % 60.0, lon.abs().trunc(), (lon.abs().fract() * 60.0).trunc(), (lon.abs() * 3600.0) % 60.0)
        }
        14 => "8FVC9G8F+6X".to_string(),
        15 => format!("https://share.here.com/l/{lat:.5},{lon:.5},Place"),
        16 => format!("https://mapy.cz/zakladni?x={lon:.6}&y={lat:.6}&z=16"),
        17 => "https://www.google.com/maps/place/Louvre+Museum".to_string(),
        18 => format!("call the depot about order {i}"),
        _ => String::new(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(200_000), |a| a.parse())?;
    let links: Vec<String> = (0..n).map(corpus).collect();
    if let Some(path) = args.next() {
        let mut writer = csv::Writer::from_path(path)?;
        writer.write_record(["Link"])?;
        for link in &links {
            writer.write_record([link])?;
        }
        writer.flush()?;
    }
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..5 {
        let started = Instant::now();
        found = links.iter().filter(|l| pinsheet_core::extract(l).coordinate.is_some()).count();
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{{\"links\": {n}, \"with_points\": {found}, \"seconds\": {best:.4}, \"links_per_second\": {:.0}}}",
        n as f64 / best
    );
    Ok(())
}
