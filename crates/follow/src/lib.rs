//! pinsheet-follow: follows map short links and Google place links to their point, safely —
//! the library that pinsheet-resolver (the HTTP service the page calls) and the `pinsheet`
//! CLI (in-process, `--resolve`) share, so both apply exactly the same rules.
//!
//! Browsers cannot read cross-origin redirects, and place ids need the place's page: both
//! take a request to the service. Every input is checked first ([`guard::accept_input`]: a
//! short link on a service's share host, or a Google link that names a place only by id),
//! every redirect is followed by hand and checked ([`guard::accept_hop`]: https, port 443,
//! the same service's hosts), every connection goes to public addresses only
//! ([`guard::PublicOnly`]), no URL is requested twice in one chain, and a chain ends within
//! [`MAX_HOPS`] redirects and the deadline. The point is read from the final link with
//! pinsheet-core, or from the page the chain ends on (a Google place's embed record, an
//! Apple or 2GIS place page's metadata).
//!
//! # Examples
//!
//! ```no_run
//! # async fn run() -> Result<(), String> {
//! use pinsheet_follow::{Follower, Settings, Status};
//!
//! let follower = Follower::new(&Settings::default())?;
//! let answer = follower.resolve("https://maps.app.goo.gl/abc123").await;
//! if answer.status == Status::Ok {
//!     println!("{:?}, {:?} ({:?})", answer.lat, answer.lon, answer.provenance);
//! }
//! # Ok(()) }
//! ```

mod chain;
pub mod guard;
mod place;
mod services;
pub mod store;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

pub use chain::MAX_HOPS;
pub use place::{point_in_place_metadata, point_in_share_image, point_on_embed_page, PlaceRef};
pub use services::Chain;

#[cfg(all(feature = "test-hook", not(debug_assertions)))]
compile_error!("the test-hook feature routes traffic to a fake upstream; it is for debug test builds only");

/// How the follower works: its limits and cache.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Links kept in the in-memory cache.
    pub cache_size: u64,
    /// How long a final answer stays cached in memory; failures that may pass stay 30 s.
    pub cache_ttl: Duration,
    /// Time to connect to a service.
    pub connect_timeout: Duration,
    /// Time for one link, all hops and retries included.
    pub deadline: Duration,
    /// Requests to the services at once.
    pub upstream_concurrency: usize,
    /// Tests only: send every service's traffic to this loopback server, over plain HTTP.
    #[cfg(feature = "test-hook")]
    pub upstream: Option<std::net::SocketAddr>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            cache_size: 100_000,
            cache_ttl: Duration::from_secs(24 * 3600),
            connect_timeout: Duration::from_secs(3),
            deadline: Duration::from_secs(10),
            upstream_concurrency: 16,
            #[cfg(feature = "test-hook")]
            upstream: None,
        }
    }
}

/// What happened to one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A point was found.
    Ok,
    /// The link resolved, but its target carries no point.
    NoCoordinates,
    /// The link is dead: the service answered 404 (after one retry) or 410.
    Gone,
    /// The link leads to a page that is no map (a Google Search page without a place).
    NotAMapLink,
    /// Not a link the follower resolves, or a redirect it will not follow.
    Refused,
    /// The service asked us to slow down; try again after `retry_after` seconds.
    RateLimited,
    /// The service answered with an error, or the redirects went nowhere.
    UpstreamError,
    /// The link took longer than the deadline.
    Timeout,
}

impl Status {
    /// True when asking again would give the same answer, so it may be kept: a point, no
    /// point, a dead link, not a map link. Rate limits, timeouts, errors and refusals are not.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Ok | Status::NoCoordinates | Status::Gone | Status::NotAMapLink)
    }

    /// What it means, in a person's words; `None` for a point.
    pub fn message(self) -> Option<String> {
        let words = match self {
            Status::Ok => return None,
            Status::NoCoordinates => "the link leads to a place without coordinates",
            Status::Gone => "this link no longer works",
            Status::NotAMapLink => "this link leads to a search page, not to a map",
            Status::Refused => "not a short link or place link the resolver follows",
            Status::RateLimited => "the map service asked us to slow down; try again later",
            Status::UpstreamError => "the map service answered with an error",
            Status::Timeout => "the map service took too long to answer",
        };
        Some(words.to_string())
    }
}

/// The answer for one input link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The link as sent.
    pub input: String,
    /// What happened.
    pub status: Status,
    /// The last link reached.
    pub final_url: Option<String>,
    /// Redirects followed.
    pub hops: u32,
    /// Latitude, WGS-84 decimal degrees.
    pub lat: Option<f64>,
    /// Longitude, WGS-84 decimal degrees.
    pub lon: Option<f64>,
    /// Where the point came from, in pinsheet's words ("Google Maps: place pin").
    pub provenance: Option<String>,
    /// The same, structured (service, form, datum), for clients that merge it into a sheet.
    pub source: Option<pinsheet_core::Provenance>,
    /// Why there is no point, in a person's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Seconds to wait, with `rate_limited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Resolution {
    /// The point and its source as pinsheet-core's [`pinsheet_core::Extraction`], when
    /// there is one.
    pub fn extraction(&self) -> Option<pinsheet_core::Extraction> {
        let coordinate = pinsheet_core::Coordinate::new(self.lat?, self.lon?)?;
        let source = self.source.filter(|_| self.status == Status::Ok)?;
        Some(pinsheet_core::Extraction {
            coordinate: Some(coordinate),
            source: pinsheet_core::Source::Found(source),
        })
    }
}

/// Follows links; one per process, shared behind an `Arc`.
pub struct Follower {
    inner: chain::Follower,
}

impl Follower {
    /// A follower with these settings.
    ///
    /// # Errors
    ///
    /// When the HTTP client cannot be built (no TLS provider).
    pub fn new(settings: &Settings) -> Result<Arc<Self>, String> {
        Ok(Arc::new(Self { inner: chain::Follower::new(settings)? }))
    }

    /// Resolves one link. Refused inputs never touch the network or the cache; concurrent
    /// calls for the same link share one chain, and answers are cached in memory.
    pub async fn resolve(&self, link: &str) -> Resolution {
        self.inner.resolve(link).await
    }

    /// Resolves links in input order, all at once (requests bounded by the upstream limit).
    pub async fn resolve_all(&self, links: &[String]) -> Vec<Resolution> {
        futures_util::future::join_all(links.iter().map(|link| self.resolve(link))).await
    }

    /// Resolves links with at most `in_flight` chains running, so that each chain's deadline
    /// counts from its own start; `done(index, answer)` is called as each ends. Answers come
    /// back in input order.
    pub async fn resolve_each(
        &self,
        links: &[String],
        in_flight: usize,
        mut done: impl FnMut(usize, &Resolution),
    ) -> Vec<Resolution> {
        let mut answers: Vec<Option<Resolution>> = vec![None; links.len()];
        let mut running = futures_util::stream::iter(links.iter().enumerate())
            .map(|(index, link)| async move { (index, self.resolve(link).await) })
            .buffer_unordered(in_flight.max(1));
        while let Some((index, answer)) = running.next().await {
            done(index, &answer);
            if let Some(slot) = answers.get_mut(index) {
                *slot = Some(answer);
            }
        }
        answers
            .into_iter()
            .zip(links)
            .map(|(answer, link)| {
                answer.unwrap_or_else(|| chain::resolution(link, Status::UpstreamError, None, 0, None))
            })
            .collect()
    }

    /// Seconds left of a cool-down a service asked for (429, Google's `/sorry/`), if one runs.
    pub fn cooling_down(&self) -> Option<u64> {
        self.inner.cooling_down()
    }
}
