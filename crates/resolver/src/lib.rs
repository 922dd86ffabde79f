//! pinsheet-resolver: the one optional server of pinsheet. Browsers cannot read cross-origin
//! redirects, so short links (`maps.app.goo.gl/…`, `maps.apple/p/…`, `yandex.ru/maps/-/…`,
//! `mapy.cz/s/…`, `go.2gis.com/…`) and Google place links (`?cid=`, `ftid=`, `!1s0x…:0x…`)
//! come here; pinsheet-follow follows them by hand, safely, and reads the point with
//! pinsheet-core. It sees only the links, never a spreadsheet.
//!
//! `POST /resolve` `{"urls": […]}` (at most 100, body ≤ 64 KB) →
//! `{"results": [{"input", "status", "final_url", "hops", "lat", "lon", "provenance", "source",
//! "message", "retry_after"}]}` in input order; `GET /healthz`.

pub use pinsheet_follow::{guard, Resolution, Status};
use pinsheet_follow::{Follower, Settings};

use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

#[cfg(all(feature = "test-hook", not(debug_assertions)))]
compile_error!("the test-hook feature routes traffic to a fake upstream; it is for debug test builds only");

/// At most this many links per request.
pub const MAX_URLS: usize = 100;
/// At most this many bytes of request body.
pub const MAX_BODY: usize = 64 * 1024;

/// Settings, from the command line (see main.rs) or tests.
#[derive(Debug, Clone)]
pub struct Config {
    /// Origins allowed to call the resolver from a browser (CORS); none: same origin only.
    pub allowed_origins: Vec<String>,
    /// Requests per minute from one client IP.
    pub rate_per_ip: u32,
    /// Requests per minute from everyone together.
    pub rate_global: u32,
    /// Links kept in the cache.
    pub cache_size: u64,
    /// How long a resolved link stays cached; failures stay 30 s.
    pub cache_ttl: Duration,
    /// Time to connect to Google.
    pub connect_timeout: Duration,
    /// Time for one link, all hops and retries included.
    pub deadline: Duration,
    /// Requests to Google at once.
    pub upstream_concurrency: usize,
    /// Log the links themselves (off: only counts and timings).
    pub log_links: bool,
    /// Tests only: send every service's traffic to this loopback server, over plain HTTP.
    #[cfg(feature = "test-hook")]
    pub upstream: Option<SocketAddr>,
}

impl Config {
    /// The follower's part of the settings.
    fn follow_settings(&self) -> Settings {
        Settings {
            cache_size: self.cache_size,
            cache_ttl: self.cache_ttl,
            connect_timeout: self.connect_timeout,
            deadline: self.deadline,
            upstream_concurrency: self.upstream_concurrency,
            #[cfg(feature = "test-hook")]
            upstream: self.upstream,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            allowed_origins: Vec::new(),
            rate_per_ip: 60,
            rate_global: 600,
            cache_size: 100_000,
            cache_ttl: Duration::from_secs(24 * 3600),
            connect_timeout: Duration::from_secs(3),
            deadline: Duration::from_secs(10),
            upstream_concurrency: 16,
            log_links: false,
            #[cfg(feature = "test-hook")]
            upstream: None,
        }
    }
}

#[derive(Deserialize)]
struct ResolveRequest {
    urls: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct ResolveResponse {
    results: Vec<Resolution>,
}

/// The running service's shared state.
pub struct Resolver {
    config: Config,
    follower: Arc<Follower>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    global: DefaultDirectRateLimiter,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl Resolver {
    /// A resolver with this configuration.
    ///
    /// # Errors
    ///
    /// When the HTTP client cannot be built (no TLS provider).
    pub fn new(config: Config) -> Result<Arc<Self>, String> {
        let follower = Follower::new(&config.follow_settings())?;
        Ok(Arc::new(Self {
            per_ip: RateLimiter::keyed(per_minute(config.rate_per_ip)),
            global: RateLimiter::direct(per_minute(config.rate_global)),
            follower,
            config,
        }))
    }

    /// Resolves links in order, concurrently (bounded by the upstream limit).
    pub async fn resolve_all(&self, urls: &[String]) -> Vec<Resolution> {
        self.follower.resolve_all(urls).await
    }

    /// The HTTP routes, with CORS and the body limit.
    pub fn router(self: Arc<Self>) -> Router {
        let mut router = Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .route("/resolve", post(resolve))
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(self.clone());
        let origins: Vec<HeaderValue> =
            self.config.allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        if !origins.is_empty() {
            router = router.layer(
                CorsLayer::new()
                    .allow_origin(AllowOrigin::list(origins))
                    .allow_methods([Method::GET, Method::POST])
                    .allow_headers([header::CONTENT_TYPE])
                    .max_age(Duration::from_secs(3600)),
            );
        }
        router
    }
}

fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut response =
        (StatusCode::TOO_MANY_REQUESTS, format!("rate limited: retry after {seconds} s")).into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

async fn resolve(
    State(resolver): State<Arc<Resolver>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Json<ResolveRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let clock = governor::clock::DefaultClock::default();
    use governor::clock::Clock;
    if let Err(not_until) = resolver.per_ip.check_key(&peer.ip()) {
        return too_many(not_until.wait_time_from(clock.now()));
    }
    if let Err(not_until) = resolver.global.check() {
        return too_many(not_until.wait_time_from(clock.now()));
    }
    let Json(request) = match body {
        Ok(body) => body,
        Err(rejection) => return (rejection.status(), rejection.body_text()).into_response(),
    };
    if request.urls.len() > MAX_URLS {
        let message = format!("at most {MAX_URLS} links per request; got {}", request.urls.len());
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    let started = std::time::Instant::now();
    let results = resolver.resolve_all(&request.urls).await;
    let ok = results.iter().filter(|r| r.status == Status::Ok).count();
    if resolver.config.log_links {
        tracing::debug!(links = ?request.urls, "resolve");
    }
    tracing::info!(links = results.len(), ok, ms = started.elapsed().as_millis() as u64, "resolve");
    Json(ResolveResponse { results }).into_response()
}

/// Serves on `listener` until the process is stopped.
///
/// # Errors
///
/// When the server fails.
pub async fn serve(resolver: Arc<Resolver>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = resolver.router().into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}
