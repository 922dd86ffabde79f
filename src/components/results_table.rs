use crate::protocol::{Converted, ResultRow};
use leptos::prelude::*;
use pinsheet_core::Status;

/// Height of one table row in pixels; fixed by the CSS (`.ps-table--virtual td`), so the
/// scroll position says which rows are in view without measuring any.
const ROW_HEIGHT: f64 = 33.0;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 30;
/// Rows asked of the worker at a time.
const FETCH: usize = 200;

/// Every result row — row number, link, latitude, longitude, source, status — in a table
/// that draws only the rows in view and asks the worker for more as it scrolls, so a
/// million rows scroll like a hundred.
#[component]
pub fn ResultsTable(
    result: RwSignal<Option<Converted>>,
    resolver: RwSignal<String>,
    /// Rows the worker has sent: the index of the first and the rows from there.
    window: RwSignal<(usize, Vec<ResultRow>)>,
    /// Asks the worker for rows `from..from + count`.
    fetch: Callback<(usize, usize)>,
) -> impl IntoView {
    let total = move || result.with(|r| r.as_ref().map_or(0, |r| r.stats.rows));
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(480.0_f64);
    // The rows in view (plus overscan), as indices into all the outcomes.
    let visible = move || {
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        (first, (first + count).min(total()))
    };
    // Ask for what is in view but not loaded; the worker's answer replaces the window.
    Effect::new(move |_| {
        let (first, end) = visible();
        let covered = window.with(|(from, rows)| *from <= first && end <= from + rows.len());
        if !covered && first < end {
            fetch.run((first.saturating_sub(FETCH / 4), FETCH));
        }
    });
    // The loaded rows in view: a run from `visible().0`, shorter while the worker's answer is
    // on its way.
    let rows = Memo::new(move |_| {
        let (first, end) = visible();
        window.with(|(from, rows)| {
            (first..end)
                .map_while(|i| i.checked_sub(*from).and_then(|k| rows.get(k)).map(|row| (i, row.clone())))
                .collect::<Vec<_>>()
        })
    });
    // The spacers keep the table as tall as all its rows whatever is drawn, so the scroll
    // position never jumps while rows load.
    let top = move || format!("height: {}px", visible().0 as f64 * ROW_HEIGHT);
    let bottom = move || {
        let drawn = visible().0 + rows.with(Vec::len);
        format!("height: {}px", total().saturating_sub(drawn) as f64 * ROW_HEIGHT)
    };
    let on_scroll = move |event: web_sys::Event| {
        if let Some(element) =
            event.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            scroll_top.set(f64::from(element.scroll_top()));
            viewport.set(f64::from(element.client_height()));
        }
    };
    view! {
        <p class="ps-note" data-testid="results-count">
            {move || match total() {
                1 => "1 row".to_string(),
                n => format!("{n} rows"),
            }}
        </p>
        <div class="ps-table-wrap" data-testid="results-scroll" on:scroll=on_scroll>
            <table class="ps-table ps-table--virtual" data-testid="results">
                <thead>
                    <tr>
                        <th>"Row"</th>
                        <th>"Link"</th>
                        <th>"Latitude"</th>
                        <th>"Longitude"</th>
                        <th>"Source"</th>
                        <th>"Status"</th>
                    </tr>
                    // The rows above the window, as one tall empty row (outside the body, so
                    // the body holds only real rows).
                    <tr class="ps-table__spacer" aria-hidden="true" style=top></tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|(index, row)| (*index, row.source.clone(), row.lat.map(f64::to_bits)) let:item>
                        {
                            let row = item.1;
                            view! {
                                <tr>
                                    <td class="ps-table__num">{row.row}</td>
                                    <td class="ps-table__link" title=row.link.clone()>{row.link.clone()}</td>
                                    <td class="ps-table__num">{row.lat.map(|v| v.to_string())}</td>
                                    <td class="ps-table__num">{row.lon.map(|v| v.to_string())}</td>
                                    <td title=row.source.clone()>
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
                            }
                        }
                    </For>
                </tbody>
                <tfoot>
                    <tr class="ps-table__spacer" aria-hidden="true" style=bottom></tr>
                </tfoot>
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
