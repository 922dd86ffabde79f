//! RowPanel: the chosen row in full — its point, where it came from, Copy and OpenStreetMap;
//! for a short link the page cannot follow, a way to finish it by hand.

use crate::components::format::{count, degrees, middle};
use crate::components::ChosenIn;
use crate::labels::{chip, why};
use crate::protocol::ResultRow;
use crate::state::Page;
use crate::table::TableWindow;
use leptos::prelude::*;
use pinsheet_core::Status;

/// The row chosen in the table or on the map: "Row 5 · Pike Place Market", its latitude and
/// longitude, its source words, Copy and "Open in OpenStreetMap ↗". A short link without a
/// resolver gets "Open link ↗" and a field for the full link it opens to, converted at once.
#[component]
pub fn RowPanel(
    /// The loaded rows (the chosen one is among them once the table shows it).
    #[prop(into)]
    window: Signal<TableWindow>,
    /// The chosen outcome index.
    #[prop(into)]
    selected: Signal<Option<(usize, ChosenIn)>>,
    /// The resolver's address ("" when none is set).
    #[prop(into)]
    resolver: Signal<String>,
) -> impl IntoView {
    let page = Page::get();
    let row = Memo::new(move |_| {
        let (index, _) = selected.get()?;
        window.with(|w| w.rows.iter().find(|r| r.index == index).cloned())
    });
    let copied = RwSignal::new(String::new());
    // A new row starts without the last one's message.
    Effect::new(move |_| {
        row.track();
        copied.set(String::new());
    });
    // Below the wide layout the panel is not beside the table: a row chosen there is shown
    // by bringing the panel into view.
    let stacked = page.stacked;
    let panel = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let Some((_, ChosenIn::Table)) = selected.get() else { return };
        if stacked.get_untracked() {
            request_animation_frame(move || {
                if let Some(panel) = panel.get_untracked() {
                    crate::browser::into_view(&panel);
                }
            });
        }
    });
    view! {
        <section class="ps-row" aria-label="The chosen row" data-testid="row-panel" node_ref=panel>
            {move || match row.get() {
                None => view! {
                    <p class="ps-note ps-row__hint">"Choose a row in the table, or a point on the map, to see it here."</p>
                }
                .into_any(),
                Some(row) => details(page, row, resolver, copied).into_any(),
            }}
        </section>
    }
}

fn details(page: Page, row: ResultRow, resolver: Signal<String>, copied: RwSignal<String>) -> impl IntoView {
    let title = if row.name.trim().is_empty() {
        format!("Row {}", count(row.row))
    } else {
        format!("Row {} · {}", count(row.row), row.name)
    };
    let point = row.lat.zip(row.lon);
    let pending = row.status == Status::NeedsResolver;
    let link = row.link.clone();
    let openable = link.starts_with("https://") || link.starts_with("http://");
    view! {
        <h3 class="ps-row__title" data-testid="row-title">{title}</h3>
        <p class="ps-row__link" title=row.link.clone()>{middle(&row.link, 80)}</p>
        <p class="ps-row__point">
            <span class=format!("ps-chip ps-chip--{}", chip(row.status)) title=why(row.status)>{row.status.label()}</span>
            " "
            {point.map(|(lat, lon)| view! { <span class="ps-row__coordinates" data-testid="row-coordinates">{format!("{}, {}", degrees(lat), degrees(lon))}</span> })}
            <span class="ps-row__source">{format!(" · {}", row.words)}</span>
        </p>
        {point.map(|(lat, lon)| {
            view! {
                <p class="ps-row__actions">
                    <button
                        class="ps-button ps-button--small"
                        data-testid="copy-row"
                        on:click=move |_| page.copy_row(format!("{lat}, {lon}"), copied)
                    >
                        "Copy latitude, longitude"
                    </button>
                    <a
                        class="ps-button ps-button--small"
                        href=format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
                        target="_blank"
                        rel="noopener noreferrer"
                        data-testid="open-osm"
                    >
                        "Open in OpenStreetMap ↗"
                    </a>
                    <span class="ps-note" role="status" data-testid="row-copied">{move || copied.get()}</span>
                </p>
            }
        })}
        <Show when=move || pending && resolver.with(String::is_empty)>
            <UseLink row=row.clone() openable=openable />
        </Show>
        <Show when=move || pending && !resolver.with(String::is_empty)>
            <p class="ps-note">"The resolver is asked for this link; its point comes in when it answers."</p>
        </Show>
    }
}

/// A short link finished by hand: open it in a tab, paste the address it lands on.
#[component]
fn UseLink(row: ResultRow, openable: bool) -> impl IntoView {
    let page = Page::get();
    let pasted = RwSignal::new(String::new());
    let sheet_row = row.row.saturating_sub(1);
    let refused = move || {
        page.link_refused.with(|r| r.as_ref().filter(|(at, _)| *at == sheet_row).map(|(_, why)| why.clone()))
    };
    let submit = move || {
        let text = pasted.get_untracked();
        if !text.trim().is_empty() {
            page.use_link(sheet_row, text);
        }
    };
    view! {
        <div class="ps-row__short" data-testid="use-link">
            <p class="ps-note ps-note--block">
                "A short link hides its point behind a redirect that this page cannot follow. "
                "Open it, then paste the address it opens to here — or "
                <button class="ps-link-button" on:click=move |_| page.open_short_links()>"set a resolver"</button>
                " to do every short link at once."
            </p>
            <div class="ps-row__paste">
                {openable.then(|| view! {
                    <a class="ps-button ps-button--small" href=row.link.clone() target="_blank" rel="noopener noreferrer" data-testid="open-link">
                        "Open link ↗"
                    </a>
                })}
                <label class="ps-field ps-row__field">
                    <span class="ps-visually-hidden">"The full link"</span>
                    <input
                        class="ps-input"
                        type="url"
                        placeholder="Paste the full link here"
                        data-testid="use-link-input"
                        aria-invalid=move || refused().is_some().to_string()
                        aria-describedby="ps-use-link-why"
                        prop:value=move || pasted.get()
                        on:input=move |event| pasted.set(event_target_value(&event))
                        on:keydown=move |event: web_sys::KeyboardEvent| {
                            if event.key() == "Enter" {
                                submit();
                            }
                        }
                    />
                </label>
                <button
                    class="ps-button ps-button--small ps-button--primary"
                    data-testid="use-link-apply"
                    disabled=move || pasted.with(|p| p.trim().is_empty())
                    on:click=move |_| submit()
                >
                    "Use it"
                </button>
            </div>
            <p class="ps-note ps-note--warning" id="ps-use-link-why" role="alert" data-testid="use-link-refused" hidden=move || refused().is_none()>
                {refused}
            </p>
        </div>
    }
}
