//! [`Coordinate`]: one WGS-84 point in decimal degrees, in range by construction.

use serde::{Deserialize, Serialize};

/// A point on the WGS-84 ellipsoid in decimal degrees.
///
/// Only valid points exist: [`Coordinate::new`] refuses a latitude outside −90…90, a longitude
/// outside −180…180 and non-finite numbers, so an out-of-range value is never emitted —
/// nor taken in: deserializing checks the same ranges (a resolver's answer, a cache file or
/// a message from the page cannot smuggle in `lat: 400`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Degrees")]
pub struct Coordinate {
    /// Degrees north of the equator (negative: south), −90 to 90.
    pub lat: f64,
    /// Degrees east of Greenwich (negative: west), −180 to 180.
    pub lon: f64,
}

/// A coordinate as it arrives, not yet checked.
#[derive(Deserialize)]
struct Degrees {
    lat: f64,
    lon: f64,
}

impl TryFrom<Degrees> for Coordinate {
    type Error = String;

    fn try_from(Degrees { lat, lon }: Degrees) -> Result<Self, Self::Error> {
        Coordinate::new(lat, lon).ok_or_else(|| {
            format!("({lat}, {lon}) is no point: latitude must be −90…90 and longitude −180…180 degrees")
        })
    }
}

impl Coordinate {
    /// A coordinate from a latitude and longitude in decimal degrees, or `None` when either
    /// is out of range or not a finite number.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinsheet_core::Coordinate;
    /// assert!(Coordinate::new(41.4036, 2.1744).is_some());
    /// assert!(Coordinate::new(91.0, 2.0).is_none());
    /// assert!(Coordinate::new(10.0, -180.5).is_none());
    /// ```
    pub fn new(lat: f64, lon: f64) -> Option<Self> {
        let valid = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
        valid.then_some(Self { lat, lon })
    }
}

impl Coordinate {
    /// The same point with at most 7 decimals (about 1 cm): values given with fewer keep
    /// exactly the digits they were given with, converted ones lose only noise.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = pinsheet_core::Coordinate::new(48.858370123, 2.2944813).unwrap().rounded();
    /// assert_eq!((c.lat, c.lon), (48.8583701, 2.2944813));
    /// ```
    pub fn rounded(self) -> Self {
        let round = |v: f64| (v * 1e7).round() / 1e7;
        Self { lat: round(self.lat), lon: round(self.lon) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserializing_checks_the_ranges() {
        let point: Coordinate = serde_json::from_str(r#"{"lat":48.8584,"lon":2.2945}"#).unwrap();
        assert_eq!(point, Coordinate { lat: 48.8584, lon: 2.2945 });
        for bad in [r#"{"lat":91,"lon":0}"#, r#"{"lat":0,"lon":-180.5}"#, r#"{"lat":0}"#] {
            assert!(serde_json::from_str::<Coordinate>(bad).is_err(), "{bad}");
        }
    }
}
