//! The resolver against a fake Google on 127.0.0.1: nothing here reaches the internet.

use pinsheet_fake_upstream::{Region, Seen};
use pinsheet_resolver::{serve, Config, Resolution, Resolver, Status};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

struct Harness {
    resolver: Arc<Resolver>,
    seen: Arc<Seen>,
    internal_hits: Arc<AtomicUsize>,
    base: String,
}

async fn harness(mut config: Config) -> Harness {
    let (internal, internal_hits) = pinsheet_fake_upstream::internal_target().await;

    let fake = pinsheet_fake_upstream::start(internal, Region::Elsewhere).await;
    config.upstream = Some(fake.address);
    let seen = fake.seen;

    let resolver = Resolver::new(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(resolver.clone(), listener));
    Harness { resolver, seen, internal_hits, base }
}

fn quick() -> Config {
    Config { deadline: Duration::from_millis(800), ..Config::default() }
}

async fn one(h: &Harness, url: &str) -> Resolution {
    h.resolver.resolve_all(&[url.to_string()]).await.remove(0)
}

#[tokio::test]
async fn redirect_chains_end_at_the_place_pin() {
    let h = harness(quick()).await;
    for (link, hops) in [
        ("https://maps.app.goo.gl/pin", 1),
        ("https://maps.app.goo.gl/chain", 2),
        ("https://maps.app.goo.gl/consent", 1),
    ] {
        let r = one(&h, link).await;
        assert_eq!(r.status, Status::Ok, "{link}: {r:?}");
        assert_eq!((r.lat, r.lon), (Some(48.8583701), Some(2.2944813)), "{link}");
        assert_eq!(r.provenance.as_deref(), Some("Google Maps: place pin"));
        assert_eq!(r.source.map(|p| p.form), Some(pinsheet_core::Form::Pin));
        assert_eq!(r.hops, hops, "{link}");
        assert_eq!(r.input, link);
    }
    let r = one(&h, "https://maps.app.goo.gl/relative").await;
    assert_eq!((r.status, r.lat, r.lon), (Status::Ok, Some(40.689247), Some(-74.044502)));
}

#[tokio::test]
async fn a_map_view_is_kept_when_nothing_better_follows() {
    let h = harness(quick()).await;
    let r = one(&h, "https://maps.app.goo.gl/mapview").await;
    assert_eq!((r.status, r.lat, r.lon), (Status::Ok, Some(1.5), Some(2.5)));
    assert_eq!(r.provenance.as_deref(), Some("Google Maps: map view"));
}

#[tokio::test]
async fn an_app_share_link_finds_its_place_on_the_embed_page_and_never_the_decoy() {
    let h = harness(quick()).await;
    let r = one(&h, "https://maps.app.goo.gl/app-share").await;
    assert_eq!((r.status, r.lat, r.lon), (Status::Ok, Some(48.2104), Some(16.3655)), "{r:?}");
    assert!(r.final_url.unwrap_or_default().contains("ftid="));
    let r = one(&h, "https://maps.app.goo.gl/app-share-unknown").await;
    assert_eq!((r.status, r.lat), (Status::NoCoordinates, None), "the page's first point is not the place");
}

#[tokio::test]
async fn faults_map_to_statuses() {
    let h = harness(quick()).await;
    let r = one(&h, "https://maps.app.goo.gl/flaky").await;
    assert_eq!(r.status, Status::Ok, "a first-try 404 is retried once");
    assert_eq!(h.seen.count("maps.app.goo.gl/flaky"), 2);

    let r = one(&h, "https://maps.app.goo.gl/broken").await;
    assert_eq!(r.status, Status::UpstreamError);
    assert_eq!(h.seen.count("maps.app.goo.gl/broken"), 3, "5xx is retried twice");
    let r = one(&h, "https://maps.app.goo.gl/loop").await;
    assert_eq!((r.status, r.hops), (Status::UpstreamError, 1), "a loop ends at the first repeat");
    assert_eq!(h.seen.count("maps.app.goo.gl/loop"), 1, "no URL is requested twice");

    let r = one(&h, "https://maps.app.goo.gl/busy").await;
    assert_eq!((r.status, r.retry_after), (Status::RateLimited, Some(120)));
    // Backing off: while Google's cool-down runs, nothing more is sent to it.
    let before = h.seen.total();
    let r = one(&h, "https://maps.app.goo.gl/chain").await;
    assert_eq!(r.status, Status::RateLimited);
    assert!(r.retry_after.is_some_and(|s| s > 100), "{r:?}");
    assert_eq!(h.seen.total(), before);
}

#[tokio::test]
async fn the_sorry_page_means_rate_limited() {
    let h = harness(quick()).await;
    let r = one(&h, "https://maps.app.goo.gl/sorry").await;
    assert_eq!((r.status, r.retry_after), (Status::RateLimited, Some(60)));
}

