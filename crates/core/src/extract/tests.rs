//! One row per form: the cell, then what must come out. Expectations come from each format's
//! documentation or specification (Google Maps URLs, Apple Map Links, RFC 5870, the Open
//! Location Code spec, Yandex's lon,lat order…), not from pinsheet's output.

use super::*;
use crate::Coordinate;

enum Expect {
    /// Exactly this point from this service and form, no datum conversion.
    At(Service, Form, f64, f64),
    /// Within `tolerance` degrees of this point (decoded codes, converted datums).
    Near(Service, Form, Option<Datum>, f64, f64, f64),
    /// No point, for this reason.
    Nothing(Source),
}
use Expect::*;
use Form::*;
use Service::*;

macro_rules! cases {
    ($($name:ident: $cell:expr => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            check($cell, $expected);
        }
    )*};
}

fn check(cell: &str, expected: Expect) {
    let got = extract(cell);
    let provenance = match got.source {
        Source::Found(p) => Some(p),
        _ => None,
    };
    match expected {
        At(service, form, lat, lon) => {
            assert_eq!(provenance, Some(Provenance { service, form, converted_from: None }), "{cell}");
            let c = got.coordinate.expect("a point");
            assert_eq!((c.lat, c.lon), (lat, lon), "{cell}");
        }
        Near(service, form, datum, lat, lon, tolerance) => {
            assert_eq!(provenance, Some(Provenance { service, form, converted_from: datum }), "{cell}");
            let c = got.coordinate.expect("a point");
            assert!(
                (c.lat - lat).abs() <= tolerance && (c.lon - lon).abs() <= tolerance,
                "{cell}: got {c:?}"
            );
        }
        Nothing(source) => {
            assert_eq!(got.source, source, "{cell}");
            assert_eq!(got.coordinate, None, "{cell}");
        }
    }
}

const fn google(form: Form, lat: f64, lon: f64) -> Expect {
    At(Google, form, lat, lon)
}

const fn text(form: Form, lat: f64, lon: f64) -> Expect {
    At(Text, form, lat, lon)
}

