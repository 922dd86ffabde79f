//! PreviewTable: the open file's name, its sheets and first rows.

use crate::protocol::Preview;
use crate::state::Page;
use leptos::prelude::*;

/// The file's name, its sheets and the first rows of the chosen sheet.
#[component]
pub fn PreviewTable(
    /// The open file.
    #[prop(into)]
    preview: Signal<Option<Preview>>,
) -> impl IntoView {
    let page = Page::get();
    let summary = move || {
        preview.with(|p| {
            p.as_ref().and_then(|p| {
                let sheet = p.sheets.get(p.target.sheet)?;
                let rows = if p.target.header {
                    format!("{} rows + header", sheet.rows.saturating_sub(1))
                } else {
                    format!("{} rows", sheet.rows)
                };
                Some(format!("{} — sheet “{}”, {rows}", p.file_name, sheet.name))
            })
        })
    };
    let sheets = move || preview.with(|p| p.as_ref().map(|p| p.sheets.clone()).unwrap_or_default());
    let chosen = move || preview.with(|p| p.as_ref().map_or(0, |p| p.target.sheet)).to_string();
    let several = move || preview.with(|p| p.as_ref().is_some_and(|p| p.sheets.len() > 1));
    let head = move || preview.with(|p| p.as_ref().map(|p| p.head.clone()).unwrap_or_default());
    let header = move || preview.with(|p| p.as_ref().is_some_and(|p| p.target.header));
    view! {
        <div class="ps-preview">
            <p class="ps-preview__summary" data-testid="preview-summary">{summary}</p>
            <Show when=several>
                <label class="ps-field">
                    "Sheet "
                    <select
                        class="ps-select"
                        data-testid="sheet-select"
                        prop:value=chosen
                        on:change=move |event| {
                            if let Ok(index) = event_target_value(&event).parse() {
                                page.pick_sheet(index);
                            }
                        }
                    >
                        {move || {
                            sheets()
                                .into_iter()
                                .enumerate()
                                .map(|(index, sheet)| {
                                    view! { <option value=index.to_string()>{format!("{} ({} rows)", sheet.name, sheet.rows)}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </Show>
            <div class="ps-table-wrap">
                <table class="ps-table ps-table--preview" data-testid="preview">
                    <tbody>
                        {move || {
                            head()
                                .into_iter()
                                .enumerate()
                                .map(|(index, row)| {
                                    let is_header = index == 0 && header();
                                    view! {
                                        <tr class:ps-table__header=is_header>
                                            {row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
