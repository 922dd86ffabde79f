//! The page's state: every signal the components show, what each worker answer does to them
//! (`apply`), and the person's actions as methods; given to the components by context.

use crate::browser::{
    console_error, fetch_blob, focus_after_render, focus_in_place, keep_file, mark, mark_after_render,
    media_signal, object_url, register_service_worker, revoke, save, take_kept_file, write_clipboard,
};
use crate::client::ConverterWorker;
use crate::components::{theme_signal, ChosenIn};
use crate::protocol::{
    Contents, Converted, Download, Files, MapPoints, Preview, Request, Resolved, Response, RowFilter,
    RowProgress, ShortLinkRow, Stage,
};
use crate::resolving;
use crate::table::{TableWindow, FETCH};
use leptos::prelude::*;
use pinsheet_core::{FileKind, Job};

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
    /// Something to know about the CSV.
    pub csv_note: Option<String>,
}

/// The page's state. Copy: every field is a handle on a signal or stored value.
#[derive(Clone, Copy)]
pub struct Page {
    /// The open file's sheets, columns and first rows.
    pub preview: RwSignal<Option<Preview>>,
    /// What to convert and how: the proposed target, then the person's choices.
    pub plan: RwSignal<Option<Job>>,
    /// More link columns to convert beside the plan's, each into its own columns.
    pub also: RwSignal<Vec<usize>>,
    /// How far reading, converting or writing is.
    pub progress: RwSignal<Option<RowProgress>>,
    /// The finished conversion (its files live on in `downloads`).
    pub result: RwSignal<Option<Converted>>,
    /// The results table's loaded rows.
    pub window: RwSignal<TableWindow>,
    /// The filter the results table shows.
    pub filter: RwSignal<RowFilter>,
    /// The map's points.
    pub points: RwSignal<Option<MapPoints>>,
    /// The row chosen on the map or in the table.
    pub selected: RwSignal<Option<(usize, ChosenIn)>>,
    /// What "copy" last did, announced.
    pub copied: RwSignal<String>,
    /// True for the dark theme.
    pub dark: RwSignal<bool>,
    /// The download links of the finished files.
    pub downloads: RwSignal<Option<Downloads>>,
    /// The last error, for the person.
    pub error: RwSignal<Option<String>>,
    /// True while the worker reads or converts.
    pub busy: RwSignal<bool>,
    /// The converter has loaded; files chosen before are queued, so this is only shown.
    pub ready: RwSignal<bool>,
    /// The optional short-link resolver's address.
    pub resolver: RwSignal<String>,
    /// The resolver's run.
    pub resolve_progress: RwSignal<resolving::Progress>,
    /// Set to stop the resolver's run.
    pub cancel_resolving: RwSignal<bool>,
    /// The name of the file being read, for messages about it before any preview exists.
    pub file_name: RwSignal<String>,
    /// Its size in bytes.
    pub file_size: RwSignal<usize>,
    /// True while the open file's preview and choices are shown (a conversion folds them
    /// into one line; "Change" opens them again).
    pub editing: RwSignal<bool>,
    /// The job the shown results were converted with (the downloads are of it).
    pub converted_job: RwSignal<Option<Job>>,
    /// Why the link last pasted for a row (sheet row, 0-based) was refused, shown beside
    /// the field it was pasted in.
    pub link_refused: RwSignal<Option<(usize, String)>>,
    /// True while the short-link settings are open.
    pub short_links_open: RwSignal<bool>,
    /// True on a narrow screen (below 640 px), where result rows are cards.
    pub narrow: Signal<bool>,
    /// True below the wide layout (1,100 px), where the map and the chosen row are not
    /// beside the table.
    pub stacked: Signal<bool>,
    /// The job of the conversion asked for and not answered yet: it becomes `converted_job`
    /// with its answer. Cleared when another input opens, so a late answer for the old one
    /// is dropped rather than shown as the new one's.
    sent_job: StoredValue<Option<Job>>,
    /// The chosen file itself, kept for "Save & reload".
    file: StoredValue<Option<web_sys::Blob>, LocalStorage>,
    /// Pasted lines convert at once: there is no file to look at first.
    convert_when_open: RwSignal<bool>,
    /// The converter; `None` only until [`Page::start`].
    worker: StoredValue<Option<ConverterWorker>, LocalStorage>,
}

