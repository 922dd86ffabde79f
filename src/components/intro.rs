//! Intro: what the page gives back and what it reads, shown until a file is open.

use leptos::prelude::*;

/// The services whose links are read, by the names people know them by.
const SERVICES: &[&str] = &[
    "Google Maps",
    "Apple Maps",
    "OpenStreetMap",
    "Bing Maps",
    "HERE WeGo",
    "Waze",
    "Yandex Maps",
    "2GIS",
    "Mapy.com",
    "Baidu Maps",
    "Amap",
    "Organic Maps",
    "Google Takeout",
];

/// A before → after strip (a map link becomes Latitude | Longitude | Coordinate source) and
/// the services and texts pinsheet reads.
#[component]
pub fn Intro() -> impl IntoView {
    view! {
        <section class="ps-intro" aria-labelledby="ps-intro-title">
            <h2 id="ps-intro-title" class="ps-intro__title">"What you get back"</h2>
            <div class="ps-intro__strip" data-testid="before-after">
                <table class="ps-table ps-intro__table">
                    <caption class="ps-visually-hidden">"Your sheet, as it is"</caption>
                    <thead><tr><th scope="col">"Map link"</th></tr></thead>
                    <tbody>
                        <tr><td>"maps.google.com/…/@48.8584,2.2945,17z"</td></tr>
                        <tr><td>"geo:51.5007,-0.1246"</td></tr>
                    </tbody>
                </table>
                <span class="ps-intro__arrow" aria-hidden="true">"→"</span>
                <table class="ps-table ps-intro__table">
                    <caption class="ps-visually-hidden">"The new columns beside it"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Latitude"</th>
                            <th scope="col">"Longitude"</th>
                            <th scope="col">"Coordinate source"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr><td class="ps-table__num">"48.8584"</td><td class="ps-table__num">"2.2945"</td><td>"Google Maps: map view"</td></tr>
                        <tr><td class="ps-table__num">"51.5007"</td><td class="ps-table__num">"-0.1246"</td><td>"geo URI: place pin"</td></tr>
                    </tbody>
                </table>
            </div>
            <p class="ps-intro__text">
                "Every cell, sheet and formula of your file stays as it was; the new columns go beside the links, "
                "with a status for each row. It reads links from "
                {SERVICES.join(", ")}
                ", geo: URIs, plus codes, and coordinates typed as decimals or degrees, minutes and seconds."
            </p>
        </section>
    }
}
