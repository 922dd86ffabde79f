//! ColumnSelect: the link column, the header, the extra link columns and the output options.

use crate::components::format::plural;
use crate::protocol::Preview;
use leptos::prelude::*;
use pinsheet_core::{Job, Placement};

/// Picks the link column and says whether row 1 is a header; starts at the detected ones.
#[component]
pub fn ColumnSelect(
    /// The open file's columns.
    #[prop(into)]
    preview: Signal<Option<Preview>>,
    /// The chosen sheet, column and options, changed here.
    plan: RwSignal<Option<Job>>,
    /// More link columns to convert, changed here.
    also: RwSignal<Vec<usize>>,
) -> impl IntoView {
    // Other columns with links can be converted too, each into its own three columns.
    let others = move || {
        let primary = plan.with(|p| p.as_ref().map_or(usize::MAX, |p| p.target.column));
        preview.with(|p| {
            p.iter()
                .flat_map(|p| p.columns.iter())
                .filter(|c| c.links > 0 && c.column != primary)
                // Beyond a few dozen, checkboxes are no longer a choice anyone makes by hand.
                .take(40)
                .map(|c| {
                    (
                        c.column,
                        format!(
                            "{}{}",
                            c.letter,
                            c.header.as_deref().map(|h| format!(" — {h}")).unwrap_or_default()
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let options = move || {
        preview.with(|p| {
            p.iter()
                .flat_map(|p| p.columns.iter())
                .map(|column| {
                    let name = column.header.as_deref().map(|h| format!(" — {h}")).unwrap_or_default();
                    let links = match column.links {
                        0 => String::new(),
                        n => format!(" ({})", plural(n, "link", "links")),
                    };
                    view! { <option value=column.column.to_string()>{format!("{}{name}{links}", column.letter)}</option> }
                })
                .collect_view()
        })
    };
    let chosen = move || plan.with(|p| p.as_ref().map_or(0, |p| p.target.column)).to_string();
    let header = move || plan.with(|p| p.as_ref().is_some_and(|p| p.target.header));
    let keep = move || plan.with(|p| p.as_ref().is_some_and(|p| p.output.keep_formatting));
    let is_xlsx = move || preview.with(|p| p.as_ref().is_some_and(|p| p.is_xlsx));
    let placement = move || match plan.with(|p| p.as_ref().map(|p| p.output.placement)) {
        Some(Placement::AtEnd) => "end",
        _ => "after",
    };
    view! {
        <label class="ps-field">
            "Link column "
            <select
                class="ps-select"
                data-testid="column-select"
                prop:value=chosen
                on:change=move |event| {
                    if let Ok(column) = event_target_value(&event).parse() {
                        edit(plan, |p| p.target.column = column);
                    }
                }
            >
                {options}
            </select>
        </label>
        <label class="ps-field ps-field--check">
            <input
                type="checkbox"
                data-testid="header-toggle"
                prop:checked=header
                on:change=move |event| {
                    let checked = event_target_checked(&event);
                    edit(plan, |p| p.target.header = checked);
                }
            />
            " First row is a header"
        </label>
        <Show when=move || !others().is_empty()>
            <fieldset class="ps-field ps-also" data-testid="also">
                <legend>"Also convert"</legend>
                {move || {
                    others()
                        .into_iter()
                        .map(|(column, label)| {
                            let checked = move || also.with(|a| a.contains(&column));
                            view! {
                                <label class="ps-field--check">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("also-{column}")
                                        prop:checked=checked
                                        on:change=move |event| {
                                            let on = event_target_checked(&event);
                                            also.update(|a| {
                                                a.retain(|c| *c != column);
                                                if on {
                                                    a.push(column);
                                                }
                                            });
                                        }
                                    />
                                    {format!(" {label}")}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
        </Show>
        <Show when=is_xlsx>
            <label class="ps-field ps-field--check" title="Adds the new columns to your original file: styles, widths, charts, images and macros stay as they are. The new columns go after the last used column.">
                <input
                    type="checkbox"
                    data-testid="keep-formatting"
                    prop:checked=keep
                    on:change=move |event| {
                        let checked = event_target_checked(&event);
                        edit(plan, |p| {
                            p.output.keep_formatting = checked;
                            if checked {
                                p.output.placement = Placement::AtEnd;
                            }
                        });
                    }
                />
                " Keep formatting"
            </label>
        </Show>
        <label class="ps-field">
            "New columns "
            <select
                class="ps-select"
                data-testid="placement-select"
                disabled=keep
                prop:value=move || placement().to_string()
                on:change=move |event| {
                    let placement = match event_target_value(&event).as_str() {
                        "end" => Placement::AtEnd,
                        _ => Placement::AfterLink,
                    };
                    edit(plan, |p| p.output.placement = placement);
                }
            >
                <option value="after">"after the link column"</option>
                <option value="end">"after the last column"</option>
            </select>
        </label>
    }
}

/// Changes the plan, when there is one.
fn edit(plan: RwSignal<Option<Job>>, change: impl FnOnce(&mut Job)) {
    plan.update(|p| {
        if let Some(p) = p {
            change(p);
        }
    });
}
