//! Short links and place links through the optional resolver: only the links leave the
//! browser, each distinct link once, in requests of 100, a few at a time, with progress and
//! cancel. Final answers are kept in this browser (IndexedDB, `public/resolved-store.js`) and
//! consulted first, so a reload asks the resolver nothing it has answered before.

use crate::protocol::{Resolved, ShortLinkRow};
use gloo_net::http::Request;
use leptos::prelude::*;
use pinsheet_core::{Resolution, ResolutionStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// Links per request (the resolver's limit).
const BATCH: usize = 100;
/// Requests in flight at once.
const IN_FLIGHT: usize = 4;
/// Where the resolver's address is remembered.
pub const STORAGE_KEY: &str = "pinsheet.resolver";

thread_local! {
    /// Aborts the running resolution's requests in flight.
    static ABORT: std::cell::RefCell<Option<web_sys::AbortController>> = const { std::cell::RefCell::new(None) };
    /// Numbers the runs: a run that is no longer the latest stops, and neither reports
    /// progress nor hands over its points (they are of results no longer shown).
    static RUN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// True while run `mine` is the latest.
fn current(mine: u64) -> bool {
    RUN.with(std::cell::Cell::get) == mine
}

/// Ends the running resolution for good, whatever starts next: the page's input or results
/// changed, so its points would belong to nothing shown.
pub fn stop() {
    RUN.with(|run| run.set(run.get() + 1));
    ABORT.with_borrow(|abort| {
        if let Some(controller) = abort {
            controller.abort();
        }
    });
}

/// Stops the running resolution: no new requests, and those in flight are aborted (their
/// rows count as failed, for "Retry failed").
pub fn cancel(flag: RwSignal<bool>) {
    flag.set(true);
    ABORT.with_borrow(|abort| {
        if let Some(controller) = abort {
            controller.abort();
        }
    });
}

/// How far the resolving has come, for the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Distinct links answered so far.
    pub done: usize,
    /// Distinct links to resolve.
    pub total: usize,
    /// `performance.now()` when it started, for the rate and ETA.
    pub started_ms: f64,
    /// Still running.
    pub running: bool,
    /// Links that failed (rate limited, timeout, upstream error, unreachable resolver).
    pub failed: Vec<ShortLinkRow>,
    /// Why the last request failed, when the resolver itself could not be reached.
    pub error: Option<String>,
    /// Distinct links answered from this browser's memory of earlier answers.
    pub from_memory: usize,
}

// public/resolved-store.js, a plain script of the page (see there why not a snippet).
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = pinsheetResolved, js_name = lookup)]
    async fn lookup_kept(links: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = pinsheetResolved, js_name = keep)]
    async fn keep(entries: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = pinsheetResolved, js_name = forget)]
    async fn forget_kept() -> Result<JsValue, JsValue>;
}

/// Forgets every resolved link this browser kept; says how many there were.
pub async fn forget() -> Result<usize, String> {
    let count = forget_kept().await.map_err(|_| "this browser's storage could not be cleared".to_string())?;
    Ok(count.as_f64().unwrap_or(0.0) as usize)
}

/// The kept answers for `links` (an empty map when the browser keeps nothing, e.g. storage
/// is off in a private window).
async fn recall(links: &[String]) -> HashMap<String, Resolution> {
    let array: js_sys::Array = links.iter().map(|l| JsValue::from_str(l)).collect();
    let Ok(found) = lookup_kept(array).await else { return HashMap::new() };
    let found: Vec<Option<Resolution>> = serde_wasm_bindgen::from_value(found).unwrap_or_default();
    links.iter().cloned().zip(found).filter_map(|(link, answer)| answer.map(|a| (link, a))).collect()
}

/// Keeps the final answers among `answers`.
async fn remember(answers: &[Resolution]) {
    let entries: js_sys::Array = answers
        .iter()
        .filter(|a| a.status.is_final())
        .filter_map(|a| {
            let value = serde_wasm_bindgen::to_value(a).ok()?;
            Some(JsValue::from(js_sys::Array::of2(&JsValue::from_str(&a.input), &value)))
        })
        .collect();
    // A browser that keeps nothing only means asking again next time.
    let _ = keep(entries).await;
}

#[derive(Serialize)]
struct Body<'a> {
    urls: &'a [String],
}

#[derive(Deserialize)]
struct Answer {
    results: Vec<Resolution>,
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// The resolver address the person set, if any.
pub fn saved_address() -> String {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).unwrap_or_default()
}

/// Remembers the resolver address.
pub fn save_address(address: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, address.trim());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `response` when it says OK, else what it said.
fn answered(response: gloo_net::http::Response) -> Result<gloo_net::http::Response, String> {
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("the resolver answered {}", response.status()))
    }
}

const UNREACHABLE: &str = "the resolver could not be reached, or the request was cancelled";