cases! {
    // Google Maps: the place pin, `!3d<lat>!4d<lng>`, wins over everything else.
    g_pin_beats_map_view:
        "https://www.google.com/maps/place/Sagrada+Fam%C3%ADlia/@41.4036299,2.1721671,17z/data=!3m1!4b1!4m6!3m5!1s0x12a4a2dcd83dfb93:0x9bd8aac21bc3c950!8m2!3d41.4036299!4d2.1743558!16zL20vMGcxM2c" => google(Pin, 41.4036299, 2.1743558);
    g_pin_without_map_view:
        "https://www.google.com/maps/place/Eiffel+Tower/data=!4m2!3m1!1s0x0:0x0!8m2!3d48.8583701!4d2.2944813" => google(Pin, 48.8583701, 2.2944813);
    g_pin_percent_encoded:
        "https://www.google.com/maps/place/X/data=%214m5%213m4%211s0x0:0x1%218m2%213d-22.951916%214d-43.2104872" => google(Pin, -22.951916, -43.2104872);
    g_pin_in_data_param:
        "https://www.google.com/maps?data=!3m1!4b1!4m2!3m1!8m2!3d35.6585805!4d139.7454329" => google(Pin, 35.6585805, 139.7454329);
    g_pin_beats_typed_query:
        "https://www.google.com/maps/place/1,1/data=!8m2!3d10.5!4d20.5" => google(Pin, 10.5, 20.5);
    g_out_of_range_pin_falls_back_to_view:
        "https://www.google.com/maps/place/X/@1.5,2.5,10z/data=!3d99!4d10" => google(MapView, 1.5, 2.5);
    g_pin_more_than_7_decimals_rounded:
        "https://www.google.com/maps/place/X/data=!3d41.403629912!4d2.174355849" => google(Pin, 41.4036299, 2.1743558);

    // Typed coordinates.
    g_place_path_pair:
        "https://www.google.com/maps/place/40.689247,-74.044502" => google(Typed, 40.689247, -74.044502);
    g_place_path_pair_then_view:
        "https://www.google.com/maps/place/40.689247,-74.044502/@40.6892,-74.0445,17z" => google(Typed, 40.689247, -74.044502);
    g_place_path_dms:
        "https://www.google.com/maps/place/41%C2%B024'12.2%22N+2%C2%B010'26.5%22E/@41.403389,2.174028,17z" => google(Typed, 41.4033889, 2.1740278);
    g_place_path_plus_code:
        "https://www.google.com/maps/place/8FVC9G8F%2B6X" => google(Typed, 47.3655625, 8.5249375);
    g_search_path_plus:
        "https://www.google.com/maps/search/40.748817,+-73.985428" => google(Typed, 40.748817, -73.985428);
    g_search_path_encoded_comma:
        "https://www.google.com/maps/search/35.6586%2C139.7454?entry=ttu" => google(Typed, 35.6586, 139.7454);
    g_q_pair:
        "https://maps.google.com/?q=51.5007,-0.1246" => google(Typed, 51.5007, -0.1246);
    g_q_pair_on_maps_path:
        "https://www.google.com/maps?q=51.5007,-0.1246&z=15" => google(Typed, 51.5007, -0.1246);
    g_q_loc:
        "https://maps.google.com/maps?q=loc:-34.6037,-58.3816" => google(Typed, -34.6037, -58.3816);
    g_q_loc_upper:
        "https://maps.google.com/maps?q=LOC:-34.6037,-58.3816" => google(Typed, -34.6037, -58.3816);
    g_q_encoded_comma_and_space:
        "https://maps.google.com/maps?q=-34.6037%2C%20-58.3816" => google(Typed, -34.6037, -58.3816);
    g_q_with_label:
        "https://maps.google.com/maps?q=52.52,13.405(Brandenburger+Tor)" => google(Typed, 52.52, 13.405);
    g_q_name_at_point:
        "https://maps.google.com/maps?q=Home@48.137154,11.576124" => google(Typed, 48.137154, 11.576124);
    g_q_hemisphere_letters:
        "https://maps.google.com/maps?q=N34.9,W106.6" => google(Typed, 34.9, -106.6);
    g_q_plus_code:
        "https://www.google.com/maps?q=8FVC9G8F%2B6X" => google(Typed, 47.3655625, 8.5249375);
    g_query_maps_urls_api:
        "https://www.google.com/maps/search/?api=1&query=47.5951518,-122.3316393" => google(Typed, 47.5951518, -122.3316393);
    g_query_beats_map_view:
        "https://www.google.com/maps/@10,10,5z?q=1.5,2.5" => google(Typed, 1.5, 2.5);
    g_street_view_cbll:
        "https://maps.google.com/maps?layer=c&cbll=48.858353,2.294464&cbp=12,0,0,0,0" => google(Typed, 48.858353, 2.294464);

    // Routes: the destination.
    g_dir_last_stop:
        "https://www.google.com/maps/dir/52.5200,13.4050/48.1351,11.5820/" => google(RouteDestination, 48.1351, 11.582);
    g_dir_three_stops:
        "https://www.google.com/maps/dir/52.52,13.405/50.11,8.68/48.1351,11.582/@50,10,7z" => google(RouteDestination, 48.1351, 11.582);
    g_dir_route_data_lon_first:
        "https://www.google.com/maps/dir/Berlin/Munich/@50.0,11.0,7z/data=!4m14!4m13!1m5!1m1!1s0x0:0x1!2m2!1d13.404954!2d52.5200066!1m5!1m1!1s0x0:0x2!2m2!1d11.5819805!2d48.1351253" => google(RouteDestination, 48.1351253, 11.5819805);
    g_destination_param:
        "https://www.google.com/maps/dir/?api=1&origin=52.52,13.405&destination=48.1351,11.582&travelmode=driving" => google(RouteDestination, 48.1351, 11.582);
    g_daddr:
        "https://maps.google.com/maps?saddr=52.52,13.405&daddr=48.1351,11.582" => google(RouteDestination, 48.1351, 11.582);

    // Map views.
    g_map_view_at:
        "https://www.google.com/maps/@41.4036299,2.1743558,17z" => google(MapView, 41.4036299, 2.1743558);
    g_map_view_at_metres:
        "https://www.google.com/maps/@-33.8567844,151.213108,5952m/data=!3m1!1e3" => google(MapView, -33.8567844, 151.213108);
    g_map_view_street_view:
        "https://www.google.com/maps/@48.8583701,2.2944813,3a,75y,90t/data=!3m6!1e1" => google(MapView, 48.8583701, 2.2944813);
    g_ll:
        "https://maps.google.com/maps?ll=37.7749,-122.4194&z=12" => google(MapView, 37.7749, -122.4194);
    g_sll:
        "https://maps.google.com/maps?sll=37.7749,-122.4194&sspn=0.1,0.1" => google(MapView, 37.7749, -122.4194);
    g_center_maps_urls_api:
        "https://www.google.com/maps/@?api=1&map_action=map&center=-33.712206,150.311941&zoom=12" => google(MapView, -33.712206, 150.311941);
    g_viewpoint_street_view_api:
        "https://www.google.com/maps/@?api=1&map_action=pano&viewpoint=48.857832,2.295226&heading=-45" => google(MapView, 48.857832, 2.295226);
    g_legacy_ll_path:
        "https://maps.google.com/maps/ll=37.7749,-122.4194,z=12" => google(MapView, 37.7749, -122.4194);
    g_name_with_ll:
        "https://maps.google.com/maps?q=Golden+Gate+Bridge&ll=37.8199,-122.4783" => google(MapView, 37.8199, -122.4783);
    g_at_encoded:
        "https://www.google.com/maps/place/Colosseo/%4041.8902102%2C12.4922309%2C17z" => google(MapView, 41.8902102, 12.4922309);
    g_embed_pb:
        "https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3024.2!2d-73.9856644!3d40.7484405!2m3!1f0!2f0!3f0!3m2!1i1024!2i768!4f13.1" => google(MapView, 40.7484405, -73.9856644);

    // Hosts.
    g_country_host_uk:
        "https://maps.google.co.uk/maps?q=55.9533,-3.1883" => google(Typed, 55.9533, -3.1883);
    g_country_host_tr:
        "https://www.google.com.tr/maps/@41.0082376,28.9783589,15z" => google(MapView, 41.0082376, 28.9783589);
    g_country_host_jp_no_www:
        "https://google.co.jp/maps/place/35.6586,139.7454" => google(Typed, 35.6586, 139.7454);
    g_host_trailing_dot:
        "https://maps.google.com./?q=1.25,2.5" => google(Typed, 1.25, 2.5);
    g_bare_host:
        "maps.google.com/?q=1.2903,103.8520" => google(Typed, 1.2903, 103.852);
    g_http_scheme:
        "http://maps.google.com/?q=1.2903,103.8520" => google(Typed, 1.2903, 103.852);
    g_uppercase:
        "HTTPS://MAPS.GOOGLE.COM/?q=10.5,-66.9" => google(Typed, 10.5, -66.9);
    g_look_alike_host:
        "https://www.google.com.evil.example/maps/@41.4,2.17,17z" => Nothing(Source::NoCoordinates);
    g_look_alike_subdomain:
        "https://maps.google.com-maps.example/?q=41.4,2.17" => Nothing(Source::NoCoordinates);
    g_other_google_service:
        "https://www.google.com/search?q=41.4,2.17" => Nothing(Source::NoCoordinates);

    // Wrappers, encodings, junk.
    g_consent_wrapper:
        "https://consent.google.com/ml?continue=https://www.google.com/maps/@41.4,2.17,17z&gl=DE" => google(MapView, 41.4, 2.17);
    g_redirect_wrapper:
        "https://www.google.com/url?q=https://maps.google.com/?q%3D1.5,2.5&sa=D" => google(Typed, 1.5, 2.5);
    g_firebase_link_wrapper:
        "https://maps.app.goo.gl/?link=https://www.google.com/maps/@41.4,2.17,17z" => google(MapView, 41.4, 2.17);
    g_whole_link_encoded:
        "https%3A%2F%2Fwww.google.com%2Fmaps%2F%4045.4642%2C9.19%2C15z" => google(MapView, 45.4642, 9.19);
    g_whole_link_double_encoded:
        "https%253A%252F%252Fwww.google.com%252Fmaps%252F%254045.4642%252C9.19%252C15z" => google(MapView, 45.4642, 9.19);
    g_html_entities:
        "https://www.google.com/maps/search/?api=1&amp;query=47.5951518,-122.3316393" => google(Typed, 47.5951518, -122.3316393);
    g_link_inside_text:
        "Meet here: https://www.google.com/maps/@45.4642,9.19,15z. Thanks!" => google(MapView, 45.4642, 9.19);
    g_link_in_angle_brackets:
        "<https://www.google.com/maps?q=45.4642,9.19>" => google(Typed, 45.4642, 9.19);
    g_link_with_encoded_anchor_end:
        "https://www.google.com/maps?q=45.4642,9.19%3C/a%3E" => google(Typed, 45.4642, 9.19);
    g_link_in_parentheses:
        "(see https://www.google.com/maps/@45.4642,9.19,15z)" => google(MapView, 45.4642, 9.19);

    // App schemes.
    g_android_navigation:
        "google.navigation:q=48.1351,11.582&mode=d" => google(RouteDestination, 48.1351, 11.582);
    g_ios_center:
        "comgooglemaps://?center=40.765819,-73.975866&zoom=14" => google(MapView, 40.765819, -73.975866);
    g_ios_q:
        "comgooglemaps://?q=40.765819,-73.975866" => google(Typed, 40.765819, -73.975866);
    g_ios_daddr:
        "comgooglemaps://?saddr=1,1&daddr=40.765819,-73.975866" => google(RouteDestination, 40.765819, -73.975866);

    // Google: no point.
    g_short_link_app:
        "https://maps.app.goo.gl/mWtb4a1cUE9zMWya7" => Nothing(Source::ShortLink(Google));
    g_short_link_goo_gl:
        "https://goo.gl/maps/QhTdDpuhzYm" => Nothing(Source::ShortLink(Google));
    g_short_link_bare:
        "maps.app.goo.gl/mWtb4a1cUE9zMWya7" => Nothing(Source::ShortLink(Google));
    g_short_link_g_co:
        "https://g.co/kgs/abc123" => Nothing(Source::ShortLink(Google));
    g_goo_gl_not_maps:
        "https://goo.gl/abcdef" => Nothing(Source::NoCoordinates);
    g_cid_only:
        "https://maps.google.com/?cid=11111111111111111111" => Nothing(Source::PlaceIdOnly(Google));
    g_ftid_only:
        "https://www.google.com/maps?q=Some+Cafe&ftid=0x47e66e2964e34e2d:0x8ddca9ee380ef7e0" => Nothing(Source::PlaceIdOnly(Google));
    g_query_place_id_only:
        "https://www.google.com/maps/search/?api=1&query=Google&query_place_id=ChIJN1t_tDeuEmsRUsoyG83frY4" => Nothing(Source::PlaceIdOnly(Google));
    g_feature_id_only:
        "https://www.google.com/maps/place/Louvre/data=!4m2!3m1!1s0x47e671d877937b0f:0xb975fcfa192f84d4" => Nothing(Source::PlaceIdOnly(Google));
    // Place ids in the other places Google puts them (Search and Takeout: `ludocid`).
    g_ludocid_search:
        "https://www.google.com/search?q=Caf%C3%A9&ludocid=11172087637094598496" => Nothing(Source::PlaceIdOnly(Google));
    g_maps_cid_path:
        "https://www.google.com/maps?cid=11172087637094598496" => Nothing(Source::PlaceIdOnly(Google));
    g_search_without_place:
        "https://www.google.com/search?q=cafe+near+me" => Nothing(Source::NoCoordinates);
    // Short links of the Firebase era and of Search's share sheet.
    g_short_link_app_maps:
        "https://goo.gl/app/maps/kZ2kBHfyeuAhbWdA6" => Nothing(Source::ShortLink(Google));
    g_short_link_share_google:
        "https://share.google/aBcDeF123" => Nothing(Source::ShortLink(Google));
    g_short_link_no_code:
        "https://goo.gl/app/maps/" => Nothing(Source::NoCoordinates);
    g_share_google_lookalike:
        "https://share.google.evil.example/aBcDeF123" => Nothing(Source::NoCoordinates);
    // Other services' share-sheet short links.
    apple_short_link_com:
        "https://maps.apple.com/p/Ab1Cd2Ef3" => Nothing(Source::ShortLink(Apple));
    yandex_short_link:
        "https://yandex.ru/maps/-/CDuEbR3I" => Nothing(Source::ShortLink(Yandex));
    yandex_short_link_com:
        "https://yandex.com/maps/-/CDuEbR3I" => Nothing(Source::ShortLink(Yandex));
    yandex_short_link_no_code:
        "https://yandex.ru/maps/-/" => Nothing(Source::LinkWithoutCoordinates(Yandex));
    mapy_short_link:
        "https://mapy.cz/s/gocabafede" => Nothing(Source::ShortLink(Mapy));
    mapy_short_link_com:
        "https://mapy.com/s/gocabafede" => Nothing(Source::ShortLink(Mapy));
    two_gis_geo_comma_encoded:
        "https://2gis.ru/moscow/geo/37.617635%2C55.755814" => At(TwoGis, Pin, 55.755814, 37.617635);
    g_firebase_link_param_encoded:
        "https://maps.app.goo.gl/?link=https%3A%2F%2Fwww.google.com%2Fmaps%2Fplace%2FEiffel%2BTower%2Fdata%3D%214m2%213m1%218m2%213d48.8583701%214d2.2944813&apn=com.google.android.apps.maps" => google(Pin, 48.8583701, 2.2944813);
    two_gis_short_link:
        "https://go.2gis.com/ab12c" => Nothing(Source::ShortLink(TwoGis));
    two_gis_short_link_no_code:
        "https://go.2gis.com/" => Nothing(Source::LinkWithoutCoordinates(TwoGis));
    two_gis_lookalike:
        "https://go.2gis.com.evil.example/ab12c" => Nothing(Source::NoCoordinates);
    g_place_name_only:
        "https://www.google.com/maps/place/Louvre+Museum" => Nothing(Source::LinkWithoutCoordinates(Google));
    g_q_address_with_commas:
        "https://maps.google.com/?q=10+Downing+St,+London" => Nothing(Source::LinkWithoutCoordinates(Google));
    g_out_of_range_latitude:
        "https://www.google.com/maps/@95.1,10.0,10z" => Nothing(Source::LinkWithoutCoordinates(Google));
    g_out_of_range_longitude:
        "https://maps.google.com/?q=10.0,181" => Nothing(Source::LinkWithoutCoordinates(Google));
    g_exponent:
        "https://maps.google.com/?q=1e1,2" => Nothing(Source::LinkWithoutCoordinates(Google));
    g_at_followed_by_junk:
        "https://www.google.com/maps/@41.4,2.17abc" => Nothing(Source::LinkWithoutCoordinates(Google));

    // Google inside mainland China: GCJ-02, converted; Hong Kong is not shifted.
    g_china_gcj02:
        "https://www.google.com/maps/@39.9087243,116.3952859,17z" => Near(Google, MapView, Some(Datum::Gcj02), 39.9073, 116.3890, 0.001);
    g_china_ditu:
        "https://ditu.google.cn/maps?q=31.2397,121.4998" => Near(Google, Typed, Some(Datum::Gcj02), 31.2416, 121.4953, 0.001);
    g_hong_kong_not_shifted:
        "https://www.google.com/maps/@22.2855,114.1577,17z" => google(MapView, 22.2855, 114.1577);
    g_taiwan_not_shifted:
        "https://www.google.com/maps/@25.0330,121.5654,17z" => google(MapView, 25.033, 121.5654);

    // Apple Maps.
    apple_dropped_pin:
        "https://maps.apple.com/?ll=50.894967,4.341626&q=Dropped%20Pin&t=m" => At(Apple, Pin, 50.894967, 4.341626);
    apple_coordinate:
        "https://maps.apple.com/place?coordinate=37.334606,-122.009102&name=Apple%20Park" => At(Apple, Pin, 37.334606, -122.009102);
    apple_ll_alone:
        "https://maps.apple.com/?ll=50.894967,4.341626&z=10" => At(Apple, MapView, 50.894967, 4.341626);
    apple_center:
        "https://maps.apple.com/?center=50.894967,4.341626&span=0.1,0.1" => At(Apple, MapView, 50.894967, 4.341626);
    apple_sll:
        "https://maps.apple.com/?q=pizza&sll=50.894967,4.341626" => At(Apple, MapView, 50.894967, 4.341626);
    apple_daddr:
        "https://maps.apple.com/?saddr=1,1&daddr=48.8584,2.2945" => At(Apple, RouteDestination, 48.8584, 2.2945);
    apple_destination:
        "https://maps.apple.com/directions?destination=48.8584,2.2945&mode=walking" => At(Apple, RouteDestination, 48.8584, 2.2945);
    // Map Links: `q` "is treated as if its value had been typed into the Maps search field";
    // typed coordinates are the place. With `ll`, `q` is the pin's label (apple_dropped_pin).
    apple_q_typed_coordinates:
        "https://maps.apple.com/?q=48.8584,2.2945" => At(Apple, Typed, 48.8584, 2.2945);
    apple_address_is_a_label:
        "https://maps.apple.com/?address=1%20Infinite%20Loop,%20Cupertino" => Nothing(Source::LinkWithoutCoordinates(Apple));
    apple_short:
        "https://maps.apple/p/abcDEF123" => Nothing(Source::ShortLink(Apple));

    // OpenStreetMap.
    osm_marker:
        "https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=17/51.5007/-0.1246" => At(OpenStreetMap, Pin, 51.5007, -0.1246);
    osm_fragment_view:
        "https://www.openstreetmap.org/#map=17/51.50070/-0.12460" => At(OpenStreetMap, MapView, 51.5007, -0.1246);
    osm_fragment_with_layers:
        "https://www.openstreetmap.org/#map=12/48.8566/2.3522&layers=C" => At(OpenStreetMap, MapView, 48.8566, 2.3522);
    osm_legacy_lat_lon:
        "https://www.openstreetmap.org/?lat=48.8566&lon=2.3522&zoom=12" => At(OpenStreetMap, MapView, 48.8566, 2.3522);
    osm_route:
        "https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=52.52%2C13.405%3B48.1351%2C11.582" => At(OpenStreetMap, RouteDestination, 48.1351, 11.582);
    osm_short_link_world_corner:
        "https://osm.org/go/AAAAAA--" => Near(OpenStreetMap, ShortCode, None, -90.0, -180.0, 1e-6);
    osm_node_only:
        "https://www.openstreetmap.org/node/123456" => Nothing(Source::LinkWithoutCoordinates(OpenStreetMap));

    // Bing Maps.
    bing_cp:
        "https://www.bing.com/maps?cp=47.677797~-122.122013&lvl=12" => At(Bing, MapView, 47.677797, -122.122013);
    bing_sp_point:
        "https://www.bing.com/maps?sp=point.47.677797_-122.122013_Microsoft" => At(Bing, Pin, 47.677797, -122.122013);
    bing_rtp:
        "https://www.bing.com/maps?rtp=pos.47.6_-122.3_Seattle~pos.45.52_-122.68_Portland" => At(Bing, RouteDestination, 45.52, -122.68);
    bing_q_pair:
        "https://www.bing.com/maps?q=47.6,-122.3" => At(Bing, Typed, 47.6, -122.3);
    bing_not_maps:
        "https://www.bing.com/search?q=47.6,-122.3" => Nothing(Source::NoCoordinates);

    // Waze.
    waze_ll:
        "https://waze.com/ul?ll=40.75889500,-73.98513100" => At(Waze, Pin, 40.758895, -73.985131);
    // Waze deep links: `navigate=yes` starts navigation to `ll`.
    waze_ll_navigate:
        "https://waze.com/ul?ll=40.75889500,-73.98513100&navigate=yes" => At(Waze, RouteDestination, 40.758895, -73.985131);
    waze_live_map_to:
        "https://www.waze.com/live-map/directions?to=ll.32.0853%2C34.7818" => At(Waze, RouteDestination, 32.0853, 34.7818);
    waze_geohash:
        "https://waze.com/ul/hu4pruydqqvj" => Near(Waze, ShortCode, None, 57.64911, 10.40744, 1e-4);
    waze_bad_geohash:
        "https://waze.com/ul/h!!!" => Nothing(Source::LinkWithoutCoordinates(Waze));

    // HERE.
    here_share_l:
        "https://share.here.com/l/52.5308,13.3847,Berlin" => At(Here, Pin, 52.5308, 13.3847);
    here_map_param:
        "https://wego.here.com/?map=52.5308,13.3847,15,normal" => At(Here, MapView, 52.5308, 13.3847);
    here_base64_payload:
        "https://share.here.com/p/s-Yz1yZXN0YXVyYW50O2lkPTI3Nmp4N3BzLTEyMztsYXQ9NTIuNTMwODtsb249MTMuMzg0NztuPUNhZmU" => At(Here, Pin, 52.5308, 13.3847);

    // Yandex: ll, pt and whatshere are longitude first; rtext is latitude first.
    yandex_ll_lon_first:
        "https://yandex.ru/maps/?ll=37.617635%2C55.755814&z=12" => At(Yandex, MapView, 55.755814, 37.617635);
    yandex_pt:
        "https://yandex.ru/maps/?pt=30.335429,59.944869&z=18&l=map" => At(Yandex, Pin, 59.944869, 30.335429);
    yandex_pt_with_style:
        "https://yandex.com/maps/?pt=30.335429,59.944869,pm2rdm~37.6,55.7,pm2gnm" => At(Yandex, Pin, 59.944869, 30.335429);
    yandex_whatshere:
        "https://yandex.ru/maps/?whatshere%5Bpoint%5D=37.617635%2C55.755814&whatshere%5Bzoom%5D=17" => At(Yandex, Pin, 55.755814, 37.617635);
    yandex_rtext_lat_first:
        "https://yandex.ru/maps/?rtext=55.75,37.61~59.94,30.31&rtt=auto" => At(Yandex, RouteDestination, 59.94, 30.31);
    yandex_text_search:
        "https://yandex.com.tr/maps/?text=41.0082,28.9784" => At(Yandex, Typed, 41.0082, 28.9784);
    yandex_maps_host:
        "https://maps.yandex.ru/?ll=37.617635,55.755814&z=12" => At(Yandex, MapView, 55.755814, 37.617635);
    yandex_org_only:
        "https://yandex.ru/maps/org/bolshoy_teatr/1018907821/" => Nothing(Source::PlaceIdOnly(Yandex));
    yandex_not_maps:
        "https://yandex.ru/search/?text=55.75,37.61" => Nothing(Source::NoCoordinates);

    // 2GIS, Mapy, Magic Earth, Organic Maps.
    two_gis_geo:
        "https://2gis.ru/moscow/geo/37.617635,55.755814" => At(TwoGis, Pin, 55.755814, 37.617635);
    two_gis_m:
        "https://2gis.ru/moscow?m=37.617635%2C55.755814%2F16" => At(TwoGis, MapView, 55.755814, 37.617635);
    mapy_view:
        "https://mapy.cz/zakladni?x=14.4378005&y=50.0755381&z=16" => At(Mapy, MapView, 50.0755381, 14.4378005);
    mapy_coor_pin:
        "https://mapy.com/en/zakladni?source=coor&id=14.4378005%2C50.0755381&x=14.43&y=50.07&z=16" => At(Mapy, Pin, 50.0755381, 14.4378005);
    magic_earth:
        "https://magicearth.com/?show_on_map&lat=48.85837&lon=2.29448&name=Eiffel" => At(MagicEarth, Pin, 48.85837, 2.29448);
    organic_maps_ge0_origin:
        "https://omaps.app/AwAAAAAAAA/Null_Island" => Near(OrganicMaps, ShortCode, None, 0.0, 0.0, 1e-5);
    organic_maps_ge0_me:
        "http://ge0.me/AwAAAAAAAA/Name" => Near(OrganicMaps, ShortCode, None, 0.0, 0.0, 1e-5);
    organic_maps_decimal_path:
        "https://omaps.app/52.5,13.4/Berlin" => At(OrganicMaps, Pin, 52.5, 13.4);

    // China: Amap and Tencent (GCJ-02), Baidu (BD-09), converted inside mainland China only.
    amap_marker:
        "https://uri.amap.com/marker?position=116.3974,39.9093&name=Tiananmen" => Near(Amap, Pin, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    amap_outside_china_not_shifted:
        "https://uri.amap.com/marker?position=2.2945,48.8584" => At(Amap, Pin, 48.8584, 2.2945);
    amap_navigation_to:
        "https://uri.amap.com/navigation?to=121.4998,31.2397,Pearl&mode=car" => Near(Amap, RouteDestination, Some(Datum::Gcj02), 31.2416, 121.4953, 0.001);
    tencent_marker:
        "https://apis.map.qq.com/uri/v1/marker?marker=coord:39.9093,116.3974;title:Tiananmen&referer=x" => Near(Tencent, Pin, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    baidu_marker_bd09:
        "https://api.map.baidu.com/marker?location=39.915,116.404&title=x&output=html" => Near(Baidu, Pin, Some(Datum::Bd09), 39.9077, 116.3913, 0.001);
    baidu_marker_gcj02:
        "https://api.map.baidu.com/marker?location=39.9093,116.3974&coord_type=gcj02&output=html" => Near(Baidu, Pin, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    baidu_marker_wgs84:
        "https://api.map.baidu.com/marker?location=39.9079,116.3912&coord_type=wgs84" => At(Baidu, Pin, 39.9079, 116.3912);
    baidu_mercator_view:
        "https://map.baidu.com/@12958160.97,4825907.72,19z" => Near(Baidu, MapView, Some(Datum::Bd09Mercator), 39.9077, 116.3913, 0.002);

    // geo: URIs (RFC 5870) and Android's q= form.
    geo_plain:
        "geo:13.4125,103.8667" => At(GeoUri, Pin, 13.4125, 103.8667);
    geo_altitude_and_uncertainty:
        "geo:48.2010,16.3695,183;u=40" => At(GeoUri, Pin, 48.201, 16.3695);
    geo_crs_wgs84:
        "geo:48.198634,16.371648;crs=wgs84;u=40" => At(GeoUri, Pin, 48.198634, 16.371648);
    geo_other_crs:
        "geo:48.198634,16.371648;crs=epsg:4326" => Nothing(Source::LinkWithoutCoordinates(GeoUri));
    geo_android_q:
        "geo:0,0?q=34.99,-106.61(Treasure)" => At(GeoUri, Pin, 34.99, -106.61);
    geo_android_address:
        "geo:0,0?q=1600+Amphitheatre+Parkway" => Nothing(Source::LinkWithoutCoordinates(GeoUri));
    geo_zoom:
        "geo:47.6,-122.3?z=11" => At(GeoUri, Pin, 47.6, -122.3);
    geo_uppercase:
        "GEO:47.6,-122.3" => At(GeoUri, Pin, 47.6, -122.3);

    // Plus codes (Open Location Code spec).
    plus_full:
        "8FVC9G8F+6X" => At(Service::PlusCode, Form::PlusCode, 47.3655625, 8.5249375);
    plus_full_lowercase_in_text:
        "office: 8fvc9g8f+6x" => At(Service::PlusCode, Form::PlusCode, 47.3655625, 8.5249375);
    plus_full_padded:
        "8FVC0000+" => Near(Service::PlusCode, Form::PlusCode, None, 47.5, 8.5, 0.5);
    plus_short_needs_reference:
        "9G8F+6X Zürich" => Nothing(Source::ShortPlusCode);
    plus_invalid:
        "8FVC9G8F+6Z" => Nothing(Source::NoCoordinates);

    // Text: decimal degrees.
    t_decimal_comma_space:
        "41.40338, 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_space:
        "41.40338 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_semicolon:
        "41.40338;2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_slash:
        "-33.8568/151.2153" => text(DecimalDegrees, -33.8568, 151.2153);
    t_decimal_negative:
        "-33.8568, 151.2153" => text(DecimalDegrees, -33.8568, 151.2153);
    t_decimal_unicode_minus:
        "−33.8568, 151.2153" => text(DecimalDegrees, -33.8568, 151.2153);
    t_decimal_hemisphere_after:
        "41.40338N 2.17403E" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_hemisphere_before:
        "N 41.40338, E 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_south_west:
        "33.8568 S, 70.6483 W" => text(DecimalDegrees, -33.8568, -70.6483);
    t_decimal_longitude_first_by_letters:
        "E 2.17403 N 41.40338" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_degree_signs:
        "41.40338° N, 2.17403° E" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_degree_signs_signed:
        "41.40338°, -2.17403°" => text(DecimalDegrees, 41.40338, -2.17403);
    t_decimal_comma_decimals:
        "41,40338 2,17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_comma_decimals_semicolon:
        "41,40338; 2,17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_lat_lng_words:
        "lat: 41.40338, lng: 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_brackets:
        "(41.40338, 2.17403)" => text(DecimalDegrees, 41.40338, 2.17403);
    t_decimal_many_decimals_rounded:
        "41.4033812345, 2.1740398765" => text(DecimalDegrees, 41.4033812, 2.1740399);
    t_decimal_integers_with_degree_marks:
        "41° N 2° E" => text(DecimalDegrees, 41.0, 2.0);

    // Text: degrees and minutes.
    t_dm_plain:
        "41 24.2028, 2 10.4418" => text(DegreesMinutes, 41.40338, 2.17403);
    t_dm_marks:
        "N41°24.2028' E2°10.4418'" => text(DegreesMinutes, 41.40338, 2.17403);
    t_dm_marks_after:
        "41°24.2028'N, 2°10.4418'E" => text(DegreesMinutes, 41.40338, 2.17403);
    t_dm_d_m_letters:
        "41d24.2028m N 2d10.4418m E" => text(DegreesMinutes, 41.40338, 2.17403);

    // Text: degrees, minutes and seconds.
    t_dms_classic:
        "41°24'12.2\"N 2°10'26.5\"E" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);
    t_dms_primes:
        "41°24′12.2″N 2°10′26.5″E" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);
    t_dms_typographic_quotes:
        "41°24’12.2”N, 2°10’26.5”E" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);
    t_dms_two_apostrophes:
        "41°24'12.2''N 2°10'26.5''E" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);
    t_dms_colons:
        "40:26:46N 79:58:56W" => text(DegreesMinutesSeconds, 40.4461111, -79.9822222);
    t_dms_d_m_letters_south:
        "50d4m17.698S 14d24m2.826E" => text(DegreesMinutesSeconds, -50.0715828, 14.4007850);
    t_dms_hemisphere_first:
        "S 33° 51' 25\" E 151° 12' 55\"" => text(DegreesMinutesSeconds, -33.8569444, 151.2152778);
    t_dms_spaces:
        "40° 26' 46\" N 79° 58' 56\" W" => text(DegreesMinutesSeconds, 40.4461111, -79.9822222);
    t_dms_signed:
        "-33°51'25\", 151°12'55\"" => text(DegreesMinutesSeconds, -33.8569444, 151.2152778);
    t_dms_masculine_ordinal:
        "41º24'12.2\"N 2º10'26.5\"E" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);
    t_dms_plain_six_numbers:
        "41 24 12.2, 2 10 26.5" => text(DegreesMinutesSeconds, 41.4033889, 2.1740278);

    // Text: not coordinates.
    t_room_and_floor:
        "Room 12, floor 3" => Nothing(Source::NoCoordinates);
    t_integers_only:
        "12, 3" => Nothing(Source::NoCoordinates);
    t_one_number:
        "41.40338" => Nothing(Source::NoCoordinates);
    t_three_decimals:
        "41.4, 2.17, 5.5" => Nothing(Source::NoCoordinates);
    t_minutes_60:
        "41°60'00\"N 2°10'26.5\"E" => Nothing(Source::NoCoordinates);
    t_seconds_60:
        "41°24'60\"N 2°10'26.5\"E" => Nothing(Source::NoCoordinates);
    t_latitude_out_of_range:
        "91.5, 2.17" => Nothing(Source::NoCoordinates);
    t_longitude_out_of_range:
        "41.5, 181.17" => Nothing(Source::NoCoordinates);
    t_two_latitudes:
        "41.4N 2.17S" => Nothing(Source::NoCoordinates);
    // A minus and S say the same thing; a minus and N contradict each other.
    t_sign_and_south:
        "-41.4S 2.17E" => text(DecimalDegrees, -41.4, 2.17);
    t_sign_and_north_contradict:
        "-41.4N 2.17E" => Nothing(Source::NoCoordinates);
    t_phone_number:
        "+34 93 207 3031" => Nothing(Source::NoCoordinates);
    t_date:
        "2024-01-15" => Nothing(Source::NoCoordinates);
    t_version:
        "v1.2.3" => Nothing(Source::NoCoordinates);
    t_words_with_digits:
        "call Anna at 9.30, room 4.5" => Nothing(Source::NoCoordinates);
    t_price:
        "12.50 EUR, 3.20 EUR" => Nothing(Source::NoCoordinates);
    t_not_a_link:
        "call Anna about the depot" => Nothing(Source::NoCoordinates);
    other_site:
        "https://example.com/@41.4,2.17,17z" => Nothing(Source::NoCoordinates);
    broken_url:
        "https://" => Nothing(Source::NoCoordinates);
    empty:
        "   " => Nothing(Source::Empty);
}

