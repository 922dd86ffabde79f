//! The writers' tests: round trips through [`crate::read`], layouts, names and limits.

use super::*;
use crate::excel::MAX_COLUMNS;
use crate::{convert, read, Format, Span, Target};
use crate::{Cell, Conversion, Placement, Sheet, Workbook};

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn workbook() -> Workbook {
    let links = Sheet::new(
        "Links",
        vec![
            vec![text("Name"), text("Link"), text("When"), text("Ok")],
            vec![
                text("pin"),
                text("https://maps.google.com/?q=1.5,-2.25"),
                Cell::DateTime(45292.0),
                Cell::Bool(true),
            ],
            vec![],
            vec![
                Cell::Number(7.5),
                text("https://maps.app.goo.gl/x"),
                Cell::DateTime(45292.5),
                Cell::Error("#N/A".into()),
            ],
            vec![Cell::Empty, Cell::Empty, Cell::Duration(0.25)],
        ],
    );
    let other = Sheet::new("Other", vec![vec![Cell::Empty, text("kept")]]);
    Workbook::new(Format::Xlsx, vec![links, other])
}

fn converted(workbook: &Workbook) -> Conversion {
    at_end(workbook)
}

fn at_end(workbook: &Workbook) -> Conversion {
    convert(workbook, &Target::new(0, 1, true), |_, _| {})
}

fn after_link(workbook: &Workbook) -> Conversion {
    convert(workbook, &Target::new(0, 1, true), |_, _| {})
}

#[test]
fn new_columns_go_after_the_link_column_by_default() {
    let input = workbook();
    let output =
        read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx").unwrap();
    let rows = &output.sheets[0].rows;
    assert_eq!(
        rows[0],
        [
            text("Name"),
            text("Link"),
            text("Latitude"),
            text("Longitude"),
            text("Coordinate source"),
            text("When"),
            text("Ok")
        ]
    );
    assert_eq!(
        rows[1][2..5],
        [Cell::Number(1.5), Cell::Number(-2.25), text("Google Maps: typed coordinates")]
    );
    assert_eq!(rows[1][5..], [Cell::DateTime(45292.0), Cell::Bool(true)]);
    let csv =
        String::from_utf8(write_csv(&input, &after_link(&input), Placement::AfterLink).unwrap()).unwrap();
    assert_eq!(csv.lines().next(), Some("\u{feff}Name,Link,Latitude,Longitude,Coordinate source,When,Ok"));
    assert_eq!(csv.lines().nth(4), Some(",,,,empty cell,0.25,"));
}

#[test]
fn formulas_hyperlinks_and_merges_survive_and_formulas_follow_moved_columns() {
    let mut input = workbook();
    input.sheets[0].rows[1].push(Cell::Number(3.0));
    input.sheets[0].rows[3].push(Cell::Number(4.0));
    input.sheets[0].rows[3][0] = text("Label");
    input.sheets[0].formulas = vec![((1, 4), "1+2".into()), ((3, 4), "E2+1".into())];
    input.sheets[0].hyperlinks = vec![((3, 0), "https://example.com/a".into())];
    input.sheets[0].merged = vec![Span { first: (2, 2), last: (2, 3) }];
    input.sheets[1].formulas = vec![((0, 1), "Links!E4&\"x\"".into())];
    input.sheets[1].rows[0][1] = text("4x");
    let output =
        read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx").unwrap();
    let (links, other) = (&output.sheets[0], &output.sheets[1]);
    assert_eq!(links.formulas, vec![((1, 7), "1+2".into()), ((3, 7), "H2+1".into())]);
    assert_eq!(links.rows[3][7], Cell::Number(4.0), "the cached result is kept");
    assert_eq!(links.hyperlinks, vec![((3, 0), "https://example.com/a".into())]);
    assert_eq!(links.merged, vec![Span { first: (2, 5), last: (2, 6) }]);
    assert_eq!(other.formulas, vec![((0, 1), "Links!H4&\"x\"".into())]);
    assert_eq!(other.rows[0][1], text("4x"));
}

