//! What a resolver answered for one link: the wire type pinsheet-resolver sends, the CLI
//! keeps in its cache file and the page keeps in its browser, with the one rule that turns
//! an answer into a row's outcome. No network here: the following is pinsheet-follow's.

use crate::{Coordinate, Extraction, Provenance, Service, Source};
use serde::{Deserialize, Serialize};

/// What happened to one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionStatus {
    /// A point was found.
    Ok,
    /// The link resolved, but its target carries no point.
    NoCoordinates,
    /// The link is dead: the service answered 404 (after one retry) or 410.
    Gone,
    /// The link leads to a page that is no map (a Google Search page without a place).
    NotAMapLink,
    /// Not a link the follower resolves, or a redirect it will not follow.
    Refused,
    /// The service asked us to slow down; try again after `retry_after` seconds.
    RateLimited,
    /// The service answered with an error, or the redirects went nowhere.
    UpstreamError,
    /// The link took longer than the deadline.
    Timeout,
}

impl ResolutionStatus {
    /// True when asking again would give the same answer, so it may be kept: a point, no
    /// point, a dead link, not a map link. Rate limits, timeouts, errors and refusals are not.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ResolutionStatus::Ok
                | ResolutionStatus::NoCoordinates
                | ResolutionStatus::Gone
                | ResolutionStatus::NotAMapLink
        )
    }

    /// What it means, in a person's words; `None` for a point.
    pub fn message(self) -> Option<String> {
        let words = match self {
            ResolutionStatus::Ok => return None,
            ResolutionStatus::NoCoordinates => "the link leads to a place without coordinates",
            ResolutionStatus::Gone => "this link no longer works",
            ResolutionStatus::NotAMapLink => "this link leads to a search page, not to a map",
            ResolutionStatus::Refused => "not a short link or place link the resolver follows",
            ResolutionStatus::RateLimited => "the map service asked us to slow down; try again later",
            ResolutionStatus::UpstreamError => "the map service answered with an error",
            ResolutionStatus::Timeout => "the map service took too long to answer",
        };
        Some(words.to_string())
    }
}

/// The answer for one input link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The link as sent.
    pub input: String,
    /// What happened.
    pub status: ResolutionStatus,
    /// The last link reached.
    pub final_url: Option<String>,
    /// Redirects followed.
    pub hops: u32,
    /// Latitude, WGS-84 decimal degrees.
    pub lat: Option<f64>,
    /// Longitude, WGS-84 decimal degrees.
    pub lon: Option<f64>,
    /// Where the point came from, in pinsheet's words ("Google Maps: place pin").
    pub provenance: Option<String>,
    /// The same, structured (service, form, datum), for clients that merge it into a sheet.
    pub source: Option<Provenance>,
    /// Why there is no point, in a person's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Seconds to wait, with `rate_limited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Resolution {
    /// What the answer makes of a row whose link is `service`'s, as pinsheet-core's
    /// [`Extraction`]: the point with its source; "link that no longer works",
    /// "link to a search page" or "link without coordinates" for final answers without one;
    /// `None` when the answer may change (rate limit, timeout, error, refusal) and the row
    /// stays as it was, needing the resolver.
    pub fn outcome(&self, service: Service) -> Option<Extraction> {
        let source = match self.status {
            ResolutionStatus::Ok => {
                let coordinate = Coordinate::new(self.lat?, self.lon?)?;
                let source = self.source?;
                return Some(Extraction { coordinate: Some(coordinate), source: Source::Found(source) });
            }
            ResolutionStatus::Gone => Source::DeadLink(service),
            ResolutionStatus::NotAMapLink => Source::NotAMapLink(service),
            ResolutionStatus::NoCoordinates => Source::LinkWithoutCoordinates(service),
            ResolutionStatus::Refused
            | ResolutionStatus::RateLimited
            | ResolutionStatus::UpstreamError
            | ResolutionStatus::Timeout => return None,
        };
        Some(Extraction { coordinate: None, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Form, Status};

    fn answer(status: ResolutionStatus, point: Option<(f64, f64)>) -> Resolution {
        Resolution {
            input: "https://maps.app.goo.gl/x".into(),
            status,
            final_url: None,
            hops: 1,
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            provenance: None,
            source: point.map(|_| Provenance {
                service: Service::Google,
                form: Form::Pin,
                converted_from: None,
            }),
            message: status.message(),
            retry_after: None,
        }
    }

    #[test]
    fn final_answers_become_a_rows_outcome_and_passing_failures_leave_it_pending() {
        let found = answer(ResolutionStatus::Ok, Some((1.5, 2.5))).outcome(Service::Google).unwrap();
        assert_eq!(found.coordinate, Coordinate::new(1.5, 2.5));
        assert_eq!(found.status(), Status::Ok);
        for (status, label) in [
            (ResolutionStatus::Gone, "Apple Maps link that no longer works"),
            (ResolutionStatus::NotAMapLink, "Apple Maps link to a search page, not a map"),
            (ResolutionStatus::NoCoordinates, "Apple Maps link without coordinates"),
        ] {
            let outcome = answer(status, None).outcome(Service::Apple).unwrap();
            assert_eq!((outcome.coordinate, outcome.status()), (None, Status::NoCoordinates));
            assert_eq!(outcome.source.label(), label);
            assert!(status.is_final() && status.message().is_some());
        }
        for status in [
            ResolutionStatus::Refused,
            ResolutionStatus::RateLimited,
            ResolutionStatus::UpstreamError,
            ResolutionStatus::Timeout,
        ] {
            assert_eq!(answer(status, None).outcome(Service::Google), None, "{status:?}");
            assert!(!status.is_final());
        }
        // An "ok" without a valid point is no point.
        assert_eq!(answer(ResolutionStatus::Ok, Some((91.0, 0.0))).outcome(Service::Google), None);
    }
}
