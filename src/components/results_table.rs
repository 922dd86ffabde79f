use crate::protocol::{Converted, SHOWN_ROWS};
use leptos::prelude::*;
use pinsheet_core::Status;

/// The first rows of the result: row number, link, latitude, longitude, source, status.
#[component]
pub fn ResultsTable(result: RwSignal<Option<Converted>>, resolver: RwSignal<String>) -> impl IntoView {
    let rows = move || result.with(|r| r.as_ref().map(|r| r.rows.clone()).unwrap_or_default());
    let note = move || {
        result.with(|r| {
            r.as_ref().filter(|r| r.stats.rows > SHOWN_ROWS).map(|r| {
                format!(
                    "Showing the first {SHOWN_ROWS} of {} rows; the downloads have them all.",
                    r.stats.rows
                )
            })
        })
    };
    view! {
        <p class="ps-note">{note}</p>
        <div class="ps-table-wrap">
            <table class="ps-table" data-testid="results">
                <thead>
                    <tr>
                        <th>"Row"</th>
                        <th>"Link"</th>
                        <th>"Latitude"</th>
                        <th>"Longitude"</th>
                        <th>"Source"</th>
                        <th>"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|row| (row.row, row.source.clone()) let:row>
                        <tr>
                            <td class="ps-table__num">{row.row}</td>
                            <td class="ps-table__link" title=row.link.clone()>{row.link.clone()}</td>
                            <td class="ps-table__num">{row.lat.map(|v| v.to_string())}</td>
                            <td class="ps-table__num">{row.lon.map(|v| v.to_string())}</td>
                            <td>
                                {
                                    let source = row.source.clone();
                                    move || {
                                        // The file keeps the neutral words; the page says what to do.
                                        if source == "short link — needs resolver" && resolver.with(String::is_empty) {
                                            "short link — set a resolver".to_string()
                                        } else {
                                            source.clone()
                                        }
                                    }
                                }
                            </td>
                            <td>
                                <span class=format!("ps-chip ps-chip--{}", chip(row.status))>{row.status.label()}</span>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

fn chip(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::LowConfidence => "low",
        Status::NeedsResolver | Status::NeedsReference => "resolver",
        Status::NoCoordinates => "none",
    }
}
