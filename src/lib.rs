//! pinsheet in the browser: a Leptos page (the `app` binary) and a Web Worker (the `worker`
//! binary) that runs pinsheet-core on the file, so the page never freezes and a crash in a
//! parser ends only the worker.

pub mod app;
pub mod browser;
pub mod client;
pub mod components;
pub mod labels;
pub mod protocol;
pub mod rate;
pub mod resolving;
pub mod state;
pub mod table;
pub mod worker;