#[test]
fn null_island_is_found_but_flagged() {
    let e = extract("https://www.google.com/maps/@0,0,3z");
    assert_eq!(e.coordinate, Coordinate::new(0.0, 0.0));
    assert!(e.is_null_island());
    let typed = extract("geo:0,0");
    assert_eq!(typed.status(), Status::LowConfidence);
    assert!(typed.describe().contains("null island"));
}

#[test]
fn short_plus_codes_are_recovered_against_a_reference_point() {
    let near = Coordinate::new(47.4, 8.5);
    let e = extract_with("9G8F+6X Zürich", &Options { near });
    assert_eq!(e.coordinate, Coordinate::new(47.3655625, 8.5249375));
    assert_eq!(e.status(), Status::Ok);
    assert_eq!(extract("9G8F+6X").status(), Status::NeedsReference);
}

#[test]
fn labels_say_service_form_and_datum() {
    let label = |cell: &str| extract(cell).describe().into_owned();
    assert_eq!(label("https://maps.google.com/?q=1.5,2.5"), "Google Maps: typed coordinates");
    assert_eq!(label("https://yandex.ru/maps/?ll=37.6,55.7"), "Yandex Maps: map view");
    assert_eq!(label("41°24'12.2\"N 2°10'26.5\"E"), "text: degrees, minutes and seconds");
    assert_eq!(label("8FVC9G8F+6X"), "plus code");
    assert_eq!(
        label("https://api.map.baidu.com/marker?location=39.915,116.404"),
        "Baidu Maps: place pin (BD-09 → WGS-84)"
    );
    assert_eq!(label("https://maps.app.goo.gl/x"), "short link — needs resolver");
    assert_eq!(label("https://www.google.com/maps/place/Louvre"), "Google Maps link without coordinates");
}

