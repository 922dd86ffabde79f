//! The follower against the fake services on 127.0.0.1 (crates/fake-upstream): the chains as
//! Google, Apple, Yandex, Mapy.com and 2GIS answer them today. Nothing reaches the internet.

use pinsheet_core::{Form, Service};
use pinsheet_fake_upstream::{cid, Fake, Region, CAFE, CAFE_ID};
use pinsheet_follow::{Follower, Resolution, Settings, Status};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

struct World {
    follower: Arc<Follower>,
    fake: Fake,
    internal_hits: Arc<AtomicUsize>,
}

async fn world(region: Region) -> World {
    let (internal, internal_hits) = pinsheet_fake_upstream::internal_target().await;
    let fake = pinsheet_fake_upstream::start(internal, region).await;
    let settings = Settings {
        deadline: Duration::from_millis(1500),
        upstream: Some(fake.address),
        ..Settings::default()
    };
    World { follower: Follower::new(&settings).unwrap(), fake, internal_hits }
}

impl World {
    async fn one(&self, link: &str) -> Resolution {
        self.follower.resolve(link).await
    }
}

fn point(r: &Resolution) -> Option<(f64, f64)> {
    r.lat.zip(r.lon)
}

fn pin_of(r: &Resolution, service: Service) {
    let source = r.source.expect("a source");
    assert_eq!((source.service, source.form), (service, Form::Pin), "{r:?}");
}

#[tokio::test]
async fn an_app_shared_link_finds_its_place_through_the_embed_redirect_and_never_a_decoy() {
    let w = world(Region::Elsewhere).await;
    for link in ["https://maps.app.goo.gl/app-share", "https://maps.app.goo.gl/app-share-path"] {
        let r = w.one(link).await;
        assert_eq!((r.status, point(&r)), (Status::Ok, Some(CAFE)), "{link}: {r:?}");
        pin_of(&r, Service::Google);
        assert_eq!(r.provenance.as_deref(), Some("Google Maps: place pin"));
    }
    // The embed page was reached through its redirect, once per chain.
    assert_eq!(w.fake.seen.count("maps.google.com/maps"), 2);
    assert_eq!(w.fake.seen.count("www.google.com/maps/embed"), 2);
    let r = w.one("https://maps.app.goo.gl/app-share-unknown").await;
    assert_eq!(
        (r.status, point(&r)),
        (Status::NoCoordinates, None),
        "the page's other points are not the place's"
    );
}

#[tokio::test]
async fn links_that_carry_only_a_place_id_go_straight_to_the_embed_page() {
    let w = world(Region::Elsewhere).await;
    let decimal = cid(CAFE_ID);
    for link in [
        format!("https://maps.google.com/?q=Caf%C3%A9&ftid={CAFE_ID}"),
        format!("https://www.google.com/maps/place/Caf%C3%A9+Central/data=!4m2!3m1!1s{CAFE_ID}"),
        format!("https://maps.google.com/?cid={decimal}"),
        format!("https://www.google.com/maps?cid={decimal}"),
        format!("https://www.google.com/search?q=Caf%C3%A9+Central&ludocid={decimal}"),
    ] {
        let r = w.one(&link).await;
        assert_eq!((r.status, point(&r)), (Status::Ok, Some(CAFE)), "{link}: {r:?}");
        assert_eq!(r.input, link);
    }
    // Search's share link that lands on a place's Search page (ludocid) finds it too.
    let r = w.one("https://g.co/kgs/place").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some(CAFE)), "{r:?}");
}

#[tokio::test]
async fn the_eu_consent_chain_is_walked_without_requesting_any_url_twice() {
    let w = world(Region::Eu).await;
    let r = w.one("https://maps.app.goo.gl/app-share").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some(CAFE)), "{r:?}");
    assert_eq!(w.fake.seen.count("consent.google.com/ml"), 1);
    assert_eq!(w.fake.seen.most_repeated(), 1, "no URL requested twice");
    w.fake.seen.clear();

    let r = w.one("https://maps.app.goo.gl/view").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some((48.21, 16.36))), "{r:?}");
    assert_eq!(r.source.map(|s| s.form), Some(Form::MapView));
    assert!(r.final_url.unwrap_or_default().contains("ucbcb=1"), "the page after consent");
    assert_eq!(w.fake.seen.most_repeated(), 1);
    w.fake.seen.clear();

    // Consent that sends the visitor back without its mark: a loop, ended at the first
    // repeat, with the map view read on the way.
    let r = w.one("https://maps.app.goo.gl/view-loop").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some((1.5, 2.5))), "{r:?}");
    assert_eq!(r.source.map(|s| s.form), Some(Form::MapView));
    assert_eq!(w.fake.seen.most_repeated(), 1);
    assert!(w.fake.seen.total() <= 3, "short link, long link, consent: {}", w.fake.seen.total());
}

#[tokio::test]
async fn a_consent_form_that_ends_the_chain_still_gives_the_place_it_would_continue_to() {
    let w = world(Region::Elsewhere).await;
    let r = w.one("https://maps.app.goo.gl/consent-form").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some(CAFE)), "{r:?}");
    assert_eq!(w.fake.seen.count("consent.google.com/m"), 1);
}

#[tokio::test]
async fn a_map_view_read_on_the_way_survives_the_hop_limit() {
    let w = world(Region::Elsewhere).await;
    let r = w.one("https://maps.app.goo.gl/endless").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some((1.5, 2.5))), "{r:?}");
    assert_eq!(r.hops, pinsheet_follow::MAX_HOPS + 1);
    assert_eq!(w.fake.seen.total(), pinsheet_follow::MAX_HOPS as usize + 1);
}