#[test]
fn every_date_and_duration_keeps_its_number_format_not_only_the_first() {
    // Days, dates with a time and durations in both sheets, one under a formula and one in a
    // merged range: the first of each kind is rust_xlsxwriter's, the rest are streamed with
    // its style. calamine reads each back by its number format (ECMA-376 §18.8.30).
    let day = |n: u32| Cell::DateTime(f64::from(45_000 + n));
    let moment = |n: u32| Cell::DateTime(f64::from(45_000 + n) + 0.75);
    let length = |n: u32| Cell::Duration(f64::from(n) / 24.0);
    let rows: Vec<Vec<Cell>> = std::iter::once(vec![text("Link"), text("Day"), text("When"), text("Took")])
        .chain((1..=40).map(|n| {
            let link = text(&format!("https://maps.google.com/?q={n}.5,2.25"));
            vec![link, day(n), moment(n), length(n)]
        }))
        .collect();
    let mut other_rows = vec![vec![length(7), day(3)], vec![moment(9), Cell::Number(2.0)]];
    other_rows.extend((0..20).map(|n| vec![day(n), moment(n), length(n + 1)]));
    let mut input =
        Workbook::new(Format::Xlsx, vec![Sheet::new("Trips", rows), Sheet::new("More", other_rows)]);
    // The first day is under a formula; a date in a merged range; values that are no number.
    input.sheets[0].formulas = vec![((1, 1), "DATE(2023,3,19)".into()), ((5, 1), "DATE(2023,3,23)".into())];
    input.sheets[0].merged = vec![Span { first: (7, 2), last: (7, 3) }];
    input.sheets[0].rows[7][3] = Cell::Empty;
    input.sheets[1].rows[4][1] = Cell::DateTime(f64::NAN);
    input.sheets[1].rows[6][1] = Cell::DateTime(f64::INFINITY);
    let conversion = convert(&input, &Target::new(0, 0, true), |_, _| {});
    for placement in [Placement::AtEnd, Placement::AfterLink] {
        let xlsx = write_xlsx(&input, &conversion, placement).unwrap();
        let output = read(&xlsx, "out.xlsx").unwrap();
        // After the link column its three new columns come in: the rest move over.
        let moved = |sheet: usize, c: usize| {
            if sheet == 0 && placement == Placement::AfterLink && c > 0 {
                c + 3
            } else {
                c
            }
        };
        let styles = cell_styles(&xlsx);
        for (k, (written, read_back)) in input.sheets.iter().zip(&output.sheets).enumerate() {
            let mut style_of_kind: [Option<String>; 3] = Default::default();
            for (r, row) in written.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let at = format!("{} row {} column {} ({placement:?})", written.name, r + 1, c + 1);
                    let c = moved(k, c);
                    match cell {
                        Cell::DateTime(n) | Cell::Duration(n) if !n.is_finite() => {
                            assert_ne!(read_back.cell(r, c), &Cell::Empty, "{at} is kept");
                            continue;
                        }
                        _ => assert_eq!(read_back.cell(r, c), cell, "{at}"),
                    }
                    let Some(kind) = super::xlsx::style_kind(cell) else { continue };
                    let style = styles[k].get(&(r as u32, c as u32)).cloned();
                    let style = style.unwrap_or_else(|| panic!("{at} has no style"));
                    assert_eq!(style_of_kind[kind].get_or_insert_with(|| style.clone()), &style, "{at}");
                }
            }
            let distinct: std::collections::HashSet<_> = style_of_kind.iter().flatten().collect();
            assert_eq!(
                distinct.len(),
                3,
                "{}: a day, a date and time, a duration: a style each",
                written.name
            );
        }
        assert_eq!(output.sheets[0].formulas.len(), 2);
        assert_eq!(
            output.sheets[0].merged,
            vec![Span { first: (7, moved(0, 2) as u32), last: (7, moved(0, 3) as u32) }]
        );
    }
}

