//! App URL schemes that carry a point, read by the same code as the web links they mirror:
//! Organic Maps / MAPS.ME / CoMaps (`om://`, `ge0://`, `cm://`, `mapswithme://`, `mwm://`,
//! `mapsme://`), OsmAnd (`osmand.api://`, `osmand.geo:`), Magic Earth (`magicearth://`),
//! Google (`comgooglemapsurl://`, `intent://`), Yandex (`yandexmaps://`, `yandexnavi://`), 2GIS
//! (`dgis://`), Waze (`waze://`), Apple
//! (`maps://`), HERE (`here-route://`, `here.directions://`), Amap (`androidamap://`,
//! `iosamap://`, `amapuri://`), Tencent (`qqmap://map/`) and Baidu (`baidumap://map/`).

use super::{china, geo_uri, here, organic_maps, osmand, read_link, yandex, Extraction, Service};
use url::Url;

/// The scheme's prefix, and what reads the rest.
const SCHEMES: &[(&str, Reader)] = &[
    ("ge0://", Reader::OrganicMaps(Service::OrganicMaps)),
    ("om://", Reader::OrganicMaps(Service::OrganicMaps)),
    ("mapswithme://", Reader::OrganicMaps(Service::OrganicMaps)),
    ("mwm://", Reader::OrganicMaps(Service::OrganicMaps)),
    ("mapsme://", Reader::OrganicMaps(Service::OrganicMaps)),
    ("cm://", Reader::OrganicMaps(Service::CoMaps)),
    ("osmand.api://", Reader::OsmAndApi),
    ("osmand.geo:", Reader::Geo),
    ("magicearth://", Reader::Web("https://magicearth.com/")),
    ("comgooglemapsurl://", Reader::Web("https://")),
    // Android's intent links: the web link with `#Intent;…;end` after it, a fragment.
    ("intent://", Reader::Web("https://")),
    ("yandexmaps://", Reader::Web("https://")),
    ("yandexnavi://", Reader::YandexNavigator),
    // 2GIS's app scheme mirrors its site: `dgis://2gis.ru/geo/lon,lat`, `…/routeSearch/…/to/lon,lat`.
    ("dgis://", Reader::Web("https://")),
    ("waze://", Reader::Web("https://waze.com/ul")),
    ("maps://", Reader::Web("https://maps.apple.com/")),
    ("here-route://", Reader::HereRoute),
    ("here.directions://", Reader::HereRoute),
    ("androidamap://", Reader::AmapApp),
    ("iosamap://", Reader::AmapApp),
    ("amapuri://", Reader::AmapApp),
    ("qqmap://map/", Reader::Web("https://apis.map.qq.com/uri/v1/")),
    ("baidumap://map/", Reader::Web("https://api.map.baidu.com/")),
];

#[derive(Clone, Copy)]
enum Reader {
    OrganicMaps(Service),
    OsmAndApi,
    Geo,
    /// Read as the web link `<base><rest>`.
    Web(&'static str),
    HereRoute,
    AmapApp,
    YandexNavigator,
}

pub(super) fn extract(text: &str) -> Option<Extraction> {
    // Most cells are web links or no link at all: one look at the scheme settles them.
    let scheme = text.get(..text.find(':')?)?;
    if scheme.len() < 2 || scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let (prefix, reader) = SCHEMES
        .iter()
        .find(|(prefix, _)| text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)))?;
    let rest = text[prefix.len()..].split_whitespace().next().unwrap_or("");
    let synthetic = |base: &str| Url::parse(&format!("{base}{rest}")).ok();
    Some(match *reader {
        Reader::OrganicMaps(service) => organic_maps::read(service, &synthetic("https://omaps.app/")?),
        Reader::OsmAndApi => osmand::api(&synthetic("https://osmand.api/")?),
        Reader::Geo => geo_uri::extract(&format!("geo:{rest}"))?,
        Reader::Web(base) => read_link(&format!("{base}{rest}"), 0),
        Reader::HereRoute => here::route_scheme(rest),
        Reader::AmapApp => china::amap_app(&synthetic("https://amap.app/")?),
        Reader::YandexNavigator => yandex::navigator(&synthetic("https://yandexnavi.app/")?),
    })
}
