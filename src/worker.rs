//! The Web Worker: reads, converts and writes with pinsheet-core, off the page's thread.

mod glue;
mod session;

pub use glue::run;
