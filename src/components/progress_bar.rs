use leptos::prelude::*;

/// Rows converted so far, as a bar and as "n of N rows".
#[component]
pub fn ProgressBar(progress: RwSignal<Option<(usize, usize)>>) -> impl IntoView {
    let done = move || progress.get().map_or(0, |(done, _)| done);
    let total = move || progress.get().map_or(0, |(_, total)| total);
    view! {
        <Show when=move || progress.with(Option::is_some)>
            <div class="ps-progress" data-testid="progress" role="status" aria-live="polite">
                <progress class="ps-progress__bar" max=move || total().max(1) value=done></progress>
                <span class="ps-progress__text">{move || format!("{} of {} rows", done(), total())}</span>
            </div>
        </Show>
    }
}
