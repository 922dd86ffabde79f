//! Work side by side on every core natively (the CLI); one after the other in wasm, where the
//! page's worker is the only thread and std cannot start another.

use std::ops::Range;

/// Threads to use: every core (up to 8) natively, one in wasm.
pub(crate) fn threads() -> usize {
    match cfg!(target_arch = "wasm32") {
        true => 1,
        false => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
    }
}

/// `f` over `rows` cut into up to `threads` consecutive parts, side by side; results in order.
pub(crate) fn in_parts<T: Send>(
    rows: Range<usize>,
    threads: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    // A part must be worth a thread (~30 µs to start, ~1 µs a row).
    let threads = threads.min(rows.len() / 500).max(1);
    let size = rows.len().div_ceil(threads);
    let parts: Vec<Range<usize>> =
        (0..threads).map(|k| rows.start + k * size..(rows.start + (k + 1) * size).min(rows.end)).collect();
    #[cfg(not(target_arch = "wasm32"))]
    if parts.len() > 1 {
        let f = &f;
        return std::thread::scope(|scope| {
            let others: Vec<_> = parts[1..].iter().map(|part| scope.spawn(move || f(part.clone()))).collect();
            let mut results = vec![f(parts[0].clone())];
            results.extend(others.into_iter().map(join));
            results
        });
    }
    parts.into_iter().map(f).collect()
}

/// `background()` on another thread while `foreground()` runs on this one.
pub(crate) fn both<A: Send, B>(
    background: impl FnOnce() -> A + Send,
    foreground: impl FnOnce() -> B,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads() > 1 {
        return std::thread::scope(|scope| {
            let handle = scope.spawn(background);
            let b = foreground();
            (join(handle), b)
        });
    }
    let a = background();
    (a, foreground())
}

/// A panic on another thread is the caller's to catch, as if it happened on this one.
#[cfg(not(target_arch = "wasm32"))]
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_rows_in_order() {
        for (rows, threads) in [(0..0, 2), (3..10, 2), (0..2001, 2), (5..100_000, 3), (0..100_000, 1)] {
            let parts = in_parts(rows.clone(), threads, |part| part.collect::<Vec<_>>());
            assert_eq!(parts.concat(), rows.clone().collect::<Vec<_>>());
            assert!(parts.len() <= threads.max(1));
        }
        assert_eq!(in_parts(0..100_000, 2, |part| part.len()).len(), 2);
    }

    #[test]
    fn both_run_and_a_panic_comes_back() {
        assert_eq!(both(|| 1, || 2), (1, 2));
        let caught = std::panic::catch_unwind(|| both(|| panic!("in the background"), || 2));
        assert!(caught.is_err());
    }
}
