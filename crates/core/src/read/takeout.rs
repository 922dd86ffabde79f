//! Google Takeout's saved places (`Saved Places.json`, "Maps (your places)") and other GeoJSON
//! FeatureCollections, read as one sheet: a header row, then one row per feature.
//!
//! The shape is Google's Data Portability schema for "Maps (your places)" — starred places
//! as GeoJSON Features (RFC 7946) whose `geometry.coordinates` are `[longitude, latitude]`,
//! both 0 when Google does not know the point (a place saved by name), and whose
//! `properties` hold `google_maps_url`, `date` (ISO 8601 instant), `Comment` and `location`
//! `{name, address, country_code}`. Older exports spell them `Google Maps URL`, `Title`,
//! `Published`, `Updated` and `Location {Business Name, Address, Country Code, Geo
//! Coordinates {Latitude, Longitude}}`, the numbers as strings.

use crate::Coordinate;
use crate::{Cell, Format, Position, ReadError, Sheet, Workbook};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The sheet's columns that Takeout's keys fill, in order, each with the paths (through
/// `properties`) its value is found at, newest spelling first.
const COLUMNS: &[(&str, &[&[&str]])] = &[
    ("Title", &[&["Title"], &["location", "name"], &["Location", "Business Name"], &["name"]]),
    ("Address", &[&["location", "address"], &["Location", "Address"], &["address"]]),
    ("Country code", &[&["location", "country_code"], &["Location", "Country Code"]]),
    (URL_COLUMN, &[&["google_maps_url"], &["Google Maps URL"]]),
    ("Date", &[&["date"], &["Published"]]),
    ("Updated", &[&["Updated"]]),
    ("Comment", &[&["Comment"], &["comment"]]),
];

const URL_COLUMN: &str = "Google Maps URL";

/// Where a point of an older export is, when its geometry is missing or zero.
const OLD_POINTS: &[&[&str]] = &[&["Location", "Geo Coordinates"], &["Location"]];

#[derive(Deserialize)]
struct Collection {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    geometry: Option<Value>,
    #[serde(default)]
    properties: Option<Map<String, Value>>,
}

/// True when the text starts like a JSON object (after white space): what a Takeout or
/// GeoJSON file is. Text that then fails to parse as JSON is read as CSV ([`is_cut_short`]).
pub(crate) fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// True when the text is JSON that ends too early — a download cut short — rather than text
/// that is not JSON at all.
pub(crate) fn is_cut_short(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_err_and(|error| error.is_eof())
}

/// Reads a GeoJSON FeatureCollection — Google Takeout's saved places or any other — into a
/// [`Workbook`] of [`Format::GeoJson`] with one sheet named after the file: row 1 the
/// column names, then one row per feature. Takeout's keys get fixed columns (`Title`,
/// `Address`, `Country code`, `Google Maps URL`, `Date`, `Updated`, `Comment`, those that
/// any feature has); other properties follow under their own names (text, numbers and
/// booleans as they are, objects and arrays as JSON text).
///
/// A feature's own point (`geometry.coordinates` `[lon, lat]`, WGS-84 per RFC 7946; or an
/// older export's `Geo Coordinates`) is put behind its `Google Maps URL` cell in
/// [`Sheet::points`], unless it is `[0, 0]` — Takeout's "unknown" — so the link itself is
/// read instead (a `cid=` link then waits for a resolver). Without a URL column the point
/// is written as text in a `Coordinates` column (`lat, lon`).
///
/// # Errors
///
/// [`ReadError::Damaged`] when the JSON does not parse; [`ReadError::NotPlaces`] when it is
/// not a FeatureCollection.
pub(crate) fn read_geojson(text: &str, name: &str) -> Result<Workbook, ReadError> {
    let collection: Collection = match serde_json::from_str(text) {
        Ok(collection) => collection,
        // Valid JSON of another shape is not damaged, only not places.
        Err(error) if error.is_data() => return Err(ReadError::NotPlaces),
        Err(error) => return Err(ReadError::Damaged { format: Format::GeoJson, detail: error.to_string() }),
    };
    if collection.kind != "FeatureCollection" {
        return Err(ReadError::NotPlaces);
    }
    let empty = Map::new();
    let features: Vec<(&Map<String, Value>, Option<Coordinate>)> = collection
        .features
        .iter()
        .map(|feature| (feature.properties.as_ref().unwrap_or(&empty), point_of(feature)))
        .collect();

    let used: Vec<&(&str, &[&[&str]])> = COLUMNS
        .iter()
        .filter(|(_, paths)| features.iter().any(|(props, _)| first_at(props, paths).is_some()))
        .collect();
    // Keys a fixed column reads are not repeated as columns of their own.
    let consumed: Vec<&str> = COLUMNS.iter().flat_map(|(_, paths)| paths.iter().map(|p| p[0])).collect();
    let mut others: Vec<String> = Vec::new();
    for (props, _) in &features {
        for key in props.keys() {
            if !consumed.contains(&key.as_str()) && !others.contains(key) {
                others.push(key.clone());
            }
        }
    }
    let url_column = used.iter().position(|(column, _)| *column == URL_COLUMN);
    let has_points = features.iter().any(|(_, point)| point.is_some());
    let coordinates_column = (url_column.is_none() && has_points).then_some(used.len() + others.len());

    let mut header: Vec<Cell> = used.iter().map(|(column, _)| Cell::Text(column.to_string())).collect();
    header.extend(others.iter().map(|key| Cell::Text(key.clone())));
    if coordinates_column.is_some() {
        header.push(Cell::Text("Coordinates".into()));
    }
    let mut rows = vec![header];
    let mut points: Vec<(Position, Coordinate)> = Vec::new();
    for (index, (props, point)) in features.iter().enumerate() {
        let mut row: Vec<Cell> = used.iter().map(|(_, paths)| cell(first_at(props, paths))).collect();
        row.extend(others.iter().map(|key| cell(props.get(key))));
        let at = u32::try_from(index + 1).ok();
        match (point, url_column, coordinates_column, at) {
            (Some(point), Some(column), _, Some(at)) => points.push(((at, column as u32), *point)),
            (Some(point), None, Some(_), _) => {
                row.push(Cell::Text(format!("{}, {}", point.lat(), point.lon())))
            }
            _ => {}
        }
        while row.last() == Some(&Cell::Empty) {
            row.pop();
        }
        rows.push(row);
    }
    let mut sheet = Sheet::new(crate::excel::sheet_name(name), rows);
    sheet.points = points;
    Ok(Workbook::new(Format::GeoJson, vec![sheet]))
}

/// The feature's point: its Point geometry unless that is missing or `[0, 0]`, else an
/// older export's `Latitude`/`Longitude`; None when out of range.
fn point_of(feature: &Feature) -> Option<Coordinate> {
    let geometry =
        feature.geometry.as_ref().filter(|g| g.get("type").and_then(Value::as_str) == Some("Point"));
    let from_geometry = geometry.and_then(|g| {
        let pair = g.get("coordinates")?.as_array()?;
        // RFC 7946 §3.1.1: longitude, latitude (then an optional altitude).
        Some((pair.first()?.as_f64()?, pair.get(1)?.as_f64()?))
    });
    let properties = feature.properties.as_ref();
    let from_location = || {
        OLD_POINTS.iter().find_map(|path| {
            let place = at(properties?, path)?;
            Some((number(place.get("Longitude")?)?, number(place.get("Latitude")?)?))
        })
    };
    let (lon, lat) = from_geometry.filter(|&pair| pair != (0.0, 0.0)).or_else(from_location)?;
    if (lon, lat) == (0.0, 0.0) {
        return None;
    }
    Coordinate::new(lat, lon).map(Coordinate::rounded)
}

/// A number, or a number written as text (older exports' `"40.7293790"`).
fn number(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| value.as_str()?.trim().parse().ok())
}

