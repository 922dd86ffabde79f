//! Short links through the optional resolver: only the links leave the browser, each distinct
//! link once, in requests of 100, a few at a time, with progress and cancel.

use crate::protocol::{Resolved, ShortLinkRow};
use leptos::prelude::*;
use pinsheet_core::{Coordinate, Provenance};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Links per request (the resolver's limit).
const BATCH: usize = 100;
/// Requests in flight at once.
const IN_FLIGHT: usize = 4;
/// Where the resolver's address is remembered.
pub const STORAGE_KEY: &str = "pinsheet.resolver";

thread_local! {
    /// Aborts the running resolution's requests in flight.
    static ABORT: std::cell::RefCell<Option<web_sys::AbortController>> = const { std::cell::RefCell::new(None) };
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
}

#[derive(Serialize)]
struct Body<'a> {
    urls: &'a [String],
}

#[derive(Deserialize)]
struct Answer {
    results: Vec<Outcome>,
}

#[derive(Deserialize)]
struct Outcome {
    input: String,
    status: String,
    lat: Option<f64>,
    lon: Option<f64>,
    source: Option<Provenance>,
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

async fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|_| "the resolver could not be reached, or the request was cancelled".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("the resolver answered {}", response.status()))
    }
}

/// `GET /healthz` on the resolver at `base`.
pub async fn check(base: &str) -> Result<(), String> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    fetch(&format!("{}/healthz", base.trim_end_matches('/')), &init).await.map(|_| ())
}

async fn resolve_batch(base: &str, urls: &[String]) -> Result<Vec<Outcome>, String> {
    let body = serde_wasm_bindgen::to_value(&Body { urls }).map_err(|e| e.to_string())?;
    let body = js_sys::JSON::stringify(&body).map_err(|_| "body")?;
    let headers = web_sys::Headers::new().map_err(|_| "headers")?;
    headers.set("Content-Type", "application/json").map_err(|_| "headers")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from(body));
    ABORT.with_borrow(|abort| {
        if let Some(controller) = abort {
            init.set_signal(Some(&controller.signal()));
        }
    });
    let response = fetch(&format!("{}/resolve", base.trim_end_matches('/')), &init).await?;
    let json = JsFuture::from(response.json().map_err(|_| "not JSON")?).await.map_err(|_| "not JSON")?;
    let answer: Answer = serde_wasm_bindgen::from_value(json).map_err(|e| e.to_string())?;
    Ok(answer.results)
}

/// Resolves the rows' short links through the resolver at `base`, updating `progress`, and
/// hands the points found to `done` (an empty list when cancelled before any answer).
pub fn start(
    base: String,
    rows: Vec<ShortLinkRow>,
    progress: RwSignal<Progress>,
    cancel: RwSignal<bool>,
    done: Callback<Vec<Resolved>>,
) {
    let mut distinct: Vec<String> = rows.iter().map(|r| r.link.trim().to_string()).collect();
    distinct.sort();
    distinct.dedup();
    cancel.set(false);
    ABORT.with_borrow_mut(|abort| *abort = web_sys::AbortController::new().ok());
    progress.set(Progress { total: distinct.len(), started_ms: now(), running: true, ..Progress::default() });
    leptos::task::spawn_local(async move {
        let batches: Vec<Vec<String>> = distinct.chunks(BATCH).map(<[String]>::to_vec).collect();
        let queue = std::rc::Rc::new(std::cell::RefCell::new(batches.into_iter()));
        let answers = std::rc::Rc::new(std::cell::RefCell::new(HashMap::<String, Outcome>::new()));
        let lanes = (0..IN_FLIGHT).map(|_| {
            let (queue, answers, base) = (queue.clone(), answers.clone(), base.clone());
            async move {
                loop {
                    if cancel.get_untracked() {
                        return;
                    }
                    let Some(batch) = queue.borrow_mut().next() else { return };
                    match resolve_batch(&base, &batch).await {
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
        let answers = answers.borrow();
        let mut found = Vec::new();
        let mut failed = Vec::new();
        for row in rows {
            let answer = answers.get(row.link.trim());
            let point = answer.filter(|a| a.status == "ok").and_then(|a| {
                Some(Resolved {
                    row: row.row,
                    column: row.column,
                    coordinate: Coordinate::new(a.lat?, a.lon?)?,
                    source: a.source?,
                })
            });
            match point {
                Some(point) => found.push(point),
                None if answer.is_some_and(|a| a.status == "no_coordinates" || a.status == "refused") => {}
                None => failed.push(row),
            }
        }
        progress.update(|p| {
            p.running = false;
            p.failed = failed;
        });
        done.run(found);
    });
}