/// Each worksheet's cell styles (`s`) by 0-based (row, column), read from the package with
/// quick-xml (not with pinsheet's reader).
fn cell_styles(xlsx: &[u8]) -> Vec<std::collections::HashMap<(u32, u32), String>> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut sheets = Vec::new();
    for n in 1.. {
        let part = format!("xl/worksheets/sheet{n}.xml");
        let Ok(xml) = crate::ooxml::package::read_part(&mut archive, &part) else { break };
        let mut styles = std::collections::HashMap::new();
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        let mut buffer = Vec::new();
        loop {
            match reader.read_event_into(&mut buffer).unwrap() {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                    let reference = crate::ooxml::xml::attribute(&e, "r").unwrap();
                    let position = crate::ooxml::xml::reference_position(&reference).unwrap();
                    if let Some(style) = crate::ooxml::xml::attribute(&e, "s") {
                        styles.insert(position, style);
                    }
                }
                _ => {}
            }
            buffer.clear();
        }
        sheets.push(styles);
    }
    sheets
}

#[test]
fn a_link_rust_xlsxwriter_refuses_survives_as_a_hyperlink_formula() {
    let mut input = workbook();
    input.sheets[0].rows[3][0] = text("Map \"A\"");
    input.sheets[0].hyperlinks = vec![((3, 0), "geo:-33.8568,151.2153".into())];
    let output =
        read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx").unwrap();
    let sheet = &output.sheets[0];
    let formula = r#"HYPERLINK("geo:-33.8568,151.2153","Map ""A""")"#;
    assert_eq!(sheet.formulas, vec![((3, 0), formula.to_string())]);
    assert_eq!(sheet.rows[3][0], text("Map \"A\""), "it shows the same text");
    assert_eq!(sheet.link_behind(3, 0), Some("geo:-33.8568,151.2153"));
}

#[test]
fn several_link_columns_each_get_their_own_columns() {
    let mut input = Workbook {
        format: Format::Xlsx,
        sheets: vec![Sheet::new(
            "Trips",
            vec![
                vec![text("Name"), text("Pickup"), text("Drop"), text("Notes")],
                vec![text("a"), text("geo:1,2"), text("geo:3,4"), Cell::Number(9.0)],
            ],
        )],
        text: None,
    };
    input.sheets[0].formulas = vec![((1, 4), "D2*2".into())];
    input.sheets[0].rows[1].push(Cell::Number(18.0));
    let conversions: Vec<_> =
        [2, 1].iter().map(|&c| convert(&input, &Target::new(0, c, true), |_, _| {})).collect();
    let out = read(&write_xlsx_all(&input, &conversions, Placement::AfterLink, |_, _| {}).unwrap(), "o.xlsx")
        .unwrap();
    let names: Vec<_> = out.sheets[0].rows[0].iter().map(Cell::display).collect();
    assert_eq!(
        names,
        [
            "Name",
            "Pickup",
            "Latitude (Pickup)",
            "Longitude (Pickup)",
            "Coordinate source (Pickup)",
            "Drop",
            "Latitude",
            "Longitude",
            "Coordinate source",
            "Notes"
        ]
    );
    assert_eq!(out.sheets[0].rows[1][2..4], [Cell::Number(1.0), Cell::Number(2.0)]);
    assert_eq!(out.sheets[0].rows[1][6..8], [Cell::Number(3.0), Cell::Number(4.0)]);
    assert_eq!(out.sheets[0].formulas, vec![((1, 10), "J2*2".into())]);

    let csv = String::from_utf8(write_csv_all(&input, &conversions, Placement::AfterLink).unwrap()).unwrap();
    let rows = &read(csv.as_bytes(), "o.csv").unwrap().sheets[0].rows;
    assert_eq!(rows[1].len(), 11);
    assert_eq!(rows[1][2..4], [text("1"), text("2")]);
    assert_eq!(rows[1][6..8], [text("3"), text("4")]);

    let out =
        read(&write_xlsx_all(&input, &conversions, Placement::AtEnd, |_, _| {}).unwrap(), "o.xlsx").unwrap();
    let names: Vec<_> = out.sheets[0].rows[0].iter().skip(5).map(Cell::display).collect();
    assert_eq!(
        names,
        [
            "Latitude",
            "Longitude",
            "Coordinate source",
            "Latitude (Pickup)",
            "Longitude (Pickup)",
            "Coordinate source (Pickup)"
        ]
    );
}

