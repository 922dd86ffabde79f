//! DropZone: the file picker and drop target; hands the chosen `File` to the page state.

use crate::state::Page;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

/// The formats the file picker offers; the worker recognises files by their bytes anyway.
const ACCEPT: &str = ".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt,.json,.geojson";

/// The largest file the page reads: the worker's WebAssembly memory ends at 4 GB, and a
/// workbook unpacks to several times its size.
const MAX_FILE_BYTES: f64 = 1024.0 * 1024.0 * 1024.0;

/// A drop target with a **Choose file** button and "or try an example" in it; opens the
/// chosen file, or says why it cannot be read. Once a file is open it is one slim line.
#[component]
pub fn DropZone(
    /// True while the converter works.
    #[prop(into)]
    busy: Signal<bool>,
    /// True once the converter has loaded.
    #[prop(into)]
    ready: Signal<bool>,
    /// True once a file is open: the zone is a slim line for the next one.
    #[prop(into)]
    compact: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let over = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let take = move |file: File| {
        crate::browser::mark("pinsheet:file-chosen");
        let name = file.name();
        if file.size() > MAX_FILE_BYTES {
            let megabytes = (file.size() / 1_048_576.0).round();
            page.refuse(format!(
                "{name} is {megabytes} MB; this page reads files up to 1,024 MB. The pinsheet \
                 command line converts larger ones."
            ));
            return;
        }
        // The worker reads the file itself: its bytes never enter the page's memory.
        page.open(name, file.size() as usize, file.into());
    };
    let on_change = move |event: web_sys::Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            take(file);
        }
        // Cleared so that choosing the same file again fires `change` again.
        input.set_value("");
    };
    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        over.set(false);
        if busy.get_untracked() {
            return;
        }
        if let Some(file) = event.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            take(file);
        }
    };
    // A click anywhere on the zone (not on its buttons) opens the picker too.
    let on_click = move |event: web_sys::MouseEvent| {
        let on_control = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.closest("button, label, a, input").ok().flatten().is_some());
        if !on_control && !busy.get_untracked() {
            if let Some(input) = input.get_untracked() {
                input.click();
            }
        }
    };
    view! {
        <div
            class="ps-drop"
            class:ps-drop--compact=move || compact.get()
            class:ps-drop--over=move || over.get()
            class:ps-drop--busy=move || busy.get()
            data-ready=move || ready.get().to_string()
            data-testid="drop-zone"
            on:dragover=move |event: DragEvent| {
                event.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
            on:click=on_click
        >
            <svg class="ps-drop__icon" viewBox="0 0 48 48" aria-hidden="true">
                <path d="M12 4h17l11 11v29H12z" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round" />
                <path d="M29 4v11h11" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round" />
                <path d="M26 22c-4 0-7 3-7 7 0 5 7 11 7 11s7-6 7-11c0-4-3-7-7-7z" fill="currentColor" />
                <circle cx="26" cy="29" r="2.6" class="ps-drop__hole" />
            </svg>
            <p class="ps-drop__title">
                <span class="ps-only-fine">{move || if compact.get() { "Drop another spreadsheet here" } else { "Drop a spreadsheet here" }}</span>
                <span class="ps-only-coarse">{move || if compact.get() { "Choose another spreadsheet" } else { "Choose a spreadsheet" }}</span>
            </p>
            <div class="ps-drop__actions">
                <label class="ps-button ps-button--primary ps-drop__choose" class:ps-button--disabled=move || busy.get()>
                    <input
                        class="ps-drop__input"
                        type="file"
                        accept=ACCEPT
                        data-testid="file-input"
                        // Another file while one is read or converted would race its answers.
                        disabled=busy
                        node_ref=input
                        on:change=on_change
                    />
                    "Choose file"
                </label>
                <Show when=move || !compact.get()>
                    <span class="ps-drop__or">"or"</span>
                    <button class="ps-link-button" data-testid="example" disabled=busy on:click=move |_| page.open_example()>
                        "try an example"
                    </button>
                </Show>
            </div>
            <p class="ps-drop__hint">
                {move || {
                    if ready.get() {
                        ".xlsx, .xlsm, .xlsb, .xls, .ods or .csv with map links or coordinates — or Google Takeout's Saved Places.json"
                    } else {
                        "Loading the converter…"
                    }
                }}
            </p>
        </div>
    }
}