#[tokio::test]
async fn slow_and_hanging_upstreams_time_out() {
    let h = harness(quick()).await;
    let started = std::time::Instant::now();
    let results = h
        .resolver
        .resolve_all(&["https://maps.app.goo.gl/slow".into(), "https://maps.app.goo.gl/hang".into()])
        .await;
    assert!(results.iter().all(|r| r.status == Status::Timeout), "{results:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn redirects_off_google_are_refused_without_connecting() {
    let h = harness(quick()).await;
    for link in ["internal", "internal-http", "metadata", "elsewhere", "lookalike", "port"] {
        let r = one(&h, &format!("https://maps.app.goo.gl/{link}")).await;
        assert_eq!(r.status, Status::Refused, "{link}: {r:?}");
        assert_eq!(r.lat, None);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(h.internal_hits.load(Ordering::SeqCst), 0, "no connection to the internal target");
}

/// Inputs an attacker might send: none may cause a single request.
#[tokio::test]
async fn ssrf_inputs_are_refused_before_any_request() {
    let h = harness(quick()).await;
    let attacks = [
        "http://maps.app.goo.gl/abc",
        "https://maps.app.goo.gl:8443/abc",
        "https://maps.app.goo.gl:80/abc",
        "https://maps.app.goo.gl@evil.example/abc",
        "https://evil.example@maps.app.goo.gl/abc",
        "https://user:pass@maps.app.goo.gl/abc",
        "https://127.0.0.1/abc",
        "https://2130706433/abc",
        "https://0x7f000001/abc",
        "https://0177.0.0.1/abc",
        "https://127.1/abc",
        "https://[::1]/abc",
        "https://[::ffff:127.0.0.1]/abc",
        "https://[::ffff:7f00:1]/abc",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/abc",
        "https://172.16.0.1/abc",
        "https://192.168.0.1/abc",
        "https://100.64.0.1/abc",
        "https://[fd00::1]/abc",
        "https://[fe80::1]/abc",
        "https://localhost/abc",
        "https://maps.app.goo.gl.evil.example/abc",
        "https://evilmaps.app.goo.gl/abc",
        "https://maps-app-goo.gl/abc",
        "https://maps.app.goo.gl%2eevil.example/abc",
        "https://goo.gl/notmaps",
        "https://goo.gl/maps",
        "https://maps.app.goo.gl",
        "https://www.google.com/maps/@1,2,3z",
        "https://g.co/abc",
        "file:///etc/passwd",
        "gopher://maps.app.goo.gl/abc",
        "javascript:alert(1)",
        "maps.app.goo.gl/abc",
        "",
    ];
    assert!(attacks.len() >= 25);
    let urls: Vec<String> = attacks.iter().map(|s| s.to_string()).collect();
    let results = h.resolver.resolve_all(&urls).await;
    for (attack, r) in attacks.iter().zip(&results) {
        assert_eq!(r.status, Status::Refused, "{attack}");
        assert_eq!(r.input, *attack);
    }
    assert_eq!(h.seen.total(), 0, "not one request went out");
    assert_eq!(h.internal_hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn dns_answers_with_private_addresses_are_dropped() {
    use pinsheet_resolver::guard::PublicOnly;
    use reqwest::dns::{Name, Resolve};
    use std::str::FromStr;
    let answer = PublicOnly.resolve(Name::from_str("localhost").unwrap()).await;
    assert!(answer.is_err(), "localhost resolves only to loopback");
}

#[tokio::test]
async fn concurrent_lookups_of_one_link_share_one_fetch_and_results_are_cached() {
    let h = harness(quick()).await;
    let urls = vec!["https://maps.app.goo.gl/pin".to_string(); 20];
    let results = h.resolver.resolve_all(&urls).await;
    assert!(results.iter().all(|r| r.status == Status::Ok));
    one(&h, "https://maps.app.goo.gl/pin").await;
    assert_eq!(h.seen.count("maps.app.goo.gl/pin"), 1);
}

async fn post(base: &str, origin: Option<&str>, body: Value) -> reqwest::Response {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut request = client
        .post(format!("{base}/resolve"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_http_api_answers_in_input_order() {
    let h = harness(quick()).await;
    let response =
        post(&h.base, None, json!({"urls": ["https://maps.app.goo.gl/pin", "https://evil.example/x"]})).await;
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], "ok");
    assert_eq!(results[0]["lat"], 48.8583701);
    assert_eq!(results[1]["status"], "refused");
    assert_eq!(results[1]["input"], "https://evil.example/x");

    let health = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{}/healthz", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let too_many: Vec<String> = (0..101).map(|i| format!("https://maps.app.goo.gl/{i}")).collect();
    assert_eq!(post(&h.base, None, json!({ "urls": too_many })).await.status(), 400);
    let huge = vec!["x".repeat(1000); 80];
    assert_eq!(post(&h.base, None, json!({ "urls": huge })).await.status(), 413);
    assert_eq!(h.seen.total(), 1);
}

#[tokio::test]
async fn cors_answers_only_the_allowed_origin() {
    let h = harness(Config { allowed_origins: vec!["https://pinsheet.example".into()], ..quick() }).await;
    let allowed = post(&h.base, Some("https://pinsheet.example"), json!({"urls": []})).await;
    assert_eq!(allowed.headers().get("access-control-allow-origin").unwrap(), "https://pinsheet.example");
    let other = post(&h.base, Some("https://evil.example"), json!({"urls": []})).await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let h = harness(Config { rate_per_ip: 2, ..quick() }).await;
    for _ in 0..2 {
        assert_eq!(post(&h.base, None, json!({"urls": []})).await.status(), 200);
    }
    let limited = post(&h.base, None, json!({"urls": []})).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_some());
}
