//! What the resolver may touch: which inputs it accepts, which hops it follows, and which
//! addresses it connects to. An open redirect-follower is an SSRF hole; every check here
//! fails closed.

use crate::place::PlaceRef;
use crate::services::Chain;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::Url;

/// Why an input or a hop is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a URL at all.
    NotAUrl,
    /// Not `https`.
    Scheme,
    /// Carries a user name or password (`https://maps.app.goo.gl@evil/`).
    Credentials,
    /// A port other than 443.
    Port,
    /// A host (or path) that is no service's share link and no Google place link, or a
    /// redirect to a host of another service.
    Host,
}

fn basic_checks(url: &Url) -> Result<&str, Refusal> {
    if url.scheme() != "https" {
        return Err(Refusal::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    if url.port().is_some_and(|port| port != 443) {
        return Err(Refusal::Port);
    }
    match url.host() {
        Some(url::Host::Domain(host)) => Ok(host),
        // IP literals (decimal, octal and hex forms are normalised to these by the parser).
        _ => Err(Refusal::Host),
    }
}

/// An input the follower will resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The link, parsed.
    pub url: Url,
    /// Whose hosts its redirects may go to.
    pub chain: Chain,
    /// The place it names by id (Google place links), looked up on the place's embed page.
    pub place: Option<PlaceRef>,
}

/// Accepts a link to resolve: https, port 443, no credentials, and either a short link on
/// one of its service's share hosts or a Google Maps link whose only location is a place id.
///
/// # Errors
///
/// The [`Refusal`] that applies first.
pub fn accept_input(input: &str) -> Result<Accepted, Refusal> {
    let url = Url::parse(input.trim()).map_err(|_| Refusal::NotAUrl)?;
    let host = basic_checks(&url)?.to_string();
    if let Some(chain) = Chain::of_short_link(&host, &url) {
        return Ok(Accepted { url, chain, place: None });
    }
    let place_link = pinsheet_core::is_google_host(&host)
        && pinsheet_core::extract(url.as_str()).source
            == pinsheet_core::Source::PlaceIdOnly(pinsheet_core::Service::Google);
    if place_link {
        let place = PlaceRef::from_url(&url);
        return Ok(Accepted { url, chain: Chain::Google, place });
    }
    Err(Refusal::Host)
}

/// Accepts a redirect target: https, port 443, no credentials, a host of the same service.
///
/// # Errors
///
/// The [`Refusal`] that applies first.
pub fn accept_hop(chain: Chain, url: &Url) -> Result<(), Refusal> {
    let host = basic_checks(url)?;
    if chain.allows_hop(host) {
        Ok(())
    } else {
        Err(Refusal::Host)
    }
}

/// True for addresses on the public internet: not loopback, private, link-local, CGNAT,
/// unique-local, multicast, unspecified, documentation, benchmarking or reserved, and no IPv6
/// form that embeds an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embeds_v4 = (s[0..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || s[5] == 0))
        || (s[0] == 0x64 && s[1] == 0xff9b)
        || s[0] == 0x2002
        || (s[0] == 0x2001 && s[1] == 0);
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || embeds_v4
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        || (s[0] == 0x2001 && s[1] == 0x0db8))
}

/// A DNS resolver for reqwest that drops every non-public address, so the connection goes
/// only to what was checked (no gap between checking a name and connecting to it).
#[derive(Debug, Default, Clone)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 443)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
            "2001:0:4136:e378::1",
            "2001:db8::1",
            "fec0::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["142.250.185.78", "8.8.8.8", "2a00:1450:4001:82b::200e"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
