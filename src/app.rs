//! The page: the state (`state::Page`) given by context, the components that show it, in
//! one flow from top to bottom — the file, what to convert, the results.

use crate::components::format::{count, data_rows, rows};
use crate::components::{
    ColumnSelect, DownloadButtons, DropZone, FileBar, Intro, MapView, PasteBox, PreviewTable, ProgressBar,
    ReferencePoint, ResolveProgress, ResolverSettings, ResultsTable, RowPanel, StatsCards, ThemeToggle,
};
use crate::protocol::Converted;
use crate::state::Page;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let page = Page::new();
    provide_context(page);
    page.start();
    let busy = page.busy;
    let has_preview = move || page.preview.with(Option::is_some);
    let converting = move || busy.get() && has_preview();
    let data = Signal::derive(move || {
        let header = page.header();
        page.preview
            .with(|p| {
                p.as_ref().and_then(|p| p.sheets.get(p.target.sheet).map(|s| data_rows(s.rows, header)))
            })
            .unwrap_or(0)
    });
    // No column has a link among the rows looked at: say so before Convert.
    let no_links =
        move || page.preview.with(|p| p.as_ref().is_some_and(|p| p.columns.iter().all(|c| c.links == 0)));
    let counted = move || {
        page.preview.with(|p| {
            p.as_ref().map_or(String::new(), |p| {
                let all = data.get();
                let counted = data_rows(p.counted_rows, page.header());
                if counted >= all {
                    format!("in its {}", rows(all))
                } else {
                    format!("in the first {} of {} rows", count(counted), count(all))
                }
            })
        })
    };
    let has_points = move || page.result.with(|r| r.as_ref().is_some_and(Converted::has_points));
    let stale = Signal::derive(move || page.stale());
    // The .xlsx was rewritten from a spreadsheet's values: neither patched nor made from text.
    let rewritten = Signal::derive(move || {
        let keep = page.converted_job.with(|j| j.as_ref().is_some_and(|j| j.output.keep_formatting));
        let text = page.preview.with(|p| p.as_ref().is_none_or(|p| p.is_csv));
        !keep && !text
    });
    view! {
        <Show when=move || page.result.with(Option::is_some)>
            <a class="ps-skip" href="#results">"Skip to the results"</a>
        </Show>
        <header class="ps-header">
            <div class="ps-header__text">
                <h1 class="ps-header__title">
                    <svg class="ps-logo" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M12 2C8 2 5 5 5 9c0 5.2 7 13 7 13s7-7.8 7-13c0-4-3-7-7-7z" fill="currentColor" />
                        <circle cx="12" cy="9" r="2.6" class="ps-logo__hole" />
                    </svg>
                    "pinsheet"
                </h1>
                <p class="ps-header__tagline">
                    "Map links in a spreadsheet → latitude and longitude columns. "
                    <strong>"Your file never leaves this browser."</strong>
                </p>
            </div>
            <div class="ps-header__tools">
                <ThemeToggle dark=page.dark />
            </div>
        </header>
        <main class="ps-main">
            <DropZone busy=busy ready=page.ready compact=Signal::derive(has_preview) />
            <Show when=move || !has_preview()>
                <ProgressBar progress=page.progress file_name=page.file_name file_size=page.file_size data_rows=data />
                <PasteBox busy=busy />
            </Show>
            <Show when=move || page.error.with(Option::is_some)>
                <p class="ps-error" role="alert" data-testid="error">{move || page.error.get()}</p>
            </Show>
            <Show when=move || !has_preview() && !busy.get() && page.error.with(Option::is_none)>
                <Intro />
            </Show>
            <Show when=has_preview>
                <section class="ps-card ps-job" aria-label="What to convert">
                    <Show
                        when=move || page.editing.get()
                        fallback=move || view! { <FileBar preview=page.preview plan=page.plan busy=busy /> }
                    >
                        <PreviewTable preview=page.preview />
                        <Show when=no_links>
                            <p class="ps-note ps-note--warning" data-testid="no-links">
                                {move || format!(
                                    "No map links or coordinates were found {}, in any column. pinsheet reads map links \
                                     (Google Maps, Apple Maps, OpenStreetMap and more), geo: URIs, plus codes and \
                                     coordinates such as 48.8584, 2.2945. Choose another sheet, or convert anyway \
                                     to see each row's status.",
                                    counted()
                                )}
                            </p>
                        </Show>
                        <div class="ps-actions">
                            <ColumnSelect preview=page.preview plan=page.plan also=page.also />
                            <ReferencePoint plan=page.plan />
                        </div>
                    </Show>
                    <div class="ps-convert">
                        <Show when=move || !converting() && (page.editing.get() || stale.get())>
                            <button
                                class="ps-button ps-button--primary ps-button--large"
                                id="ps-convert-button"
                                data-testid="convert"
                                disabled=move || busy.get() || page.plan.with(Option::is_none)
                                on:click=move |_| page.convert()
                            >
                                {move || if page.result.with(Option::is_some) { "Convert again" } else { "Convert" }}
                            </button>
                        </Show>
                        <ProgressBar progress=page.progress file_name=page.file_name file_size=page.file_size data_rows=data />
                    </div>
                </section>
            </Show>
            <Show when=move || page.result.with(Option::is_some)>
                <section class="ps-results" id="results" aria-labelledby="ps-headline" data-testid="results-section">
                    <StatsCards result=page.result />
                    <Show when=move || stale.get()>
                        <p class="ps-stale" role="status" data-testid="stale">
                            "Settings changed — these results and files are of the old ones. "
                            <button class="ps-button ps-button--small ps-button--primary" data-testid="convert-again" disabled=busy on:click=move |_| page.convert()>
                                "Convert again"
                            </button>
                        </p>
                    </Show>
                    <ResolveProgress progress=page.resolve_progress cancel=page.cancel_resolving />
                    <Show
                        when=has_points
                        fallback=move || view! {
                            <p class="ps-note ps-note--block" data-testid="no-downloads">
                                "There is nothing to download: no row has coordinates. The table shows what each row holds."
                            </p>
                            // Why the .xlsx could not be written matters even then: the sheet is
                            // beyond what Excel opens.
                            {move || page.downloads.with(|d| d.as_ref().and_then(|d| d.xlsx_error.clone())).map(|error| view! {
                                <p class="ps-note ps-note--warning" data-testid="xlsx-error">{error}</p>
                            })}
                        }
                    >
                        <DownloadButtons downloads=page.downloads stale=stale rewritten=rewritten />
                    </Show>
                    <div class="ps-results__body" class:ps-results__body--flat=move || !has_points()>
                        <div class="ps-results__table">
                            <ResultsTable
                                result=page.result
                                window=page.window
                                filter=page.filter
                                selected=page.selected
                                narrow=page.narrow
                            />
                        </div>
                        <Show when=has_points>
                            <aside class="ps-results__side" aria-label="Map and the chosen row">
                                <MapView points=page.points selected=page.selected dark=page.dark />
                                <RowPanel window=page.window selected=page.selected resolver=page.resolver />
                            </aside>
                        </Show>
                    </div>
                </section>
            </Show>
            <ResolverSettings address=page.resolver open=page.short_links_open />
        </main>
        <footer class="ps-footer">
            "Converted on your device with WebAssembly — no upload, no server. "
            "Short links can go through a resolver you choose; nothing else leaves the browser."
        </footer>
    }
}
