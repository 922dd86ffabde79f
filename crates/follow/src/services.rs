//! The services whose short links pinsheet follows, each with its own host allowlist: an input
//! is accepted only on a service's share-link hosts, and a redirect is followed only to that
//! same service's hosts. Each chain below is described as the service answers it today.

use url::Url;

/// A service whose links the follower resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chain {
    /// Google Maps: `maps.app.goo.gl/<code>` (the Maps app's share sheet) → 302 to the long
    /// link (`/maps/place/…/data=…!3d!4d`, or `?q=<name>&ftid=0x…:0x…` with no point); from
    /// EU addresses → 302 `consent.google.com/ml?continue=<long link>&gl=…` → 303 `<long
    /// link>&ucbcb=1` → 200. `goo.gl/maps/<code>` and `goo.gl/app/maps/<code>` (Firebase
    /// Dynamic Links, kept alive by Google after Firebase's end) redirect to the same places;
    /// `g.co/kgs/<code>` and `share.google/<code>` (Search's share sheet) to a Search page
    /// that may or may not be a place. A place id is read from its embed page
    /// (`maps.google.com/maps?cid=<decimal>&output=embed` → 302
    /// `www.google.com/maps/embed?origin=mfe&pb=…` → 200). Sources: the Google Maps URLs
    /// documentation (developers.google.com/maps/documentation/urls) and the chains the
    /// issue tracker recorded from the real service.
    Google,
    /// Apple Maps: `maps.apple/p/<code>` (iOS 18's share sheet; `maps.apple.com/p/` too) →
    /// 301 to `maps.apple.com/place?address=…&coordinate=<lat>,<lon>`, or a place page whose
    /// metadata holds its point (`place:location:latitude` / `…:longitude`, Open Graph's
    /// place type). Apple answers HEAD with 404 and unknown browsers with "Unsupported
    /// browser", so the chain is walked with GET and a desktop browser's user agent.
    /// Sources: Apple's Unified Map URLs reference
    /// (developer.apple.com/documentation/mapkit/unified-map-urls), ogp.me, and the chain as
    /// GeoShare's tests record it (github.com/jakubvalenta/geoshare).
    Apple,
    /// Yandex Maps: `yandex.<tld>/maps/-/<code>` (the Share button) → 302 to
    /// `yandex.<tld>/maps/?ll=<lon>,<lat>&z=…` (with `pt=`/`whatshere` for a point, or
    /// `/maps/org/<name>/<id>/` for a place). Source: Yandex's "Map link" documentation
    /// (yandex.ru/dev/yandex-apps-launch-maps).
    Yandex,
    /// Mapy.com: `mapy.cz/s/<code>` / `mapy.com/s/<code>` → 30x to the full link
    /// (`mapy.com/…?x=<lon>&y=<lat>&z=…`, `source=coor&id=<lon>,<lat>` for a marked point).
    /// Source: Mapy.com's URL documentation (developer.mapy.com).
    Mapy,
    /// 2GIS: `go.2gis.com/<code>` → 30x to `2gis.<tld>/<city>/…` (`/geo/<lon>,<lat>`,
    /// `/firm/<id>/<lon>,<lat>`, `?m=<lon>,<lat>/<zoom>`), or a page whose share image
    /// (`twitter:image`, `share.api.2gis.ru/getimage?center=<lon>,<lat>`) is centred on the
    /// place. Sources: 2GIS's link documentation (docs.2gis.com) and the chain as GeoShare's
    /// tests record it (github.com/jakubvalenta/geoshare).
    TwoGis,
}

/// Yandex's country domains (as pinsheet-core reads them).
const YANDEX_SUFFIXES: &[&str] = &[
    "ru", "com", "by", "kz", "ua", "com.tr", "uz", "az", "com.am", "com.ge", "co.il", "lv", "lt", "ee", "md",
    "tj", "tm", "kg", "fr",
];

/// A desktop browser's user agent, for services that refuse others (Apple).
pub(crate) const BROWSER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/// 2GIS's country domains.
const TWO_GIS_SUFFIXES: &[&str] = &["ru", "com", "kz", "ae", "kg", "uz", "az", "cl", "cz", "it"];

/// A path that is `prefix` followed by a non-empty code.
fn has_code(url: &Url, prefix: &str) -> bool {
    url.path().strip_prefix(prefix).is_some_and(|code| !code.trim_matches('/').is_empty())
}

fn yandex_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").or_else(|| host.strip_prefix("maps.")).unwrap_or(host);
    base.strip_prefix("yandex.").is_some_and(|suffix| YANDEX_SUFFIXES.contains(&suffix))
}

fn two_gis_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").unwrap_or(host);
    base.strip_prefix("2gis.").is_some_and(|suffix| TWO_GIS_SUFFIXES.contains(&suffix))
}

