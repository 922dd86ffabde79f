//! Tests only: a fake of the map services on loopback, modelled on how they answer today
//! (the chains recorded in the issue tracker from the real services, Google's Maps URLs
//! documentation, and the chains other projects captured). The follower's test hook sends
//! every request here with the real host in `Host`; this plays whichever host it names.
//!
//! Every path below is one behaviour; [`Seen`] records each request (host, path and query),
//! so tests can assert that no URL was requested twice and that refused inputs sent nothing.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A place pin as Google's place URLs carry it (`!3d<lat>!4d<lng>` in `data=`).
pub const PIN: &str = "https://www.google.com/maps/place/Eiffel+Tower/@48.85,2.29,17z/data=!3m1!4b1!4m6!3m5!1s0x47e66e2964e34e2d:0x8ddca9ee380ef7e0!8m2!3d48.8583701!4d2.2944813!16zL20vMDJqODE";
/// The place of the app-share chains: Café Central, Vienna (made-up record values).
pub const CAFE_ID: &str = "0x476d079b259d2a7f:0x9b4ba3a7b8f84aa0";
/// Its point in the fake's embed record.
pub const CAFE: (f64, f64) = (48.2104, 16.3655);
/// A place whose embed page holds only decoys.
pub const UNKNOWN_ID: &str = "0x1:0x2";

/// The decimal cid of a feature id (its second half).
pub fn cid(feature_id: &str) -> u64 {
    feature_id.split_once(":0x").and_then(|(_, hex)| u64::from_str_radix(hex, 16).ok()).unwrap_or(0)
}

/// Requests the fake saw: `host/path?query` → count.
#[derive(Default)]
pub struct Seen(Mutex<HashMap<String, usize>>);

impl Seen {
    /// Requests for `host/path` with any query.
    pub fn count(&self, host_path: &str) -> usize {
        self.with(|m| m.iter().filter(|(k, _)| k.split('?').next() == Some(host_path)).map(|(_, n)| n).sum())
    }
    /// Every request.
    pub fn total(&self) -> usize {
        self.with(|m| m.values().sum())
    }
    /// The largest number of times any one URL was requested.
    pub fn most_repeated(&self) -> usize {
        self.with(|m| m.values().copied().max().unwrap_or(0))
    }
    /// Forgets what was seen.
    pub fn clear(&self) {
        if let Ok(mut m) = self.0.lock() {
            m.clear();
        }
    }
    fn with<T>(&self, f: impl FnOnce(&HashMap<String, usize>) -> T) -> T {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&map)
    }
    fn record(&self, key: String) -> usize {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(key).or_default();
        *n += 1;
        *n
    }
}

/// A running fake.
pub struct Fake {
    /// Where it listens (the follower's `upstream`).
    pub address: SocketAddr,
    /// What it was asked.
    pub seen: Arc<Seen>,
}

/// An "internal" service on loopback that no redirect may ever reach: its address, and how
/// many connections it has had (a test asserts zero).
///
/// # Panics
///
/// When no loopback port can be bound (tests only).
pub async fn internal_target() -> (SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the internal target");
    let address = listener.local_addr().expect("the internal target's address");
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    (address, hits)
}

/// Where the fake's visitor seems to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Google answers pages at once.
    Elsewhere,
    /// Google sends every Maps page (embeds aside) through its consent page first:
    /// `consent.google.com/ml?continue=<page>&gl=DE` → 303 `<page>&ucbcb=1` → 200.
    Eu,
}

#[derive(Clone)]
struct World {
    seen: Arc<Seen>,
    internal: SocketAddr,
    region: Region,
    latency: Duration,
}

/// Starts the fake on 127.0.0.1 (any port); `internal` is an address a redirect may point
/// at to test that it is never reached.
///
/// # Panics
///
/// When no loopback port can be bound (tests only).
pub async fn start(internal: SocketAddr, region: Region) -> Fake {
    start_with(internal, region, Duration::ZERO).await
}

