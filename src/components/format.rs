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
