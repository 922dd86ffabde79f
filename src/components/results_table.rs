//! ResultsTable: every result row in a virtual table, with its filter and search.

use crate::components::format::{count, degrees, middle, plural};
use crate::components::ChosenIn;
use crate::labels::{chip, why};
use crate::protocol::{Converted, RowFilter};
use crate::state::Page;
use crate::table::{scroll_to, InView, TableWindow, CARD_HEIGHT, ROW_HEIGHT};
use leptos::prelude::*;

/// Quiet time after the last keystroke before a search runs (a million rows take a moment).
const SEARCH_DELAY_MS: u64 = 250;

/// Characters of a link the table shows; longer ones are cut in the middle (the whole link
/// is the cell's tooltip).
const LINK_CHARS: usize = 56;

/// Every result row — row number, the row's name, link, latitude, longitude, status — in a
/// table that draws only the rows in view and asks the worker for more as it scrolls, so a
/// million rows scroll like a hundred. "Only problems" and the search box narrow it; each
/// status chip says why in its tooltip; choosing a row shows it on the map and in the row's
/// panel. Below 640 px each row is a two-line card.
#[component]
pub fn ResultsTable(
    /// The finished conversion.
    #[prop(into)]
    result: Signal<Option<Converted>>,
    /// The rows the worker sent.
    #[prop(into)]
    window: Signal<TableWindow>,
    /// The filter the table shows, changed here.
    filter: RwSignal<RowFilter>,
    /// The selected outcome index, shared with the map.
    selected: RwSignal<Option<(usize, ChosenIn)>>,
    /// True on a narrow screen, where rows are cards.
    #[prop(into)]
    narrow: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let all = move || result.with(|r| r.as_ref().map_or(0, |r| r.stats.rows));
    let name_column = move || result.with(|r| r.as_ref().and_then(|r| r.name_column.clone()));
    let total = move || {
        let current = filter.get();
        window.with(|w| w.total(&current, all()))
    };
    let row_height = move || if narrow.get() { CARD_HEIGHT } else { ROW_HEIGHT };
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(480.0_f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The rows in view (plus overscan), as positions among the kept rows.
    let visible = move || InView::at(scroll_top.get(), viewport.get(), total(), row_height());
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
    // A point chosen on the map: show its row (every row, so it is there to show), and the
    // table itself when it is out of view.
    Effect::new(move |_| {
        let Some((index, ChosenIn::Map)) = selected.get() else { return };
        if !filter.with_untracked(RowFilter::is_all) {
            filter.set(RowFilter::default());
        }
        let Some(element) = scroller.get_untracked() else { return };
        let top = scroll_to(index, f64::from(element.client_height()), row_height());
        element.set_scroll_top(top as i32);
        scroll_top.set(top);
        crate::browser::into_view(&element);
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
    let spacers = move || visible().spacers(rows.with(Vec::len), total(), row_height());
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
    let shown = move || {
        let (kept, every) = (total(), all());
        if filter.with(RowFilter::is_all) {
            plural(every, "row", "rows")
        } else {
            format!("{} of {}", count(kept), plural(every, "row", "rows"))
        }
    };
    // Nothing kept by a filter the worker has answered: say so rather than a bare header.
    let nothing_kept = move || {
        let current = filter.get();
        !current.is_all() && window.with(|w| w.filter == current && w.matching == 0)
    };
    let empty_words = move || {
        filter.with(|f| match (f.problems_only, f.query.trim()) {
            (true, "") => "No row needs a look: every row has a pin.".to_string(),
            (_, query) => format!("No row matches “{query}”."),
        })
    };
    let columns = move || if name_column().is_some() { 6 } else { 5 };
    // The map and the row's panel are there only when some row has a point.
    let has_side = move || result.with(|r| r.as_ref().is_some_and(Converted::has_points));
    view! {
        <div class="ps-table-tools" role="search">
            <label class="ps-check">
                <input
                    type="checkbox"
                    data-testid="only-problems"
                    prop:checked=move || filter.with(|f| f.problems_only)
                    on:change=move |e| filter.update(|f| f.problems_only = event_target_checked(&e))
                />
                "Only rows that need a look"
            </label>
            <label class="ps-search">
                <span class="ps-visually-hidden">"Search the rows"</span>
                <input
                    type="search"
                    placeholder="Search names, links, row numbers"
                    data-testid="search"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=on_search
                />
            </label>
            <span class="ps-note ps-table-tools__count" data-testid="results-count" aria-live="polite">{shown}</span>
        </div>
        <div
            class="ps-table-wrap ps-table-wrap--results"
            data-testid="results-scroll"
            node_ref=scroller
            on:scroll=on_scroll
        >
            <table class="ps-table ps-table--virtual" class:ps-table--named=move || name_column().is_some() data-testid="results">
                <thead>
                    <tr>
                        <th scope="col" class="ps-col-row">"Row"</th>
                        {move || name_column().map(|name| view! { <th scope="col" class="ps-col-name" title=name.clone()>{name.clone()}</th> })}
                        <th scope="col" class="ps-col-link">"Link"</th>
                        <th scope="col" class="ps-col-lat">"Latitude"</th>
                        <th scope="col" class="ps-col-lon">"Longitude"</th>
                        <th scope="col" class="ps-col-status">"Status"</th>
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
                            let named = name_column().is_some();
                            let label = match (has_side(), row.lat.is_some()) {
                                (true, true) => format!("Row {}: show it on the map", count(row.row)),
                                (true, false) => format!("Row {}: show its details", count(row.row)),
                                (false, _) => format!("Row {}", count(row.row)),
                            };
                            view! {
                                <tr
                                    class:ps-table__chosen=chosen
                                    aria-selected=move || chosen().to_string()
                                    data-index=index
                                    on:click=move |_| selected.set(Some((index, ChosenIn::Table)))
                                >
                                    <td class="ps-table__num ps-col-row">
                                        <button
                                            class="ps-link-button"
                                            aria-label=label
                                            on:click=move |_| selected.set(Some((index, ChosenIn::Table)))
                                        >
                                            {count(row.row)}
                                        </button>
                                    </td>
                                    {named.then(|| view! { <td class="ps-col-name" title=row.name.clone()>{row.name.clone()}</td> })}
                                    <td class="ps-table__link ps-col-link" title=row.link.clone()>{middle(&row.link, LINK_CHARS)}</td>
                                    <td class="ps-table__num ps-col-lat" data-value=row.lat.map(|v| v.to_string())>{row.lat.map(degrees)}</td>
                                    <td class="ps-table__num ps-col-lon" data-value=row.lon.map(|v| v.to_string())>{row.lon.map(degrees)}</td>
                                    <td class="ps-col-status">
                                        <span
                                            class=format!("ps-chip ps-chip--{}", chip(row.status))
                                            title=format!("{} — {}", row.words, why(row.status))
                                            data-words=row.words.clone()
                                            data-testid="status-chip"
                                        >
                                            {row.status.label()}
                                        </span>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                    <Show when=nothing_kept>
                        <tr class="ps-table__empty">
                            <td colspan=columns data-testid="results-empty">{empty_words}</td>
                        </tr>
                    </Show>
                </tbody>
                <tfoot>
                    <tr class="ps-table__spacer" aria-hidden="true" style=bottom></tr>
                </tfoot>
            </table>
        </div>
    }
}
