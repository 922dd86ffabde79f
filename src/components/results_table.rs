use crate::components::ChosenIn;
use crate::protocol::{Converted, ResultRow, RowFilter};
use leptos::prelude::*;
use pinsheet_core::Status;

/// Height of one table row in pixels; fixed by the CSS (`.ps-table--virtual td`), so the
/// scroll position says which rows are in view without measuring any.
const ROW_HEIGHT: f64 = 33.0;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 30;
/// Rows asked of the worker at a time.
const FETCH: usize = 200;
/// Quiet time after the last keystroke before a search runs (a million rows take a moment).
const SEARCH_DELAY_MS: u64 = 250;

/// The rows the worker sent for the table: the position of the first among the rows the
/// filter keeps, the rows, how many rows it keeps, and the filter they answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableWindow {
    /// Position of `rows[0]` among the kept rows.
    pub from: usize,
    /// The rows.
    pub rows: Vec<ResultRow>,
    /// Rows the filter keeps (every row without one).
    pub matching: usize,
    /// The filter these rows answer.
    pub filter: RowFilter,
}

/// Every result row — row number, link, latitude, longitude, source, status — in a table
/// that draws only the rows in view and asks the worker for more as it scrolls, so a
/// million rows scroll like a hundred. "Only problems" and the search box narrow it; each
/// status chip says why in its tooltip; a row opens its point in OpenStreetMap or copies it.
#[component]
pub fn ResultsTable(
    result: RwSignal<Option<Converted>>,
    resolver: RwSignal<String>,
    window: RwSignal<TableWindow>,
    /// The filter the table shows.
    filter: RwSignal<RowFilter>,
    /// Asks the worker for rows `from..from + count` of those the filter keeps.
    fetch: Callback<(usize, usize)>,
    /// The selected outcome index, shared with the map.
    selected: RwSignal<Option<(usize, ChosenIn)>>,
    /// Copies one row's "lat, lon".
    copy: Callback<String>,
) -> impl IntoView {
    let all = move || result.with(|r| r.as_ref().map_or(0, |r| r.stats.rows));
    let total = move || {
        let current = filter.get();
        window.with(|w| {
            if current.is_all() {
                all()
            } else if w.filter == current {
                w.matching
            } else {
                0
            }
        })
    };
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(480.0_f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The rows in view (plus overscan), as positions among the kept rows.
    let visible = move || {
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        (first, (first + count).min(total()))
    };
    // Ask for what is in view but not loaded; the worker's answer replaces the window.
    Effect::new(move |_| {
        let current = filter.get();
        let (first, end) = visible();
        let covered = window.with(|w| w.filter == current && w.from <= first && end <= w.from + w.rows.len());
        let unknown = !current.is_all() && window.with(|w| w.filter != current);
        if !covered && (first < end || unknown) {
            fetch.run((first.saturating_sub(FETCH / 4), FETCH));
        }
    });
    // A new filter starts at the top.
    Effect::new(move |_| {
        filter.track();
        if let Some(element) = scroller.get_untracked() {
            element.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    // A point chosen on the map: show its row (every row, so it is there to show).
    Effect::new(move |_| {
        let Some((index, ChosenIn::Map)) = selected.get() else { return };
        if !filter.with_untracked(RowFilter::is_all) {
            filter.set(RowFilter::default());
        }
        let Some(element) = scroller.get_untracked() else { return };
        let top = (index as f64 * ROW_HEIGHT - f64::from(element.client_height()) / 3.0).max(0.0);
        element.set_scroll_top(top as i32);
        scroll_top.set(top);
    });
    // The loaded rows in view: a run from `visible().0`, shorter while the worker's answer is
    // on its way.
    let rows = Memo::new(move |_| {
        let (first, end) = visible();
        let current = filter.get();
        window.with(|w| {
            if w.filter != current {
                return Vec::new();
            }
            (first..end)
                .map_while(|i| i.checked_sub(w.from).and_then(|k| w.rows.get(k)).cloned())
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
    // The search runs once typing pauses.
    let typed = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |event: web_sys::Event| {
        typed.set(event_target_value(&event));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || filter.update(|f| f.query = typed.get_untracked()),
            std::time::Duration::from_millis(SEARCH_DELAY_MS),
        );
        pending.set_value(handle.ok());
    };
    let count = move || {
        let (kept, every) = (total(), all());
        let rows = |n: usize| if n == 1 { "1 row".to_string() } else { format!("{n} rows") };
        if filter.with(RowFilter::is_all) {
            rows(every)
        } else {
            format!("{} of {}", rows(kept), every)
        }
    };
    view! {
        <div class="ps-table-tools" role="search">
            <label class="ps-check">
                <input
                    type="checkbox"
                    data-testid="only-problems"
                    prop:checked=move || filter.with(|f| f.problems_only)
                    on:change=move |e| filter.update(|f| f.problems_only = event_target_checked(&e))
                />
                "Only problems"
            </label>
            <label class="ps-search">
                <span class="ps-visually-hidden">"Search the rows"</span>
                <input
                    type="search"
                    placeholder="Search links, sources, row numbers"
                    data-testid="search"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=on_search
                />
            </label>
            <span class="ps-note" data-testid="results-count" aria-live="polite">{count}</span>
        </div>
        <div class="ps-table-wrap" data-testid="results-scroll" node_ref=scroller on:scroll=on_scroll>
            <table class="ps-table ps-table--virtual" data-testid="results">
                <thead>
                    <tr>
                        <th scope="col">"Row"</th>
                        <th scope="col">"Link"</th>
                        <th scope="col">"Latitude"</th>
                        <th scope="col">"Longitude"</th>
                        <th scope="col">"Source"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="ps-visually-hidden">"Actions"</span></th>
                    </tr>
                    // The rows above the window, as one tall empty row (outside the body, so
                    // the body holds only real rows).
                    <tr class="ps-table__spacer" aria-hidden="true" style=top></tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|row| (row.index, row.source.clone(), row.lat.map(f64::to_bits)) let:row>
                        {
                            let index = row.index;
                            let chosen = move || selected.with(|s| s.is_some_and(|(i, _)| i == index));
                            let point = row.lat.zip(row.lon);
                            view! {
                                <tr
                                    class:ps-table__chosen=chosen
                                    aria-selected=move || chosen().to_string()
                                    data-index=index
                                    on:click=move |_| selected.set(Some((index, ChosenIn::Table)))
                                >
                                    <td class="ps-table__num">
                                        <button
                                            class="ps-link-button"
                                            title="Show this row's point on the map"
                                            on:click=move |_| selected.set(Some((index, ChosenIn::Table)))
                                        >
                                            {row.row}
                                        </button>
                                    </td>
                                    <td class="ps-table__link" title=row.link.clone()>{row.link.clone()}</td>
                                    <td class="ps-table__num">{row.lat.map(|v| v.to_string())}</td>
                                    <td class="ps-table__num">{row.lon.map(|v| v.to_string())}</td>
                                    <td title=row.source.clone()>
                                        {
                                            let source = row.source.clone();
                                            move || {
                                                // The file keeps the neutral words; the page says what to do.
                                                if source.ends_with("— needs resolver") && resolver.with(String::is_empty) {
                                                    source.replace("needs resolver", "set a resolver")
                                                } else {
                                                    source.clone()
                                                }
                                            }
                                        }
                                    </td>
                                    <td>
                                        <span
                                            class=format!("ps-chip ps-chip--{}", chip(row.status))
                                            title=why(row.status)
                                            data-testid="status-chip"
                                        >
                                            {row.status.label()}
                                        </span>
                                    </td>
                                    <td class="ps-table__actions">
                                        {point.map(|(lat, lon)| {
                                            view! {
                                                <a
                                                    class="ps-link-button"
                                                    href=format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
                                                    target="_blank"
                                                    rel="noopener noreferrer"
                                                    title="Open this point in OpenStreetMap (a new tab)"
                                                    data-testid="open-osm"
                                                >
                                                    "OSM"
                                                </a>
                                                <button
                                                    class="ps-link-button"
                                                    title="Copy this row's latitude, longitude"
                                                    data-testid="copy-row"
                                                    on:click=move |_| copy.run(format!("{lat}, {lon}"))
                                                >
                                                    "Copy"
                                                </button>
                                            }
                                        })}
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

/// What a status means for this row, in the chip's tooltip.
fn why(status: Status) -> &'static str {
    match status {
        Status::Ok => "pin: the point the link or text marks",
        Status::LowConfidence => {
            "map view: the link's map centre, not a pin (or 0°, 0°) — check it before relying on it"
        }
        Status::NeedsResolver => {
            "short link or place id: the point is behind a redirect only the resolver can follow"
        }
        Status::NeedsReference => {
            "short plus code: it needs a reference point (Near) to recover the full code"
        }
        Status::NoCoordinates => "no coordinates: no map link or coordinate text pinsheet can read",
    }
}
