//! DownloadButtons: the finished files' links, the exports and "Copy coordinates".

use crate::state::{Downloads, Page};
use leptos::prelude::*;
use pinsheet_core::FileKind;

/// Links that save the converted file (the bytes are already in the browser), and the map
/// formats, made by the worker when asked.
#[component]
pub fn DownloadButtons(
    /// The finished files' links.
    #[prop(into)]
    downloads: Signal<Option<Downloads>>,
    /// True when the settings changed since: the files are of the old ones.
    #[prop(into)]
    stale: Signal<bool>,
    /// True when the .xlsx was rewritten from a spreadsheet's values (not patched, not from
    /// text): only then does what it leaves behind need saying.
    #[prop(into)]
    rewritten: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let links = move || {
        downloads.with(|d| {
            let Some(d) = d else { return Vec::new() };
            let mut links = Vec::new();
            links.extend(
                d.xlsx
                    .clone()
                    .map(|x| (x, "Download .xlsx", "download-xlsx", "ps-button ps-button--primary")),
            );
            let csv_class = if d.xlsx.is_none() { "ps-button ps-button--primary" } else { "ps-button" };
            links.extend(d.csv.clone().map(|csv| (csv, "Download .csv", "download-csv", csv_class)));
            links
        })
    };
    // Inputs other than CSV get their CSV on request, like the map formats.
    let csv_on_request = move || downloads.with(|d| d.as_ref().is_some_and(|d| d.csv.is_none()));
    let xlsx_error = move || downloads.with(|d| d.as_ref().and_then(|d| d.xlsx_error.clone()));
    let xlsx_note = move || downloads.with(|d| d.as_ref().and_then(|d| d.xlsx_note.clone()));
    let csv_note = move || downloads.with(|d| d.as_ref().and_then(|d| d.csv_note.clone()));
    view! {
        <div class="ps-downloads">
            {move || {
                links()
                    .into_iter()
                    .map(|((url, name), label, test_id, class)| {
                        // A stale file is not offered: it holds the old settings' columns.
                        view! {
                            <a
                                class=class
                                href=move || (!stale.get()).then(|| url.clone())
                                download=name.clone()
                                aria-disabled=move || stale.get().to_string()
                                title=move || if stale.get() { "Convert again: this file has the old settings" } else { "" }
                                data-testid=test_id
                            >
                                {label}
                            </a>
                        }
                    })
                    .collect_view()
            }}
            <Show when=csv_on_request>
                <button class="ps-button" data-testid="export-csv" disabled=stale on:click=move |_| page.export(FileKind::Csv)>
                    "CSV"
                </button>
            </Show>
            {[(FileKind::GeoJson, "GeoJSON", "export-geojson"), (FileKind::Kml, "KML", "export-kml"), (FileKind::Gpx, "GPX", "export-gpx")]
                .into_iter()
                .map(|(kind, label, test_id)| {
                    view! {
                        <button class="ps-button" data-testid=test_id disabled=stale on:click=move |_| page.export(kind)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
            <button
                class="ps-button"
                data-testid="copy-all"
                disabled=stale
                title="Latitude and longitude of every row, one line each, to paste beside the sheet"
                on:click=move |_| page.copy_all()
            >
                "Copy coordinates"
            </button>
        </div>
        <Show when=move || xlsx_error().is_some()>
            <p class="ps-note ps-note--warning" data-testid="xlsx-error">
                {xlsx_error} " The .csv holds every row and the new columns."
            </p>
        </Show>
        <Show when=move || xlsx_note().is_some()>
            <p class="ps-note ps-note--warning" data-testid="xlsx-note">{xlsx_note}</p>
        </Show>
        <Show when=move || csv_note().is_some()>
            <p class="ps-note ps-note--warning" data-testid="csv-note">{csv_note}</p>
        </Show>
        <Show when=move || rewritten.get() && downloads.with(|d| d.as_ref().is_some_and(|d| d.xlsx.is_some() && d.xlsx_note.is_none()))>
            <p class="ps-note" data-testid="carry-note">
                "The .xlsx keeps every sheet, value, date, formula, hyperlink and merged cell. "
                "Cell styles, column widths, charts, images, named ranges and data validation are "
                "not carried over (for .xlsx files, “Keep formatting” keeps them); formulas of .xls, "
                ".xlsb and .ods files come back as their values."
            </p>
        </Show>
        <p class="ps-note" role="status" aria-live="polite" data-testid="copied">{move || page.copied.get()}</p>
    }
}
