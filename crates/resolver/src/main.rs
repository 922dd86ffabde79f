//! `pinsheet-resolver`: serve the short-link resolver.

use clap::Parser;
use pinsheet_resolver::{serve, Config, Resolver};
use std::time::Duration;

/// The optional short-link resolver for pinsheet. It follows the share links of Google Maps
/// (maps.app.goo.gl, goo.gl/maps, g.co/kgs, share.google), Apple Maps (maps.apple/p),
/// Yandex Maps (yandex.*/maps/-/), Mapy.com (mapy.cz/s) and 2GIS (go.2gis.com), and Google
/// links that name a place only by its id (cid=, ftid=, ludocid=), and nothing else.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "PINSHEET_RESOLVER_BIND", default_value = "127.0.0.1:8787")]
    bind: String,
    /// An origin allowed to call from a browser, e.g. https://you.github.io (repeatable).
    #[arg(long = "allowed-origin", env = "PINSHEET_RESOLVER_ORIGINS", value_delimiter = ',')]
    allowed_origins: Vec<String>,
    /// Requests per minute from one client IP (each up to 100 links).
    #[arg(long, default_value_t = 60)]
    rate_per_ip: u32,
    /// Requests per minute from all clients together.
    #[arg(long, default_value_t = 600)]
    rate_global: u32,
    /// Links kept in the cache.
    #[arg(long, default_value_t = 100_000)]
    cache_size: u64,
    /// Seconds a resolved link stays cached.
    #[arg(long, default_value_t = 86_400)]
    cache_ttl: u64,
    /// Milliseconds to connect to Google.
    #[arg(long, default_value_t = 3_000)]
    connect_timeout_ms: u64,
    /// Milliseconds for one link, all redirects and retries included.
    #[arg(long, default_value_t = 10_000)]
    deadline_ms: u64,
    /// Requests to Google at once.
    #[arg(long, default_value_t = 16)]
    upstream_concurrency: usize,
    /// Log the links themselves (debug level); by default only counts and timings.
    #[arg(long)]
    log_links: bool,
    /// Tests only (debug builds with the test-hook feature): play Google at this address.
    #[cfg(feature = "test-hook")]
    #[arg(long, hide = true)]
    test_upstream: Option<std::net::SocketAddr>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    // With the test hook every field is given; without it, the hook's field comes from default.
    #[allow(clippy::needless_update)]
    let config = Config {
        allowed_origins: args.allowed_origins,
        rate_per_ip: args.rate_per_ip,
        rate_global: args.rate_global,
        cache_size: args.cache_size,
        cache_ttl: Duration::from_secs(args.cache_ttl),
        connect_timeout: Duration::from_millis(args.connect_timeout_ms),
        deadline: Duration::from_millis(args.deadline_ms),
        upstream_concurrency: args.upstream_concurrency,
        log_links: args.log_links,
        #[cfg(feature = "test-hook")]
        upstream: args.test_upstream,
        ..Config::default()
    };
    let resolver = match Resolver::new(config) {
        Ok(resolver) => resolver,
        Err(e) => {
            eprintln!("pinsheet-resolver: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&args.bind).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("pinsheet-resolver: cannot listen on {}: {e}", args.bind);
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!("pinsheet-resolver listening on http://{}", args.bind);
    match serve(resolver, listener).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pinsheet-resolver: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
