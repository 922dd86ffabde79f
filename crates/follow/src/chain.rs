//! Following one link: redirects by hand, each hop checked against its service's hosts, no
//! URL requested twice, retries where the services' behaviour calls for them, the point read
//! with pinsheet-core (or from the page a chain ends on), results cached.

use crate::guard::{self, Accepted, PublicOnly};
use crate::place::{self, PlaceRef};
use crate::services::{Chain, BROWSER_AGENT};
use crate::{Resolution, Settings, Status};
use moka::future::Cache;
use moka::Expiry;
use pinsheet_core::{extract, Extraction, Form, Provenance, Service, Source};
#[cfg(feature = "test-hook")]
use reqwest::header::HOST;
use reqwest::header::{LOCATION, RETRY_AFTER, USER_AGENT};
use reqwest::StatusCode;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use url::Url;

/// Redirects followed at most in one chain (the embed lookup's included).
pub const MAX_HOPS: u32 = 8;
/// Bytes of a page read at most (the embed page of a place is ≈ 100–500 KB).
const MAX_BODY: usize = 2 * 1024 * 1024;
/// How long a failure that may pass (timeout, rate limit, upstream error) stays cached.
const FAILURE_TTL: Duration = Duration::from_secs(30);

/// Follows links. Shared behind an `Arc` by the server's handlers and the CLI's tasks.
pub(crate) struct Follower {
    client: reqwest::Client,
    cache: Cache<String, Resolution>,
    upstream_slots: Arc<Semaphore>,
    deadline: Duration,
    /// After a service says "slow down" (429, Google's /sorry/), no request goes out before
    /// this instant.
    cool_down: std::sync::Mutex<Option<Instant>>,
    #[cfg(feature = "test-hook")]
    upstream: Option<std::net::SocketAddr>,
}

/// Final answers live for the configured TTL, failures that may pass briefly.
struct ByStatus(Duration);

impl Expiry<String, Resolution> for ByStatus {
    fn expire_after_create(&self, _key: &String, value: &Resolution, _now: Instant) -> Option<Duration> {
        Some(if value.status.is_final() { self.0 } else { FAILURE_TTL })
    }
}

enum Fetched {
    Response(reqwest::Response),
    Failed(Status),
}

/// One chain's way so far: where it is, what it has seen, the best point read on the way.
struct Walk {
    input: String,
    chain: Chain,
    hops: u32,
    visited: HashSet<String>,
    /// A point read on the way that is not a pin (a map view), returned if nothing better
    /// comes: at the end, at the hop limit, on a loop, on an error.
    fallback: Option<(Url, Extraction)>,
    /// The place the chain names by id, once a link on the way names one.
    place: Option<PlaceRef>,
}

impl Walk {
    fn answer(&self, status: Status, at: Option<&Url>, found: Option<Extraction>) -> Resolution {
        resolution(&self.input, status, at, self.hops, found)
    }

    /// The fallback point if one was read on the way, else `status`.
    fn fallback_or(&self, status: Status, at: &Url) -> Resolution {
        match &self.fallback {
            Some((url, found)) => self.answer(Status::Ok, Some(url), Some(*found)),
            None => self.answer(status, Some(at), None),
        }
    }
}

