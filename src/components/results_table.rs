//! ResultsTable: every result row in a virtual table, with its filter and search.

use crate::components::ChosenIn;
use crate::labels::{chip, source_words, why};
use crate::protocol::{Converted, RowFilter};
use crate::state::Page;
use crate::table::{scroll_to, InView, TableWindow};
use leptos::prelude::*;

/// Quiet time after the last keystroke before a search runs (a million rows take a moment).
const SEARCH_DELAY_MS: u64 = 250;

/// Every result row — row number, link, latitude, longitude, source, status — in a table
/// that draws only the rows in view and asks the worker for more as it scrolls, so a
/// million rows scroll like a hundred. "Only problems" and the search box narrow it; each
/// status chip says why in its tooltip; a row opens its point in OpenStreetMap or copies it.
#[component]
pub fn ResultsTable(
    /// The finished conversion.
    #[prop(into)]
    result: Signal<Option<Converted>>,
    /// The resolver's address ("" when none is set).
    #[prop(into)]
    resolver: Signal<String>,
    /// The rows the worker sent.
    #[prop(into)]
    window: Signal<TableWindow>,
    /// The filter the table shows, changed here.
    filter: RwSignal<RowFilter>,
    /// The selected outcome index, shared with the map.
    selected: RwSignal<Option<(usize, ChosenIn)>>,
) -> impl IntoView {
    let page = Page::get();
    let all = move || result.with(|r| r.as_ref().map_or(0, |r| r.stats.rows));
    let total = move || {
        let current = filter.get();
        window.with(|w| w.total(&current, all()))
    };
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(480.0_f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The rows in view (plus overscan), as positions among the kept rows.
    let visible = move || InView::at(scroll_top.get(), viewport.get(), total());
    // Ask for what is in view but not loaded; the worker's answer replaces the window.
    Effect::new(move |_| {
        let current = filter.get();
        let view = visible();
        if let Some((from, count)) = window.with(|w| w.wanted(&current, view)) {
            page.fetch_rows(from, count);
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
        let top = scroll_to(index, f64::from(element.client_height()));
        element.set_scroll_top(top as i32);
        scroll_top.set(top);
    });
    // The loaded rows in view: a run from the first in view, shorter while the worker's
    // answer is on its way.
    let rows = Memo::new(move |_| {
        let view = visible();
        let current = filter.get();
        window.with(|w| w.drawn(&current, view))
    });
    // The spacers keep the table as tall as all its rows whatever is drawn, so the scroll
    // position never jumps while rows load.
    let spacers = move || visible().spacers(rows.with(Vec::len), total());
    let top = move || format!("height: {}px", spacers().0);
    let bottom = move || format!("height: {}px", spacers().1);
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
                    <For each=move || rows.get() key=|row| (row.index, row.words.clone(), row.lat.map(f64::to_bits)) let:row>
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
                                    <td title=row.words.clone()>
                                        {
                                            let row = row.clone();
                                            move || source_words(&row, !resolver.with(String::is_empty)).into_owned()
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
                                                    on:click=move |_| page.copy_row(format!("{lat}, {lon}"))
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
