//! The resolver's half of `make bench` (scripts/bench.sh runs it):
//! 1. 1,000 distinct short links through the resolver against a fake Google on loopback that
//!    answers each after 100 ms, 16 upstream requests at once; prints the time.
//! 2. Then keeps serving (cache warm) and prints its address and PID, so wrk can load it and
//!    the script can read its memory; it stops when stdin closes.
//!
//! Needs the `test-hook` feature (debug-assertion builds only):
//! `cargo run -p pinsheet-resolver --features test-hook --example resolver_bench`.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use pinsheet_resolver::{serve, Config, Resolver, Status};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

const LINKS: usize = 1000;
const LATENCY: Duration = Duration::from_millis(100);

async fn slow_google(request: Request) -> impl IntoResponse {
    tokio::time::sleep(LATENCY).await;
    let n: f64 = request.uri().path().trim_start_matches("/s").parse().unwrap_or(0.0);
    let (lat, lon) = ((n * 0.618_034).fract() * 160.0 - 80.0, (n * 0.414_214).fract() * 340.0 - 170.0);
    let to = format!("https://www.google.com/maps/place/P/data=!3m1!4b1!4m2!3m1!8m2!3d{lat:.6}!4d{lon:.6}");
    (StatusCode::FOUND, [(header::LOCATION, to)])
}

#[tokio::main]
async fn main() {
    let fake = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake");
    let upstream = fake.local_addr().expect("fake address");
    tokio::spawn(async move { axum::serve(fake, Router::new().fallback(slow_google)).await });

    let config = Config {
        rate_per_ip: 1_000_000,
        rate_global: 1_000_000,
        upstream_concurrency: 16,
        upstream: Some(upstream),
        ..Config::default()
    };
    let resolver = Resolver::new(config).expect("resolver");
    let links: Vec<String> = (0..LINKS).map(|i| format!("https://maps.app.goo.gl/s{i}")).collect();
    let started = Instant::now();
    let mut ok = 0;
    for batch in links.chunks(100) {
        ok += resolver.resolve_all(batch).await.iter().filter(|r| r.status == Status::Ok).count();
    }
    println!(
        "{{\"links\": {LINKS}, \"ok\": {ok}, \"seconds\": {:.3}, \"latency_ms\": {}, \"concurrency\": 16}}",
        started.elapsed().as_secs_f64(),
        LATENCY.as_millis()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind resolver");
    println!("listening http://{} pid {}", listener.local_addr().expect("address"), std::process::id());
    tokio::spawn(serve(resolver, listener));
    let mut rest = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut rest).await;
}