impl Page {
    /// Fresh state, with the theme and resolver address this browser remembers; the
    /// converter starts with [`Page::start`].
    pub fn new() -> Self {
        Self {
            preview: RwSignal::new(None),
            plan: RwSignal::new(None),
            also: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            result: RwSignal::new(None),
            window: RwSignal::new(TableWindow::default()),
            filter: RwSignal::new(RowFilter::default()),
            points: RwSignal::new(None),
            selected: RwSignal::new(None),
            copied: RwSignal::new(String::new()),
            dark: theme_signal(),
            downloads: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
            ready: RwSignal::new(false),
            resolver: RwSignal::new(resolving::saved_address()),
            resolve_progress: RwSignal::new(resolving::Progress::default()),
            cancel_resolving: RwSignal::new(false),
            file_name: RwSignal::new(String::new()),
            file_size: RwSignal::new(0),
            editing: RwSignal::new(true),
            converted_job: RwSignal::new(None),
            link_refused: RwSignal::new(None),
            short_links_open: RwSignal::new(false),
            sent_job: StoredValue::new(None),
            narrow: media_signal("(max-width: 640px)"),
            stacked: media_signal("(max-width: 1099px)"),
            file: StoredValue::new_local(None),
            convert_when_open: RwSignal::new(false),
            worker: StoredValue::new_local(None),
        }
    }

    /// The state given by [`App`](crate::app::App).
    pub fn get() -> Self {
        expect_context::<Page>()
    }

    /// Starts the converter, whose answers go to [`Page::apply`]; pasted lines convert once
    /// they are open.
    pub fn start(self) {
        self.worker.set_value(Some(ConverterWorker::spawn(move |response| self.apply(response))));
        Effect::new(move |_| {
            if self.preview.with(Option::is_some) && self.convert_when_open.get_untracked() {
                self.convert_when_open.set(false);
                self.convert();
            }
        });
        // A file kept across "Save & reload" opens again by itself.
        leptos::task::spawn_local(async move {
            if let Some((name, file)) = take_kept_file().await {
                self.open(name, file.size() as usize, file);
            }
        });
    }

    /// True when the choices changed since the shown results were converted: the results
    /// and their files are of the old ones.
    pub fn stale(self) -> bool {
        let Some(converted) = self.converted_job.get() else { return false };
        self.plan.get().map(|job| self.with_also(job)).as_ref() != Some(&converted)
    }

    /// `job` with the extra link columns chosen, sorted into sheet order: the output's new
    /// columns follow the sheet, not the order the boxes were ticked in, and ticking the same
    /// columns in another order is not a change of settings.
    fn with_also(self, job: Job) -> Job {
        let mut also = self.also.get();
        also.sort_unstable();
        also.dedup();
        Job { also, ..job }
    }

    /// True when the chosen sheet's first row is a header: the person's choice, else the
    /// detected one.
    pub fn header(self) -> bool {
        self.plan
            .with(|p| p.as_ref().map(|p| p.target.header))
            .or_else(|| self.preview.with(|p| p.as_ref().map(|p| p.target.header)))
            .unwrap_or(false)
    }

    fn send(self, request: &Request) {
        self.worker.with_value(|worker| {
            if let Some(worker) = worker {
                worker.send(request);
            }
        });
    }

