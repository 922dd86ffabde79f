//! `--resolve` and `--resolver URL`: the links a sheet holds that only a request can turn
//! into a point (short links, Google place links), each distinct link once — from the cache
//! file when it has a final answer, else followed in-process by pinsheet-follow (the same
//! rules and guards as pinsheet-resolver) or sent to a running pinsheet-resolver.

use crate::progress::Stage;
use pinsheet_follow::store::Store;
use pinsheet_follow::{Follower, Resolution, Settings, Status};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Links per request to a pinsheet-resolver (its limit).
const BATCH: usize = 100;
/// Times a request to a pinsheet-resolver is retried after it answered 429.
const RATE_LIMIT_RETRIES: usize = 3;
/// The longest wait for a resolver that asked to slow down.
const LONGEST_WAIT: Duration = Duration::from_secs(120);

/// How the person asked for links to be resolved.
pub struct Options {
    /// A running pinsheet-resolver (`--resolver`), else in-process.
    pub resolver: Option<String>,
    /// The cache file; `None` with `--no-cache`.
    pub cache: Option<PathBuf>,
    /// Chains (or requests to the resolver) at once.
    pub concurrency: usize,
    /// Progress on stderr.
    pub progress: bool,
    /// Tests only: where the in-process follower sends every service's traffic.
    #[cfg(feature = "test-hook")]
    pub upstream: Option<std::net::SocketAddr>,
}

impl Options {
    /// Options that send every link to its own service (no test upstream).
    pub fn new(resolver: Option<String>, cache: Option<PathBuf>, concurrency: usize, progress: bool) -> Self {
        Options {
            resolver,
            cache,
            concurrency,
            progress,
            #[cfg(feature = "test-hook")]
            upstream: None,
        }
    }
}

/// What resolving gave: an answer per distinct link, and how they were got.
pub struct Resolved {
    /// Link → answer.
    pub answers: HashMap<String, Resolution>,
    /// Answers taken from the cache file.
    pub from_cache: usize,
}

impl Resolved {
    /// "12 links resolved (3 from the cache): 10 with a point, 1 dead, 1 timed out".
    pub fn summary(&self) -> String {
        const ORDER: [(Status, &str); 8] = [
            (Status::Ok, "with a point"),
            (Status::NoCoordinates, "without coordinates"),
            (Status::Gone, "dead"),
            (Status::NotAMapLink, "not a map"),
            (Status::Refused, "refused"),
            (Status::RateLimited, "rate limited (run again later)"),
            (Status::UpstreamError, "failed (the service answered with an error)"),
            (Status::Timeout, "timed out"),
        ];
        let parts: Vec<String> = ORDER
            .iter()
            .filter_map(|(status, words)| {
                let n = self.answers.values().filter(|a| a.status == *status).count();
                (n > 0).then(|| format!("{n} {words}"))
            })
            .collect();
        let cached = if self.from_cache > 0 {
            format!(" ({} from the cache)", self.from_cache)
        } else {
            String::new()
        };
        format!("{} links resolved{cached}: {}", self.answers.len(), parts.join(", "))
    }
}

/// The cache file used when none is named: `pinsheet/resolved.json` in the user's cache
/// directory, when this system has one.
pub fn default_cache_path() -> Option<PathBuf> {
    Store::default_path()
}

/// Resolves the distinct `links`.
///
/// # Errors
///
/// When the cache file cannot be read or written, or the resolver cannot be reached.
pub fn resolve(links: Vec<String>, options: &Options) -> Result<Resolved, String> {
    let mut distinct = links;
    distinct.sort();
    distinct.dedup();
    let mut store = match &options.cache {
        Some(path) => Store::open(path)?,
        None => Store::none(),
    };
    let mut answers = HashMap::new();
    let mut asked = Vec::new();
    for link in distinct {
        match store.get(&link) {
            Some(answer) => {
                answers.insert(link, answer.clone());
            }
            None => asked.push(link),
        }
    }
    let from_cache = answers.len();
    if !asked.is_empty() {
        let stage = Stage::new("resolving", Some(asked.len() as u64), "links", options.progress);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("could not start resolving: {e}"))?;
        let got = runtime.block_on(async {
            match &options.resolver {
                Some(base) => through_server(base, &asked, options.concurrency, &stage).await,
                None => in_process(&asked, options, &stage).await,
            }
        })?;
        stage.finish();
        for answer in got {
            store.put(&answer.input, &answer);
            answers.insert(answer.input.clone(), answer);
        }
        store.save()?;
    }
    Ok(Resolved { answers, from_cache })
}

/// The resolver's address, if it is one (http or https).
///
/// # Errors
///
/// A message with an example when it is not.
pub fn check_address(base: &str) -> Result<reqwest::Url, String> {
    reqwest::Url::parse(base.trim().trim_end_matches('/'))
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or_else(|| {
            format!("--resolver {base}: give the resolver's address, such as http://127.0.0.1:8787")
        })
}

async fn in_process(links: &[String], options: &Options, stage: &Stage) -> Result<Vec<Resolution>, String> {
    // With the test hook every field is given; without it, the hook's field comes from default.
    #[allow(clippy::needless_update)]
    let settings = Settings {
        upstream_concurrency: options.concurrency.max(1),
        cache_size: links.len() as u64 + 1,
        #[cfg(feature = "test-hook")]
        upstream: options.upstream,
        ..Settings::default()
    };
    let follower = Follower::new(&settings)?;
    Ok(follower.resolve_each(links, options.concurrency, |_, _| stage.advance(1)).await)
}

#[derive(serde::Deserialize)]
struct Answer {
    results: Vec<Resolution>,
}

async fn through_server(
    base: &str,
    links: &[String],
    concurrency: usize,
    stage: &Stage,
) -> Result<Vec<Resolution>, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let endpoint = format!("{}/resolve", check_address(base)?.as_str().trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    use futures_util::StreamExt;
    let batches = futures_util::stream::iter(links.chunks(BATCH))
        .map(|batch| {
            let (client, endpoint) = (&client, &endpoint);
            async move {
                let answers = post(client, endpoint, batch).await?;
                stage.advance(batch.len() as u64);
                Ok::<_, String>(answers)
            }
        })
        .buffer_unordered(concurrency.clamp(1, 4))
        .collect::<Vec<_>>()
        .await;
    let mut all = Vec::with_capacity(links.len());
    for batch in batches {
        all.extend(batch?);
    }
    Ok(all)
}

async fn post(client: &reqwest::Client, endpoint: &str, batch: &[String]) -> Result<Vec<Resolution>, String> {
    let body = serde_json::json!({ "urls": batch }).to_string();
    for attempt in 0..=RATE_LIMIT_RETRIES {
        let response = client
            .post(endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
            .await
            .map_err(|e| format!("the resolver at {endpoint} could not be reached: {e}"))?;
        let status = response.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS && attempt < RATE_LIMIT_RETRIES {
            let seconds = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(5);
            tokio::time::sleep(Duration::from_secs(seconds).min(LONGEST_WAIT)).await;
            continue;
        }
        let text = response.text().await.map_err(|e| format!("the resolver's answer: {e}"))?;
        if !status.is_success() {
            return Err(format!("the resolver at {endpoint} answered {status}: {}", text.trim()));
        }
        let answer: Answer = serde_json::from_str(&text)
            .map_err(|_| format!("the resolver at {endpoint} did not answer as a pinsheet-resolver does"))?;
        return Ok(answer.results);
    }
    Err(format!("the resolver at {endpoint} kept asking to slow down; try again later"))
}
