use crate::protocol::{RowProgress, Stage};
use leptos::prelude::*;

/// Where the work is, as a bar and in words: "Reading links.xlsx: 120000 rows so far",
/// "Converting: n of N rows", "Writing the .xlsx: n of N rows", then "N of N rows".
#[component]
pub fn ProgressBar(progress: RwSignal<Option<RowProgress>>, file_name: RwSignal<String>) -> impl IntoView {
    let done = move || progress.get().map_or(0, |p| p.done);
    let total = move || progress.get().map_or(0, |p| p.total);
    let reading = move || progress.get().is_some_and(|p| p.stage == Stage::Reading);
    let text = move || match progress.get() {
        None => String::new(),
        Some(RowProgress { stage: Stage::Reading, done, .. }) => {
            format!("Reading {}: {done} rows so far", file_name.get())
        }
        Some(RowProgress { stage: Stage::Converting, done, total }) => {
            format!("Converting: {done} of {total} rows")
        }
        Some(RowProgress { stage: Stage::Writing, done, total }) => {
            format!("Writing the .xlsx: {done} of {total} rows")
        }
        Some(RowProgress { stage: Stage::Done, done, total }) => format!("{done} of {total} rows"),
    };
    view! {
        <Show when=move || progress.with(Option::is_some)>
            <div class="ps-progress" data-testid="progress" role="status" aria-live="polite">
                // A bar without a value is the browser's "working, total unknown" bar.
                {move || {
                    if reading() {
                        view! { <progress class="ps-progress__bar"></progress> }.into_any()
                    } else {
                        view! { <progress class="ps-progress__bar" max=move || total().max(1) value=done></progress> }
                            .into_any()
                    }
                }}
                <span class="ps-progress__text">{text}</span>
            </div>
        </Show>
    }
}
