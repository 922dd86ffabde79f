//! The page: state lives here, components show it, the worker does the work.

use crate::browser::{
    blob_url, fetch_bytes, mark, mark_after_render, register_service_worker, save, write_clipboard,
};
use crate::client::ConverterWorker;
use crate::components::{
    ChosenIn, ColumnSelect, DownloadButtons, DropZone, MapView, PasteBox, PreviewTable, ProgressBar,
    ReferencePoint, ResolveProgress, ResolverSettings, ResultsTable, StatsCards, TableWindow, ThemeToggle,
};
use crate::protocol::{
    Converted, ExportKind, MapPoints, Preview, Request, Resolved, Response, RowFilter, RowProgress,
    ShortLinkRow, Stage,
};
use crate::resolving;
use leptos::prelude::*;
use pinsheet_core::Plan;

/// Object URLs of the finished files, for the download links.
#[derive(Debug, Clone, PartialEq)]
pub struct Downloads {
    /// The .xlsx output's blob URL and file name, unless it could not be written.
    pub xlsx: Option<(String, String)>,
    /// Why there is no .xlsx.
    pub xlsx_error: Option<String>,
    /// Something to know about the .xlsx.
    pub xlsx_note: Option<String>,
    /// The CSV output's blob URL and file name, for CSV inputs and when there is no .xlsx.
    pub csv: Option<(String, String)>,
    /// The input was CSV (then the CSV is the first download).
    pub from_csv: bool,
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let preview = RwSignal::new(None::<Preview>);
    let plan = RwSignal::new(None::<Plan>);
    // More link columns to convert beside the plan's, each into its own columns.
    let also = RwSignal::new(Vec::<usize>::new());
    let progress = RwSignal::new(None::<RowProgress>);
    let result = RwSignal::new(None::<Converted>);
    // The results table's loaded rows, and the filter it shows.
    let window = RwSignal::new(TableWindow::default());
    let filter = RwSignal::new(RowFilter::default());
    // The map's points, and the row chosen on the map or in the table.
    let points = RwSignal::new(None::<MapPoints>);
    let selected = RwSignal::new(None::<(usize, ChosenIn)>);
    // What "copy" last did, announced.
    let copied = RwSignal::new(String::new());
    let dark = crate::components::theme_signal();
    let downloads = RwSignal::new(None::<Downloads>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The converter has loaded; files chosen before are queued, so this is only shown.
    let ready = RwSignal::new(false);
    // The optional short-link resolver and its run.
    let resolver = RwSignal::new(resolving::saved_address());
    let resolve_progress = RwSignal::new(resolving::Progress::default());
    let cancel_resolving = RwSignal::new(false);
    // The name of the file being read, for messages about it before any preview exists.
    let file_name = RwSignal::new(String::new());
    // Pasted lines convert at once: there is no file to look at first.
    let convert_when_open = RwSignal::new(false);

    // Filled in below, once the worker exists: asks it for the map's points.
    let ask_points = StoredValue::new_local(Box::new(|| {}) as Box<dyn Fn()>);
    // Filled in below, once the worker exists: starts resolving a conversion's short links.
    let start_resolving =
        StoredValue::new_local(Box::new(|_: Vec<ShortLinkRow>| {}) as Box<dyn Fn(Vec<ShortLinkRow>)>);
    let worker = StoredValue::new_local(ConverterWorker::spawn(move |response| match response {
        Response::Ready => {
            ready.set(true);
            mark("pinsheet:converter-ready");
            // Only now: the service worker's first install fetches every file of the page,
            // which would compete with loading the converter.
            register_service_worker();
        }
        Response::Opened(opened) => {
            progress.set(None);
            also.set(Vec::new());
            plan.set(Some(opened.plan));
            preview.set(Some(opened));
            busy.set(false);
            mark_after_render("pinsheet:preview-ready");
        }
        Response::Progress(step) => progress.set(Some(step)),
        Response::Converted(mut converted) => {
            let name = file_name.get_untracked();
            // The bytes live on in the blobs; the signal keeps only what the page shows.
            let from_csv = preview.with_untracked(|p| p.as_ref().is_some_and(|p| p.is_csv));
            // A patched macro workbook must keep its .xlsm name: Excel refuses macros in .xlsx.
            let macros = plan.with_untracked(|p| p.is_some_and(|p| p.keep_formatting))
                && name.to_ascii_lowercase().ends_with(".xlsm");
            let files = Downloads::new(
                &name,
                converted.xlsx.take().as_ref().map(|b| b.as_slice()),
                (converted.xlsx_error.clone(), converted.xlsx_note.clone()),
                converted.csv.take().as_ref().map(|b| b.as_slice()),
                (from_csv, macros),
            );
            downloads.update(|old| {
                if let Some(old) = old.take() {
                    old.revoke();
                }
                *old = files;
            });
            progress.update(|p| {
                if let Some(p) = p {
                    *p = RowProgress { stage: Stage::Done, done: p.total, total: p.total };
                }
            });
            let short_links = std::mem::take(&mut converted.short_links);
            let matching = converted.stats.rows;
            window.set(TableWindow {
                from: 0,
                rows: std::mem::take(&mut converted.rows),
                matching,
                filter: RowFilter::default(),
            });
            filter.set(RowFilter::default());
            if !converted.after_resolving {
                selected.set(None);
                points.set(None);
            }
            ask_points.with_value(|ask| ask());
            let after_resolving = converted.after_resolving;
            result.set(Some(*converted));
            busy.set(false);
            mark_after_render(if after_resolving {
                "pinsheet:resolved-ready"
            } else {
                "pinsheet:download-ready"
            });
            if !after_resolving {
                resolve_progress.set(resolving::Progress::default());
                start_resolving.with_value(|start| start(short_links));
            }
        }
        Response::Rows { from, rows, matching, filter: answered } => {
            // An answer to a filter the person has since changed is stale.
            if filter.with_untracked(|f| *f == answered) {
                window.set(TableWindow { from, rows, matching, filter: answered });
            }
        }
        Response::Points(map) => points.set(Some(map)),
        Response::Copied(text) => {
            let lines = text.lines().filter(|l| !l.is_empty()).count();
            write_clipboard(text, format!("Copied the coordinates of {lines} rows (latitude, tab, longitude; a blank line for a row without)."), copied);
        }
        Response::Exported { kind, bytes } => {
            let (extension, mime) = kind.file();
            let name = file_name.get_untracked();
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
            save(&bytes, mime, &format!("{stem}.coordinates.{extension}"));
        }
        Response::Failed(message) => {
            convert_when_open.set(false);
            error.set(Some(message));
            progress.set(None);
            busy.set(false);
        }
        Response::Crashed(detail) => {
            ready.set(false);
            web_sys::console::error_1(&format!("pinsheet: the converter stopped: {detail}").into());
            let name = file_name.get_untracked();
            error.set(Some(format!(
                "{name} could not be read: the converter stopped on it (the file may be damaged, \
                 or too large for this browser). The page is ready for another file."
            )));
            preview.set(None);
            result.set(None);
            progress.set(None);
            busy.set(false);
        }
    }));

    let merge = Callback::new(move |points: Vec<Resolved>| {
        if !points.is_empty() {
            worker.with_value(|w| w.send(&Request::ApplyResolved(points)));
        }
    });
    start_resolving.set_value(Box::new(move |rows: Vec<ShortLinkRow>| {
        // Without a resolver set, links answered before are still taken from this browser.
        if !rows.is_empty() {
            resolving::start(resolver.get_untracked(), rows, resolve_progress, cancel_resolving, merge);
        }
    }));
    ask_points.set_value(Box::new(move || worker.with_value(|w| w.send(&Request::Points))));
    let fetch_rows = Callback::new(move |(from, count): (usize, usize)| {
        let filter = filter.get_untracked();
        worker.with_value(|w| w.send(&Request::Rows { from, count, filter }))
    });
    let copy_all = Callback::new(move |()| worker.with_value(|w| w.send(&Request::CopyAll)));
    let copy_row = Callback::new(move |text: String| {
        let said = format!("Copied {text}.");
        write_clipboard(text, said, copied);
    });
    let export = Callback::new(move |kind: ExportKind| worker.with_value(|w| w.send(&Request::Export(kind))));
    let retry = Callback::new(move |()| {
        let failed = resolve_progress.with_untracked(|p| p.failed.clone());
        start_resolving.with_value(|start| start(failed));
    });
    // A new input (a file, pasted lines or a refusal) replaces everything shown for the last.
    let forget = move |message: Option<String>| {
        error.set(message);
        result.set(None);
        progress.set(None);
        preview.set(None);
    };
    // Stops reading or converting: the worker is replaced, so the file must be chosen again.
    let cancel_work = Callback::new(move |()| {
        worker.with_value(ConverterWorker::replace);
        forget(Some("Stopped. Choose the file again to start over.".to_string()));
        busy.set(false);
    });
    let open = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        forget(None);
        busy.set(true);
        file_name.set(name.clone());
        worker.with_value(|w| w.send(&Request::Open { name, bytes: bytes.into() }));
    });
    let paste = Callback::new(move |text: String| {
        forget(None);
        busy.set(true);
        file_name.set("pasted.txt".into());
        convert_when_open.set(true);
        worker.with_value(|w| w.send(&Request::Paste(text)));
    });
    let refuse = Callback::new(move |message: String| forget(Some(message)));
    let example = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            match fetch_bytes("example.xlsx").await {
                Some(bytes) => open.run(("example.xlsx".to_string(), bytes)),
                None => refuse
                    .run("The example workbook could not be loaded; reload the page and try again.".into()),
            }
        })
    });
    let pick_sheet = Callback::new(move |sheet: usize| {
        result.set(None);
        worker.with_value(|w| w.send(&Request::SelectSheet(sheet)));
    });
    let start = move || {
        let Some(plan) = plan.get_untracked() else { return };
        mark("pinsheet:convert-clicked");
        error.set(None);
        result.set(None);
        let also: Vec<usize> = also.get_untracked().into_iter().filter(|&c| c != plan.column).collect();
        let rows = preview.with_untracked(|p| p.as_ref().map_or(0, |p| p.sheets[plan.sheet].rows));
        let total = rows * (1 + also.len());
        progress.set(Some(RowProgress { stage: Stage::Converting, done: 0, total }));
        busy.set(true);
        worker.with_value(|w| w.send(&Request::Convert { plan, also }));
    };
    let run = move |_| start();
    Effect::new(move |_| {
        if preview.with(Option::is_some) && convert_when_open.get_untracked() {
            convert_when_open.set(false);
            start();
        }
    });

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
                <button class="ps-button ps-button--small" data-testid="example" disabled=busy on:click=move |_| example.run(())>
                    "Try it with an example"
                </button>
                <ThemeToggle dark=dark />
            </div>
        </header>
        <main class="ps-main">
            <DropZone on_file=open on_error=refuse busy=busy ready=ready />
            <PasteBox on_paste=paste busy=busy />
            <Show when=move || preview.with(Option::is_none)>
                <ProgressBar progress=progress file_name=file_name cancel=cancel_work />
            </Show>
            <ResolverSettings address=resolver />
            <Show when=move || error.with(Option::is_some)>
                <p class="ps-error" role="alert" data-testid="error">{move || error.get()}</p>
            </Show>
            <Show when=move || preview.with(Option::is_some)>
                <section class="ps-card">
                    <PreviewTable preview=preview pick_sheet=pick_sheet />
                    <div class="ps-actions">
                        <ColumnSelect preview=preview plan=plan also=also />
                        <ReferencePoint plan=plan />
                        <button
                            class="ps-button ps-button--primary"
                            data-testid="convert"
                            disabled=move || busy.get() || plan.get().is_none()
                            on:click=run
                        >
                            "Convert"
                        </button>
                    </div>
                    <ProgressBar progress=progress file_name=file_name cancel=cancel_work />
                </section>
            </Show>
            <Show when=move || result.with(Option::is_some)>
                <section class="ps-card">
                    <StatsCards result=result />
                    <ResolveProgress progress=resolve_progress cancel=cancel_resolving retry=retry />
                    <DownloadButtons downloads=downloads export=export copy_all=copy_all />
                    <p class="ps-note" role="status" aria-live="polite" data-testid="copied">{move || copied.get()}</p>
                    <MapView points=points selected=selected dark=dark />
                    <ResultsTable
                        result=result
                        resolver=resolver
                        window=window
                        filter=filter
                        fetch=fetch_rows
                        selected=selected
                        copy=copy_row
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

impl Downloads {
    fn new(
        input_name: &str,
        xlsx: Option<&[u8]>,
        (xlsx_error, xlsx_note): (Option<String>, Option<String>),
        csv: Option<&[u8]>,
        (from_csv, macros): (bool, bool),
    ) -> Option<Self> {
        let stem = input_name.rsplit_once('.').map_or(input_name, |(stem, _)| stem);
        let stem = if stem.is_empty() { "pinsheet" } else { stem };
        let xlsx = match xlsx {
            Some(bytes) => Some((
                blob_url(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")?,
                format!("{stem}.coordinates.{}", if macros { "xlsm" } else { "xlsx" }),
            )),
            None => None,
        };
        let csv = match csv {
            Some(bytes) => {
                Some((blob_url(bytes, "text/csv;charset=utf-8")?, format!("{stem}.coordinates.csv")))
            }
            None => None,
        };
        Some(Self { xlsx, xlsx_error, xlsx_note, csv, from_csv })
    }

    fn revoke(&self) {
        for (url, _) in self.xlsx.iter().chain(&self.csv) {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }
}
