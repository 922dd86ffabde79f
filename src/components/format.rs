//! Numbers, counts, sizes, coordinates and links as the page writes them: one helper each,
//! so every part of the page says a count the same way.

/// 1234567 → "1,234,567", in the browser's own number format (`Intl.NumberFormat`); natively
/// (the tests), the English one.
pub fn count(n: usize) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            // Made once: the table formats every drawn row's number.
            static FORMAT: js_sys::Function = {
                let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
                format.format()
            };
        }
        let text = FORMAT
            .with(|f| f.call1(&wasm_bindgen::JsValue::NULL, &(n as f64).into()).ok())
            .and_then(|t| t.as_string());
        if let Some(text) = text {
            return text;
        }
    }
    grouped(n)
}

/// 1234567 → "1,234,567".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 row", "2 rows", "1,048,576 rows": a count and its noun, singular only for one.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A count of rows: the one way the page says how many rows something has.
pub fn rows(n: usize) -> String {
    plural(n, "row", "rows")
}

/// The data rows of a sheet of `rows` rows: the header is not one.
pub fn data_rows(rows: usize, header: bool) -> usize {
    if header {
        rows.saturating_sub(1)
    } else {
        rows
    }
}

/// A file size in words: "812 bytes", "34 KB", "54.2 MB" (powers of 1,024, as file
/// managers show them).
pub fn size(bytes: usize) -> String {
    if bytes < 1024 {
        return plural(bytes, "byte", "bytes");
    }
    let bytes = bytes as f64;
    if bytes < 1024.0 * 1024.0 {
        format!("{} KB", (bytes / 1024.0).round())
    } else {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    }
}

/// A latitude or longitude for reading: six decimals (about 0.1 m, finer than any map link
/// is sure of) and a true minus sign, so a column of them lines up in tabular figures.
pub fn degrees(value: f64) -> String {
    let text = format!("{:.6}", value.abs());
    if value.is_sign_negative() && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// A link cut in the middle when it is longer than `most` characters: its start (the host,
/// which says whose link it is) and its end (which tells one link from the next).
pub fn middle(link: &str, most: usize) -> String {
    let chars = link.chars().count();
    if chars <= most || most < 5 {
        return link.to_string();
    }
    let head = most * 3 / 5;
    let tail = most - head - 1;
    let start: String = link.chars().take(head).collect();
    let end: String = link.chars().skip(chars - tail).collect();
    format!("{start}…{end}")
}

/// "12,345 rows/s · about 8 s left": the rate of `unit`s per second and, when `left` units
/// remain, the time they will take at that rate.
pub fn pace(per_second: f64, left: usize, unit: &str) -> String {
    let rate = format!("{} {unit}/s", count(per_second.round() as usize));
    if left == 0 || per_second <= 0.0 {
        return rate;
    }
    format!("{rate} · about {} left", seconds(left as f64 / per_second))
}

fn seconds(s: f64) -> String {
    if s < 1.5 {
        "1 s".to_string()
    } else if s < 90.0 {
        format!("{} s", s.round())
    } else {
        format!("{} min", (s / 60.0).round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(rows(0), "0 rows");
        assert_eq!(rows(1), "1 row");
        assert_eq!(rows(2), "2 rows");
        assert_eq!(plural(1_048_576, "point", "points"), "1,048,576 points");
        assert_eq!(data_rows(17, true), 16);
        assert_eq!(data_rows(17, false), 17);
        assert_eq!(data_rows(0, true), 0);
    }

    #[test]
    fn sizes_are_in_the_units_file_managers_show() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(34 * 1024 + 100), "34 KB");
        assert_eq!(size(56_832_000), "54.2 MB");
    }

    #[test]
    fn degrees_have_six_decimals_and_a_true_minus() {
        assert_eq!(degrees(41.4036299), "41.403630");
        assert_eq!(degrees(-122.3421707), "\u{2212}122.342171");
        assert_eq!(degrees(0.0), "0.000000");
        // A value that rounds to zero is not "−0.000000".
        assert_eq!(degrees(-0.0000001), "0.000000");
        assert_eq!(degrees(-90.0), "\u{2212}90.000000");
    }

    #[test]
    fn long_links_keep_their_host_and_their_end() {
        let link = "https://www.google.com/maps/place/Sagrada+Fam%C3%ADlia/@41.4036299,2.1743558,17z";
        let cut = middle(link, 40);
        assert_eq!(cut.chars().count(), 40);
        assert!(cut.starts_with("https://www.google.com/m"), "{cut}");
        assert!(cut.ends_with("2.1743558,17z"), "{cut}");
        assert!(cut.contains('…'));
        assert_eq!(middle("geo:1,2", 40), "geo:1,2");
        // Characters, not bytes: a cut never splits one.
        let cyrillic = "https://yandex.ru/maps/?text=Красная+площадь+Москва+Россия+центр";
        assert_eq!(middle(cyrillic, 30).chars().count(), 30);
    }

    #[test]
    fn the_pace_gives_the_time_left_only_when_it_can_be_told() {
        assert_eq!(pace(12_345.4, 0, "rows"), "12,345 rows/s");
        assert_eq!(pace(0.0, 100, "links"), "0 links/s");
        assert_eq!(pace(100.0, 100, "rows"), "100 rows/s · about 1 s left");
        assert_eq!(pace(100.0, 2000, "rows"), "100 rows/s · about 20 s left");
        assert_eq!(pace(10.0, 6000, "links"), "10 links/s · about 10 min left");
    }
}