/// `GET /healthz` on the resolver at `base`.
pub async fn check(base: &str) -> Result<(), String> {
    let url = format!("{}/healthz", base.trim_end_matches('/'));
    let response = Request::get(&url).send().await.map_err(|_| UNREACHABLE.to_string())?;
    answered(response).map(|_| ())
}

async fn resolve_batch(base: &str, urls: &[String]) -> Result<Vec<Resolution>, String> {
    let url = format!("{}/resolve", base.trim_end_matches('/'));
    let signal = ABORT.with_borrow(|abort| abort.as_ref().map(web_sys::AbortController::signal));
    // JSON through the browser's own parser: serde_json would add its weight to the page.
    let body = serde_wasm_bindgen::to_value(&Body { urls }).map_err(|e| e.to_string())?;
    let body = js_sys::JSON::stringify(&body).map_err(|_| "body")?;
    let request = Request::post(&url)
        .abort_signal(signal.as_ref())
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|e| e.to_string())?;
    let response = answered(request.send().await.map_err(|_| UNREACHABLE.to_string())?)?;
    let json = web_sys::Response::from(response).json().map_err(|_| "not JSON")?;
    let json = wasm_bindgen_futures::JsFuture::from(json).await.map_err(|_| "not JSON")?;
    let answer: Answer = serde_wasm_bindgen::from_value(json).map_err(|e| e.to_string())?;
    Ok(answer.results)
}

/// Resolves the rows' short links and place links — from this browser's memory where it has
/// the answer, else through the resolver at `base` (none: memory only) — updating
/// `progress`, and hands the points found to `done` (an empty list when cancelled before any
/// answer).
pub fn start(
    base: String,
    rows: Vec<ShortLinkRow>,
    progress: RwSignal<Progress>,
    cancel: RwSignal<bool>,
    done: impl FnOnce(Vec<Resolved>) + 'static,
) {
    let mut distinct: Vec<String> = rows.iter().map(|r| r.link.trim().to_string()).collect();
    distinct.sort();
    distinct.dedup();
    let mine = RUN.with(|run| {
        run.set(run.get() + 1);
        run.get()
    });
    cancel.set(false);
    ABORT.with_borrow_mut(|abort| *abort = web_sys::AbortController::new().ok());
    leptos::task::spawn_local(async move {
        let kept = recall(&distinct).await;
        if !current(mine) {
            return;
        }
        let ask: Vec<String> = if base.is_empty() {
            Vec::new()
        } else {
            distinct.iter().filter(|l| !kept.contains_key(*l)).cloned().collect()
        };
        if kept.is_empty() && ask.is_empty() {
            return;
        }
        progress.set(Progress {
            total: kept.len() + ask.len(),
            done: kept.len(),
            from_memory: kept.len(),
            started_ms: now(),
            running: true,
            ..Progress::default()
        });
        let batches: Vec<Vec<String>> = ask.chunks(BATCH).map(<[String]>::to_vec).collect();
        let queue = std::rc::Rc::new(std::cell::RefCell::new(batches.into_iter()));
        let answers = std::rc::Rc::new(std::cell::RefCell::new(kept));
        let lanes = (0..IN_FLIGHT).map(|_| {
            let (queue, answers, base) = (queue.clone(), answers.clone(), base.clone());
            async move {
                loop {
                    if cancel.get_untracked() || !current(mine) {
                        return;
                    }
                    let Some(batch) = queue.borrow_mut().next() else { return };
                    let answer = resolve_batch(&base, &batch).await;
                    // Final answers are worth keeping for next time, whatever happened since.
                    if let Ok(results) = &answer {
                        remember(results).await;
                    }
                    // Stopped while the request was out: nothing more of it is this page's.
                    if !current(mine) {
                        return;
                    }
                    match answer {
                        Ok(results) => {
                            let count = results.len();
                            answers.borrow_mut().extend(results.into_iter().map(|r| (r.input.clone(), r)));
                            progress.update(|p| p.done += count);
                        }
                        Err(error) => progress.update(|p| {
                            p.done += batch.len();
                            p.error =
                                Some(if cancel.get_untracked() { "cancelled".to_string() } else { error });
                        }),
                    }
                }
            }
        });
        futures_util::future::join_all(lanes).await;
        if !current(mine) {
            return;
        }
        let answers = answers.borrow();
        let mut found = Vec::new();
        let mut failed = Vec::new();
        for row in rows {
            let answer = answers.get(row.link.trim());
            let outcome = answer.and_then(|a| a.outcome(row.service));
            match outcome {
                Some(extraction) => found.push(Resolved { row: row.row, column: row.column, extraction }),
                // Final answers and refusals: asking again would not help.
                None if answer
                    .is_some_and(|a| a.status.is_final() || a.status == ResolutionStatus::Refused) => {}
                // Without a resolver, rows memory could not answer are pending, not failed.
                None if base.is_empty() => {}
                None => failed.push(row),
            }
        }
        progress.update(|p| {
            p.running = false;
            p.failed = failed;
        });
        done(found);
    });
}
