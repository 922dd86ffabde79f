//! `pinsheet-fake-upstream [--eu] [--latency-ms N]`: the fake services on 127.0.0.1, for
//! tests and benchmarks of front ends that run the follower in another process (the CLI, the
//! resolver behind the page). Prints `listening <address>` and serves until stdin closes;
//! `GET /seen` with `Host: fake.test` answers how many requests it has seen.

use tokio::io::AsyncReadExt;

#[tokio::main]
async fn main() {
    let region = if std::env::args().any(|a| a == "--eu") {
        pinsheet_fake_upstream::Region::Eu
    } else {
        pinsheet_fake_upstream::Region::Elsewhere
    };
    // Nothing listens here: a redirect to it must never be followed.
    let internal = std::net::SocketAddr::from(([127, 0, 0, 1], 9));
    let args: Vec<String> = std::env::args().collect();
    let latency = args
        .iter()
        .position(|a| a == "--latency-ms")
        .and_then(|i| args.get(i + 1))
        .and_then(|ms| ms.parse().ok())
        .map_or(std::time::Duration::ZERO, std::time::Duration::from_millis);
    let fake = pinsheet_fake_upstream::start_with(internal, region, latency).await;
    println!("listening {}", fake.address);
    let mut rest = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut rest).await;
}
