//! Progress on stderr: indicatif bars (count, rate, time left) when stderr is a terminal,
//! one plain line per stage otherwise (logs and pipes get no control characters); nothing at
//! all when the caller asks for quiet (the Python package).

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// One stage of a run: reading, converting, resolving, writing.
pub struct Stage {
    label: &'static str,
    unit: &'static str,
    bar: Option<ProgressBar>,
    started: Instant,
    done: std::sync::atomic::AtomicU64,
    shown: bool,
}

impl Stage {
    /// Starts a stage of `total` units (`None` while the total is not known); `shown: false`
    /// keeps it silent.
    pub fn new(label: &'static str, total: Option<u64>, unit: &'static str, shown: bool) -> Stage {
        let bar = (shown && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                format!("{{prefix:>10}} [{{bar:30}}] {{human_pos}}/{{human_len}} {unit} · {{rate}} {unit}/s · {{eta}} left")
            } else {
                format!("{{prefix:>10}} {{spinner}} {{human_pos}} {unit} · {{rate}} {unit}/s")
            };
            if let Ok(style) = ProgressStyle::with_template(&template) {
                // Whole units a second, with thousands separators: "12,480 rows/s".
                let rate = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", HumanCount(state.per_sec().round() as u64));
                };
                bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
            }
            bar.set_prefix(label);
            bar
        });
        if shown && bar.is_none() {
            if let Some(total) = total {
                eprintln!("{label}: {} {unit}…", HumanCount(total));
            }
        }
        Stage { label, unit, bar, started: Instant::now(), done: 0.into(), shown }
    }

    /// `n` more units done.
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// `done` of `total` units.
    pub fn set(&self, done: u64, total: u64) {
        self.done.store(done, std::sync::atomic::Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            if total > 0 {
                bar.set_length(total);
            }
            bar.set_position(done);
        }
    }

    /// Ends the stage: the bar is cleared; a stage that took a second or more leaves a
    /// plain line saying what it did (quick ones leave the output as it was).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let done = self.done.load(std::sync::atomic::Ordering::Relaxed);
        let seconds = self.started.elapsed().as_secs_f64();
        if self.shown && seconds >= 1.0 {
            eprintln!("{}: {} {} in {seconds:.1} s", self.label, HumanCount(done), self.unit);
        }
    }
}