fn mapy_host(host: &str) -> bool {
    let base = host.strip_prefix("www.").or_else(|| host.strip_prefix("en.")).unwrap_or(host);
    matches!(base, "mapy.cz" | "mapy.com")
}

impl Chain {
    /// The service whose share-link host and path this is.
    pub(crate) fn of_short_link(host: &str, url: &Url) -> Option<Chain> {
        let chain = match host {
            "maps.app.goo.gl" | "share.google" if has_code(url, "/") => Chain::Google,
            "goo.gl" | "app.goo.gl" if has_code(url, "/maps/") || has_code(url, "/app/maps/") => {
                Chain::Google
            }
            "g.co" if has_code(url, "/kgs/") => Chain::Google,
            "maps.apple" | "maps.apple.com" if has_code(url, "/p/") => Chain::Apple,
            _ if yandex_host(host) && has_code(url, "/maps/-/") => Chain::Yandex,
            _ if mapy_host(host) && has_code(url, "/s/") => Chain::Mapy,
            "go.2gis.com" if has_code(url, "/") => Chain::TwoGis,
            _ => return None,
        };
        Some(chain)
    }

    /// True for the hosts a redirect of this chain may go to.
    pub(crate) fn allows_hop(self, host: &str) -> bool {
        match self {
            Chain::Google => {
                pinsheet_core::is_google_host(host)
                    || host.strip_prefix("consent.").is_some_and(pinsheet_core::is_google_host)
            }
            Chain::Apple => matches!(host, "maps.apple" | "maps.apple.com"),
            Chain::Yandex => yandex_host(host),
            Chain::Mapy => mapy_host(host),
            Chain::TwoGis => host == "go.2gis.com" || two_gis_host(host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(link: &str) -> Option<Chain> {
        let url = Url::parse(link).ok()?;
        Chain::of_short_link(url.host_str()?, &url)
    }

    #[test]
    fn each_service_owns_its_share_links() {
        for (link, chain) in [
            ("https://maps.app.goo.gl/abc", Some(Chain::Google)),
            ("https://goo.gl/maps/abc", Some(Chain::Google)),
            ("https://goo.gl/app/maps/abc", Some(Chain::Google)),
            ("https://g.co/kgs/abc", Some(Chain::Google)),
            ("https://share.google/abc", Some(Chain::Google)),
            ("https://maps.apple/p/abc", Some(Chain::Apple)),
            ("https://maps.apple.com/p/abc", Some(Chain::Apple)),
            ("https://yandex.ru/maps/-/CDuEbR3I", Some(Chain::Yandex)),
            ("https://yandex.com.tr/maps/-/CDuEbR3I", Some(Chain::Yandex)),
            ("https://mapy.cz/s/abc", Some(Chain::Mapy)),
            ("https://mapy.com/s/abc", Some(Chain::Mapy)),
            ("https://go.2gis.com/abc", Some(Chain::TwoGis)),
            // No code, another path, or a look-alike host.
            ("https://maps.apple/p/", None),
            ("https://maps.apple.com/place?auid=1", None),
            ("https://yandex.ru/maps/-/", None),
            ("https://yandex.ru/maps/?ll=1,2", None),
            ("https://yandex.evil.example/maps/-/abc", None),
            ("https://mapy.cz/zakladni?x=1&y=2", None),
            ("https://go.2gis.com/", None),
            ("https://go.2gis.com.evil.example/abc", None),
            ("https://goo.gl/abc", None),
            ("https://2gis.ru/moscow", None),
        ] {
            assert_eq!(short(link), chain, "{link}");
        }
    }

    #[test]
    fn a_chain_never_leaves_its_service() {
        assert!(Chain::Google.allows_hop("consent.google.com"));
        assert!(Chain::Google.allows_hop("www.google.de"));
        assert!(!Chain::Google.allows_hop("maps.apple.com"));
        assert!(!Chain::Google.allows_hop("consent.evil.example"));
        assert!(Chain::Apple.allows_hop("maps.apple.com"));
        assert!(!Chain::Apple.allows_hop("apple.com.evil.example"));
        assert!(Chain::Yandex.allows_hop("yandex.ru"));
        assert!(Chain::Yandex.allows_hop("maps.yandex.com"));
        assert!(!Chain::Yandex.allows_hop("yandex.evil"));
        assert!(!Chain::Yandex.allows_hop("www.google.com"));
        assert!(Chain::Mapy.allows_hop("mapy.com"));
        assert!(Chain::Mapy.allows_hop("en.mapy.cz"));
        assert!(!Chain::Mapy.allows_hop("mapy.cz.evil.example"));
        assert!(Chain::TwoGis.allows_hop("2gis.ru"));
        assert!(Chain::TwoGis.allows_hop("go.2gis.com"));
        assert!(!Chain::TwoGis.allows_hop("2gis.evil"));
    }
}
