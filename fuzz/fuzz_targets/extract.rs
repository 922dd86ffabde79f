//! Any text through the extractor: no panic, and a point only ever in range with a provenance.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinsheet_core::{extract_with, Coordinate, Options, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for near in [None, Coordinate::new(47.4, 8.5)] {
        let e = extract_with(text, &Options { near });
        if let Some(c) = e.coordinate {
            assert!(c.lat().abs() <= 90.0 && c.lon().abs() <= 180.0, "{c:?} from {text:?}");
            assert!(matches!(e.source, Source::Found(_)));
        }
        let _ = e.describe();
    }
});
