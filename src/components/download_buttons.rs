use crate::app::Downloads;
use crate::protocol::ExportKind;
use leptos::prelude::*;

/// Links that save the converted file (the bytes are already in the browser), and the map
/// formats, made by the worker when asked.
#[component]
pub fn DownloadButtons(
    downloads: RwSignal<Option<Downloads>>,
    export: Callback<ExportKind>,
) -> impl IntoView {
    let links = move || {
        downloads.with(|d| {
            let Some(d) = d else { return Vec::new() };
            let mut links =
                vec![(d.xlsx.clone(), "Download .xlsx", "download-xlsx", "ps-button ps-button--primary")];
            links.extend(d.csv.clone().map(|csv| (csv, "Download .csv", "download-csv", "ps-button")));
            links
        })
    };
    view! {
        <div class="ps-downloads">
            {move || {
                links()
                    .into_iter()
                    .map(|((url, name), label, test_id, class)| {
                        view! {
                            <a class=class href=url download=name data-testid=test_id>
                                {label}
                            </a>
                        }
                    })
                    .collect_view()
            }}
            {[(ExportKind::GeoJson, "GeoJSON", "export-geojson"), (ExportKind::Kml, "KML", "export-kml"), (ExportKind::Gpx, "GPX", "export-gpx")]
                .into_iter()
                .map(|(kind, label, test_id)| {
                    view! {
                        <button class="ps-button" data-testid=test_id on:click=move |_| export.run(kind)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
