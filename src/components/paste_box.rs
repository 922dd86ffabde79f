//! PasteBox: links or coordinates pasted one per line.

use crate::state::Page;
use leptos::prelude::*;

/// Links or coordinate text pasted one per line, converted like a file (no file needed).
#[component]
pub fn PasteBox(
    /// True while the converter works.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let text = RwSignal::new(String::new());
    view! {
        <details class="ps-paste">
            <summary>"Or paste links"</summary>
            <label class="ps-field ps-paste__field">
                <span class="ps-paste__label">"One link or coordinate per line"</span>
                <textarea
                    class="ps-paste__input"
                    data-testid="paste-input"
                    rows="6"
                    placeholder="https://maps.app.goo.gl/…\n48.8584, 2.2945\ngeo:51.5007,-0.1246"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
            </label>
            <button
                class="ps-button ps-button--primary"
                data-testid="paste-convert"
                disabled=move || busy.get() || text.with(|t| t.trim().is_empty())
                on:click=move |_| page.paste(text.get_untracked())
            >
                "Convert pasted lines"
            </button>
        </details>
    }
}