#[test]
fn the_header_row_is_frozen_and_filtered() {
    let input = workbook();
    let xlsx = write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(
        xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<autoFilter ref="A1:G5"/>"#), "{xml}");
}

#[test]
fn xlsx_round_trip_keeps_every_cell_and_appends_three_columns() {
    let input = workbook();
    let output =
        read(&write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap(), "out.xlsx").unwrap();
    assert_eq!(output.sheets[1], input.sheets[1]);
    let rows = &output.sheets[0].rows;
    assert_eq!(rows.len(), input.sheets[0].rows.len());
    for (got, want) in rows.iter().zip(&input.sheets[0].rows) {
        assert_eq!(&got[..want.len().min(got.len())], &want[..want.len().min(got.len())]);
    }
    assert_eq!(rows[0][4..], [text("Latitude"), text("Longitude"), text("Coordinate source")]);
    assert_eq!(
        rows[1][4..],
        [Cell::Number(1.5), Cell::Number(-2.25), text("Google Maps: typed coordinates")]
    );
    assert!(rows[2].is_empty(), "a wholly empty row stays empty");
    assert_eq!(rows[3][4..], [Cell::Empty, Cell::Empty, text("short link — needs resolver")]);
    assert_eq!(rows[4][6], text("empty cell"));
}

#[test]
fn csv_pads_rows_and_names_the_new_columns() {
    let input = workbook();
    let csv = String::from_utf8(write_csv(&input, &converted(&input), Placement::AtEnd).unwrap()).unwrap();
    let lines: Vec<_> = csv.lines().collect();
    // Not read from text: UTF-8 with the byte-order mark Excel needs, comma-separated.
    assert_eq!(lines[0], "\u{feff}Name,Link,When,Ok,Latitude,Longitude,Coordinate source");
    assert_eq!(lines[1], "pin,\"https://maps.google.com/?q=1.5,-2.25\",2024-01-01,TRUE,1.5,-2.25,Google Maps: typed coordinates");
    assert_eq!(lines[2], ",,,,,,");
    assert_eq!(
        lines[3],
        "7.5,https://maps.app.goo.gl/x,2024-01-01 12:00:00,#N/A,,,short link — needs resolver"
    );
}

#[test]
fn sheet_names_excel_refuses_are_made_legal_and_unique() {
    let mut input = workbook();
    input.sheets[0].name = "Bad[name]?*".to_string() + &"x".repeat(40);
    input.sheets[1].name = "'History'".into();
    input.sheets.push(Sheet::new("links", vec![]));
    input.sheets.push(Sheet::new("LINKS", vec![]));
    let names: Vec<_> = crate::excel::sheet_names(&input);
    assert_eq!(names, ["Badnamexxxxxxxxxxxxxxxxxxxxxxxx", "Sheet2", "links", "LINKS (2)"]);
    let output =
        read(&write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap(), "out.xlsx").unwrap();
    assert_eq!(output.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), names);
}

#[test]
fn text_too_long_for_a_cell_is_refused_with_advice() {
    let mut input = workbook();
    input.sheets[1].rows[0][1] = text(&"y".repeat(40_000));
    let error = write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap_err();
    assert_eq!(error.to_string(), "Sheet 'Other' has a cell with more than 32,767 characters, more than an .xlsx cell holds. Download as CSV instead.");
}

#[test]
fn a_sheet_too_wide_for_excel_is_refused_with_advice() {
    let mut input = workbook();
    input.sheets[0].rows[0].resize(MAX_COLUMNS - 1, text("x"));
    let error = write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap_err();
    assert!(matches!(error, WriteError::TooLarge { columns: 16_386, .. }));
    assert!(error.to_string().contains("Download as CSV"));
}

