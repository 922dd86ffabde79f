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

/// A drop target that is also a file picker; opens the chosen file, or says why it cannot be
/// read.
#[component]
pub fn DropZone(
    /// True while the converter works.
    #[prop(into)]
    busy: Signal<bool>,
    /// True once the converter has loaded.
    #[prop(into)]
    ready: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let over = RwSignal::new(false);
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
        page.open(name, file.into());
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
        if let Some(file) = event.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            take(file);
        }
    };
    view! {
        <label
            class="ps-drop"
            class:ps-drop--over=move || over.get()
            class:ps-drop--busy=move || busy.get()
            data-ready=move || ready.get().to_string()
            on:dragover=move |event: DragEvent| {
                event.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <input class="ps-drop__input" type="file" accept=ACCEPT data-testid="file-input" on:change=on_change />
            <span class="ps-drop__title">"Drop a spreadsheet here, or click to choose one"</span>
            <span class="ps-drop__hint">
                {move || {
                    if ready.get() {
                        ".xlsx, .xls, .ods or .csv with map links or coordinates, or Google Takeout's Saved Places.json"
                    } else {
                        "Loading the converter…"
                    }
                }}
            </span>
        </label>
    }
}
