use crate::browser::now_ms;
use crate::components::format::{count, pace};
use crate::protocol::{RowProgress, Stage};
use leptos::prelude::*;

/// Where the work is, as a bar and in words — "Reading links.xlsx: 120,000 rows so far",
/// "Converting: n of N rows", "Writing the .xlsx: n of N rows" — with the rate, the time
/// left once it can be told, and a button that stops the work.
#[component]
pub fn ProgressBar(
    progress: RwSignal<Option<RowProgress>>,
    file_name: RwSignal<String>,
    /// Stops the work (the converter is replaced; the file must be chosen again).
    cancel: Callback<()>,
) -> impl IntoView {
    // When the current stage started and how far it was then, for the rate.
    let started = StoredValue::new(None::<(Stage, f64, usize)>);
    let rate = Memo::new(move |_| {
        let p = progress.get()?;
        let now = now_ms();
        let (stage, since, from) = match started.get_value() {
            Some(start) if start.0 == p.stage => start,
            _ => {
                started.set_value(Some((p.stage, now, p.done)));
                return None;
            }
        };
        let seconds = (now - since) / 1000.0;
        let rows = p.done.saturating_sub(from) as f64;
        (stage != Stage::Done && seconds > 0.3 && rows > 0.0).then(|| rows / seconds)
    });
    let done = move || progress.get().map_or(0, |p| p.done);
    let total = move || progress.get().map_or(0, |p| p.total);
    let reading = move || progress.get().is_some_and(|p| p.stage == Stage::Reading);
    let working = move || progress.get().is_some_and(|p| p.stage != Stage::Done);
    let text = move || match progress.get() {
        None => String::new(),
        Some(RowProgress { stage: Stage::Reading, done, .. }) => {
            format!("Reading {}: {} rows so far", file_name.get(), count(done))
        }
        Some(RowProgress { stage: Stage::Converting, done, total }) => {
            format!("Converting: {} of {} rows", count(done), count(total))
        }
        Some(RowProgress { stage: Stage::Writing, done, total }) => {
            format!("Writing the .xlsx: {} of {} rows", count(done), count(total))
        }
        Some(RowProgress { stage: Stage::Done, done, total }) => {
            format!("{} of {} rows", count(done), count(total))
        }
    };
    let detail = move || {
        let (Some(p), Some(rate)) = (progress.get(), rate.get()) else { return String::new() };
        // While reading, the rows left are not known.
        let left = if p.stage == Stage::Reading { 0 } else { p.total.saturating_sub(p.done) };
        pace(rate, left, "rows")
    };
    view! {
        <Show when=move || progress.with(Option::is_some)>
            <div class="ps-progress" data-testid="progress">
                // A bar without a value is the browser's "working, total unknown" bar.
                {move || {
                    if reading() {
                        view! { <progress class="ps-progress__bar" aria-label="Reading the file"></progress> }.into_any()
                    } else {
                        view! { <progress class="ps-progress__bar" aria-label="Rows done" max=move || total().max(1) value=done></progress> }
                            .into_any()
                    }
                }}
                // Announced to screen readers as it changes (politely: not every update).
                <span class="ps-progress__text" role="status" aria-live="polite" data-testid="progress-text">{text}</span>
                <span class="ps-progress__detail" data-testid="progress-rate">{detail}</span>
                <Show when=working>
                    <button class="ps-button ps-button--small" data-testid="cancel-work" on:click=move |_| cancel.run(())>
                        "Cancel"
                    </button>
                </Show>
            </div>
        </Show>
    }
}
