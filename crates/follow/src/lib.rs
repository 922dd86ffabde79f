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
use std::sync::Arc;
use std::time::Duration;

pub use chain::MAX_HOPS;
pub use pinsheet_core::{Resolution, ResolutionStatus as Status};
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