#[test]
fn confidence_is_low_only_for_map_views() {
    assert_eq!(extract("https://www.google.com/maps/@41.4,2.17,17z").confidence(), Some(Confidence::Low));
    assert_eq!(extract("41.4, 2.17").confidence(), Some(Confidence::High));
    assert_eq!(extract("https://maps.app.goo.gl/x").confidence(), None);
}

#[test]
fn china_conversion_round_trips_through_the_forward_transform() {
    let e = extract("https://uri.amap.com/marker?position=116.3974,39.9093");
    let c = e.coordinate.unwrap();
    let back = gcj02::gcj02::wgs84_to_gcj02(geo_types::Coord { x: c.lon, y: c.lat });
    assert!((back.x - 116.3974).abs() < 1e-6 && (back.y - 39.9093).abs() < 1e-6, "{back:?}");
}

#[test]
fn trailing_sentence_punctuation_is_not_part_of_the_link() {
    assert_eq!(trim_link_end("https://x.example/a)."), "https://x.example/a");
    assert_eq!(trim_link_end("https://x.example/?q=1,2(Home)"), "https://x.example/?q=1,2(Home)");
}

// More rows per form: hosts, encodings, signs, precision and near-misses.
cases! {
    // Google: more hosts (Google's supported-domains list) and spellings.
    g2_host_de: "https://www.google.de/maps/@52.5200066,13.404954,12z" => google(MapView, 52.5200066, 13.404954);
    g2_host_fr_place: "https://www.google.fr/maps/place/48.8584,2.2945" => google(Typed, 48.8584, 2.2945);
    g2_host_com_br: "https://www.google.com.br/maps?q=-22.9519,-43.2105" => google(Typed, -22.9519, -43.2105);
    g2_host_co_in: "https://maps.google.co.in/maps?ll=28.6139,77.209" => google(MapView, 28.6139, 77.209);
    g2_host_com_au: "https://www.google.com.au/maps/@-33.8688,151.2093,14z" => google(MapView, -33.8688, 151.2093);
    g2_host_co_za: "https://www.google.co.za/maps/search/-33.9249,+18.4241" => google(Typed, -33.9249, 18.4241);
    g2_host_ca: "https://www.google.ca/maps?q=43.6532,-79.3832" => google(Typed, 43.6532, -79.3832);
    g2_host_com_mx: "https://www.google.com.mx/maps/@19.4326,-99.1332,13z" => google(MapView, 19.4326, -99.1332);
    g2_host_ru: "https://www.google.ru/maps/place/55.7558,37.6173" => google(Typed, 55.7558, 37.6173);
    g2_host_co_jp: "https://www.google.co.jp/maps/@35.6762,139.6503,12z" => google(MapView, 35.6762, 139.6503);
    g2_host_unknown_tld: "https://www.google.zz/maps/@35.6762,139.6503,12z" => Nothing(Source::NoCoordinates);
    g2_host_googleusercontent: "https://maps.googleusercontent.com/?q=1.5,2.5" => Nothing(Source::NoCoordinates);
    g2_host_userinfo_trick: "https://maps.google.com@evil.example/?q=1.5,2.5" => Nothing(Source::NoCoordinates);
    g2_host_port: "https://maps.google.com:443/?q=1.5,2.5" => google(Typed, 1.5, 2.5);
    g2_root_query_pair: "https://www.google.com/?q=1.5,2.5" => google(Typed, 1.5, 2.5);
    g2_root_query_words: "https://www.google.com/?q=cafe+1.5" => Nothing(Source::NoCoordinates);
    g2_other_path_not_maps: "https://www.google.com/intl/en/?q=1.5,2.5" => Nothing(Source::NoCoordinates);

    // Google: numbers.
    g2_pin_integer_values: "https://www.google.com/maps/place/X/data=!3d41!4d2" => google(Pin, 41.0, 2.0);
    g2_pin_negative_both: "https://www.google.com/maps/place/X/data=!3d-34.6037!4d-58.3816" => google(Pin, -34.6037, -58.3816);
    g2_pin_last_of_two: "https://www.google.com/maps/place/X/data=!3d1.5!4d2.5!8m2!3d10.5!4d20.5" => google(Pin, 10.5, 20.5);
    g2_pin_without_4d_is_ignored: "https://www.google.com/maps/place/X/@1,2,3z/data=!3d10.5!5d20.5" => google(MapView, 1.0, 2.0);
    g2_q_plus_signs: "https://maps.google.com/?q=%2B41.4,%2B2.17" => google(Typed, 41.4, 2.17);
    g2_q_spaces: "https://maps.google.com/?q=41.4+,+2.17" => google(Typed, 41.4, 2.17);
    g2_q_extreme_values: "https://maps.google.com/?q=-90,180" => google(Typed, -90.0, 180.0);
    g2_q_just_over_latitude: "https://maps.google.com/?q=90.0000001,10" => Nothing(Source::LinkWithoutCoordinates(Google));
    g2_q_three_numbers: "https://maps.google.com/?q=1.5,2.5,3.5" => Nothing(Source::LinkWithoutCoordinates(Google));
    g2_q_dms_hemispheres: "https://maps.google.com/?q=40%C2%B026%2746%22N+79%C2%B058%2756%22W" => google(Typed, 40.4461111, -79.9822222);
    g2_at_with_zoom_only: "https://www.google.com/maps/@-1.2921,36.8219,11z" => google(MapView, -1.2921, 36.8219);
    g2_at_trailing_slash: "https://www.google.com/maps/@-1.2921,36.8219/" => google(MapView, -1.2921, 36.8219);
    g2_at_in_place_name_ignored: "https://www.google.com/maps/place/Caf%C3%A9@Home" => Nothing(Source::LinkWithoutCoordinates(Google));
    g2_search_name_then_view: "https://www.google.com/maps/search/pizza/@40.7128,-74.006,14z" => google(MapView, 40.7128, -74.006);
    g2_place_plus_code_short_in_path: "https://www.google.com/maps/place/9G8F%2B6X+Z%C3%BCrich" => Nothing(Source::LinkWithoutCoordinates(Google));
    g2_dir_names_only: "https://www.google.com/maps/dir/Berlin/Munich/" => Nothing(Source::LinkWithoutCoordinates(Google));
    g2_dir_current_location_first: "https://www.google.com/maps/dir//48.1351,11.582/" => google(RouteDestination, 48.1351, 11.582);
    g2_destination_beats_view: "https://www.google.com/maps/dir/?api=1&destination=48.1351,11.582&center=1,1" => google(RouteDestination, 48.1351, 11.582);
    g2_ll_with_spaces: "https://maps.google.com/maps?ll=37.7749,+-122.4194" => google(MapView, 37.7749, -122.4194);
    g2_ios_bad_center: "comgooglemaps://?center=abc" => Nothing(Source::NoCoordinates);
    g2_navigation_name_only: "google.navigation:q=Berlin" => Nothing(Source::NoCoordinates);
    g2_two_links_first_wins: "https://maps.google.com/?q=1.5,2.5 https://maps.google.com/?q=3.5,4.5" => google(Typed, 1.5, 2.5);
    g2_link_in_quotes: "\"https://maps.google.com/?q=1.5,2.5\"" => google(Typed, 1.5, 2.5);
    g2_link_with_trailing_gt: "https://maps.google.com/?q=1.5,2.5>" => google(Typed, 1.5, 2.5);
    g2_link_after_newline: "Depot\nhttps://maps.google.com/?q=1.5,2.5" => google(Typed, 1.5, 2.5);
    g2_html_anchor: "<a href=\"https://maps.google.com/?q=1.5,2.5\">map</a>" => google(Typed, 1.5, 2.5);
    g2_numeric_entities: "https://www.google.com/maps/place/X/data=&#33;3d10.5&#33;4d20.5" => google(Pin, 10.5, 20.5);
    g2_consent_look_alike: "https://consent.google.evil/ml?continue=https://maps.google.com/?q=1.5,2.5" => Nothing(Source::NoCoordinates);

    // China: Google in Shanghai and Guangzhou shifted; Macau and Seoul not.
    g2_china_shanghai: "https://www.google.com/maps/@31.2304,121.4737,14z" => Near(Google, MapView, Some(Datum::Gcj02), 31.2323, 121.4692, 0.001);
    g2_china_guangzhou_place: "https://www.google.com/maps/place/23.1291,113.2644" => Near(Google, Typed, Some(Datum::Gcj02), 23.1318, 113.2590, 0.001);
    g2_macau_not_shifted: "https://www.google.com/maps/@22.1987,113.5439,15z" => google(MapView, 22.1987, 113.5439);
    g2_seoul_not_shifted: "https://www.google.com/maps/@37.5665,126.978,12z" => google(MapView, 37.5665, 126.978);
    g2_tokyo_not_shifted: "https://www.google.com/maps/@35.6762,139.6503,12z" => google(MapView, 35.6762, 139.6503);
    baidu2_latlng_param: "https://map.baidu.com/?latlng=39.915,116.404&title=x" => Near(Baidu, Pin, Some(Datum::Bd09), 39.9077, 116.3913, 0.001);
    baidu2_direction: "https://api.map.baidu.com/direction?origin=latlng:40,116|name:A&destination=latlng:39.915,116.404|name:B&mode=driving" => Near(Baidu, RouteDestination, Some(Datum::Bd09), 39.9077, 116.3913, 0.001);
    baidu2_outside_china: "https://api.map.baidu.com/marker?location=48.8584,2.2945" => At(Baidu, Pin, 48.8584, 2.2945);
    baidu2_name_only: "https://map.baidu.com/search/天安门" => Nothing(Source::LinkWithoutCoordinates(Baidu));
    amap2_regeo: "https://ditu.amap.com/regeo?lng=116.3974&lat=39.9093&name=x" => Near(Amap, Pin, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    amap2_q_lat_first: "https://www.amap.com/?q=39.9093,116.3974,Tiananmen" => Near(Amap, Typed, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    amap2_place_id_only: "https://www.amap.com/place/B000A83M61" => Nothing(Source::LinkWithoutCoordinates(Amap));
    tencent2_tocoord: "https://apis.map.qq.com/uri/v1/routeplan?type=drive&to=x&tocoord=39.9093,116.3974" => Near(Tencent, RouteDestination, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);
    tencent2_center: "https://map.qq.com/?type=marker&center=39.9093,116.3974" => Near(Tencent, MapView, Some(Datum::Gcj02), 39.9079, 116.3912, 0.001);

    // Apple, OSM, Bing, Waze, HERE, Yandex: more forms.
    apple2_http_and_bare: "maps.apple.com/?ll=50.894967,4.341626&q=Home" => At(Apple, Pin, 50.894967, 4.341626);
    apple2_name_label: "https://maps.apple.com/place?ll=50.894967,4.341626&name=Atomium" => At(Apple, Pin, 50.894967, 4.341626);
    apple2_out_of_range: "https://maps.apple.com/?ll=95,4.34&q=x" => Nothing(Source::LinkWithoutCoordinates(Apple));
    apple2_auid_only: "https://maps.apple.com/?auid=12345678901234&lsp=9902" => Nothing(Source::PlaceIdOnly(Apple));
    osm2_osm_org_marker: "https://osm.org/?mlat=59.3293&mlon=18.0686" => At(OpenStreetMap, Pin, 59.3293, 18.0686);
    osm2_negative_fragment: "https://www.openstreetmap.org/#map=10/-33.8688/151.2093" => At(OpenStreetMap, MapView, -33.8688, 151.2093);
    osm2_fragment_bad_number: "https://www.openstreetmap.org/#map=10/abc/151.2" => Nothing(Source::LinkWithoutCoordinates(OpenStreetMap));
    osm2_marker_beats_view: "https://www.openstreetmap.org/?mlat=1.5&mlon=2.5#map=10/3.5/4.5" => At(OpenStreetMap, Pin, 1.5, 2.5);
    bing2_cp_negative: "https://www.bing.com/maps?cp=-33.8688~151.2093&lvl=11" => At(Bing, MapView, -33.8688, 151.2093);
    bing2_sp_two_points_last: "https://www.bing.com/maps?sp=point.1.5_2.5_A~point.3.5_4.5_B" => At(Bing, Pin, 3.5, 4.5);
    bing2_where1: "https://www.bing.com/maps?where1=47.6,-122.3" => At(Bing, Typed, 47.6, -122.3);
    waze2_ul_host: "https://ul.waze.com/ul?ll=32.0853,34.7818&navigate=yes&zoom=17" => At(Waze, RouteDestination, 32.0853, 34.7818);
    waze2_q_label: "https://waze.com/ul?q=Tel+Aviv" => Nothing(Source::LinkWithoutCoordinates(Waze));
    here2_map_negative: "https://wego.here.com/?map=-33.8688,151.2093,14,normal" => At(Here, MapView, -33.8688, 151.2093);
    here2_l_out_of_range: "https://share.here.com/l/99,13,x" => Nothing(Source::LinkWithoutCoordinates(Here));
    yandex2_by: "https://yandex.by/maps/?ll=27.5615,53.9045&z=11" => At(Yandex, MapView, 53.9045, 27.5615);
    yandex2_kz_pt: "https://yandex.kz/maps/?pt=76.9286,43.2567" => At(Yandex, Pin, 43.2567, 76.9286);
    yandex2_pt_beats_ll: "https://yandex.ru/maps/?ll=37.6,55.7&pt=30.3,59.9" => At(Yandex, Pin, 59.9, 30.3);
    yandex2_rtext_with_empty_start: "https://yandex.ru/maps/?rtext=~59.94,30.31" => At(Yandex, RouteDestination, 59.94, 30.31);
    yandex2_lat_first_mistake_rejected: "https://yandex.ru/maps/?ll=55.755814,137.617635" => Nothing(Source::LinkWithoutCoordinates(Yandex));
    two_gis2_kz: "https://2gis.kz/almaty/geo/76.9286,43.2567" => At(TwoGis, Pin, 43.2567, 76.9286);
    mapy2_sk: "https://mapy.sk/zakladni?x=17.1077&y=48.1486&z=13" => At(Mapy, MapView, 48.1486, 17.1077);
    mapy2_bad_source: "https://mapy.cz/zakladni?source=firm&id=12345" => Nothing(Source::LinkWithoutCoordinates(Mapy));

    // geo: URIs.
    geo2_negative: "geo:-33.8688,151.2093" => At(GeoUri, Pin, -33.8688, 151.2093);
    geo2_q_encoded: "geo:0,0?q=34.99%2C-106.61%28Treasure%29" => At(GeoUri, Pin, 34.99, -106.61);
    geo2_point_and_label_q: "geo:47.6,-122.3?q=Seattle" => At(GeoUri, Pin, 47.6, -122.3);
    geo2_out_of_range: "geo:91,10" => Nothing(Source::LinkWithoutCoordinates(GeoUri));
    geo2_one_number: "geo:47.6" => Nothing(Source::LinkWithoutCoordinates(GeoUri));

    // Plus codes.
    plus2_full_8_digits: "8FVC9G8F+" => Near(Service::PlusCode, Form::PlusCode, None, 47.36, 8.52, 0.01);
    plus2_full_11_digits: "8FVC9G8F+6XQ" => Near(Service::PlusCode, Form::PlusCode, None, 47.3655, 8.5249, 0.0002);
    plus2_in_parentheses: "(8FVC9G8F+6X)" => At(Service::PlusCode, Form::PlusCode, 47.3655625, 8.5249375);
    plus2_not_a_code_word: "CAFE+BAR" => Nothing(Source::NoCoordinates);
    plus2_too_short: "8F+" => Nothing(Source::NoCoordinates);

    // Text: more notations.
    t2_decimal_tab: "41.40338\t2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_pipe_is_not_a_separator: "41.40338|2.17403" => Nothing(Source::NoCoordinates);
    t2_decimal_lowercase_hemispheres: "41.40338n 2.17403e" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_square_brackets: "[41.40338, 2.17403]" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_latitude_longitude_words: "Latitude 41.40338 Longitude 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_equals: "lat=41.40338, lon=2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_nbsp: "41.40338,\u{a0}2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t2_decimal_one_integer: "41, 2.17403" => Nothing(Source::NoCoordinates);
    t2_decimal_west_east_both: "2.1E 3.4W" => Nothing(Source::NoCoordinates);
    t2_dm_south_west: "33°51.4167'S 151°12.9167'E" => text(DegreesMinutes, -33.8569450, 151.2152783);
    t2_dm_minutes_60: "41°60.0'N 2°10.4'E" => Nothing(Source::NoCoordinates);
    t2_dm_fractional_degrees_with_minutes: "41.5°24'N 2°10'E" => Nothing(Source::NoCoordinates);
    t2_dms_no_seconds_fraction: "41°24'12\"N 2°10'26\"E" => text(DegreesMinutesSeconds, 41.4033333, 2.1738889);
    t2_dms_zero_minutes: "0°0'1\"N 0°0'1\"E" => text(DegreesMinutesSeconds, 0.0002778, 0.0002778);
    t2_dms_max_latitude: "90°0'0\"S 180°0'0\"W" => text(DegreesMinutesSeconds, -90.0, -180.0);
    t2_dms_over_max: "90°0'1\"N 10°0'0\"E" => Nothing(Source::NoCoordinates);
    t2_dms_colons_negative: "-33:51:25, 151:12:55" => text(DegreesMinutesSeconds, -33.8569444, 151.2152778);
    t2_dms_deg_word: "41deg 24min N, 2deg 10min E" => text(DegreesMinutes, 41.4, 2.1666667);
    t2_date_range: "2024.01, 2024.02" => Nothing(Source::NoCoordinates);
    t2_time_range: "9:30, 10:45" => Nothing(Source::NoCoordinates);
    t2_sentence: "Depot is 12.5 km north, 3.5 km east" => Nothing(Source::NoCoordinates);
    t2_postcode_and_number: "SW1A 1AA, 10" => Nothing(Source::NoCoordinates);
    t2_money: "€12.50, €3.20" => Nothing(Source::NoCoordinates);
}

#[test]
fn the_link_to_resolve_is_the_short_link_or_place_link_itself() {
    for (cell, link) in [
        ("https://maps.app.goo.gl/mWtb4a1cUE9zMWya7", Some("https://maps.app.goo.gl/mWtb4a1cUE9zMWya7")),
        ("maps.app.goo.gl/mWtb4a1cUE9zMWya7", Some("https://maps.app.goo.gl/mWtb4a1cUE9zMWya7")),
        ("Shop (https://maps.apple/p/Ab1Cd2Ef3)", Some("https://maps.apple/p/Ab1Cd2Ef3")),
        ("https://yandex.ru/maps/-/CDuEbR3I", Some("https://yandex.ru/maps/-/CDuEbR3I")),
        (
            "https://www.google.com/maps/place/Louvre/data=!4m2!3m1!1s0x47e671d877937b0f:0xb975fcfa192f84d4",
            Some("https://www.google.com/maps/place/Louvre/data=!4m2!3m1!1s0x47e671d877937b0f:0xb975fcfa192f84d4"),
        ),
        (
            "https://consent.google.com/ml?continue=https://maps.google.com/?cid%3D123&gl=DE",
            Some("https://maps.google.com/?cid=123"),
        ),
        // Points, labels and other services' place ids need no resolver (or none can help).
        ("https://maps.google.com/?q=1.5,2.5", None),
        ("https://maps.apple.com/?auid=12345678901234", None),
        ("https://yandex.ru/maps/org/bolshoy_teatr/1018907821/", None),
        ("9G8F+6X Zürich", None),
        ("call Anna", None),
        ("", None),
    ] {
        assert_eq!(link_to_resolve(cell).as_deref(), link, "{cell}");
    }
}

/// `d + m/60 + s/3600`, the definition of degrees, minutes and seconds.
fn dms(d: f64, m: f64, s: f64) -> f64 {
    d + m / 60.0 + s / 3600.0
}

fn text_near(form: Form, lat: f64, lon: f64) -> Expect {
    Near(Text, form, None, lat, lon, 1e-7)
}

cases! {
    // Hemispheres in Russian (с.ш./ю.ш. — northern/southern latitude, в.д./з.д. — eastern/
    // western longitude), as Russian Wikipedia and registers write them, and their letters.
    t3_russian_abbreviations: "55°45′21″ с.ш. 37°37′04″ в.д." => text_near(DegreesMinutesSeconds, dms(55.0, 45.0, 21.0), dms(37.0, 37.0, 4.0));
    t3_russian_abbreviations_south_west: "22°54′ ю. ш. 43°12′ з. д." => text_near(DegreesMinutes, -dms(22.0, 54.0, 0.0), -dms(43.0, 12.0, 0.0));
    t3_russian_letters: "55°45′21″С 37°37′04″В" => text_near(DegreesMinutesSeconds, dms(55.0, 45.0, 21.0), dms(37.0, 37.0, 4.0));
    t3_russian_letters_before: "Ю 33.9, З 70.6" => text_near(DecimalDegrees, -33.9, -70.6);
    t3_russian_labels: "широта 59.94, долгота 30.31" => text_near(DecimalDegrees, 59.94, 30.31);
    t3_words: "41.4 north 2.17 west" => text_near(DecimalDegrees, 41.4, -2.17);
    t3_words_before: "South 12.5, East 130.8" => text_near(DecimalDegrees, -12.5, 130.8);
    t3_unit_words: "41 deg 24 min 12 sec N, 2 deg 10 min 26 sec E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.0), dms(2.0, 10.0, 26.0));
    t3_unit_words_long: "41 degrees 24.5 minutes N, 2 degrees 10.25 minutes E" => text_near(DegreesMinutes, dms(41.0, 24.5, 0.0), dms(2.0, 10.25, 0.0));
    // NMEA 0183 packs degrees and minutes into one number (`ddmm.mm`, `dddmm.mm`).
    t3_nmea_packed: "4124.2028N 00210.4418E" => text_near(DegreesMinutes, dms(41.0, 24.2028, 0.0), dms(2.0, 10.4418, 0.0));
    t3_nmea_fields: "4807.038,N,01131.000,E" => text_near(DegreesMinutes, dms(48.0, 7.038, 0.0), dms(11.0, 31.0, 0.0));
    t3_nmea_south_west: "3351.6S 15112.9W" => text_near(DegreesMinutes, -dms(33.0, 51.6, 0.0), -dms(151.0, 12.9, 0.0));
    t3_packed_seconds: "412412.2N 0021026.5E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.2), dms(2.0, 10.0, 26.5));
    t3_dotted_dms: "41.24.12N 2.10.26E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.0), dms(2.0, 10.0, 26.0));
    t3_dotted_dms_fraction: "41.24.12.5 2.10.26.5" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.5), dms(2.0, 10.0, 26.5));
    t3_ordinal_degree: "41º24'12\"N 2º10'26\"E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.0), dms(2.0, 10.0, 26.0));
    t3_cyrillic_o_degree: "41о24'12\"N 2о10'26\"E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.0), dms(2.0, 10.0, 26.0));
    t3_latin_o_degree: "41o 24' N, 2o 10' E" => text_near(DegreesMinutes, dms(41.0, 24.0, 0.0), dms(2.0, 10.0, 0.0));
    t3_two_right_quotes_seconds: "41°24'12’’N 2°10'26’’E" => text_near(DegreesMinutesSeconds, dms(41.0, 24.0, 12.0), dms(2.0, 10.0, 26.0));
    t3_spaces_only: "41.40338   2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t3_tab: "41.40338\t2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t3_newline: "41.40338\n2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t3_labels_newline: "Lat: 41.40338\nLng: 2.17403" => text(DecimalDegrees, 41.40338, 2.17403);
    t3_labels_tab: "lat: -33.8568\tlon: 151.2153" => text(DecimalDegrees, -33.8568, 151.2153);
    t3_tiny_values: "-0.000001, 0.000002" => text(DecimalDegrees, -0.000001, 0.000002);
    t3_braces: "{51.5007, -0.1246}" => text(DecimalDegrees, 51.5007, -0.1246);
    t3_plus_with_north: "+41.4N 2.17E" => text(DecimalDegrees, 41.4, 2.17);
    t3_minus_with_west: "41.4N -2.17W" => text(DecimalDegrees, 41.4, -2.17);
    t3_abbreviation_dots: "41.4 N. 2.17 E." => text(DecimalDegrees, 41.4, 2.17);

    t3_glued_hemispheres: "40.123N74.123W" => text(DecimalDegrees, 40.123, -74.123);
    t3_letter_units_seconds_s: "40d 42m 46s N 74d 0m 21s W" => text_near(DegreesMinutesSeconds, dms(40.0, 42.0, 46.0), -dms(74.0, 0.0, 21.0));
    t3_spaces_and_a_sign: "40.7128 -74.0060" => text(DecimalDegrees, 40.7128, -74.006);
    t3_comma_decimals_and_a_sign: "40,7128 -74,0060" => text(DecimalDegrees, 40.7128, -74.006);
    t3_minus_with_south_and_slash: "-23.3245° S / 28.2344° E" => text(DecimalDegrees, -23.3245, 28.2344);

    // Negative rows: times, durations, prices, versions, dates, measurements.
    t3_not_duration: "10 min, 20 sec" => Nothing(Source::NoCoordinates);
    t3_not_exponent_glued: "2.1E3.4" => Nothing(Source::NoCoordinates);
    t3_not_three_signed: "12.5 -3.5 -2.5" => Nothing(Source::NoCoordinates);
    t3_not_metres: "5 m, 3 m" => Nothing(Source::NoCoordinates);
    t3_not_version_pair: "1.2.3, 4.5.6" => Nothing(Source::NoCoordinates);
    t3_not_dates: "01.02.2024, 03.04.2025" => Nothing(Source::NoCoordinates);
    t3_not_dotted_date: "2024.01.15 12.02.03" => Nothing(Source::NoCoordinates);
    t3_not_flight: "Flight 1234N" => Nothing(Source::NoCoordinates);
    t3_not_packed_without_hemisphere: "4124.2028, 210.4418" => Nothing(Source::NoCoordinates);
    t3_not_packed_minutes_60: "4160.0N 00210.0E" => Nothing(Source::NoCoordinates);
    t3_not_road_words: "route 66 north, exit 12 east" => Nothing(Source::NoCoordinates);
    t3_not_russian_address: "ул. Ленина 12, кв. 3" => Nothing(Source::NoCoordinates);
    t3_not_clock_with_label: "lat: 9:30, lng: 10:45" => Nothing(Source::NoCoordinates);

    // Google forms (Maps URLs; Android's navigation intent).
    g3_navigation_plus: "google.navigation:q=41.4036+2.1744" => google(RouteDestination, 41.4036, 2.1744);
    g3_navigation_space: "google.navigation:q=41.4036 2.1744" => google(RouteDestination, 41.4036, 2.1744);
    g3_navigation_words: "google.navigation:q=Plaza+Mayor" => Nothing(Source::NoCoordinates);
    g3_q_in_path: "https://maps.google.com/maps/q=loc:41.4036,2.1744" => google(Typed, 41.4036, 2.1744);
    g3_q_in_path_label: "https://www.google.com/maps/q=loc:-33.8568,151.2153+(Opera+House)" => google(Typed, -33.8568, 151.2153);
    g3_loc_label_space: "https://maps.google.com/?q=loc:41.4036,2.1744 (Sagrada)" => google(Typed, 41.4036, 2.1744);
    g3_search_view_without_at: "https://www.google.com/maps/search/sagrada+familia/41.4036,2.1744,17z" => google(MapView, 41.4036, 2.1744);
    g3_search_words_numbers_not_view: "https://www.google.com/maps/search/hotel+41,2/" => Nothing(Source::LinkWithoutCoordinates(Google));
    g3_dms_place_over_view: "https://www.google.com/maps/place/41%C2%B024'12.2%22N+2%C2%B010'26.5%22E/@41.4,2.17,17z" => Near(Google, Typed, None, dms(41.0, 24.0, 12.2), dms(2.0, 10.0, 26.5), 1e-7);

    // geo: URIs (RFC 5870; Android's `geo:0,0?q=` intents).
    geo3_integers_label: "geo:0,0?q=35,-106(Treasure)" => At(GeoUri, Pin, 35.0, -106.0);
    geo3_label_with_spaces: "geo:0,0?q=34.99,-106.61(Treasure Island)" => At(GeoUri, Pin, 34.99, -106.61);
    geo3_empty_path: "geo:?q=34.99,-106.61" => At(GeoUri, Pin, 34.99, -106.61);
    geo3_label_without_query: "geo:34.99,-106.61(Treasure)" => At(GeoUri, Pin, 34.99, -106.61);
    geo3_address_query: "geo:0,0?q=1600+Amphitheatre+Parkway" => Nothing(Source::LinkWithoutCoordinates(GeoUri));

    // Plus codes (Open Location Code spec): `%2B`, and codes longer than 15 digits truncated.
    plus3_percent_plus: "8FVC9G8F%2B6X" => Near(Service::PlusCode, Form::PlusCode, None, 47.3655625, 8.5249375, 1e-7);
    plus3_sixteen_digits: "8FVC9G8F+6XQQ435GG" => Near(Service::PlusCode, Form::PlusCode, None, 47.36559, 8.524997, 1e-6);
    plus3_phone_not_code: "+34 93 207 3031" => Nothing(Source::NoCoordinates);
    plus3_short_needs_reference: "9G8F+6X Zürich" => Nothing(Source::ShortPlusCode);
    plus3_two_digit_prefix_alone_is_not_a_code: "8F+6X" => Nothing(Source::NoCoordinates);
}