    /// What one answer of the worker changes.
    pub fn apply(self, response: Response) {
        match response {
            Response::Ready => {
                self.ready.set(true);
                mark("pinsheet:converter-ready");
                // Only now: the service worker's first install fetches every file of the page,
                // which would compete with loading the converter.
                register_service_worker();
            }
            Response::Opened(opened) => {
                self.progress.set(None);
                self.editing.set(true);
                self.also.set(Vec::new());
                self.plan.set(Some(Job::new(opened.target)));
                self.preview.set(Some(opened));
                self.busy.set(false);
                mark_after_render("pinsheet:preview-ready");
            }
            Response::Progress(step) => self.progress.set(Some(step)),
            Response::Converted(converted, files) => self.converted(*converted, files),
            Response::Rows { from, rows, matching, filter: answered } => {
                // An answer to a filter the person has since changed is stale.
                if self.filter.with_untracked(|f| *f == answered) {
                    self.window.set(TableWindow { from, rows, matching, filter: answered });
                }
            }
            Response::Points(map) => self.points.set(Some(map)),
            Response::Copied(text) => {
                let lines = text.lines().filter(|l| !l.is_empty()).count();
                let said = format!(
                    "Copied the coordinates of {} (latitude, tab, longitude; a blank line for a row without).",
                    crate::components::format::rows(lines)
                );
                write_clipboard(text, said, self.copied);
            }
            Response::Exported(file) => save(&file.contents, file.kind.mime(), &file.name),
            Response::Failed(message) => {
                self.error.set(Some(message));
                // It answers another request than the conversion on its way, which goes on.
                if self.sent_job.with_value(Option::is_some) {
                    return;
                }
                self.convert_when_open.set(false);
                // A file that could not be opened is not one to keep across a reload.
                if self.preview.with_untracked(Option::is_none) {
                    self.file.set_value(None);
                }
                self.progress.set(None);
                self.busy.set(false);
            }
            Response::Unanswered(message) => {
                // Nothing under way will answer: a conversion among it opens its choices again.
                if self.take_sent_job().is_some() {
                    self.editing.set(true);
                }
                self.convert_when_open.set(false);
                self.error.set(Some(message));
                self.progress.set(None);
                self.busy.set(false);
            }
            Response::NotConverted(message) => {
                // Of a conversion since replaced by another input: that input's answers follow.
                if self.take_sent_job().is_none() {
                    return;
                }
                self.error.set(Some(message));
                self.progress.set(None);
                self.busy.set(false);
                // The choices open again, with Convert (which takes the focus Cancel had).
                self.editing.set(true);
                focus_in_place("ps-convert-button");
            }
            Response::LinkRefused { row, message } => self.link_refused.set(Some((row, message))),
            Response::Crashed(detail) => {
                self.ready.set(false);
                console_error(&format!("pinsheet: the converter stopped: {detail}"));
                let name = self.file_name.get_untracked();
                self.reset(Some(format!(
                    "{name} could not be read: the converter stopped on it (the file may be damaged, \
                     or too large for this browser). The page is ready for another file."
                )));
                self.editing.set(true);
                self.busy.set(false);
            }
        }
    }

    fn converted(self, mut converted: Converted, files: Files) {
        let after_resolving = converted.after_resolving;
        if after_resolving {
            // Points merged into results no longer shown (another input opened since, or a
            // new conversion is on its way) belong to nothing on the page.
            if self.result.with_untracked(Option::is_none) {
                self.clear_idle_progress();
                return;
            }
        } else {
            // Not asked for by the input now open: dropped, never shown as its results.
            let Some(job) = self.take_sent_job() else {
                self.clear_idle_progress();
                return;
            };
            self.converted_job.set(Some(job));
        }
        // The files live on in their Blobs; the signals keep only their links.
        let files = Downloads::new(files);
        self.downloads.update(|old| {
            if let Some(old) = old.take() {
                old.revoke();
            }
            *old = files;
        });
        let short_links = std::mem::take(&mut converted.short_links);
        if after_resolving {
            // The same rows with more points: the person's filter, scroll and loaded rows
            // stay, and the rows in view are asked for again.
            let (from, count) = self.window.with_untracked(|w| (w.from, w.rows.len().max(FETCH)));
            self.send(&Request::Rows { from, count, filter: self.filter.get_untracked() });
        } else {
            self.window.set(TableWindow {
                from: 0,
                rows: std::mem::take(&mut converted.rows),
                matching: converted.stats.rows,
                filter: RowFilter::default(),
            });
            self.filter.set(RowFilter::default());
            self.selected.set(None);
            self.points.set(None);
            self.link_refused.set(None);
        }
        self.send(&Request::Points);
        self.result.set(Some(converted));
        self.busy.set(false);
        self.progress.set(None);
        if after_resolving {
            mark_after_render("pinsheet:resolved-ready");
        } else {
            self.editing.set(false);
            focus_after_render("ps-headline");
            mark_after_render("pinsheet:download-ready");
            self.resolve_progress.set(resolving::Progress::default());
            self.resolve(short_links);
        }
    }