/// [`start`], each answer given after `latency` (for benchmarks: a far-away service).
///
/// # Panics
///
/// When no loopback port can be bound (tests only).
pub async fn start_with(internal: SocketAddr, region: Region, latency: Duration) -> Fake {
    let seen = Arc::new(Seen::default());
    let world = World { seen: seen.clone(), internal, region, latency };
    let app = Router::new().fallback(answer).with_state(world);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the fake upstream");
    let address = listener.local_addr().expect("the fake's address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Fake { address, seen }
}

fn redirect(status: StatusCode, to: &str) -> Response {
    (status, [(header::LOCATION, to.to_string())]).into_response()
}

fn page(body: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// Percent-encodes a URL as a query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Google's embed page for `cid`: the server's own location first and another place's
/// record (decoys), then — when the cid is the café's — the café's record in the current
/// shape, its id's hex in upper case as some pages write it.
fn embed_page(query: &str) -> Response {
    let cafe = cid(CAFE_ID);
    let record = if query.contains(&format!("!4s{cafe}")) {
        format!(
            r#",["{}","Café Central, Herrengasse 14, 1010 Wien",[{},{}],null,"{cafe}"]"#,
            CAFE_ID.to_uppercase().replace("0X", "0x"),
            CAFE.0,
            CAFE.1
        )
    } else {
        String::new()
    };
    page(format!(
        r#"<html><script>initEmbed([null,[[null,null,37.4219999,-122.0840575]],["0x47e66e2964e34e2d:0x1","Another place",[10.5,20.5]]{record}]);</script></html>"#
    ))
}

/// True for a Google Maps page that the EU consent page stands in front of.
fn behind_consent(host: &str, path: &str, query: &str) -> bool {
    let maps_page = matches!(host, "maps.google.com" | "www.google.com")
        && (path == "/" || path.starts_with("/maps"))
        && !path.starts_with("/maps/embed")
        && !query.contains("output=embed");
    maps_page && !query.contains("ucbcb=1")
}

async fn answer(State(world): State<World>, request: Request) -> Response {
    let World { seen, internal, region, latency } = world;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("").to_string();
    let agent = headers.get(header::USER_AGENT).and_then(|h| h.to_str().ok()).unwrap_or("").to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or("").to_string();
    // The fake's own question, not a service's: how many requests it has seen.
    if host == "fake.test" && path == "/seen" {
        return (StatusCode::OK, seen.total().to_string()).into_response();
    }
    let n =
        seen.record(if query.is_empty() { format!("{host}{path}") } else { format!("{host}{path}?{query}") });
    let cafe_app_link = format!("https://maps.google.com/?q=Caf%C3%A9+Central&ftid={CAFE_ID}");
    if region == Region::Eu && behind_consent(&host, &path, &query) {
        let page = if query.is_empty() {
            format!("https://{host}{path}")
        } else {
            format!("https://{host}{path}?{query}")
        };
        return redirect(
            StatusCode::FOUND,
            &format!("https://consent.google.com/ml?continue={}&gl=DE", encode(&page)),
        );
    }
    match (host.as_str(), path.as_str()) {
        // Google: short links to place pins, directly and through a second short link.
        ("maps.app.goo.gl", "/pin") => redirect(StatusCode::FOUND, PIN),
        ("maps.app.goo.gl", "/chain") => redirect(StatusCode::MOVED_PERMANENTLY, "https://goo.gl/maps/second"),
        ("goo.gl", "/maps/second") => redirect(StatusCode::FOUND, PIN),
        // The Firebase-era form lands on `maps.app.goo.gl/?link=<long link>`.
        ("goo.gl", "/app/maps/firebase") => {
            redirect(StatusCode::FOUND, &format!("https://maps.app.goo.gl/?link={}&apn=x", encode(PIN)))
        }
        ("maps.app.goo.gl", "/consent") => {
            let to = format!("https://consent.google.com/ml?continue={}&gl=DE", encode(PIN));
            redirect(StatusCode::FOUND, &to)
        }
        // Shared from the Maps app: a name and a feature id, no coordinates.
        ("maps.app.goo.gl", "/app-share") => redirect(StatusCode::FOUND, &cafe_app_link),
        ("maps.app.goo.gl", "/app-share-path") => redirect(
            StatusCode::FOUND,
            &format!("https://www.google.com/maps/place/Caf%C3%A9+Central/data=!4m2!3m1!1s{CAFE_ID}"),
        ),
        ("maps.app.goo.gl", "/app-share-unknown") => {
            redirect(StatusCode::FOUND, &format!("https://maps.google.com/?q=Nowhere&ftid={UNKNOWN_ID}"))
        }
        // A map view (a search result's viewport), whose page consent stands in front of in
        // the EU; with `entry=loop` the consent page sends the visitor back without the mark.
        ("maps.app.goo.gl", "/view") => {
            redirect(StatusCode::FOUND, "https://www.google.com/maps/search/Caf%C3%A9/@48.21,16.36,17z?entry=ttu")
        }
        ("maps.app.goo.gl", "/view-loop") => {
            redirect(StatusCode::FOUND, "https://www.google.com/maps/search/Loop/@1.5,2.5,17z?entry=loop")
        }
        // The consent page as a form (200), as Google also serves it: the chain ends there.
        ("maps.app.goo.gl", "/consent-form") => redirect(
            StatusCode::FOUND,
            &format!("https://consent.google.com/m?continue={}&gl=DE&m=0&pc=flt", encode(&cafe_app_link)),
        ),
        ("consent.google.com", "/m") => page(
            r#"<form action="https://consent.google.com/save" method="POST"><input type="hidden" name="gl" value="DE"><button>Accept all</button></form>"#.into(),
        ),
        ("consent.google.com", "/ml") => {
            let Some(target) = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("continue="))
                .map(percent_decode)
            else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            if target.contains("entry=loop") {
                return redirect(StatusCode::SEE_OTHER, &target);
            }
            let mark = if target.contains('?') { "&ucbcb=1" } else { "?ucbcb=1" };
            redirect(StatusCode::SEE_OTHER, &format!("{target}{mark}"))
        }
        // A place's embed page: the old address redirects to the new one.
        ("maps.google.com", "/maps") if query.contains("output=embed") => {
            let cid = query.split('&').find_map(|kv| kv.strip_prefix("cid=")).unwrap_or("0");
            redirect(StatusCode::FOUND, &format!("https://www.google.com/maps/embed?origin=mfe&pb=!1m3!3m2!1m1!4s{cid}"))
        }
        ("www.google.com", "/maps/embed") => embed_page(&query),
        // A chain of map views that never ends: the hop limit, with the map view kept.
        ("maps.app.goo.gl", "/endless") => redirect(StatusCode::FOUND, "https://www.google.com/maps/@1.5,2.5,17z?n=0"),
        ("www.google.com", "/maps/@1.5,2.5,17z") if query.starts_with("n=") => {
            let i: u32 = query[2..].parse().unwrap_or(0);
            redirect(StatusCode::FOUND, &format!("https://www.google.com/maps/@1.5,2.5,17z?n={}", i + 1))
        }
        ("maps.app.goo.gl", "/mapview") => redirect(StatusCode::FOUND, "https://www.google.com/maps/@1.5,2.5,17z"),
        // Dead links.
        ("maps.app.goo.gl", "/dead") => StatusCode::NOT_FOUND.into_response(),
        ("maps.app.goo.gl", "/removed") => StatusCode::GONE.into_response(),
        // Search's share links: a Search page, or a place's Search page (ludocid).
        ("share.google", "/search") => {
            redirect(StatusCode::FOUND, "https://www.google.com/share.google?q=search")
        }
        ("www.google.com", "/share.google") => {
            redirect(StatusCode::MOVED_PERMANENTLY, "https://www.google.com/search?q=Eiffel+Tower&kgmid=/g/11x")
        }
        ("g.co", "/kgs/place") => redirect(
            StatusCode::FOUND,
            &format!("https://www.google.com/search?q=Caf%C3%A9+Central&ludocid={}", cid(CAFE_ID)),
        ),
        ("www.google.com", "/search") => page("<html>Search results</html>".into()),
        // Faults.
        ("maps.app.goo.gl", "/flaky") if n == 1 => StatusCode::NOT_FOUND.into_response(),
        ("maps.app.goo.gl", "/flaky") => redirect(StatusCode::FOUND, PIN),
        ("maps.app.goo.gl", "/busy") => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "120")]).into_response()
        }
        ("maps.app.goo.gl", "/sorry") => {
            redirect(StatusCode::FOUND, "https://www.google.com/sorry/index?continue=x")
        }
        ("maps.app.goo.gl", "/broken") => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        ("maps.app.goo.gl", "/slow") => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            redirect(StatusCode::FOUND, PIN)
        }
        ("maps.app.goo.gl", "/hang") => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            StatusCode::OK.into_response()
        }
        // Redirects an attacker would like followed.
        ("maps.app.goo.gl", "/internal") => {
            redirect(StatusCode::FOUND, &format!("https://127.0.0.1:{}/", internal.port()))
        }
        ("maps.app.goo.gl", "/internal-http") => redirect(StatusCode::FOUND, &format!("http://{internal}/")),
        ("maps.app.goo.gl", "/metadata") => {
            redirect(StatusCode::FOUND, "https://169.254.169.254/latest/meta-data/")
        }
        ("maps.app.goo.gl", "/elsewhere") => redirect(StatusCode::FOUND, "https://evil.example/maps/@1,2,3z"),
        ("maps.app.goo.gl", "/lookalike") => {
            redirect(StatusCode::FOUND, "https://www.google.com.evil.example/maps/@1,2,3z")
        }
        ("maps.app.goo.gl", "/port") => redirect(StatusCode::FOUND, "https://www.google.com:8443/maps/@1,2,3z"),
        ("maps.app.goo.gl", "/to-apple") => {
            redirect(StatusCode::FOUND, "https://maps.apple.com/place?coordinate=1.5,2.5")
        }
        ("maps.app.goo.gl", "/loop") => redirect(StatusCode::FOUND, "https://maps.app.goo.gl/loop"),
        ("maps.app.goo.gl", "/relative") => redirect(StatusCode::FOUND, "https://www.google.com/maps/r"),
        ("www.google.com", "/maps/r") => redirect(StatusCode::FOUND, "/maps/place/40.689247,-74.044502"),
        // Apple: a redirect to the full place link, or the place's page (browsers only).
        ("maps.apple", "/p/redirect") => redirect(
            StatusCode::MOVED_PERMANENTLY,
            "https://maps.apple.com/place?address=Somewhere&coordinate=52.4737758%2C13.4373898",
        ),
        ("maps.apple.com", "/p/page") if agent.contains("Mozilla") => page(
            r#"<html><head><meta property="og:title" content="Pike Place Market"><meta property="place:location:latitude" content="47.6097"><meta property="place:location:longitude" content="-122.3422"></head></html>"#.into(),
        ),
        ("maps.apple.com", "/p/page") => page("<html>Unsupported browser</html>".into()),
        ("maps.apple", "/p/offsite") => redirect(StatusCode::MOVED_PERMANENTLY, "https://www.google.com/maps/@1,2,3z"),
        // Yandex: the full link, longitude first.
        ("yandex.ru", "/maps/-/CDpoint") => {
            redirect(StatusCode::FOUND, "https://yandex.ru/maps/?ll=37.6%2C55.7&pt=37.617635%2C55.755814&z=17")
        }
        ("yandex.com", "/maps/-/CDview") => {
            redirect(StatusCode::FOUND, "https://yandex.com/maps/org/94933420809/?ll=8.668963%2C50.111192&z=16")
        }
        // Mapy.com: a marked point (`source=coor&id=lon,lat`).
        ("mapy.cz", "/s/point") => redirect(
            StatusCode::FOUND,
            "https://mapy.com/cs/zakladni?source=coor&id=14.4378%2C50.0755&x=14.43&y=50.07&z=17",
        ),
        // 2GIS: a `/geo/lon,lat` link, a page with a share image, a redirect off 2GIS.
        ("go.2gis.com", "/geo") => redirect(StatusCode::FOUND, "https://2gis.ru/moscow/geo/37.617635%2C55.755814"),
        ("go.2gis.com", "/page") => page(
            r#"<meta property="twitter:image" content="https://share.api.2gis.ru/getimage?city=dubai&amp;zoom=17&amp;center=55.279541,25.197304&amp;title=Dubai%20Mall">"#.into(),
        ),
        ("go.2gis.com", "/away") => redirect(StatusCode::FOUND, "https://yandex.ru/maps/?pt=1,2"),
        // Benchmarks: `maps.app.goo.gl/s<n>`, a distinct place pin for every n.
        ("maps.app.goo.gl", p) if p.starts_with("/s") && p[2..].parse::<u32>().is_ok() => {
            let n: f64 = p[2..].parse().unwrap_or(0.0);
            let (lat, lon) = ((n * 0.618_034).fract() * 160.0 - 80.0, (n * 0.414_214).fract() * 340.0 - 170.0);
            redirect(
                StatusCode::FOUND,
                &format!("https://www.google.com/maps/place/P/data=!3m1!4b1!4m2!3m1!8m2!3d{lat:.6}!4d{lon:.6}"),
            )
        }
        (_, p) if p.starts_with("/maps") || p == "/" => page("<html>Google Maps</html>".into()),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(a), Some(b)) => {
                out.push((a * 16 + b) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
