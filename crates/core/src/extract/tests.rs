use super::*;

/// One row per link form: the cell, then the expected point and source (`None` for no point).
macro_rules! cases {
    ($($name:ident: $cell:expr => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            check($cell, $expected);
        }
    )*};
}

type Expected = (Option<(f64, f64)>, Source);

fn check(cell: &str, (point, source): Expected) {
    let got = extract(cell);
    assert_eq!(got.source, source, "source of {cell:?}");
    assert_eq!(got.coordinate.map(|c| (c.lat, c.lon)), point, "point of {cell:?}");
}

const fn at(lat: f64, lon: f64, source: Source) -> Expected {
    (Some((lat, lon)), source)
}

const fn none(source: Source) -> Expected {
    (None, source)
}

use Source::*;

cases! {
    map_view_at:
        "https://www.google.com/maps/@41.4036299,2.1743558,17z" => at(41.4036299, 2.1743558, MapView);
    map_view_at_metres:
        "https://www.google.com/maps/@-33.8567844,151.213108,5952m/data=!3m1!1e3" => at(-33.8567844, 151.213108, MapView);
    map_view_street_view:
        "https://www.google.com/maps/@48.8583701,2.2944813,3a,75y,90t/data=!3m6!1e1" => at(48.8583701, 2.2944813, MapView);
    pin_beats_map_view:
        "https://www.google.com/maps/place/Sagrada+Fam%C3%ADlia/@41.4036299,2.1721671,17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x9bd8aac21bc3c950!8m2!3d41.4036299!4d2.1743558!16zL20vMGcxM2c" => at(41.4036299, 2.1743558, PlacePin);
    pin_without_map_view:
        "https://www.google.com/maps/place/Eiffel+Tower/data=!4m2!3m1!1s0x0:0x0!8m2!3d48.8583701!4d2.2944813" => at(48.8583701, 2.2944813, PlacePin);
    pin_percent_encoded:
        "https://www.google.com/maps/place/X/data=%214m5%213m4%211s0x0:0x1%218m2%213d-22.951916%214d-43.2104872" => at(-22.951916, -43.2104872, PlacePin);
    place_path_pair:
        "https://www.google.com/maps/place/40.689247,-74.044502" => at(40.689247, -74.044502, Query);
    place_path_pair_then_view:
        "https://www.google.com/maps/place/40.689247,-74.044502/@40.6892,-74.0445,17z" => at(40.689247, -74.044502, Query);
    search_path_plus:
        "https://www.google.com/maps/search/40.748817,+-73.985428" => at(40.748817, -73.985428, Query);
    search_path_encoded_comma:
        "https://www.google.com/maps/search/35.6586%2C139.7454?entry=ttu" => at(35.6586, 139.7454, Query);
    q_pair:
        "https://maps.google.com/?q=51.5007,-0.1246" => at(51.5007, -0.1246, Query);
    q_pair_on_maps_path:
        "https://www.google.com/maps?q=51.5007,-0.1246&z=15" => at(51.5007, -0.1246, Query);
    q_loc:
        "https://maps.google.com/maps?q=loc:-34.6037,-58.3816" => at(-34.6037, -58.3816, Query);
    q_encoded_comma_and_space:
        "https://maps.google.com/maps?q=-34.6037%2C%20-58.3816" => at(-34.6037, -58.3816, Query);
    q_with_label:
        "https://maps.google.com/maps?q=52.52,13.405(Brandenburger+Tor)" => at(52.52, 13.405, Query);
    query_maps_urls_api:
        "https://www.google.com/maps/search/?api=1&query=47.5951518,-122.3316393" => at(47.5951518, -122.3316393, Query);
    query_beats_map_view:
        "https://www.google.com/maps/@10,10,5z?q=1.5,2.5" => at(1.5, 2.5, Query);
    ll_map_view:
        "https://maps.google.com/maps?ll=37.7749,-122.4194&z=12" => at(37.7749, -122.4194, MapView);
    q_place_name_with_ll:
        "https://maps.google.com/maps?q=Golden+Gate+Bridge&ll=37.8199,-122.4783" => at(37.8199, -122.4783, MapView);
    at_encoded:
        "https://www.google.com/maps/place/Colosseo/%4041.8902102%2C12.4922309%2C17z" => at(41.8902102, 12.4922309, MapView);
    country_host_uk:
        "https://maps.google.co.uk/maps?q=55.9533,-3.1883" => at(55.9533, -3.1883, Query);
    country_host_tr:
        "https://www.google.com.tr/maps/@41.0082376,28.9783589,15z" => at(41.0082376, 28.9783589, MapView);
    country_host_jp_no_www:
        "https://google.co.jp/maps/place/35.6586,139.7454" => at(35.6586, 139.7454, Query);
    bare_host_without_scheme:
        "maps.google.com/?q=1.2903,103.8520" => at(1.2903, 103.852, Query);
    http_scheme:
        "http://maps.google.com/?q=1.2903,103.8520" => at(1.2903, 103.852, Query);
    link_inside_text:
        "Meet here: https://www.google.com/maps/@45.4642,9.19,15z. Thanks!" => at(45.4642, 9.19, MapView);
    link_in_angle_brackets:
        "<https://www.google.com/maps?q=45.4642,9.19>" => at(45.4642, 9.19, Query);
    whole_link_percent_encoded:
        "https%3A%2F%2Fwww.google.com%2Fmaps%2F%4045.4642%2C9.19%2C15z" => at(45.4642, 9.19, MapView);
    uppercase_scheme_and_host:
        "HTTPS://MAPS.GOOGLE.COM/?q=10.5,-66.9" => at(10.5, -66.9, Query);
    integer_coordinates:
        "https://www.google.com/maps/@0,0,3z" => at(0.0, 0.0, MapView);
    short_link_app:
        "https://maps.app.goo.gl/mWtb4a1cUE9zMWya7" => none(ShortLink);
    short_link_goo_gl:
        "https://goo.gl/maps/QhTdDpuhzYm" => none(ShortLink);
    short_link_bare:
        "maps.app.goo.gl/mWtb4a1cUE9zMWya7" => none(ShortLink);
    goo_gl_not_maps:
        "https://goo.gl/abcdef" => none(NoCoordinates);
    out_of_range_latitude:
        "https://www.google.com/maps/@95.1,10.0,10z" => none(LinkWithoutCoordinates);
    out_of_range_longitude:
        "https://maps.google.com/?q=10.0,181" => none(LinkWithoutCoordinates);
    out_of_range_pin_falls_back_to_view:
        "https://www.google.com/maps/place/X/@1.5,2.5,10z/data=!3d99!4d10" => at(1.5, 2.5, MapView);
    look_alike_host:
        "https://www.google.com.evil.example/maps/@41.4,2.17,17z" => none(NoCoordinates);
    other_google_service:
        "https://www.google.com/search?q=41.4,2.17" => none(NoCoordinates);
    place_name_only:
        "https://www.google.com/maps/place/Louvre+Museum" => none(LinkWithoutCoordinates);
    q_address_with_commas:
        "https://maps.google.com/?q=10+Downing+St,+London" => none(LinkWithoutCoordinates);
    exponent_is_not_a_coordinate:
        "https://maps.google.com/?q=1e1,2" => none(LinkWithoutCoordinates);
    at_followed_by_junk:
        "https://www.google.com/maps/@41.4,2.17abc" => none(LinkWithoutCoordinates);
    not_a_link:
        "call Anna about the depot" => none(NoCoordinates);
    other_site:
        "https://example.com/@41.4,2.17,17z" => none(NoCoordinates);
    broken_url:
        "https://" => none(NoCoordinates);
    empty:
        "   " => none(Empty);
}

#[test]
fn labels_name_every_source() {
    for source in [PlacePin, Query, MapView, ShortLink, LinkWithoutCoordinates, NoCoordinates, Empty] {
        assert!(!source.label().is_empty());
    }
    assert_eq!(ShortLink.status(), Status::NeedsResolver);
    assert_eq!(MapView.status(), Status::LowConfidence);
    assert_eq!(Empty.status(), Status::NoCoordinates);
}

#[test]
fn trailing_sentence_punctuation_is_not_part_of_the_link() {
    assert_eq!(trim_link_end("https://x.example/a)."), "https://x.example/a");
    assert_eq!(trim_link_end("https://x.example/?q=1,2(Home)"), "https://x.example/?q=1,2(Home)");
}