/// `text` read as a CSV file, converted on column `link` (row 1 a header) and written as CSV.
fn csv_round_trip(bytes: &[u8], link: usize) -> (Vec<u8>, Option<String>) {
    let workbook = read(bytes, "in.csv").unwrap();
    let conversion = convert(&workbook, &Target::new(0, link, true), |_, _| {});
    write_csv_noted(&workbook, std::slice::from_ref(&conversion), Placement::AfterLink).unwrap()
}

/// CSV records in `text`, split on `delimiter` by the csv crate.
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_windows_1252_csv_with_semicolons_comes_back_windows_1252_with_semicolons() {
    let input = "Nom;Lien;Remarque\n\
        Café de Flore;https://maps.google.com/?q=48.854,2.3325;très bien\n\
        Zürich Hauptbahnhof;https://maps.google.com/?q=47.378,8.540;Gemütlich, süß\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(input);
    assert!(!unmappable);
    let (out, note) = csv_round_trip(&bytes, 1);
    assert_eq!(note, None);
    assert!(!out.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 mark on a Windows-1252 file");
    // é is 0xE9 in Windows-1252 (and two bytes in UTF-8).
    assert!(out.windows(4).any(|w| w == b"Caf\xE9"));
    let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling_and_without_replacement(&out).unwrap();
    let rows = records(&text, b';');
    assert_eq!(rows[0], ["Nom", "Lien", "Latitude", "Longitude", "Coordinate source", "Remarque"]);
    assert_eq!(rows[1][..2], ["Café de Flore", "https://maps.google.com/?q=48.854,2.3325"]);
    assert_eq!(rows[1][2..4], ["48.854", "2.3325"]);
    assert_eq!(rows[1][5], "très bien");
    assert_eq!(rows[2][0], "Zürich Hauptbahnhof");
    assert_eq!(rows[2][5], "Gemütlich, süß");
    assert!(rows[2][4].starts_with("Google Maps"), "{:?}", rows[2]);
}

#[test]
fn a_shift_jis_csv_comes_back_shift_jis() {
    let input = "名前,地図\n東京駅,\"https://maps.google.com/?q=35.6812,139.7671\"\n大阪城,\"https://maps.google.com/?q=34.6873,135.5262\"\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(input);
    let (out, note) = csv_round_trip(&bytes, 1);
    assert_eq!(note, None);
    let text = encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&out).unwrap();
    let rows = records(&text, b',');
    assert_eq!(
        rows[1][..4],
        ["東京駅", "https://maps.google.com/?q=35.6812,139.7671", "35.6812", "139.7671"]
    );
    assert_eq!(rows[2][0], "大阪城");
    // 東 is 0x93 0x8C in Shift_JIS (JIS X 0208 row 37, cell 76).
    assert!(out.windows(2).any(|w| w == b"\x93\x8C"));
}

