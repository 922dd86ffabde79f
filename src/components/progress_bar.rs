//! ProgressBar: reading, converting and writing, with the rate, time left and Cancel.

use crate::browser::now_ms;
use crate::components::format::{count, pace};
use crate::protocol::{RowProgress, Stage};
use crate::rate::{rows_left, StageRate};
use crate::state::Page;
use leptos::prelude::*;

/// Where the work is, as a bar and in words — "Reading links.xlsx: 120,000 rows so far",
/// "Converting: n of N rows", "Writing the .xlsx: n of N rows" — with the rate, the time
/// left once it can be told, and a button that stops the work.
#[component]
pub fn ProgressBar(
    /// Where the work is.
    #[prop(into)]
    progress: Signal<Option<RowProgress>>,
    /// The file being read.
    #[prop(into)]
    file_name: Signal<String>,
) -> impl IntoView {
    let page = Page::get();
    // When the current stage started and how far it was then, for the rate.
    let started = StoredValue::new(StageRate::default());
    let rate = Memo::new(move |_| {
        let p = progress.get()?;
        let mut stage = started.get_value();
        let rate = stage.update(p, now_ms());
        started.set_value(stage);
        rate
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
        pace(rate, rows_left(p), "rows")
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
                    <button class="ps-button ps-button--small" data-testid="cancel-work" on:click=move |_| page.cancel_work()>
                        "Cancel"
                    </button>
                </Show>
            </div>
        </Show>
    }
}
