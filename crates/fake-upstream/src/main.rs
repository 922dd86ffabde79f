//! `pinsheet-fake-upstream [--eu]`: the fake services on 127.0.0.1, for tests of front ends
//! that run the follower in another process (the CLI, the resolver behind the page). Prints
//! `listening <address>` and serves until stdin closes.

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
    let fake = pinsheet_fake_upstream::start(internal, region).await;
    println!("listening {}", fake.address);
    let mut rest = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut rest).await;
}
