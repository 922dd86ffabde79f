//! Following one short link: redirects by hand, each hop checked, retries where Google's
//! behaviour calls for them, the point read with pinsheet-core, results cached.

use crate::guard::{self, PublicOnly};
use crate::{Config, Resolution, Status};
use moka::future::Cache;
use moka::Expiry;
use pinsheet_core::{extract, Extraction, Form, Source};
#[cfg(feature = "test-hook")]
use reqwest::header::HOST;
use reqwest::header::{LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use url::Url;

/// Redirects followed at most.
const MAX_HOPS: u32 = 8;
/// Bytes of a page read at most (the embed page of a place is ≈ 100–500 KB).
const MAX_BODY: usize = 2 * 1024 * 1024;
/// How far after a place's id its `[null,null,lat,lng]` record may start, in bytes.
const RECORD_WINDOW: usize = 4096;
/// How long a failure stays cached.
const FAILURE_TTL: Duration = Duration::from_secs(30);

/// Follows links; cloned freely (everything inside is shared).
pub(crate) struct Follower {
    client: reqwest::Client,
    cache: Cache<String, Resolution>,
    upstream_slots: Arc<Semaphore>,
    deadline: Duration,
    /// After Google says "slow down" (429, /sorry/), no request goes out before this instant.
    cool_down: std::sync::Mutex<Option<Instant>>,
    #[cfg(feature = "test-hook")]
    upstream: Option<std::net::SocketAddr>,
}

/// Successes live for the configured TTL, failures briefly.
struct ByStatus(Duration);

impl Expiry<String, Resolution> for ByStatus {
    fn expire_after_create(&self, _key: &String, value: &Resolution, _now: Instant) -> Option<Duration> {
        Some(match value.status {
            Status::Ok | Status::NoCoordinates => self.0,
            _ => FAILURE_TTL,
        })
    }
}

enum Fetched {
    Response(reqwest::Response),
    Failed(Status),
}

impl Follower {
    pub(crate) fn new(config: &Config) -> Result<Self, String> {
        // One TLS provider for the process; a second install is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly))
            .connect_timeout(config.connect_timeout)
            .timeout(config.deadline)
            .user_agent("pinsheet-resolver/0.1")
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Self {
            client,
            cache: Cache::builder()
                .max_capacity(config.cache_size)
                .expire_after(ByStatus(config.cache_ttl))
                .build(),
            upstream_slots: Arc::new(Semaphore::new(config.upstream_concurrency.max(1))),
            deadline: config.deadline,
            cool_down: std::sync::Mutex::new(None),
            #[cfg(feature = "test-hook")]
            upstream: config.upstream,
        })
    }

    /// Resolves one input; refused inputs never touch the network or the cache.
    pub(crate) async fn resolve(&self, input: &str) -> Resolution {
        let Ok(url) = guard::accept_input(input) else {
            return resolution(input, Status::Refused, None, 0, None);
        };
        let key = url.to_string();
        // Concurrent lookups of the same link share one fetch (moka's get_with).
        let mut result = self
            .cache
            .get_with(key, async {
                match tokio::time::timeout(self.deadline, self.follow(url.clone())).await {
                    Ok(result) => result,
                    Err(_) => resolution(url.as_str(), Status::Timeout, None, 0, None),
                }
            })
            .await;
        result.input = input.to_string();
        result
    }

    async fn follow(&self, start: Url) -> Resolution {
        let input = start.to_string();
        let mut url = start;
        let mut hops = 0;
        let mut fallback: Option<(Url, Extraction)> = None;
        loop {
            let response = match self.fetch(&url).await {
                Fetched::Response(response) => response,
                Fetched::Failed(status) => {
                    let mut r = resolution(&input, status, Some(&url), hops, None);
                    r.retry_after = (status == Status::RateLimited).then(|| self.cooling_down().unwrap_or(1));
                    return r;
                }
            };
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS || url.path().starts_with("/sorry/") {
                return self.rate_limited(&input, &url, hops, retry_after(&response));
            }
            if status.is_redirection() {
                let Some(next) = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                else {
                    return resolution(&input, Status::UpstreamError, Some(&url), hops, None);
                };
                hops += 1;
                if hops > MAX_HOPS {
                    return resolution(&input, Status::UpstreamError, Some(&next), hops, None);
                }
                if next.path().starts_with("/sorry/") {
                    return self.rate_limited(&input, &next, hops, retry_after(&response));
                }
                let Some(next) = unwrap_consent(next) else {
                    return resolution(&input, Status::Refused, Some(&url), hops, None);
                };
                if guard::accept_hop(&next).is_err() {
                    return resolution(&input, Status::Refused, Some(&next), hops, None);
                }
                let found = extract(next.as_str());
                match found.source {
                    // A pin or typed coordinates: as good as it gets, stop here.
                    Source::Found(p) if matches!(p.form, Form::Pin | Form::Typed) => {
                        return resolution(&input, Status::Ok, Some(&next), hops, Some(found));
                    }
                    Source::Found(_) => fallback = Some((next.clone(), found)),
                    _ => {}
                }
                url = next;
                continue;
            }
            if status.is_success() {
                let found = extract(url.as_str());
                if found.coordinate.is_some() {
                    return resolution(&input, Status::Ok, Some(&url), hops, Some(found));
                }
                if let Some((at, found)) = fallback {
                    return resolution(&input, Status::Ok, Some(&at), hops, Some(found));
                }
                // Links shared from the Maps app often end at `?q=<name>&ftid=0x…:0x…`: the
                // place's own embed page has its point, in the record of that id.
                if let Some(found) = self.place_from_embed(&url).await {
                    return resolution(&input, Status::Ok, Some(&url), hops, Some(found));
                }
                return resolution(&input, Status::NoCoordinates, Some(&url), hops, Some(found));
            }
            return resolution(&input, Status::UpstreamError, Some(&url), hops, None);
        }
    }

    fn rate_limited(&self, input: &str, at: &Url, hops: u32, seconds: u64) -> Resolution {
        if let Ok(mut until) = self.cool_down.lock() {
            *until = Some(Instant::now() + Duration::from_secs(seconds));
        }
        let mut r = resolution(input, Status::RateLimited, Some(at), hops, None);
        r.retry_after = Some(seconds);
        r
    }

    /// Seconds left of a cool-down Google asked for, if one is running.
    fn cooling_down(&self) -> Option<u64> {
        let until = (*self.cool_down.lock().ok()?)?;
        let left = until.checked_duration_since(Instant::now())?;
        Some(left.as_secs().max(1))
    }

    /// The point of the place whose feature id (`ftid=0x…:0x…`) `url` names, from its embed
    /// page (`maps.google.com/maps?cid=<decimal of the id's second half>&output=embed`): the
    /// first `[null,null,lat,lng]` after that id. Never a point elsewhere on the page: a
    /// page's initial state holds the server's own location.
    async fn place_from_embed(&self, url: &Url) -> Option<Extraction> {
        let ftid = url.query_pairs().find(|(k, _)| k == "ftid").map(|(_, v)| v.into_owned())?;
        let (_, second) = ftid.split_once(":0x")?;
        let cid = u64::from_str_radix(second, 16).ok()?;
        let embed = Url::parse(&format!("https://maps.google.com/maps?cid={cid}&output=embed")).ok()?;
        guard::accept_hop(&embed).ok()?;
        let Fetched::Response(response) = self.fetch(&embed).await else { return None };
        if !response.status().is_success() {
            return None;
        }
        let body = read_capped(response).await?;
        let at = body.find(&ftid)? + ftid.len();
        let window = &body[at..body.len().min(at + RECORD_WINDOW)];
        let start = window.find("[null,null,")? + "[null,null,".len();
        let record = &window[start..];
        let end = record.find(']')?;
        let point = extract(&format!("geo:{}", &record[..end]));
        point.coordinate.map(|c| Extraction {
            coordinate: Some(c),
            source: Source::Found(pinsheet_core::Provenance {
                service: pinsheet_core::Service::Google,
                form: Form::Pin,
                converted_from: None,
            }),
        })
    }

    /// One GET, retried as Google's behaviour calls for: a first-try 404 once after a short
    /// pause (fresh short links sometimes 404 for a moment), 5xx twice with back-off.
    async fn fetch(&self, url: &Url) -> Fetched {
        if self.cooling_down().is_some() {
            return Fetched::Failed(Status::RateLimited);
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = {
                let Ok(_slot) = self.upstream_slots.acquire().await else {
                    return Fetched::Failed(Status::UpstreamError);
                };
                self.request(url).send().await
            };
            match response {
                Ok(r) if r.status() == StatusCode::NOT_FOUND && attempt == 1 => {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Ok(r) if r.status().is_server_error() && attempt < 3 => {
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                Ok(r) => return Fetched::Response(r),
                Err(e) if e.is_timeout() => return Fetched::Failed(Status::Timeout),
                Err(_) => return Fetched::Failed(Status::UpstreamError),
            }
        }
    }

    fn request(&self, url: &Url) -> reqwest::RequestBuilder {
        #[cfg(feature = "test-hook")]
        if let Some(upstream) = self.upstream {
            // The fake upstream plays every Google host; it learns which from Host.
            let target = format!(
                "http://{upstream}{}{}",
                url.path(),
                url.query().map(|q| format!("?{q}")).unwrap_or_default()
            );
            return self.client.get(target).header(HOST, url.host_str().unwrap_or_default());
        }
        self.client.get(url.clone())
    }
}

/// The body as text, at most [`MAX_BODY`] bytes of it.
async fn read_capped(mut response: reqwest::Response) -> Option<String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        body.extend_from_slice(&chunk);
        if body.len() >= MAX_BODY {
            body.truncate(MAX_BODY);
            break;
        }
    }
    Some(String::from_utf8_lossy(&body).into_owned())
}

/// `consent.google.*/ml?continue=<link>` → the link, which must itself be acceptable.
fn unwrap_consent(url: Url) -> Option<Url> {
    let consent = url.host_str().is_some_and(|h| h.starts_with("consent.google."));
    if !consent {
        return Some(url);
    }
    let inner = url.query_pairs().find(|(k, _)| k == "continue").map(|(_, v)| v.into_owned())?;
    Url::parse(&inner).ok()
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(60)
}

fn resolution(
    input: &str,
    status: Status,
    at: Option<&Url>,
    hops: u32,
    found: Option<Extraction>,
) -> Resolution {
    let point = found.and_then(|f| f.coordinate);
    Resolution {
        input: input.to_string(),
        status,
        final_url: at.map(Url::to_string),
        hops,
        lat: point.map(|p| p.lat),
        lon: point.map(|p| p.lon),
        provenance: found.filter(|f| f.coordinate.is_some()).map(|f| f.describe().into_owned()),
        source: found.and_then(|f| match f.source {
            Source::Found(p) if f.coordinate.is_some() => Some(p),
            _ => None,
        }),
        retry_after: None,
    }
}