    /// The job of the conversion on its way, now answered.
    fn take_sent_job(self) -> Option<Job> {
        self.sent_job.try_update_value(Option::take).flatten()
    }

    /// Clears the progress of a dropped answer (its writing steps came before it), unless
    /// other work is under way.
    fn clear_idle_progress(self) {
        if !self.busy.get_untracked() {
            self.progress.set(None);
        }
    }

    /// Follows the rows' short links (this browser's memory first, then the resolver when
    /// one is set) and hands the points found to the worker.
    fn resolve(self, rows: Vec<ShortLinkRow>) {
        // Without a resolver set, links answered before are still taken from this browser.
        if rows.is_empty() {
            return;
        }
        // A plain closure, not a Callback: a Callback made here would belong to whatever
        // owner is current (the Retry button's, say) and die with it before the answers come.
        let merge = move |points: Vec<Resolved>| {
            if !points.is_empty() {
                self.send(&Request::ApplyResolved(points));
            }
        };
        let address = self.resolver.get_untracked();
        resolving::start(address, rows, self.resolve_progress, self.cancel_resolving, merge);
    }

    /// Ends the short-link run of the results shown: they are being replaced.
    fn stop_resolving(self) {
        resolving::stop();
        self.resolve_progress.set(resolving::Progress::default());
    }

    /// Resolves again the rows whose links failed.
    pub fn retry_resolving(self) {
        let failed = self.resolve_progress.with_untracked(|p| p.failed.clone());
        self.resolve(failed);
    }

    /// Forgets everything shown for the last input (a file, pasted lines or a refusal).
    pub fn reset(self, message: Option<String>) {
        self.error.set(message);
        self.result.set(None);
        self.converted_job.set(None);
        self.sent_job.set_value(None);
        self.file.set_value(None);
        self.link_refused.set(None);
        self.convert_when_open.set(false);
        self.stop_resolving();
        self.progress.set(None);
        self.preview.set(None);
        self.selected.set(None);
    }

    /// Stops reading or converting: the worker is replaced, so the file must be chosen again.
    pub fn cancel_work(self) {
        self.worker.with_value(|worker| worker.iter().for_each(ConverterWorker::replace));
        self.reset(Some("Stopped. Choose the file again to start over.".to_string()));
        self.busy.set(false);
    }

    /// Opens a file the person chose (`size` bytes): the worker gets the `File` itself and
    /// reads it there.
    pub fn open(self, name: String, size: usize, file: web_sys::Blob) {
        self.reset(None);
        self.busy.set(true);
        self.file_name.set(name.clone());
        self.file_size.set(size);
        self.file.set_value(Some(file.clone()));
        self.progress.set(Some(RowProgress { stage: Stage::Reading, done: 0, total: size }));
        self.send(&Request::Open { name, file: Contents::Blob(file) });
    }