fn at<'a>(properties: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(properties.get(*first)?, |value, key| value.get(*key))
}

fn first_at<'a>(properties: &'a Map<String, Value>, paths: &[&[&str]]) -> Option<&'a Value> {
    paths.iter().find_map(|path| at(properties, path).filter(|v| !v.is_null() && !v.is_object()))
}

fn cell(value: Option<&Value>) -> Cell {
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(text)) if text.is_empty() => Cell::Empty,
        Some(Value::String(text)) => Cell::Text(text.clone()),
        Some(Value::Bool(b)) => Cell::Bool(*b),
        Some(Value::Number(n)) => n.as_f64().map_or(Cell::Text(n.to_string()), Cell::Number),
        Some(other) => Cell::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(json: &str) -> Sheet {
        read_geojson(json, "Saved Places.json").unwrap().sheets.remove(0)
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_takeout_feature_becomes_a_row_with_its_point_behind_the_link() {
        let sheet = sheet(
            r#"{"type":"FeatureCollection","features":[{"geometry":{"coordinates":[2.2944813,48.8583701],"type":"Point"},
            "properties":{"date":"2024-05-01T10:00:00Z","google_maps_url":"http://maps.google.com/?cid=123",
            "location":{"address":"Champ de Mars, Paris","country_code":"FR","name":"Tour Eiffel"},"Comment":"go up"},"type":"Feature"}]}"#,
        );
        assert_eq!(sheet.name, "Saved Places");
        assert_eq!(
            sheet.rows,
            vec![
                ["Title", "Address", "Country code", "Google Maps URL", "Date", "Comment"].map(text).to_vec(),
                [
                    "Tour Eiffel",
                    "Champ de Mars, Paris",
                    "FR",
                    "http://maps.google.com/?cid=123",
                    "2024-05-01T10:00:00Z",
                    "go up"
                ]
                .map(text)
                .to_vec(),
            ]
        );
        assert_eq!(sheet.points, vec![((1, 3), Coordinate::new(48.8583701, 2.2944813).unwrap())]);
    }

    #[test]
    fn zero_geometry_is_unknown_and_older_exports_give_their_geo_coordinates() {
        let sheet = sheet(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"google_maps_url":"http://maps.google.com/?cid=1","location":{"name":"By name"}}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"Google Maps URL":"http://maps.google.com/?cid=2",
              "Location":{"Business Name":"Old","Geo Coordinates":{"Latitude":"40.7293790","Longitude":"-73.9843280"}},"Title":"Old","Published":"2017-09-06T21:32:41Z"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[500,0.5]},"properties":{"Google Maps URL":"u"}}
            ]}"#,
        );
        assert_eq!(sheet.rows[0], ["Title", "Google Maps URL", "Date"].map(text).to_vec());
        assert_eq!(sheet.rows[1], ["By name", "http://maps.google.com/?cid=1"].map(text).to_vec());
        assert_eq!(sheet.points, vec![((2, 1), Coordinate::new(40.729379, -73.984328).unwrap())]);
    }

    #[test]
    fn plain_geojson_keeps_its_properties_and_writes_points_as_text() {
        let sheet = sheet(
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[151.2153,-33.8568,4]},
            "properties":{"name":"Opera House","visits":3,"open":true,"tags":["a"]}},{"type":"Feature","geometry":null,"properties":null}]}"#,
        );
        assert_eq!(sheet.rows[0], ["Title", "visits", "open", "tags", "Coordinates"].map(text).to_vec());
        assert_eq!(
            sheet.rows[1],
            vec![
                text("Opera House"),
                Cell::Number(3.0),
                Cell::Bool(true),
                text("[\"a\"]"),
                text("-33.8568, 151.2153")
            ]
        );
        assert_eq!(sheet.rows[2], vec![]);
        assert!(sheet.points.is_empty());
    }

    #[test]
    fn other_json_is_refused_in_words() {
        assert!(matches!(read_geojson(r#"{"type":"Topology"}"#, "x.json"), Err(ReadError::NotPlaces)));
        assert!(matches!(read_geojson(r#"{"features":[]}"#, "x.json"), Err(ReadError::NotPlaces)));
        assert!(matches!(
            read_geojson(r#"{"type":"FeatureCollection","features":3}"#, "x"),
            Err(ReadError::NotPlaces)
        ));
        assert!(matches!(
            read_geojson(r#"{"type":"FeatureCollection","features":[{"#, "x"),
            Err(ReadError::Damaged { format: Format::GeoJson, .. })
        ));
        let deep = format!("{}{}", "{\"a\":[".repeat(10_000), "]}".repeat(10_000));
        assert!(read_geojson(&deep, "x.json").is_err(), "serde_json's recursion limit, not a stack overflow");
    }
}