#[test]
fn utf8_and_utf16_inputs_come_back_utf8_with_one_byte_order_mark() {
    let input = "Name\tLink\nCafé\thttps://maps.google.com/?q=48.854,2.3325\n";
    for bytes in [
        input.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF", input.as_bytes()].concat(),
        [&[0xFF, 0xFE][..], &input.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat(),
    ] {
        let (out, note) = csv_round_trip(&bytes, 1);
        assert_eq!(note, None);
        let text = std::str::from_utf8(&out).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("the byte-order mark Excel needs");
        assert!(!text.starts_with('\u{feff}'), "one mark only");
        let rows = records(text, b'\t');
        assert_eq!(rows[1][..4], ["Café", "https://maps.google.com/?q=48.854,2.3325", "48.854", "2.3325"]);
    }
}

#[test]
fn pinsheets_own_words_keep_to_what_a_legacy_encoding_holds() {
    // Amap's datum is converted ("GCJ-02 → WGS-84") and a short link needs a resolver
    // ("short link — needs resolver"): Windows-1252 has the dash (0x97) but no arrow;
    // Shift_JIS has the arrow (0x81A8) but not the dash (its 0x815C is U+2015, not U+2014).
    for (encoding, delimiter, [header, name]) in [
        (encoding_rs::WINDOWS_1252, ';', ["Nom", "Café de Flore, près de Saint-Germain"]),
        (encoding_rs::SHIFT_JIS, ',', ["名前", "東京駅"]),
    ] {
        let d = delimiter;
        let input = format!(
            "{header}{d}Link\n\
             {name}{d}\"https://maps.google.com/?q=48.8443,2.3744\"\n\
             Amap{d}\"https://uri.amap.com/marker?position=116.3974,39.9093\"\n\
             Short{d}https://maps.app.goo.gl/abc\n"
        );
        let (bytes, _, unmappable) = encoding.encode(&input);
        assert!(!unmappable);
        let (out, note) = csv_round_trip(&bytes, 1);
        assert_eq!(note, None, "{}", encoding.name());
        assert!(!out.starts_with(b"\xEF\xBB\xBF"), "{} stays {}", encoding.name(), encoding.name());
        let text = encoding.decode_without_bom_handling_and_without_replacement(&out).unwrap();
        let rows = records(&text, delimiter as u8);
        assert_eq!(rows[1][0], name);
        // Each character kept where the encoding has it, ASCII where it has not.
        let (arrow, dash) =
            if encoding == encoding_rs::WINDOWS_1252 { ("->", "\u{2014}") } else { ("\u{2192}", "-") };
        assert_eq!(rows[2][4], format!("Amap: place pin (GCJ-02 {arrow} WGS-84)"));
        assert_eq!(rows[3][4], format!("short link {dash} needs resolver"));
    }
}

#[test]
fn a_character_the_legacy_encoding_lacks_makes_the_whole_csv_utf8_with_a_note() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("Nom;Lien\nGare de Lyon;https://maps.google.com/?q=48.8443,2.3744\nCafé;x\n");
    let mut workbook = read(&bytes, "in.csv").unwrap();
    // A cell Windows-1252 has no bytes for (set after reading: a 1252 file cannot hold it).
    workbook.sheets[0].rows[1][0] = text("北京站");
    let job = crate::Job::new(Target::new(0, 1, true));
    let conversions = job.convert(&workbook, |_, _| {});
    let (out, note) = write_csv_noted(&workbook, &conversions, Placement::AfterLink).unwrap();
    let note = note.expect("a note");
    assert!(note.contains("windows-1252") && note.contains('北'), "{note}");
    let text = std::str::from_utf8(&out).unwrap().strip_prefix('\u{feff}').expect("UTF-8 with its mark");
    let rows = records(text, b';');
    assert_eq!(rows[1][0], "北京站");
    assert_eq!(rows[2][0], "Café");
    // The note reaches the file the front ends write.
    let source = crate::Input { name: "in.csv", workbook: &workbook, original: None };
    let file = crate::write_file(&source, &conversions, &job.output, crate::FileKind::Csv).unwrap();
    assert_eq!(file.note.as_deref(), Some(note.as_str()));
}

#[test]
fn the_text_format_read_is_the_one_kept() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Café;Zürich\nMünchen;Genève\n");
    let workbook = read(&bytes, "x.csv").unwrap();
    assert_eq!(workbook.text, Some(crate::TextFormat { delimiter: b';', encoding: "windows-1252".into() }));
    let workbook = read("a|b\n".as_bytes(), "x.csv").unwrap();
    assert_eq!(workbook.text, Some(crate::TextFormat { delimiter: b'|', encoding: "UTF-8".into() }));
    // Pasted lines and workbooks were not written as delimited text.
    assert_eq!(crate::read_lines("geo:1,2").text, None);
    assert_eq!(workbook_from_xlsx().text, None);
}

fn workbook_from_xlsx() -> Workbook {
    let input = workbook();
    let xlsx = write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap();
    read(&xlsx, "x.xlsx").unwrap()
}
