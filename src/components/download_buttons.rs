use crate::app::Downloads;
use leptos::prelude::*;

/// Links that save the converted file; the bytes are already in the browser.
#[component]
pub fn DownloadButtons(downloads: RwSignal<Option<Downloads>>) -> impl IntoView {
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
        </div>
    }
}
