//! Answers kept on disk between runs (the CLI's `--cache`): a JSON file of link → answer and
//! when it was got. Final answers are kept for good (a place does not move, a dead link stays
//! dead); failures that may pass expire, so the next run asks again.

use crate::{Resolution, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// How long a failure that may pass (timeout, error, rate limit) is kept, in seconds, unless
/// the service asked for a longer wait.
pub const FAILURE_SECONDS: u64 = 10 * 60;

/// What the file says it is, so another program's JSON is not mistaken for a cache.
const FORMAT: &str = "pinsheet resolved links";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Unix time (seconds) the answer was got.
    at: u64,
    answer: Resolution,
}

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    links: HashMap<String, Entry>,
}

/// Resolved links on disk.
#[derive(Debug, Default)]
pub struct Store {
    path: Option<PathBuf>,
    links: HashMap<String, Entry>,
    changed: bool,
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Store {
    /// The default place: `pinsheet/resolved.json` in the user's cache directory
    /// (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
    /// `%LOCALAPPDATA%` on Windows).
    pub fn default_path() -> Option<PathBuf> {
        dirs::cache_dir().map(|dir| dir.join("pinsheet").join("resolved.json"))
    }

    /// The store at `path`; empty when the file does not exist yet.
    ///
    /// # Errors
    ///
    /// When the file exists but cannot be read, or is not a pinsheet cache (a message that
    /// names the file and says what to do).
    pub fn open(path: &Path) -> Result<Store, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Store { path: Some(path.to_path_buf()), ..Store::default() })
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let file: File = serde_json::from_str(&text)
            .ok()
            .filter(|f: &File| f.format == FORMAT && f.version == 1)
            .ok_or_else(|| {
                format!(
                    "{}: this is not a pinsheet cache of resolved links; delete it, or give another file with --cache",
                    path.display()
                )
            })?;
        Ok(Store { path: Some(path.to_path_buf()), links: file.links, changed: false })
    }

    /// A store that keeps nothing (`--no-cache`).
    pub fn none() -> Store {
        Store::default()
    }

    /// The kept answer for `link`, unless it has expired.
    pub fn get(&self, link: &str) -> Option<&Resolution> {
        let entry = self.links.get(link)?;
        let keep = if entry.answer.status.is_final() {
            true
        } else {
            let seconds = entry.answer.retry_after.unwrap_or(0).max(FAILURE_SECONDS);
            now().saturating_sub(entry.at) < seconds
        };
        keep.then_some(&entry.answer)
    }

    /// Keeps `answer` for `link` (refusals are not kept: nothing was asked).
    pub fn put(&mut self, link: &str, answer: &Resolution) {
        if self.path.is_none() || answer.status == Status::Refused {
            return;
        }
        self.links.insert(link.to_string(), Entry { at: now(), answer: answer.clone() });
        self.changed = true;
    }

    /// Forgets every answer.
    pub fn clear(&mut self) {
        self.changed |= !self.links.is_empty();
        self.links.clear();
    }

    /// Writes the file if anything changed (to a temporary file, then renamed over the old
    /// one, so an interrupted run leaves the old cache whole).
    ///
    /// # Errors
    ///
    /// When the directory cannot be made or the file cannot be written.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(path) = self.path.as_deref().filter(|_| self.changed) else { return Ok(()) };
        let fail = |e: std::io::Error| format!("{}: {e}", path.display());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let file = File { format: FORMAT.into(), version: 1, links: std::mem::take(&mut self.links) };
        let text = serde_json::to_string(&file).map_err(|e| e.to_string());
        self.links = file.links;
        let temporary = path.with_extension("json.partial");
        std::fs::write(&temporary, text?).map_err(fail)?;
        std::fs::rename(&temporary, path).map_err(fail)?;
        self.changed = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: Status) -> Resolution {
        crate::chain::resolution("https://maps.app.goo.gl/x", status, None, 1, None)
    }

    #[test]
    fn final_answers_are_kept_and_failures_expire() {
        let dir = std::env::temp_dir().join(format!("pinsheet-store-{}", std::process::id()));
        let path = dir.join("nested").join("resolved.json");
        let mut store = Store::open(&path).unwrap();
        store.put("ok", &answer(Status::Ok));
        store.put("gone", &answer(Status::Gone));
        store.put("timeout", &answer(Status::Timeout));
        store.put("refused", &answer(Status::Refused));
        store.save().unwrap();

        let mut store = Store::open(&path).unwrap();
        assert!(store.get("ok").is_some() && store.get("gone").is_some());
        assert!(store.get("timeout").is_some(), "a fresh failure is kept a while");
        assert!(store.get("refused").is_none());
        // An old failure has expired; an old success has not.
        for entry in store.links.values_mut() {
            entry.at -= FAILURE_SECONDS + 1;
        }
        assert!(store.get("timeout").is_none());
        assert!(store.get("ok").is_some());

        store.clear();
        store.save().unwrap();
        assert!(Store::open(&path).unwrap().get("ok").is_none());

        std::fs::write(&path, "{\"something\": \"else\"}").unwrap();
        let error = Store::open(&path).unwrap_err();
        assert!(error.contains("not a pinsheet cache"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
