use crate::app::Downloads;
use leptos::prelude::*;

/// Links that save the converted file; the bytes are already in the browser.
#[component]
pub fn DownloadButtons(downloads: RwSignal<Option<Downloads>>) -> impl IntoView {
    let xlsx = move || downloads.with(|d| d.as_ref().map(|d| d.xlsx.clone()));
    let csv = move || downloads.with(|d| d.as_ref().and_then(|d| d.csv.clone()));
    view! {
        <div class="ps-downloads">
            {move || {
                xlsx()
                    .map(|(url, name)| {
                        view! {
                            <a class="ps-button ps-button--primary" href=url download=name data-testid="download-xlsx">
                                "Download .xlsx"
                            </a>
                        }
                    })
            }}
            {move || {
                csv()
                    .map(|(url, name)| {
                        view! {
                            <a class="ps-button" href=url download=name data-testid="download-csv">
                                "Download .csv"
                            </a>
                        }
                    })
            }}
        </div>
    }
}
