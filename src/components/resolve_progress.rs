//! ResolveProgress: the resolver's run, with its rate, Cancel and Retry.

use crate::browser::now_ms;
use crate::components::format::{count, pace};
use crate::rate::links_per_second;
use crate::resolving::Progress;
use crate::state::Page;
use leptos::prelude::*;

/// Short links being resolved: count, rate, time left, cancel; afterwards, retry failed.
#[component]
pub fn ResolveProgress(
    /// The resolver's run.
    #[prop(into)]
    progress: Signal<Progress>,
    /// Set here to stop the run.
    cancel: RwSignal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let text = move || {
        progress.with(|p| {
            if p.total == 0 {
                return String::new();
            }
            let rate = links_per_second(p.done, p.started_ms, now_ms());
            if p.running {
                let pace = pace(rate, p.total.saturating_sub(p.done), "links");
                format!("Resolving short links: {} of {} · {pace}", count(p.done), count(p.total))
            } else {
                let failed = p.failed.len();
                let error = p.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
                let sent = p.total - p.from_memory;
                let memory = match p.from_memory {
                    0 => String::new(),
                    n => format!(", {} known from this browser", count(n)),
                };
                format!("Short links: {} sent{memory}, {failed} rows not resolved{error}.", count(sent))
            }
        })
    };
    view! {
        <Show when=move || progress.with(|p| p.total > 0)>
            <div class="ps-progress" data-testid="resolve-progress" role="status" aria-live="polite">
                <progress
                    class="ps-progress__bar"
                    max=move || progress.with(|p| p.total.max(1))
                    value=move || progress.with(|p| p.done)
                ></progress>
                <span class="ps-progress__text">{text}</span>
                <Show when=move || progress.with(|p| p.running)>
                    <button
                        class="ps-button"
                        data-testid="resolve-cancel"
                        on:click=move |_| crate::resolving::cancel(cancel)
                    >
                        "Cancel"
                    </button>
                </Show>
                <Show when=move || progress.with(|p| !p.running && !p.failed.is_empty())>
                    <button class="ps-button" data-testid="resolve-retry" on:click=move |_| page.retry_resolving()>
                        "Retry failed"
                    </button>
                </Show>
            </div>
        </Show>
    }
}
