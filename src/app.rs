//! The page: the state (`state::Page`) given by context, the components that show it.

use crate::components::{
    ColumnSelect, DownloadButtons, DropZone, MapView, PasteBox, PreviewTable, ProgressBar, ReferencePoint,
    ResolveProgress, ResolverSettings, ResultsTable, StatsCards, ThemeToggle,
};
use crate::state::Page;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let page = Page::new();
    provide_context(page);
    page.start();
    let busy = page.busy;
    view! {
        <header class="ps-header">
            <div class="ps-header__text">
                <h1 class="ps-header__title">"pinsheet"</h1>
                <p class="ps-header__tagline">
                    "Drop a spreadsheet of map links, get it back with latitude and longitude. "
                    <strong>"Your file never leaves this browser."</strong>
                </p>
            </div>
            <div class="ps-header__tools">
                <button class="ps-button ps-button--small" data-testid="example" disabled=busy on:click=move |_| page.open_example()>
                    "Try it with an example"
                </button>
                <ThemeToggle dark=page.dark />
            </div>
        </header>
        <main class="ps-main">
            <DropZone busy=busy ready=page.ready />
            <PasteBox busy=busy />
            <Show when=move || page.preview.with(Option::is_none)>
                <ProgressBar progress=page.progress file_name=page.file_name />
            </Show>
            <ResolverSettings address=page.resolver />
            <Show when=move || page.error.with(Option::is_some)>
                <p class="ps-error" role="alert" data-testid="error">{move || page.error.get()}</p>
            </Show>
            <Show when=move || page.preview.with(Option::is_some)>
                <section class="ps-card">
                    <PreviewTable preview=page.preview />
                    <div class="ps-actions">
                        <ColumnSelect preview=page.preview plan=page.plan also=page.also />
                        <ReferencePoint plan=page.plan />
                        <button
                            class="ps-button ps-button--primary"
                            data-testid="convert"
                            disabled=move || busy.get() || page.plan.with(Option::is_none)
                            on:click=move |_| page.convert()
                        >
                            "Convert"
                        </button>
                    </div>
                    <ProgressBar progress=page.progress file_name=page.file_name />
                </section>
            </Show>
            <Show when=move || page.result.with(Option::is_some)>
                <section class="ps-card">
                    <StatsCards result=page.result />
                    <ResolveProgress progress=page.resolve_progress cancel=page.cancel_resolving />
                    <DownloadButtons downloads=page.downloads />
                    <p class="ps-note" role="status" aria-live="polite" data-testid="copied">{move || page.copied.get()}</p>
                    <MapView points=page.points selected=page.selected dark=page.dark />
                    <ResultsTable
                        result=page.result
                        resolver=page.resolver
                        window=page.window
                        filter=page.filter
                        selected=page.selected
                    />
                </section>
            </Show>
        </main>
        <footer class="ps-footer">
            "Converted on your device with WebAssembly — no upload, no server. "
            "Short links need the optional resolver."
        </footer>
    }
}
