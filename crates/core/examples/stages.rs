//! Times each stage of a conversion, with the peak memory so far: `cargo run --release -p
//! pinsheet-core --example stages -- IN.xlsx` (`READ_ONLY=1` stops after reading, for a profiler).
use pinsheet_core::{convert, detect, read, write_xlsx, Placement};
use std::time::Instant;

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stages IN")?;
    let t = Instant::now();
    let bytes = std::fs::read(&path)?;
    let workbook = read(&bytes, &path)?;
    drop(bytes);
    eprintln!("read    {:>7.0} ms  peak {:>6} MiB", t.elapsed().as_secs_f64() * 1e3, peak_kib() / 1024);
    if std::env::var_os("READ_ONLY").is_some() {
        return Ok(());
    }
    let t = Instant::now();
    let plan = detect(&workbook).ok_or("no links")?;
    let conversion = convert(&workbook, &plan, |_, _| {});
    eprintln!("convert {:>7.0} ms  peak {:>6} MiB", t.elapsed().as_secs_f64() * 1e3, peak_kib() / 1024);
    let t = Instant::now();
    let out = write_xlsx(&workbook, &conversion, Placement::AfterLink)?;
    eprintln!(
        "write   {:>7.0} ms  peak {:>6} MiB  {} B",
        t.elapsed().as_secs_f64() * 1e3,
        peak_kib() / 1024,
        out.len()
    );
    let t = Instant::now();
    drop((workbook, conversion, out));
    eprintln!("drop    {:>7.0} ms", t.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