#[test]
fn short_plus_codes_of_every_length_are_recovered() {
    // The spec shortens 8FVC9G8F+6X by 4, 6 or 8 leading digits (and 2, for recovery);
    // the reference point is inside the cell the short code keeps.
    let near = Coordinate::new(47.366, 8.5245);
    for short in ["VC9G8F+6X", "9G8F+6X", "8F+6X", "+6X"] {
        let got = extract_with(short, &Options { near }).coordinate.expect(short);
        assert!(
            (got.lat - 47.3655625).abs() < 1e-7 && (got.lon - 8.5249375).abs() < 1e-7,
            "{short}: {got:?}"
        );
    }
    // Digits only, with fewer than four before `+`: a sum or a phone prefix, even with a reference.
    for not_code in ["22+33", "+34", "+44 20 7946 0958"] {
        assert_eq!(extract_with(not_code, &Options { near }).coordinate, None, "{not_code}");
    }
}

cases! {
    // OsmAnd (osmandapp/web osmand-intents.md).
    osmand_pin_over_view: "https://osmand.net/map?pin=52.3731,4.8922#12/52.36/4.88" => At(OsmAnd, Pin, 52.3731, 4.8922);
    osmand_view_only: "https://osmand.net/map/#9/52.36/4.88" => At(OsmAnd, MapView, 52.36, 4.88);
    osmand_go: "https://osmand.net/go.html?lat=52.3731&lon=4.8922&z=15&title=Dam" => At(OsmAnd, Pin, 52.3731, 4.8922);
    osmand_old_go: "http://download.osmand.net/go?lat=52.3731&lon=4.8922&z=11" => At(OsmAnd, Pin, 52.3731, 4.8922);
    osmand_route: "https://osmand.net/map/?start=52.30,4.76&finish=52.3731,4.8922&profile=car" => At(OsmAnd, RouteDestination, 52.3731, 4.8922);
    osmand_api_marker: "osmand.api://add_map_marker?lat=52.3731&lon=4.8922&name=Dam" => At(OsmAnd, Pin, 52.3731, 4.8922);
    osmand_api_navigate: "osmand.api://navigate?start_lat=52.3&start_lon=4.7&dest_lat=52.3731&dest_lon=4.8922&profile=car" => At(OsmAnd, RouteDestination, 52.3731, 4.8922);
    osmand_no_point: "https://osmand.net/docs/user/" => Nothing(Source::LinkWithoutCoordinates(OsmAnd));
    osmand_look_alike: "https://osmand.net.evil.example/map?pin=52.3731,4.8922" => Nothing(Source::NoCoordinates);

    // Organic Maps / MAPS.ME / CoMaps (organicmaps api-ios README; ge0/parser.cpp).
    om_api_map: "om://map?v=1&ll=52.3731,4.8922&n=Dam" => At(OrganicMaps, Pin, 52.3731, 4.8922);
    om_legacy_mapswithme: "mapswithme://map?ll=52.3731,4.8922&n=Dam" => At(OrganicMaps, Pin, 52.3731, 4.8922);
    om_legacy_mwm: "mwm://map?ll=52.3731,4.8922" => At(OrganicMaps, Pin, 52.3731, 4.8922);
    om_route: "om://route?sll=52.30,4.76&saddr=A&dll=52.3731,4.8922&daddr=B&type=pedestrian" => At(OrganicMaps, RouteDestination, 52.3731, 4.8922);
    om_search_centre: "om://search?query=cafe&cll=52.3731,4.8922" => At(OrganicMaps, MapView, 52.3731, 4.8922);
    om_clear_coordinates_with_zoom: "https://omaps.app/52.3731,4.8922,15/Dam" => At(OrganicMaps, Pin, 52.3731, 4.8922);
    om_bad_code: "om://!!!" => Nothing(Source::LinkWithoutCoordinates(OrganicMaps));
    comaps_look_alike: "https://comaps.at.evil.example/o4B4pYZsRs" => Nothing(Source::NoCoordinates);

    // nakarte.me (wladich/nakarte leaflet.hashState, leaflet.placemark).
    nakarte_view: "https://nakarte.me/#m=12/52.37310/4.89220&l=O" => At(Nakarte, MapView, 52.3731, 4.8922);
    nakarte_placemark: "https://nakarte.me/#m=10/52/4&r=52.373100/4.892200/Dam%20Square" => At(Nakarte, Pin, 52.3731, 4.8922);
    nakarte_track_only: "https://nakarte.me/#nktk=abc" => Nothing(Source::LinkWithoutCoordinates(Nakarte));

    // Cartes IGN (IGNF/cartes-ign-app), cartes.gouv.fr and Géoportail (`c=lon,lat`).
    ign_app_marker: "https://cartes-ign.ign.fr?lng=2.2945&lat=48.8584&z=15.5&titre=Tour" => At(CartesIgn, Pin, 48.8584, 2.2945);
    ign_cartes_gouv_view: "https://cartes.gouv.fr/explorer-les-cartes/?c=2.2945,48.8584&z=16&permalink=yes" => At(CartesIgn, MapView, 48.8584, 2.2945);
    ign_geoportail_view: "https://www.geoportail.gouv.fr/carte?c=2.2945,48.8584&z=17&permalink=yes" => At(CartesIgn, MapView, 48.8584, 2.2945);
    // x = R·λ, y = R·ln tan(π/4 + φ/2) for (48.8584, 2.2945), R = 6378137 m.
    ign_web_mercator_metres: "https://www.geoportail.gouv.fr/carte?c=255422.6,6250835.2&z=17" => Near(CartesIgn, MapView, None, 48.8582, 2.2945, 1e-4);
    ign_news_only: "https://cartes-ign.ign.fr?newsid=12" => Nothing(Source::LinkWithoutCoordinates(CartesIgn));

    // Kagi Maps.
    kagi_point_id: "https://kagi.com/maps/info?q=Dam&id=point_52.373100_4.892200&ll=52.37,4.89#16.5/52.37/4.89" => At(Kagi, Pin, 52.3731, 4.8922);
    kagi_fragment_view: "https://kagi.com/maps#16.13/52.3731/4.8922" => At(Kagi, MapView, 52.3731, 4.8922);
    kagi_directions: "https://kagi.com/maps/directions?q=%7CHome~52.30,4.76|52.3731,4.8922" => At(Kagi, RouteDestination, 52.3731, 4.8922);
    kagi_osm_id: "https://kagi.com/maps/info?id=n123456" => Nothing(Source::LinkWithoutCoordinates(Kagi));
    kagi_search_not_maps: "https://kagi.com/search?q=52.3731,4.8922" => Nothing(Source::NoCoordinates);

    // Yahoo! JAPAN Map.
    yahoo_place: "https://map.yahoo.co.jp/place?lat=35.6586&lon=139.7454&zoom=16" => At(YahooJapan, Pin, 35.6586, 139.7454);
    yahoo_view: "https://map.yahoo.co.jp/?lat=35.6586&lon=139.7454&zoom=16" => At(YahooJapan, MapView, 35.6586, 139.7454);
    yahoo_route: "https://map.yahoo.co.jp/route/walk?from=A&to=B&fromLat=35.68&fromLon=139.76&toLat=35.6586&toLon=139.7454" => At(YahooJapan, RouteDestination, 35.6586, 139.7454);
    // The Tokyo datum is ~400 m off WGS-84: not read rather than read wrong.
    yahoo_tokyo_datum: "https://map.yahoo.co.jp/maps?lat=35.6554&lon=139.7486&datum=tky" => Nothing(Source::LinkWithoutCoordinates(YahooJapan));

    // Magic Earth (magicearth.com/developers).
    me_scheme_show: "magicearth://?show_on_map&lat=52.3731&lon=4.8922&name=Dam" => At(MagicEarth, Pin, 52.3731, 4.8922);
    me_scheme_drive: "magicearth://?get_directions&drive_to&lat=52.3731&lon=4.8922" => At(MagicEarth, RouteDestination, 52.3731, 4.8922);
    me_search_only: "magicearth://?open_search&q=Dam" => Nothing(Source::LinkWithoutCoordinates(MagicEarth));

    // 2GIS and Urbi: longitude first.
    two_gis_geo_after_id: "https://2gis.ru/moscow/geo/4504235282704463/37.617635,55.755814" => At(TwoGis, Pin, 55.755814, 37.617635);
    two_gis_geo_id_only: "https://2gis.ru/moscow/geo/4504235282704463" => Nothing(Source::LinkWithoutCoordinates(TwoGis));
    two_gis_firm_centre: "https://2gis.ru/moscow/firm/70000001006794356/center/37.617635,55.755814/zoom/17" => At(TwoGis, MapView, 55.755814, 37.617635);
    two_gis_share_image: "https://share.api.2gis.ru/getimage?city=moscow&zoom=17&center=37.617635%2C55.755814&title=Red" => At(TwoGis, Pin, 55.755814, 37.617635);
    urbi_geo: "https://maps.urbi.ae/dubai/geo/55.279541,25.197304" => At(Urbi, Pin, 25.197304, 55.279541);
    urbi_look_alike: "https://maps.urbi.ae.evil.example/dubai/geo/55.27,25.19" => Nothing(Source::NoCoordinates);

    // Yandex Static API (`ll`, `pt` longitude first).
    yandex_static_pin: "https://static-maps.yandex.ru/1.x/?ll=37.62,55.75&z=13&l=map&pt=37.617635,55.755814,pm2rdm" => At(Yandex, Pin, 55.755814, 37.617635);
    yandex_static_v1_view: "https://static-maps.yandex.ru/v1?ll=37.617635,55.755814&z=13&apikey=x" => At(Yandex, MapView, 55.755814, 37.617635);

    // Waze (deep links; the share sheet's geohash).
    waze_live_map_geohash: "https://www.waze.com/live-map?h=u09tvw0f6" => Near(Waze, ShortCode, None, 48.8566, 2.3522, 1e-4);
    waze_embed_pin: "https://embed.waze.com/iframe?zoom=12&lat=48.8566&lon=2.3522&pin=1" => At(Waze, Pin, 48.8566, 2.3522);
    waze_embed_view: "https://embed.waze.com/iframe?zoom=12&lat=48.8566&lon=2.3522" => At(Waze, MapView, 48.8566, 2.3522);
    waze_bad_geohash_param: "https://www.waze.com/live-map?h=ai!" => Nothing(Source::LinkWithoutCoordinates(Waze));

    // HERE (Deeplinking API; share ids).
    here_route_last_stop: "https://share.here.com/r/52.30,4.76,Home/52.3731,4.8922,Dam?m=w" => At(Here, RouteDestination, 52.3731, 4.8922);
    here_directions_to: "https://wego.here.com/directions/drive/mylocation/52.3731,4.8922" => At(Here, RouteDestination, 52.3731, 4.8922);
    here_location_labelled: "https://www.here.com/location?map=52.3731,4.8922,15,normal&msg=Dam" => At(Here, Pin, 52.3731, 4.8922);
    // base64 of {"latitude":52.3731,"longitude":4.8922,"name":"Dam"}.
    here_json_share_id: "https://share.here.com/p/e-eyJsYXRpdHVkZSI6NTIuMzczMSwibG9uZ2l0dWRlIjo0Ljg5MjIsIm5hbWUiOiJEYW0ifQ==" => At(Here, Pin, 52.3731, 4.8922);
    here_route_scheme: "here-route://mylocation/52.3731,4.8922,Dam?ref=x&m=w" => At(Here, RouteDestination, 52.3731, 4.8922);
    here_opaque_share_id: "https://share.here.com/p/s-notbase64!" => Nothing(Source::LinkWithoutCoordinates(Here));

    // OpenStreetMap and its mirrors (openstreetmap-website: OSM.parseHash, directions, search).
    osm_bare_fragment: "https://www.openstreetmap.org/#15/52.3731/4.8922" => At(OpenStreetMap, MapView, 52.3731, 4.8922);
    osm_encoded_fragment: "https://www.openstreetmap.org/#map%3D15%2F52.3731%2F4.8922" => At(OpenStreetMap, MapView, 52.3731, 4.8922);
    osm_directions_to: "https://www.openstreetmap.org/directions?from=&to=52.3731%2C4.8922" => At(OpenStreetMap, RouteDestination, 52.3731, 4.8922);
    osm_search_query: "https://www.openstreetmap.org/search?query=52.3731%2C4.8922" => At(OpenStreetMap, Typed, 52.3731, 4.8922);
    osm_search_words: "https://www.openstreetmap.org/search?query=Dam%20Square" => Nothing(Source::LinkWithoutCoordinates(OpenStreetMap));
    osm_geouri: "https://www.openstreetmap.org/?geouri=geo:52.3731,4.8922;u=20" => At(OpenStreetMap, Pin, 52.3731, 4.8922);
    osm_mirror_de: "https://www.openstreetmap.de/karte/?zoom=18&lat=52.3731&lon=4.8922&layers=B00TT" => At(OpenStreetMap, MapView, 52.3731, 4.8922);
    osm_mirror_ru: "https://openstreetmap.ru/#map=19/52.3731/4.8922" => At(OpenStreetMap, MapView, 52.3731, 4.8922);
    osm_mirror_look_alike: "https://openstreetmap.de.evil.example/#map=19/52.3731/4.8922" => Nothing(Source::NoCoordinates);

    // Apple (Map Links: `near` only hints where to search).
    apple_near: "https://maps.apple.com/?near=52.3731,4.8922&q=cafe" => At(Apple, MapView, 52.3731, 4.8922);
    apple_scheme: "maps://?ll=52.3731,4.8922&q=Dam" => At(Apple, Pin, 52.3731, 4.8922);

    // Google app schemes (Maps URLs for Android/iOS).
    g4_streetview: "google.streetview:cbll=52.3731,4.8922&cbp=0,30,0,0,-15" => google(MapView, 52.3731, 4.8922);
    g4_comgooglemapsurl: "comgooglemapsurl://maps.google.com/?q=52.3731,4.8922" => google(Typed, 52.3731, 4.8922);
    yandex_app_scheme: "yandexmaps://maps.yandex.ru/?pt=37.617635,55.755814&z=12" => At(Yandex, Pin, 55.755814, 37.617635);
    waze_app_scheme: "waze://?ll=52.3731,4.8922&navigate=yes" => At(Waze, RouteDestination, 52.3731, 4.8922);

    // Expected WGS-84 points are eviltransform's (gcj2wgs_exact, bd2gcj), the reference the
    // integration tests check the transforms against; the Mercator rows start from the
    // Tiananmen example Baidu's docs give, BD-09MC (12958175, 4825923.77) = BD-09
    // (116.403963, 39.915119), good to about 20 m.
    // China: each service's own datum parameter decides (Amap `coordinate`, app `dev`;
    // Tencent `coord_type`; Baidu `coord_type`), outside mainland China nothing is shifted.
    amap_wgs84_param: "https://uri.amap.com/marker?position=116.4732,39.9932&coordinate=wgs84" => At(Amap, Pin, 39.9932, 116.4732);
    amap_app_dev_1_is_wgs84: "androidamap://viewReGeo?sourceApplication=x&lat=39.9932&lon=116.4732&dev=1" => At(Amap, Pin, 39.9932, 116.4732);
    amap_app_dev_0_is_gcj02: "androidamap://navi?sourceApplication=x&lat=39.9932&lon=116.4732&dev=0" => Near(Amap, RouteDestination, Some(Datum::Gcj02), 39.9918810, 116.4670629, 2e-6);
    amap_shared_poi: "https://wb.amap.com/?p=B000A83M61,39.9932,116.4732,Name,Addr" => Near(Amap, Pin, Some(Datum::Gcj02), 39.9918810, 116.4670629, 2e-6);
    amap_fragment_poi: "http://www.amap.com/#!poi!!q=39.9932,116.4732|2|Name&radius=1000" => Near(Amap, Pin, Some(Datum::Gcj02), 39.9918810, 116.4670629, 2e-6);
    tencent_gps_coord_type: "https://apis.map.qq.com/uri/v1/marker?marker=coord:39.8923,116.3428;title:X&coord_type=1&referer=x" => At(Tencent, Pin, 39.8923, 116.3428);
    tencent_pointx_pointy: "https://map.qq.com/?type=marker&pointx=116.3428&pointy=39.8923&name=X" => Near(Tencent, Pin, Some(Datum::Gcj02), 39.8909731, 116.3366489, 2e-6);
    tencent_wap: "http://map.wap.qq.com/loc/detail.jsp?x=116.3428&y=39.8923" => Near(Tencent, Pin, Some(Datum::Gcj02), 39.8909731, 116.3366489, 2e-6);
    tencent_app_scheme: "qqmap://map/routeplan?type=drive&tocoord=39.8923,116.3428&coord_type=1" => At(Tencent, RouteDestination, 39.8923, 116.3428);
    baidu_bd09mc_location: "http://api.map.baidu.com/marker?location=4825923.77,12958175.0&coord_type=bd09mc&title=x" => Near(Baidu, Pin, Some(Datum::Bd09Mercator), 39.9073751, 116.3913495, 3e-4);
    baidu_legacy_c_metres: "http://map.baidu.com/?l=13&c=12958175.0,4825923.77" => Near(Baidu, MapView, Some(Datum::Bd09Mercator), 39.9073751, 116.3913495, 3e-4);
    plus_codes_site: "https://plus.codes/8FVC9G8F+6X" => Near(Service::PlusCode, Form::PlusCode, None, 47.3655625, 8.5249375, 1e-7);
    plus_codes_site_short: "https://plus.codes/9G8F+6X,Zurich" => Nothing(Source::ShortPlusCode);
    plus_codes_site_home: "https://plus.codes/map" => Nothing(Source::LinkWithoutCoordinates(Service::PlusCode));
    apple_typed_pair: "https://maps.apple.com/?q=52.3731,4.8922" => At(Apple, Typed, 52.3731, 4.8922);
    apple_label_only: "https://maps.apple.com/?q=Dam+Square" => Nothing(Source::LinkWithoutCoordinates(Apple));
    google_earth_view: "https://earth.google.com/web/@52.3731,4.8922,150a,500d,35y,0h,0t,0r" => google(MapView, 52.3731, 4.8922);
    google_earth_look_alike: "https://earth.google.com.evil.example/web/@52.3731,4.8922,150a" => Nothing(Source::NoCoordinates);
    mapy_api_showmap_marker: "https://mapy.com/fnc/v1/showmap?mapset=outdoor&center=14.4213,50.0874&zoom=16&marker=true" => At(Mapy, Pin, 50.0874, 14.4213);
    mapy_api_showmap_view: "https://mapy.com/fnc/v1/showmap?center=14.4213,50.0874&zoom=16" => At(Mapy, MapView, 50.0874, 14.4213);
    mapy_api_route_end: "https://mapy.com/fnc/v1/route?start=14.40,50.07&end=14.4213,50.0874&routeType=foot_fast" => At(Mapy, RouteDestination, 50.0874, 14.4213);
    osm_embed_marker: "https://www.openstreetmap.org/export/embed.html?bbox=14.41,50.08,14.43,50.09&layer=mapnik&marker=50.0874,14.4213" => At(OpenStreetMap, Pin, 50.0874, 14.4213);
    osm_embed_box_centre: "https://www.openstreetmap.org/export/embed.html?bbox=14.41,50.08,14.43,50.09&layer=mapnik" => Near(OpenStreetMap, MapView, None, 50.085, 14.42, 1e-9);
    osm_path_fields: "http://openstreetmap.de/zoom=11/lat=50.6/lon=7.0" => At(OpenStreetMap, MapView, 50.6, 7.0);
    tencent_map_state_json: "http://map.qq.com/AppBox/print/?t=&c=%7B%22base%22%3A%7B%22l%22%3A11%2C%22lat%22%3A22.3193%2C%22lng%22%3A114.1694%7D%7D" => At(Tencent, MapView, 22.3193, 114.1694);
    // Shenzhen's Futian and Luohu, north of the Shenzhen River, are shifted; Hong Kong's
    // Sheung Shui and Lok Ma Chau, south of it, are not; likewise Zhuhai and Macau.
    china_futian_is_mainland: "https://uri.amap.com/marker?position=114.0579,22.5431" => Near(Amap, Pin, Some(Datum::Gcj02), 22.5431, 114.0579, 0.01);
    china_luohu_is_mainland: "https://uri.amap.com/marker?position=114.1315,22.5480" => Near(Amap, Pin, Some(Datum::Gcj02), 22.5480, 114.1315, 0.01);
    china_shekou_is_mainland: "https://uri.amap.com/marker?position=113.9150,22.4850" => Near(Amap, Pin, Some(Datum::Gcj02), 22.4850, 113.9150, 0.01);
    china_sheung_shui_is_hong_kong: "https://uri.amap.com/marker?position=114.1280,22.5010" => At(Amap, Pin, 22.5010, 114.1280);
    china_lok_ma_chau_is_hong_kong: "https://uri.amap.com/marker?position=114.0700,22.5080" => At(Amap, Pin, 22.5080, 114.0700);
    china_gongbei_is_mainland: "https://uri.amap.com/marker?position=113.5500,22.2250" => Near(Amap, Pin, Some(Datum::Gcj02), 22.2250, 113.5500, 0.01);
    china_hengqin_is_mainland: "https://uri.amap.com/marker?position=113.5300,22.1300" => Near(Amap, Pin, Some(Datum::Gcj02), 22.1300, 113.5300, 0.01);
    china_macau_peninsula: "https://uri.amap.com/marker?position=113.5450,22.1990" => At(Amap, Pin, 22.1990, 113.5450);
    china_taipa: "https://uri.amap.com/marker?position=113.5600,22.1550" => At(Amap, Pin, 22.1550, 113.5600);
    china_penghu_is_taiwan: "https://uri.amap.com/marker?position=119.5664,23.5711" => At(Amap, Pin, 23.5711, 119.5664);
    china_kinmen_is_taiwan: "https://uri.amap.com/marker?position=118.3171,24.4367" => At(Amap, Pin, 24.4367, 118.3171);
    china_xiamen_is_mainland: "https://uri.amap.com/marker?position=118.0894,24.4798" => Near(Amap, Pin, Some(Datum::Gcj02), 24.4798, 118.0894, 0.01);
    g4_android_intent: "intent://maps.google.com/maps?daddr=41.4,2.17#Intent;scheme=https;package=com.google.android.apps.maps;end" => google(RouteDestination, 41.4, 2.17);
    yandex_turkish_path: "https://yandex.com.tr/harita/?ll=28.97,41.01&z=12" => At(Yandex, MapView, 41.01, 28.97);
    yandex_ya_ru: "https://ya.ru/maps/?pt=37.617635,55.755814" => At(Yandex, Pin, 55.755814, 37.617635);
    yandex_ya_ru_search_not_maps: "https://ya.ru/search/?text=55.75,37.61" => Nothing(Source::NoCoordinates);
    two_gis_directions: "https://2gis.kz/almaty/directions/points/%7C76.9286%2C43.2567%3B70000001" => At(TwoGis, RouteDestination, 43.2567, 76.9286);
    // A short plus code in a place path, recovered against the view (OLC spec: nearest match).
    g4_place_short_plus_code: "https://www.google.com/maps/place/9G8F%2B6X+Z%C3%BCrich/@47.3656,8.5249,17z" => Near(Service::PlusCode, Form::PlusCode, None, 47.3655625, 8.5249375, 1e-7);
    g4_place_full_plus_code_and_town: "https://www.google.com/maps/place/8FVC9G8F%2B6X+Z%C3%BCrich" => Near(Service::PlusCode, Form::PlusCode, None, 47.3655625, 8.5249375, 1e-7);
    g4_place_name_with_plus_words_stays_view: "https://www.google.com/maps/place/Cafe+Bar/@47.3656,8.5249,17z" => google(MapView, 47.3656, 8.5249);
    g4_ios_x_callback: "comgooglemaps-x-callback://?center=52.3731,4.8922&zoom=14&x-success=app://" => google(MapView, 52.3731, 4.8922);
    yandex_navigator_point: "yandexnavi://show_point_on_map?lat=55.755814&lon=37.617635&zoom=12" => At(Yandex, Pin, 55.755814, 37.617635);
    yandex_navigator_route: "yandexnavi://build_route_on_map?lat_to=55.755814&lon_to=37.617635" => At(Yandex, RouteDestination, 55.755814, 37.617635);
    yandex_navi_web: "https://yandex.ru/navi/?whatshere%5Bpoint%5D=37.617635%2C55.755814" => At(Yandex, Pin, 55.755814, 37.617635);
    two_gis_app_geo: "dgis://2gis.ru/geo/37.617635,55.755814" => At(TwoGis, Pin, 55.755814, 37.617635);
    two_gis_app_route: "dgis://2gis.ru/routeSearch/rsType/car/to/37.617635,55.755814" => At(TwoGis, RouteDestination, 55.755814, 37.617635);
    tencent_hong_kong_unshifted: "https://map.qq.com/?type=marker&pointx=114.1694&pointy=22.3193" => At(Tencent, Pin, 22.3193, 114.1694);
}