#[tokio::test]
async fn dead_links_are_gone_and_search_pages_are_not_map_links() {
    let w = world(Region::Elsewhere).await;
    let r = w.one("https://maps.app.goo.gl/dead").await;
    assert_eq!(r.status, Status::Gone);
    assert_eq!(r.message.as_deref(), Some("this link no longer works"));
    assert_eq!(w.fake.seen.count("maps.app.goo.gl/dead"), 2, "a 404 is retried once");
    assert_eq!(w.one("https://maps.app.goo.gl/removed").await.status, Status::Gone);
    // Kept like a success: asking again sends nothing.
    let before = w.fake.seen.total();
    assert_eq!(w.one("https://maps.app.goo.gl/dead").await.status, Status::Gone);
    assert_eq!(w.fake.seen.total(), before);

    let r = w.one("https://share.google/search").await;
    assert_eq!((r.status, point(&r)), (Status::NotAMapLink, None), "{r:?}");
    assert!(r.message.is_some());
}

#[tokio::test]
async fn firebase_era_links_unwrap_to_their_place() {
    let w = world(Region::Elsewhere).await;
    let r = w.one("https://goo.gl/app/maps/firebase").await;
    assert_eq!((r.status, point(&r)), (Status::Ok, Some((48.8583701, 2.2944813))), "{r:?}");
}

#[tokio::test]
async fn other_services_short_links_are_read_once_the_long_link_is_known() {
    let w = world(Region::Elsewhere).await;
    let cases = [
        ("https://maps.apple/p/redirect", Service::Apple, Form::Pin, (52.4737758, 13.4373898)),
        ("https://maps.apple.com/p/page", Service::Apple, Form::Pin, (47.6097, -122.3422)),
        ("https://yandex.ru/maps/-/CDpoint", Service::Yandex, Form::Pin, (55.755814, 37.617635)),
        ("https://yandex.com/maps/-/CDview", Service::Yandex, Form::MapView, (50.111192, 8.668963)),
        ("https://mapy.cz/s/point", Service::Mapy, Form::Pin, (50.0755, 14.4378)),
        ("https://go.2gis.com/geo", Service::TwoGis, Form::Pin, (55.755814, 37.617635)),
        ("https://go.2gis.com/page", Service::TwoGis, Form::Pin, (25.197304, 55.279541)),
    ];
    for (link, service, form, expected) in cases {
        let r = w.one(link).await;
        assert_eq!((r.status, point(&r)), (Status::Ok, Some(expected)), "{link}: {r:?}");
        let source = r.source.expect("a source");
        assert_eq!((source.service, source.form), (service, form), "{link}");
    }
}

#[tokio::test]
async fn a_chain_never_leaves_its_service() {
    let w = world(Region::Elsewhere).await;
    for link in [
        "https://maps.apple/p/offsite",
        "https://go.2gis.com/away",
        "https://maps.app.goo.gl/to-apple",
        "https://maps.app.goo.gl/internal",
        "https://maps.app.goo.gl/metadata",
        "https://maps.app.goo.gl/lookalike",
    ] {
        let r = w.one(link).await;
        assert_eq!((r.status, point(&r)), (Status::Refused, None), "{link}: {r:?}");
    }
    assert_eq!(w.internal_hits.load(Ordering::SeqCst), 0);
}

/// The new hosts' inputs an attacker might send: none may cause a request.
#[tokio::test]
async fn the_new_hosts_refuse_attacks_before_any_request() {
    let w = world(Region::Elsewhere).await;
    let attacks = [
        "http://maps.apple/p/abc",
        "https://maps.apple:8443/p/abc",
        "https://maps.apple@evil.example/p/abc",
        "https://maps.apple.evil.example/p/abc",
        "https://maps.apple.com/place?coordinate=1,2",
        "https://maps.apple.com/p/",
        "https://yandex.evil.example/maps/-/abc",
        "https://yandex.ru.evil.example/maps/-/abc",
        "https://yandex.ru/maps/?ll=1,2",
        "https://yandex.ru/maps/-/",
        "https://mapy.cz.evil.example/s/abc",
        "https://mapy.cz/s/",
        "https://go.2gis.com.evil.example/abc",
        "https://evil.example/go.2gis.com/abc",
        "https://2gis.ru/moscow/geo/37.6,55.7",
        "https://share.google.evil.example/abc",
        "https://share.google/",
        "https://www.google.com/maps/place/X/@1,2,3z",
        "https://www.google.com/search?q=x",
        "https://maps.google.com.evil.example/?cid=1",
        "https://evil.example/?cid=1&ftid=0x1:0x2",
        "http://maps.google.com/?cid=1",
        "https://maps.google.com:444/?cid=1",
    ];
    let links: Vec<String> = attacks.iter().map(|s| s.to_string()).collect();
    for (attack, r) in attacks.iter().zip(w.follower.resolve_all(&links).await) {
        assert_eq!(r.status, Status::Refused, "{attack}");
    }
    assert_eq!(w.fake.seen.total(), 0, "not one request went out");
}

#[tokio::test]
async fn resolve_each_bounds_the_chains_in_flight_and_answers_in_order() {
    let w = world(Region::Elsewhere).await;
    let links: Vec<String> =
        ["https://maps.app.goo.gl/pin", "https://maps.app.goo.gl/dead", "https://evil.example/x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let mut done = Vec::new();
    let answers = w.follower.resolve_each(&links, 2, |index, _| done.push(index)).await;
    let statuses: Vec<_> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Ok, Status::Gone, Status::Refused]);
    done.sort();
    assert_eq!(done, [0, 1, 2]);
}
