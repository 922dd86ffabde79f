//! Bing Maps links: `cp=lat~lon` (map centre), `sp=point.lat_lon_name` (pins),
//! `rtp=…~pos.lat_lon_name` (routes, the last stop is the destination), `q=lat,lon`.

use super::numbers::{param, parse_pair, split_pair};
use super::{first_found, Extraction, Form, Service};
use crate::Coordinate;
use url::Url;

pub(super) fn is_host(host: &str, url: &Url) -> bool {
    matches!(host, "bing.com" | "www.bing.com" | "cn.bing.com") && url.path().starts_with("/maps")
}

/// `lat_lon` (and an optional `_name`) after `prefix`, in each `~`-separated entry; the last.
fn last_entry(value: &str, prefix: &str) -> Option<Coordinate> {
    value
        .split('~')
        .filter_map(|entry| entry.strip_prefix(prefix))
        .filter_map(|entry| {
            let mut parts = entry.split('_');
            let pair = format!("{},{}", parts.next()?, parts.next()?);
            let (lat, lon) = split_pair(&pair, ',')?;
            Coordinate::new(lat, lon)
        })
        .next_back()
}

pub(super) fn extract(url: &Url, _host: &str) -> Option<Extraction> {
    let pin = param(url, "sp").and_then(|v| last_entry(&v, "point."));
    let route = param(url, "rtp").and_then(|v| last_entry(&v, "pos."));
    let typed = param(url, "q")
        .and_then(|v| parse_pair(&v))
        .or_else(|| param(url, "where1").and_then(|v| parse_pair(&v)));
    let view =
        param(url, "cp").and_then(|v| split_pair(&v, '~')).and_then(|(lat, lon)| Coordinate::new(lat, lon));
    Some(first_found(
        Service::Bing,
        [(pin, Form::Pin), (typed, Form::Typed), (route, Form::RouteDestination), (view, Form::MapView)],
    ))
}
