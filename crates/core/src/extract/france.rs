//! Cartes IGN and the French Géoportail. The Cartes IGN app shares
//! `cartes-ign.ign.fr?lng=…&lat=…&z=…` and drops a marker there (IGNF/cartes-ign-app,
//! `url-intent-handler.js`); cartes.gouv.fr and geoportail.gouv.fr centre the map with
//! `c=lon,lat` (IGNF/cartes.gouv.fr-entree-carto, `urlParams.js`) — longitude first. Some
//! versions wrote `c=` in Web Mercator metres (EPSG:3857), told apart by magnitude.

use super::numbers::{param, param_point, split_pair};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str) -> bool {
    matches!(
        host,
        "cartes-ign.ign.fr"
            | "cartes.gouv.fr"
            | "www.cartes.gouv.fr"
            | "www.geoportail.gouv.fr"
            | "geoportail.gouv.fr"
    )
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let marker = param_point(url, "lat", "lng");
    let view = param(url, "c").and_then(|c| split_pair(&c, ',')).and_then(|(x, y)| {
        if x.abs() > 180.0 || y.abs() > 90.0 {
            web_mercator_to_degrees(x, y)
        } else {
            Coordinate::new(y, x)
        }
    });
    Some(first_found(Service::CartesIgn, [(marker, Form::Pin), (view, Form::MapView)]))
}

/// EPSG:3857 metres to degrees on the WGS-84 sphere of radius 6,378,137 m (the projection's
/// definition: x = R·λ, y = R·ln tan(π/4 + φ/2)).
fn web_mercator_to_degrees(x: f64, y: f64) -> Option<Coordinate> {
    const R: f64 = 6_378_137.0;
    let lon = (x / R).to_degrees();
    let lat = (2.0 * (y / R).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    Coordinate::new(lat, lon)
}
