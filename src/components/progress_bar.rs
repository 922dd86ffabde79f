//! ProgressBar: reading, converting and writing, with the rate, time left and Cancel.

use crate::browser::now_ms;
use crate::components::format::{pace, rows, size};
use crate::protocol::{RowProgress, Stage};
use crate::rate::{rows_left, StageRate};
use crate::state::Page;
use leptos::prelude::*;

/// Where the work is, as a bar and in words — "Reading links.csv: 12.0 MB of 54.2 MB",
/// "Converting 16 rows: 40 %", "Writing the .xlsx: 80 %" — with the rate, the time left once
/// it can be told, and a button that stops the work. Gone once the work is done.
#[component]
pub fn ProgressBar(
    /// Where the work is.
    #[prop(into)]
    progress: Signal<Option<RowProgress>>,
    /// The file being read.
    #[prop(into)]
    file_name: Signal<String>,
    /// Its size in bytes, while it is read.
    #[prop(into)]
    file_size: Signal<usize>,
    /// The data rows being converted (the header is not one).
    #[prop(into)]
    data_rows: Signal<usize>,
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
    // While reading, the total is the file's size in bytes (the reader's, else the File's).
    let total = move || match progress.get() {
        Some(p) if p.stage == Stage::Reading => p.total.max(file_size.get()),
        p => p.map_or(0, |p| p.total),
    };
    // Reading before the reader has said how far it is shows the browser's "working" bar;
    // every other stage knows how far it is.
    let unknown =
        move || progress.get().is_some_and(|p| p.stage == Stage::Reading && (p.done == 0 || total() == 0));
    let working = move || progress.get().is_some_and(|p| p.stage != Stage::Done);
    let percent = |done: usize, total: usize| (done as f64 * 100.0 / total.max(1) as f64).floor().min(100.0);
    let text = move || match progress.get() {
        None | Some(RowProgress { stage: Stage::Done, .. }) => String::new(),
        Some(RowProgress { stage: Stage::Reading, done, total }) => {
            let name = file_name.get();
            match (done, total.max(file_size.get())) {
                (_, 0) => format!("Reading {name}…"),
                (0, all) => format!("Reading {name} ({})…", size(all)),
                (done, all) => format!("Reading {name}: {} of {}", size(done), size(all)),
            }
        }
        Some(RowProgress { stage: Stage::Converting, done, total }) => {
            format!("Converting {}: {} %", rows(data_rows.get()), percent(done, total))
        }
        Some(RowProgress { stage: Stage::Writing, done, total }) => {
            format!("Writing the files: {} %", percent(done, total))
        }
    };
    let detail = move || {
        let (Some(p), Some(rate)) = (progress.get(), rate.get()) else { return String::new() };
        if p.stage == Stage::Reading {
            return String::new();
        }
        pace(rate, rows_left(p), "rows")
    };
    view! {
        <Show when=working>
            <div class="ps-progress" data-testid="progress">
                // A bar without a value is the browser's "working, total unknown" bar.
                {move || {
                    if unknown() {
                        view! { <progress class="ps-progress__bar" aria-label="Reading the file"></progress> }.into_any()
                    } else {
                        view! { <progress class="ps-progress__bar" aria-label="Rows done" max=move || total().max(1) value=done></progress> }
                            .into_any()
                    }
                }}
                // Announced to screen readers as it changes (politely: not every update).
                <span class="ps-progress__text" role="status" aria-live="polite" data-testid="progress-text">{text}</span>
                <span class="ps-progress__detail" data-testid="progress-rate">{detail}</span>
                <button class="ps-button ps-button--small" id="ps-cancel" data-testid="cancel-work" on:click=move |_| page.cancel_work()>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}
