//! FileBar: the open file and what is converted, in one line, once the choices are made.

use crate::components::format::{data_rows, rows};
use crate::protocol::Preview;
use crate::state::Page;
use leptos::prelude::*;
use pinsheet_core::Job;

/// "example.xlsx · Places · 14 rows · column B — Link · Change": the folded preview, while
/// converting and after.
#[component]
pub fn FileBar(
    /// The open file.
    #[prop(into)]
    preview: Signal<Option<Preview>>,
    /// The chosen sheet, column and options.
    #[prop(into)]
    plan: Signal<Option<Job>>,
    /// True while the converter works.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let line = move || {
        preview.with(|p| {
            let p = p.as_ref()?;
            let job = plan.get()?;
            let sheet = p.sheets.get(job.target.sheet)?;
            let column = p.columns.iter().find(|c| c.column == job.target.column);
            let column = match column.and_then(|c| c.header.as_deref().map(|h| (c, h))) {
                Some((c, header)) => format!("column {} — {header}", c.letter),
                None => format!("column {}", pinsheet_core::column_letter(job.target.column)),
            };
            let parts = [
                p.file_name.clone(),
                sheet.name.clone(),
                rows(data_rows(sheet.rows, job.target.header)),
                column,
            ];
            Some(parts.join(" · "))
        })
    };
    view! {
        <p class="ps-filebar" data-testid="file-bar">
            <span class="ps-filebar__text" data-testid="preview-summary">{line}</span>
            <button class="ps-button ps-button--small" data-testid="change" disabled=busy on:click=move |_| page.change()>
                "Change"
            </button>
        </p>
    }
}