    /// Keeps the open file in this browser and reloads the page, which opens it again (a
    /// new resolver is admitted only by a fresh load).
    pub fn keep_file_and_reload(self) {
        let file = self.file.get_value();
        let name = self.file_name.get_untracked();
        leptos::task::spawn_local(async move {
            if let Some(file) = file {
                // Not kept (private mode, no IndexedDB): the reload still happens, and the
                // person chooses the file again.
                let _ = keep_file(&file, &name).await;
            }
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
    }

    /// Opens the short-link settings and shows them.
    pub fn open_short_links(self) {
        self.short_links_open.set(true);
        request_animation_frame(|| {
            let panel =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("short-links"));
            if let Some(panel) = panel {
                crate::browser::into_view(&panel);
            }
        });
    }

    /// Shows the file's preview and choices again.
    pub fn change(self) {
        self.editing.set(true);
    }

    /// Merges the full link pasted for sheet row `row` of the converted link column.
    pub fn use_link(self, row: usize, link: String) {
        let Some(column) = self.converted_job.with_untracked(|j| j.as_ref().map(|j| j.target.column)) else {
            return;
        };
        self.link_refused.set(None);
        self.send(&Request::UseLink { row, column, link });
    }

    /// Opens pasted lines and converts them once open.
    pub fn paste(self, text: String) {
        self.reset(None);
        self.busy.set(true);
        self.file_name.set("pasted.txt".into());
        self.file_size.set(text.len());
        self.file.set_value(None);
        self.convert_when_open.set(true);
        self.send(&Request::Paste(text));
    }

    /// Says why an input cannot be read, in place of whatever was shown.
    pub fn refuse(self, message: String) {
        self.reset(Some(message));
    }

    /// Opens the bundled example workbook.
    pub fn open_example(self) {
        leptos::task::spawn_local(async move {
            match fetch_blob("example.xlsx").await {
                Some(blob) => self.open("example.xlsx".to_string(), blob.size() as usize, blob),
                None => self.refuse(
                    "The example workbook could not be loaded; reload the page and try again.".into(),
                ),
            }
        })
    }

    /// Previews another sheet of the open file.
    pub fn pick_sheet(self, sheet: usize) {
        self.result.set(None);
        self.converted_job.set(None);
        self.sent_job.set_value(None);
        self.stop_resolving();
        self.send(&Request::SelectSheet(sheet));
    }

    /// Converts the open file with the chosen job.
    pub fn convert(self) {
        let Some(job) = self.plan.get_untracked() else { return };
        mark("pinsheet:convert-clicked");
        self.error.set(None);
        self.result.set(None);
        self.stop_resolving();
        let job = untrack(|| self.with_also(job));
        self.sent_job.set_value(Some(job.clone()));
        self.editing.set(false);
        let rows = self.preview.with_untracked(|p| {
            p.as_ref().and_then(|p| p.sheets.get(job.target.sheet)).map_or(0, |sheet| sheet.rows)
        });
        let total = rows * job.columns().len();
        self.progress.set(Some(RowProgress { stage: Stage::Converting, done: 0, total }));
        self.busy.set(true);
        // The Convert button gives way to the progress: its Cancel takes the focus.
        focus_in_place("ps-cancel");
        self.send(&Request::Convert(job));
    }

    /// Asks for result rows `from..from + count` of those the table's filter keeps.
    pub fn fetch_rows(self, from: usize, count: usize) {
        let filter = self.filter.get_untracked();
        self.send(&Request::Rows { from, count, filter });
    }

    /// Copies every row's coordinates.
    pub fn copy_all(self) {
        self.send(&Request::CopyAll);
    }

    /// Copies one row's "lat, lon", saying so in `said`.
    pub fn copy_row(self, text: String, said: RwSignal<String>) {
        let done = format!("Copied {text}.");
        write_clipboard(text, done, said);
    }

    /// Saves the points (or the CSV) in another format.
    pub fn export(self, kind: FileKind) {
        self.send(&Request::Export(kind));
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::new()
    }
}

impl Downloads {
    fn new(Files { xlsx, xlsx_error, xlsx_note, csv, csv_note }: Files) -> Option<Self> {
        let url = |file: Download| Some((object_url(&file.contents, file.kind.mime())?, file.name));
        let xlsx = match xlsx {
            Some(file) => Some(url(file)?),
            None => None,
        };
        let csv = match csv {
            Some(file) => Some(url(file)?),
            None => None,
        };
        Some(Self { xlsx, xlsx_error, xlsx_note, csv, csv_note })
    }

    fn revoke(&self) {
        for (url, _) in self.xlsx.iter().chain(&self.csv) {
            revoke(url);
        }
    }
}