impl Follower {
    pub(crate) fn new(settings: &Settings) -> Result<Self, String> {
        // One TLS provider for the process; a second install is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly))
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.deadline)
            .user_agent("pinsheet-resolver/0.1")
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Self {
            client,
            cache: Cache::builder()
                .max_capacity(settings.cache_size)
                .expire_after(ByStatus(settings.cache_ttl))
                .build(),
            upstream_slots: Arc::new(Semaphore::new(settings.upstream_concurrency.max(1))),
            deadline: settings.deadline,
            cool_down: std::sync::Mutex::new(None),
            #[cfg(feature = "test-hook")]
            upstream: settings.upstream,
        })
    }

    /// Resolves one input; refused inputs never touch the network or the cache.
    pub(crate) async fn resolve(&self, input: &str) -> Resolution {
        let Ok(accepted) = guard::accept_input(input) else {
            return resolution(input, Status::Refused, None, 0, None);
        };
        let key = accepted.url.to_string();
        // Concurrent lookups of the same link share one fetch (moka's get_with).
        let mut result = self
            .cache
            .get_with(key, async {
                let url = accepted.url.clone();
                match tokio::time::timeout(self.deadline, self.follow(accepted)).await {
                    Ok(result) => result,
                    Err(_) => resolution(url.as_str(), Status::Timeout, None, 0, None),
                }
            })
            .await;
        result.input = input.to_string();
        result
    }

    async fn follow(&self, start: Accepted) -> Resolution {
        let mut walk = Walk {
            input: start.url.to_string(),
            chain: start.chain,
            hops: 0,
            visited: HashSet::new(),
            fallback: None,
            place: start.place,
        };
        // A place link needs no redirect: its id leads straight to the embed page.
        if let Some(place) = walk.place {
            if let Some(found) = self.place_from_embed(&mut walk, &place).await {
                return walk.answer(Status::Ok, Some(&start.url), Some(found));
            }
        }
        let mut url = start.url;
        loop {
            if !walk.visited.insert(url.to_string()) {
                return walk.fallback_or(Status::UpstreamError, &url);
            }
            let response = match self.fetch(&url).await {
                Fetched::Response(response) => response,
                Fetched::Failed(status) => {
                    let mut r = walk.fallback_or(status, &url);
                    if r.status == Status::RateLimited {
                        r.retry_after = Some(self.cooling_down().unwrap_or(1));
                    }
                    return r;
                }
            };
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS || url.path().starts_with("/sorry/") {
                return self.rate_limited(&walk, &url, retry_after(&response));
            }
            if status.is_redirection() {
                let Some(next) = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                else {
                    return walk.fallback_or(Status::UpstreamError, &url);
                };
                walk.hops += 1;
                if walk.hops > MAX_HOPS {
                    return walk.fallback_or(Status::UpstreamError, &next);
                }
                if next.path().starts_with("/sorry/") {
                    return self.rate_limited(&walk, &next, retry_after(&response));
                }
                if guard::accept_hop(walk.chain, &next).is_err() {
                    return walk.answer(Status::Refused, Some(&next), None);
                }
                let found = extract(next.as_str());
                match found.source {
                    // A pin or typed coordinates: as good as it gets, stop here.
                    Source::Found(p) if matches!(p.form, Form::Pin | Form::Typed) => {
                        return walk.answer(Status::Ok, Some(&next), Some(found));
                    }
                    Source::Found(_) => walk.fallback = Some((next.clone(), found)),
                    _ => {}
                }
                if walk.chain == Chain::Google && walk.place.is_none() {
                    walk.place = PlaceRef::from_url(&next)
                        .or_else(|| consent_target(&next).and_then(|u| PlaceRef::from_url(&u)));
                }
                url = next;
                continue;
            }
            if matches!(status, StatusCode::NOT_FOUND | StatusCode::GONE) {
                return walk.fallback_or(Status::Gone, &url);
            }
            if !status.is_success() {
                return walk.fallback_or(Status::UpstreamError, &url);
            }
            return self.arrived(&mut walk, &url, response).await;
        }
    }

    /// The chain ended on a page: its link's point, else the point the page holds for the
    /// place, else the fallback.
    async fn arrived(&self, walk: &mut Walk, url: &Url, response: reqwest::Response) -> Resolution {
        let found = extract(url.as_str());
        if found.coordinate.is_some() {
            return walk.answer(Status::Ok, Some(url), Some(found));
        }
        // Apple's and 2GIS's pages name their place's point in their metadata.
        let page_reader = match walk.chain {
            Chain::Apple => Some((place::point_in_place_metadata as fn(&str) -> _, Service::Apple)),
            Chain::TwoGis => Some((place::point_in_share_image as fn(&str) -> _, Service::TwoGis)),
            _ => None,
        };
        if let Some((read, service)) = page_reader {
            if let Some(point) = read_capped(response).await.as_deref().and_then(read) {
                return walk.answer(Status::Ok, Some(url), Some(pin(point, service)));
            }
        }
        // Links shared from the Maps app often end at `?q=<name>&ftid=0x…:0x…`: the place's
        // own embed page has its point, in the record of that id.
        if let Some(place) = walk.place {
            if let Some(found) = self.place_from_embed(walk, &place).await {
                return walk.answer(Status::Ok, Some(url), Some(found));
            }
        }
        if walk.fallback.is_some() {
            return walk.fallback_or(Status::NoCoordinates, url);
        }
        // A Search page (share.google, g.co/kgs) that is not a place's: no map link at all.
        let status = if found.is_map_link() { Status::NoCoordinates } else { Status::NotAMapLink };
        walk.answer(status, Some(url), Some(found))
    }

    fn rate_limited(&self, walk: &Walk, at: &Url, seconds: u64) -> Resolution {
        if let Ok(mut until) = self.cool_down.lock() {
            *until = Some(Instant::now() + Duration::from_secs(seconds));
        }
        let mut r = walk.fallback_or(Status::RateLimited, at);
        if r.status == Status::RateLimited {
            r.retry_after = Some(seconds);
        }
        r
    }

    /// Seconds left of a cool-down a service asked for, if one is running.
    pub(crate) fn cooling_down(&self) -> Option<u64> {
        let until = (*self.cool_down.lock().ok()?)?;
        let left = until.checked_duration_since(Instant::now())?;
        Some(left.as_secs().max(1))
    }

    /// The point of `place` from its embed page, following the page's own redirect
    /// (`maps?cid=…&output=embed` → `maps/embed?origin=mfe&pb=…`) with the chain's hop rules.
    async fn place_from_embed(&self, walk: &mut Walk, place: &PlaceRef) -> Option<Extraction> {
        let mut url = place.embed_url()?;
        loop {
            guard::accept_hop(Chain::Google, &url).ok()?;
            if !walk.visited.insert(url.to_string()) {
                return None;
            }
            let Fetched::Response(response) = self.fetch(&url).await else { return None };
            let status = response.status();
            if status.is_redirection() {
                let next = response.headers().get(LOCATION)?.to_str().ok()?;
                url = url.join(next).ok()?;
                walk.hops += 1;
                if walk.hops > MAX_HOPS || url.path().starts_with("/sorry/") {
                    return None;
                }
                continue;
            }
            if !status.is_success() {
                return None;
            }
            let body = read_capped(response).await?;
            let point = place::point_on_embed_page(&body, place)?;
            return Some(pin(point, Service::Google));
        }
    }

    /// One GET, retried as the services' behaviour calls for: a first-try 404 once after a
    /// short pause (fresh short links sometimes 404 for a moment), 5xx twice with back-off.
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
                let request = self.request(url);
                let apple = url.host_str().is_some_and(|h| Chain::Apple.allows_hop(h));
                let request = if apple { request.header(USER_AGENT, BROWSER_AGENT) } else { request };
                request.send().await
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
            // The fake upstream plays every service's hosts; it learns which from Host.
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

/// The page Google's consent page would continue to (`consent.google.*/…?continue=<link>`):
/// when the consent page is a form that ends the chain, the place is still the one behind it.
fn consent_target(url: &Url) -> Option<Url> {
    let consent = url.host_str()?.strip_prefix("consent.").is_some_and(pinsheet_core::is_google_host);
    consent
        .then(|| url.query_pairs().find(|(k, _)| k == "continue"))
        .flatten()
        .and_then(|(_, v)| Url::parse(&v).ok())
}

/// A place's own point, as its service's page gives it.
fn pin(point: pinsheet_core::Coordinate, service: Service) -> Extraction {
    Extraction {
        coordinate: Some(point.rounded()),
        source: Source::Found(Provenance { service, form: Form::Pin, converted_from: None }),
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

fn retry_after(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(60)
}

pub(crate) fn resolution(
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
        lat: point.map(|p| p.lat()),
        lon: point.map(|p| p.lon()),
        provenance: found.filter(|f| f.coordinate.is_some()).map(|f| f.describe().into_owned()),
        source: found.and_then(|f| match f.source {
            Source::Found(p) if f.coordinate.is_some() => Some(p),
            _ => None,
        }),
        message: status.message(),
        retry_after: None,
    }
}
