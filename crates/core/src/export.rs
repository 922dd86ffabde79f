//! The converted points in the formats map tools read: GeoJSON (RFC 7946), KML (OGC KML 2.2)
//! and GPX 1.1 waypoints. Each carries the row's own columns, named by the header row when
//! there is one (else by column letter), plus the coordinate source.

use crate::{column_letter, Conversion, Sheet, Workbook};
use quick_xml::escape::escape;
use serde_json::{json, Map, Value};

/// One exported row: its 1-based spreadsheet row number, its named values, and its point.
struct Row {
    number: usize,
    name: String,
    fields: Vec<(String, String)>,
    point: Option<(f64, f64)>,
    source: String,
}

fn rows(workbook: &Workbook, conversion: &Conversion) -> Vec<Row> {
    let empty = Sheet::default();
    let sheet = workbook.sheets.get(conversion.target.sheet).unwrap_or(&empty);
    let width = sheet.width();
    let names: Vec<String> = (0..width)
        .map(|column| {
            let header =
                if conversion.target.header { sheet.cell(0, column).display() } else { String::new() };
            if header.trim().is_empty() {
                column_letter(column)
            } else {
                header
            }
        })
        .collect();
    conversion
        .outcomes
        .iter()
        .map(|outcome| {
            let fields: Vec<(String, String)> = names
                .iter()
                .enumerate()
                .map(|(column, name)| (name.clone(), sheet.cell(outcome.row, column).display()))
                .collect();
            // The first text that is not the link itself names the point.
            let name = fields
                .iter()
                .enumerate()
                .find(|(column, (_, value))| *column != conversion.target.column && !value.is_empty())
                .map(|(_, (_, value))| value.clone())
                .unwrap_or_else(|| format!("Row {}", outcome.row + 1));
            Row {
                number: outcome.row + 1,
                name,
                fields,
                point: outcome.extraction.coordinate.map(|c| (c.lat, c.lon)),
                source: outcome.extraction.describe().into_owned(),
            }
        })
        .collect()
}

/// A GeoJSON FeatureCollection (RFC 7946): a Feature per converted row, `[longitude,
/// latitude]` order, `null` geometry where the row has no point; properties are the row's
/// columns plus `row` and `coordinate_source`.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, detect, read, write_geojson};
///
/// let workbook = read(b"Name;Link\nHome;https://www.google.com/maps/@41.5,2.25,17z\n", "a.csv")?;
/// let conversion = convert(&workbook, &detect(&workbook).unwrap(), |_, _| {});
/// let geojson = String::from_utf8(write_geojson(&workbook, &conversion)).unwrap();
/// assert!(geojson.contains(r#""coordinates":[2.25,41.5]"#));
/// # Ok::<(), pinsheet_core::ReadError>(())
/// ```
pub fn write_geojson(workbook: &Workbook, conversion: &Conversion) -> Vec<u8> {
    let features: Vec<Value> = rows(workbook, conversion)
        .into_iter()
        .map(|row| {
            let mut properties = Map::new();
            for (name, value) in row.fields {
                properties.entry(name).or_insert(Value::String(value));
            }
            properties.insert("row".into(), json!(row.number));
            properties.insert("coordinate_source".into(), json!(row.source));
            let geometry = row
                .point
                .map_or(Value::Null, |(lat, lon)| json!({"type": "Point", "coordinates": [lon, lat]}));
            json!({"type": "Feature", "geometry": geometry, "properties": properties})
        })
        .collect();
    serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features})).unwrap_or_default()
}

/// A KML 2.2 document: a Placemark per row that has a point, with the row's columns as
/// ExtendedData.
pub fn write_kml(workbook: &Workbook, conversion: &Conversion) -> Vec<u8> {
    let mut kml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n",
    );
    for row in rows(workbook, conversion) {
        let Some((lat, lon)) = row.point else { continue };
        kml.push_str(&format!("<Placemark><name>{}</name><ExtendedData>", escape(row.name.as_str())));
        for (name, value) in
            row.fields.iter().chain([("coordinate_source".to_string(), row.source.clone())].iter())
        {
            kml.push_str(&format!(
                "<Data name=\"{}\"><value>{}</value></Data>",
                escape(name.as_str()),
                escape(value.as_str())
            ));
        }
        kml.push_str(&format!(
            "</ExtendedData><Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>\n"
        ));
    }
    kml.push_str("</Document></kml>\n");
    kml.into_bytes()
}

/// GPX 1.1 waypoints: one `wpt` per row that has a point, named like the KML placemarks,
/// with the coordinate source as its description.
pub fn write_gpx(workbook: &Workbook, conversion: &Conversion) -> Vec<u8> {
    let mut gpx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"pinsheet\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n",
    );
    for row in rows(workbook, conversion) {
        let Some((lat, lon)) = row.point else { continue };
        gpx.push_str(&format!(
            "<wpt lat=\"{lat}\" lon=\"{lon}\"><name>{}</name><desc>{}</desc></wpt>\n",
            escape(row.name.as_str()),
            escape(format!("row {}: {}", row.number, row.source).as_str())
        ));
    }
    gpx.push_str("</gpx>\n");
    gpx.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{convert, read, Target};

    fn sample() -> (Workbook, Conversion) {
        let csv =
            "Name,Link,Note\n\"Café <A&B>\",\"https://maps.google.com/?q=48.85,2.29\",x\nNowhere,hello,y\n";
        let workbook = read(csv.as_bytes(), "s.csv").unwrap();
        let conversion = convert(&workbook, &Target::new(0, 1, true), |_, _| {});
        (workbook, conversion)
    }

    #[test]
    fn geojson_is_lon_lat_with_one_feature_per_row() {
        let (workbook, conversion) = sample();
        let value: Value = serde_json::from_slice(&write_geojson(&workbook, &conversion)).unwrap();
        let features = value["features"].as_array().unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(features[0]["geometry"]["coordinates"], json!([2.29, 48.85]));
        assert_eq!(features[0]["properties"]["Name"], "Café <A&B>");
        assert_eq!(features[0]["properties"]["row"], 2);
        assert_eq!(features[1]["geometry"], Value::Null);
        assert_eq!(features[1]["properties"]["coordinate_source"], "no coordinates");
    }

    #[test]
    fn kml_and_gpx_are_well_formed_and_escaped() {
        let (workbook, conversion) = sample();
        for bytes in [write_kml(&workbook, &conversion), write_gpx(&workbook, &conversion)] {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("Café &lt;A&amp;B&gt;"));
            let mut reader = quick_xml::Reader::from_str(&text);
            let mut points = 0;
            loop {
                match reader.read_event().unwrap() {
                    quick_xml::events::Event::Eof => break,
                    quick_xml::events::Event::Start(e)
                        if matches!(e.local_name().into_inner(), "Placemark" | "wpt") =>
                    {
                        points += 1
                    }
                    _ => {}
                }
            }
            assert_eq!(points, 1, "{text}");
        }
    }
}
