//! `pinsheet convert --resolve` and `pinsheet extract --resolve` against the fake services on
//! loopback (crates/fake-upstream), through the test hook; `--resolver URL` against a running
//! pinsheet-resolver. Needs the test-hook feature (scripts/test.sh passes it).
#![cfg(feature = "test-hook")]

use pinsheet_fake_upstream::{cid, Fake, Region, CAFE_ID};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_pinsheet");

async fn fake() -> Fake {
    // Nothing listens on port 9 of loopback: a redirect there must never be followed.
    pinsheet_fake_upstream::start(std::net::SocketAddr::from(([127, 0, 0, 1], 9)), Region::Eu).await
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pinsheet-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sheet as people have them: names, short links shared from the app, a place link, a
/// Search link naming a place, a dead link, a typed point, a short link repeated.
fn sheet(dir: &Path) -> PathBuf {
    let rows = [
        "Name,Link".to_string(),
        "Tower,https://maps.app.goo.gl/pin".into(),
        "Café,https://maps.app.goo.gl/app-share".into(),
        format!("Café by id,https://maps.google.com/?cid={}", cid(CAFE_ID)),
        format!("Café from Search,https://www.google.com/search?q=Caf%C3%A9&ludocid={}", cid(CAFE_ID)),
        "Closed,https://maps.app.goo.gl/dead".into(),
        "Typed,\"https://maps.google.com/?q=1.5,2.5\"".into(),
        "Tower again,https://maps.app.goo.gl/pin".into(),
        "Moscow,https://yandex.ru/maps/-/CDpoint".into(),
    ];
    let path = dir.join("places.csv");
    std::fs::write(&path, rows.join("\n")).unwrap();
    path
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// [`run`] off the async test's threads, so the fake keeps answering meanwhile.
async fn run_off(args: &[&str], stdin: Option<&'static str>) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || run(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin))
        .await
        .unwrap()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn convert_resolves_short_links_and_place_links_and_the_cache_makes_a_rerun_free() {
    let fake = fake().await;
    let dir = scratch("convert");
    let input = sheet(&dir);
    let output = dir.join("out.csv");
    let cache = dir.join("cache").join("resolved.json");
    let upstream = fake.address.to_string();
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--resolve",
        "--cache",
        cache.to_str().unwrap(),
        "--test-upstream",
        &upstream,
    ];
    let first = run_off(&args, None).await;
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("6 links resolved: 5 with a point, 1 dead"), "{stderr}");
    assert!(
        stderr.contains("8 rows: 7 with coordinates (0 low confidence), 0 need the resolver, 1 without"),
        "{stderr}"
    );
    let rows = csv_rows(&output);
    let point = |row: usize| (rows[row][2].as_str(), rows[row][3].as_str(), rows[row][4].as_str());
    assert_eq!(point(1), ("48.8583701", "2.2944813", "Google Maps: place pin"));
    for row in [2, 3, 4] {
        assert_eq!(point(row), ("48.2104", "16.3655", "Google Maps: place pin"), "row {row}");
    }
    assert_eq!(point(5), ("", "", "Google Maps link that no longer works"), "a dead link says so");
    assert_eq!(point(6), ("1.5", "2.5", "Google Maps: typed coordinates"));
    assert_eq!(point(7), point(1));
    assert_eq!(point(8), ("55.755814", "37.617635", "Yandex Maps: place pin"));
    assert_eq!(fake.seen.count("maps.app.goo.gl/pin"), 1, "each distinct link once");
    for link in ["maps.app.goo.gl/app-share", "yandex.ru/maps/-/CDpoint", "consent.google.com/ml"] {
        assert_eq!(fake.seen.count(link), 1, "{link}");
    }
    assert_eq!(fake.seen.count("maps.app.goo.gl/dead"), 2, "a 404 is retried once");
    assert!(cache.exists());

    fake.seen.clear();
    let again = run_off(&args, None).await;
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(stderr.contains("(6 from the cache)"), "{stderr}");
    assert_eq!(fake.seen.total(), 0, "a re-run with the cache asks nothing");
    assert_eq!(csv_rows(&output), rows);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extract_resolves_lines_in_order_with_what_the_resolver_said() {
    let fake = fake().await;
    let upstream = fake.address.to_string();
    let input = "https://maps.app.goo.gl/app-share\nhttps://maps.app.goo.gl/removed\n48.85, 2.29\nhttps://share.google/search\n";
    let out =
        run_off(&["extract", "--resolve", "--no-cache", "--test-upstream", &upstream], Some(input)).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!((lines[0]["lat"].as_f64(), lines[0]["lon"].as_f64()), (Some(48.2104), Some(16.3655)));
    assert_eq!(lines[0]["resolved"], "ok");
    assert_eq!(lines[0]["provenance"], "Google Maps: place pin");
    assert_eq!(lines[1]["resolved"], "gone");
    assert_eq!(lines[1]["message"], "this link no longer works");
    assert_eq!(lines[1]["status"], "Google Maps link that no longer works");
    assert!(lines[1]["lat"].is_null());
    assert_eq!(lines[2]["lat"], 48.85);
    assert!(lines[2].get("resolved").is_none(), "a typed point needs no resolver");
    assert_eq!(lines[3]["resolved"], "not_a_map_link");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_resolver_gives_the_same_answers() {
    let fake = fake().await;
    let config =
        pinsheet_resolver::Config { upstream: Some(fake.address), ..pinsheet_resolver::Config::default() };
    let resolver = pinsheet_resolver::Resolver::new(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(pinsheet_resolver::serve(resolver, listener));

    let dir = scratch("server");
    let input = sheet(&dir);
    let output = dir.join("out.csv");
    let args: Vec<String> = ["convert", input.to_str().unwrap(), "-o", output.to_str().unwrap()]
        .iter()
        .map(|s| s.to_string())
        .chain(["--resolver".into(), base, "--no-cache".into()])
        .collect();
    let out = run_off(&args.iter().map(String::as_str).collect::<Vec<_>>(), None).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("6 links resolved: 5 with a point, 1 dead"), "{stderr}");
    let rows = csv_rows(&output);
    assert_eq!(rows[2][2..5], ["48.2104", "16.3655", "Google Maps: place pin"]);
    assert!(!dir.join("cache").exists());

    let wrong = run(&["extract", "--resolver", "ftp://example"], Some(""));
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("give the resolver's address"));
    let _ = std::fs::remove_dir_all(&dir);
}
