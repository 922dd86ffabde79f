//! Numbers and durations as the page writes them, shared by the progress displays and cards.

/// 1234567 → "1,234,567".
pub fn count(n: usize) -> String {
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
    fn the_pace_gives_the_time_left_only_when_it_can_be_told() {
        assert_eq!(pace(12_345.4, 0, "rows"), "12,345 rows/s");
        assert_eq!(pace(0.0, 100, "links"), "0 links/s");
        assert_eq!(pace(100.0, 100, "rows"), "100 rows/s · about 1 s left");
        assert_eq!(pace(100.0, 2000, "rows"), "100 rows/s · about 20 s left");
        assert_eq!(pace(10.0, 6000, "links"), "10 links/s · about 10 min left");
    }
}
