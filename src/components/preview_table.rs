//! PreviewTable: the open file's name, its sheets and first rows.

use crate::components::format::{count, data_rows, rows};
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
                let header = page.header();
                let words = if header { " and a header" } else { "" };
                Some(format!(
                    "{} · sheet “{}” · {}{words}",
                    p.file_name,
                    sheet.name,
                    rows(data_rows(sheet.rows, header))
                ))
            })
        })
    };
    // The link counts cover a long sheet's first rows only: say which.
    let counted = move || {
        preview.with(|p| {
            let p = p.as_ref()?;
            let header = page.header();
            let all = data_rows(p.sheets.get(p.target.sheet)?.rows, header);
            // Both the counted rows and the sheet's rows hold the header row.
            let counted = data_rows(p.counted_rows, header);
            (counted < all).then(|| {
                format!(
                    "Links are counted in the first {} of {}; every row is converted.",
                    count(counted),
                    rows(all)
                )
            })
        })
    };
    let sheets = move || preview.with(|p| p.as_ref().map(|p| p.sheets.clone()).unwrap_or_default());
    let chosen = move || preview.with(|p| p.as_ref().map_or(0, |p| p.target.sheet)).to_string();
    let several = move || preview.with(|p| p.as_ref().is_some_and(|p| p.sheets.len() > 1));
    let head = move || preview.with(|p| p.as_ref().map(|p| p.head.clone()).unwrap_or_default());
    let header = move || page.header();
    view! {
        <div class="ps-preview">
            <p class="ps-preview__summary" data-testid="preview-summary">{summary}</p>
            <Show when=move || counted().is_some()>
                <p class="ps-note" data-testid="counted-rows">{counted}</p>
            </Show>
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
                                    view! { <option value=index.to_string()>{format!("{} ({})", sheet.name, rows(sheet.rows))}</option> }
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
