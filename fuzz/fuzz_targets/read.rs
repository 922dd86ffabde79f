//! Any bytes through the whole pipeline: sniff, pre-scan, read, detect, convert, write.
//! Seeded by `make fuzz` with the fixtures (real workbooks and the hostile files).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(workbook) = pinsheet_core::read(data, "fuzz.csv") {
        if let Some(plan) = pinsheet_core::detect(&workbook) {
            let conversion = pinsheet_core::convert(&workbook, &plan, |_, _| {});
            let _ = pinsheet_core::write_xlsx(&workbook, &conversion, pinsheet_core::Placement::AfterLink);
            let _ = pinsheet_core::write_csv(&workbook, &conversion, pinsheet_core::Placement::AtEnd);
        }
    }
});
