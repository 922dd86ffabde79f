//! The session on small files made here: every request, answered as the page would get it.

use super::*;
use pinsheet_core::{extract, Output, Service, Source};
use std::cell::Cell as Counter;
use std::rc::Rc;

/// A session whose clock moves 5 ms each time it is read.
fn session() -> Session {
    let now = Rc::new(Counter::new(0.0));
    Session::new(move || {
        now.set(now.get() + 5.0);
        now.get()
    })
}

/// Progress reports, kept.
fn reports() -> (Rc<std::cell::RefCell<Vec<RowProgress>>>, impl FnMut(RowProgress)) {
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let keep = seen.clone();
    (seen, move |step| keep.borrow_mut().push(step))
}

const PLACES: &str = "Name,Link\n\
    Eiffel Tower,\"https://www.google.com/maps/@48.8583701,2.2944813,17z\"\n\
    Big Ben,\"geo:51.5007,-0.1246\"\n\
    Somewhere,https://maps.app.goo.gl/abc\n\
    Nowhere,no link here\n";

fn open_csv(session: &mut Session, text: &str) -> Preview {
    match session.open("places.csv".into(), text.as_bytes().to_vec(), &mut |_| {}) {
        Response::Opened(preview) => preview,
        other => panic!("not opened: {other:?}"),
    }
}

fn converted(response: Response) -> (Converted, Files) {
    match response {
        Response::Converted(converted, files) => (*converted, files),
        other => panic!("not converted: {other:?}"),
    }
}

fn failed(response: Response) -> String {
    match response {
        Response::Failed(message) => message,
        other => panic!("did not fail: {other:?}"),
    }
}

fn rows(response: Response) -> (usize, Vec<ResultRow>, usize) {
    match response {
        Response::Rows { from, rows, matching, .. } => (from, rows, matching),
        other => panic!("no rows: {other:?}"),
    }
}

/// A two-sheet .xlsx whose link cells say "Map" with the link behind them.
fn linked_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "nothing here").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Places").unwrap();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet.write_string(0, 1, "Link").unwrap();
    sheet.write_string(1, 0, "Zürich").unwrap();
    sheet.write_url_with_text(1, 1, "https://maps.google.com/?q=47.3769,8.5417", "Map").unwrap();
    sheet.write_string(2, 0, "Bern").unwrap();
    sheet.write_url_with_text(2, 1, "https://www.openstreetmap.org/?mlat=46.948&mlon=7.4474", "Map").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn nothing_is_answered_before_a_file_is_open() {
    let mut session = session();
    for response in
        [session.points(), session.copy_all(), session.export(FileKind::Csv), session.select_sheet(0)]
    {
        assert_eq!(failed(response), "Choose a file first.");
    }
}

#[test]
fn a_csv_opens_with_its_link_column_and_header_proposed() {
    let mut session = session();
    let (seen, mut keep) = reports();
    let Response::Opened(preview) = session.open("places.csv".into(), PLACES.as_bytes().to_vec(), &mut keep)
    else {
        panic!("not opened")
    };
    assert_eq!(preview.file_name, "places.csv");
    assert_eq!(preview.target, Target::new(0, 1, true));
    assert!(preview.is_csv && !preview.is_xlsx);
    assert_eq!(preview.sheets.len(), 1);
    assert_eq!(preview.sheets[0].rows, 5);
    assert_eq!(preview.head[1], ["Eiffel Tower", "https://www.google.com/maps/@48.8583701,2.2944813,17z"]);
    let link = preview.columns.iter().find(|c| c.column == 1).expect("column B is offered");
    assert_eq!((link.letter.as_str(), link.header.as_deref(), link.links), ("B", Some("Link"), 3));
    // A small file is read before there is anything to report.
    assert!(seen.borrow().is_empty());
}

#[test]
fn reading_reports_the_bytes_read_of_the_file_s_size() {
    let mut session = session();
    let (seen, mut keep) = reports();
    let text = format!("Name,Link\n{}", "Depot,\"geo:1,2\"\n".repeat(150_000));
    let Response::Opened(_) = session.open("big.csv".into(), text.clone().into_bytes(), &mut keep) else {
        panic!("not opened")
    };
    let seen = seen.borrow();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(seen.iter().all(|p| p.stage == Stage::Reading && p.total == text.len() && p.done <= p.total));
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done));
}

#[test]
fn an_unreadable_file_fails_with_its_name() {
    let mut session = session();
    let message = failed(session.open("broken.xlsx".into(), b"PK\x03\x04 not a zip".to_vec(), &mut |_| {}));
    assert!(message.starts_with("broken.xlsx: "), "{message}");
    // The session holds nothing afterwards.
    assert_eq!(failed(session.points()), "Choose a file first.");
}

#[test]
fn converting_a_csv_gives_stats_rows_short_links_and_the_csv_named_after_the_input() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    let (seen, mut keep) = reports();
    let (result, files) = converted(session.convert(Job::new(preview.target), &mut keep));
    assert_eq!(result.stats.rows, 4);
    assert_eq!(result.stats.with_coordinates, 2);
    assert_eq!(result.stats.low_confidence, 1);
    assert_eq!(result.stats.needs_resolver, 1);
    assert_eq!(result.rows.len(), 4);
    assert_eq!(result.rows[1].lat, Some(51.5007));
    assert_eq!(result.rows[1].status, Status::Ok);
    assert_eq!(result.rows[2].source, Source::ShortLink(Service::Google));
    assert_eq!(result.short_links.len(), 1);
    assert_eq!((result.short_links[0].row, result.short_links[0].column), (3, 1));
    assert_eq!(result.short_links[0].link, "https://maps.app.goo.gl/abc");
    assert!(!result.after_resolving);
    // The clock was read around the work: the times are the clock's, not the browser's.
    assert!(result.elapsed_ms > 0.0 && result.extract_ms > 0.0 && result.extract_ms < result.elapsed_ms);
    // A CSV input gets its CSV (core's name for it) beside the .xlsx.
    let csv = files.csv.expect("a CSV for a CSV input");
    assert_eq!((csv.name.as_str(), csv.kind), ("places.coordinates.csv", FileKind::Csv));
    let text = String::from_utf8(csv.contents.bytes().unwrap().to_vec()).unwrap();
    assert!(text.starts_with("\u{feff}Name,Link,Latitude,Longitude,Coordinate source\n"), "{text}");
    assert!(text.contains("Big Ben,\"geo:51.5007,-0.1246\",51.5007,-0.1246,"), "{text}");
    let xlsx = files.xlsx.expect("an .xlsx too");
    assert_eq!(xlsx.name, "places.coordinates.xlsx");
    assert!(xlsx.contents.bytes().unwrap().starts_with(b"PK"));
    assert_eq!(files.xlsx_error, None);
    // Converting, then writing.
    let stages: Vec<Stage> = seen.borrow().iter().map(|p| p.stage).collect();
    assert!(stages.contains(&Stage::Converting) && stages.contains(&Stage::Writing), "{stages:?}");
    assert!(
        stages.iter().position(|s| *s == Stage::Writing)
            > stages.iter().position(|s| *s == Stage::Converting)
    );
}

#[test]
fn a_stale_sheet_or_column_choice_fails_instead_of_panicking() {
    let mut session = session();
    open_csv(&mut session, PLACES);
    let stale = Job::new(Target::new(3, 1, true));
    assert_eq!(
        failed(session.convert(stale, &mut |_| {})),
        "That sheet is not in the file; choose it again."
    );
    assert_eq!(failed(session.select_sheet(7)), "That sheet is not in the file.");
    // Nothing was converted, so there are no rows to show yet.
    assert_eq!(failed(session.rows(0, 10, RowFilter::default())), "Convert the file first.");
    // A column past the sheet's last converts to empty cells, not a panic.
    let (result, _) = converted(session.convert(Job::new(Target::new(0, 900, true)), &mut |_| {}));
    assert_eq!(result.stats.with_coordinates, 0);
}

#[test]
fn keeping_the_formatting_of_a_csv_is_refused() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    let mut job = Job::new(preview.target);
    job.output = Output { keep_formatting: true, ..Output::default() };
    assert!(failed(session.convert(job, &mut |_| {})).contains(".xlsx and .xlsm"));
}

#[test]
fn rows_come_in_windows_and_filters_keep_their_own_positions() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    converted(session.convert(Job::new(preview.target), &mut |_| {}));
    let (from, window, matching) = rows(session.rows(1, 2, RowFilter::default()));
    assert_eq!((from, matching), (1, 4));
    assert_eq!(window.iter().map(|r| r.row).collect::<Vec<_>>(), [3, 4]);
    // Past the end: no rows, and no panic.
    let (_, none, _) = rows(session.rows(usize::MAX, usize::MAX, RowFilter::default()));
    assert!(none.is_empty());
    // Problems: the map view, the short link, the row without coordinates.
    let problems = RowFilter { problems_only: true, query: String::new() };
    let (_, window, matching) = rows(session.rows(0, 10, problems.clone()));
    assert_eq!(matching, 3);
    assert_eq!(window.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 2, 3]);
    let (_, second, _) = rows(session.rows(1, 1, problems));
    assert_eq!(second[0].index, 2);
    // A search matches the link text, the source words or the row number, in any case.
    let mut search = |query: &str| {
        let filter = RowFilter { problems_only: false, query: query.into() };
        let (_, window, matching) = rows(session.rows(0, 10, filter));
        (matching, window.iter().map(|r| r.row).collect::<Vec<_>>())
    };
    assert_eq!(search("GOO.GL"), (1, vec![4]));
    assert_eq!(search("map view"), (1, vec![2]));
    // Row 5's cell says "no link here": its row number matches.
    assert!(search("5").1.contains(&5));
    assert_eq!(search("zzz"), (0, vec![]));
}

#[test]
fn points_and_copy_all_cover_the_first_link_column() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    converted(session.convert(Job::new(preview.target), &mut |_| {}));
    let Response::Points(points) = session.points() else { panic!("no points") };
    assert_eq!(points.total, 2);
    assert_eq!(points.lat, [48.8583701, 51.5007]);
    assert_eq!(points.lon, [2.2944813, -0.1246]);
    assert_eq!(points.low, [true, false]);
    assert_eq!(points.index, [0, 1]);
    let Response::Copied(text) = session.copy_all() else { panic!("nothing copied") };
    assert_eq!(text, "48.8583701\t2.2944813\n51.5007\t-0.1246\n\n\n");
}

#[test]
fn resolved_links_are_merged_and_the_files_written_again() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    let (first, _) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    let pending = &first.short_links[0];
    let found = Resolved { row: pending.row, column: pending.column, extraction: extract("geo:40.0,-3.5") };
    // An answer for a column that was not converted is ignored.
    let elsewhere = Resolved { row: 1, column: 0, extraction: extract("geo:1,1") };
    let (after, files) = converted(session.apply_resolved(vec![found, elsewhere], &mut |_| {}));
    assert!(after.after_resolving);
    assert_eq!(after.resolved, 1);
    assert_eq!(after.stats.with_coordinates, 3);
    assert_eq!(after.stats.needs_resolver, 0);
    assert!(after.short_links.is_empty());
    assert_eq!(after.rows[2].lat, Some(40.0));
    let csv = String::from_utf8(files.csv.unwrap().contents.bytes().unwrap().to_vec()).unwrap();
    assert!(csv.contains("Somewhere,https://maps.app.goo.gl/abc,40,-3.5,"), "{csv}");
    // The table and the map see the merged point.
    let (_, window, _) = rows(session.rows(2, 1, RowFilter::default()));
    assert_eq!(window[0].lat, Some(40.0));
    let Response::Points(points) = session.points() else { panic!("no points") };
    assert_eq!(points.total, 3);
}

#[test]
fn a_full_link_pasted_for_a_short_link_row_is_merged_and_text_without_a_point_changes_nothing() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    let (first, _) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    let pending = first.short_links[0].clone();
    // What the address bar shows once maps.app.goo.gl has redirected: a place with its pin.
    let full = "https://www.google.com/maps/place/Pike+Place+Market/@47.6097,-122.3422,17z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d47.6097199!4d-122.3421707";
    let Response::LinkRefused { row, message } =
        session.use_link(pending.row, pending.column, "see you there", &mut |_| {})
    else {
        panic!("text without a point was not refused");
    };
    assert_eq!(row, pending.row, "the refusal names the row it answers");
    assert!(message.starts_with("No coordinates in what was pasted"), "{message}");
    let (after, _) = converted(session.use_link(pending.row, pending.column, full, &mut |_| {}));
    assert!(after.after_resolving, "the page must not send the row to a resolver again");
    assert_eq!(after.stats.needs_resolver, 0);
    assert_eq!(after.rows[2].lat, Some(47.6097199));
    assert_eq!(after.rows[2].lon, Some(-122.3421707));
}

#[test]
fn a_conversion_that_fails_says_so_as_its_own_answer() {
    // The page tells a failed conversion from other failures by this answer alone.
    let mut session = session();
    let job = Job::new(pinsheet_core::Target::new(0, 0, false));
    let Response::NotConverted(message) = session.handle(Request::Convert(job), &mut |_| {}) else {
        panic!("a conversion without a file did not answer NotConverted");
    };
    assert_eq!(message, "Choose a file first.");
}

#[test]
fn answers_before_a_conversion_ask_for_one() {
    let mut session = session();
    open_csv(&mut session, PLACES);
    assert_eq!(failed(session.apply_resolved(Vec::new(), &mut |_| {})), "Convert the file first.");
    assert_eq!(failed(session.export(FileKind::Kml)), "Convert the file first.");
    assert_eq!(failed(session.points()), "Convert the file first.");
    assert_eq!(failed(session.copy_all()), "Convert the file first.");
}

#[test]
fn exports_are_named_by_core_after_the_input() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    converted(session.convert(Job::new(preview.target), &mut |_| {}));
    for (kind, name, start) in [
        (FileKind::GeoJson, "places.coordinates.geojson", "{"),
        (FileKind::Kml, "places.coordinates.kml", "<?xml"),
        (FileKind::Gpx, "places.coordinates.gpx", "<?xml"),
        (FileKind::Csv, "places.coordinates.csv", "\u{feff}Name,Link,"),
    ] {
        let Response::Exported(file) = session.export(kind) else { panic!("no {kind:?}") };
        assert_eq!((file.name.as_str(), file.kind), (name, kind));
        let text = String::from_utf8(file.contents.bytes().unwrap().to_vec()).unwrap();
        assert!(text.starts_with(start), "{kind:?}: {text}");
    }
}

#[test]
fn an_xlsx_row_shows_the_link_behind_its_cell_read_once_at_conversion() {
    let mut session = session();
    let Response::Opened(preview) = session.open("book.xlsm".into(), linked_xlsx(), &mut |_| {}) else {
        panic!("not opened")
    };
    // The sheet with the links is proposed, not the first one.
    assert_eq!(preview.target, Target::new(1, 1, true));
    assert!(preview.is_xlsx && !preview.is_csv);
    assert_eq!(preview.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Notes", "Places"]);
    let mut job = Job::new(preview.target);
    job.output.keep_formatting = true;
    let (result, files) = converted(session.convert(job, &mut |_| {}));
    assert_eq!(result.rows[0].link, "https://maps.google.com/?q=47.3769,8.5417");
    assert_eq!(result.rows[1].lat, Some(46.948));
    // Kept formatting on a macro workbook: core keeps the .xlsm name; no CSV for an .xlsx.
    let xlsx = files.xlsx.expect("the patched workbook");
    assert_eq!((xlsx.name.as_str(), xlsx.kind), ("book.coordinates.xlsm", FileKind::Xlsm));
    assert_eq!(files.xlsx_note, None);
    assert!(files.csv.is_none());
    // The search finds a row by the link behind its "Map".
    let filter = RowFilter { problems_only: false, query: "openstreetmap".into() };
    let (_, window, matching) = rows(session.rows(0, 10, filter));
    assert_eq!((matching, window[0].row), (1, 3));
    // Another sheet: its own proposal, and the conversion is gone with the old view.
    let Response::Opened(notes) = session.select_sheet(0) else { panic!("no preview") };
    assert_eq!(notes.target.sheet, 0);
}

#[test]
fn pasted_lines_are_one_cell_each() {
    let mut session = session();
    let Response::Opened(preview) = session.paste("48.85, 2.29\ngeo:1,2\n") else { panic!("not opened") };
    assert_eq!(preview.file_name, "pasted.txt");
    let (result, files) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    assert_eq!(result.stats.with_coordinates, 2);
    assert_eq!(files.csv.map(|f| f.name).as_deref(), Some("pasted.coordinates.csv"));
    assert!(failed(session.paste("")).starts_with("There is nothing to convert"));
}

#[test]
fn handle_sends_each_request_to_its_method() {
    let mut session = session();
    let open = Request::Open { name: "places.csv".into(), file: Contents::Bytes(PLACES.as_bytes().to_vec()) };
    let Response::Opened(preview) = session.handle(open, &mut |_| {}) else { panic!("not opened") };
    converted(session.handle(Request::Convert(Job::new(preview.target)), &mut |_| {}));
    let filter = RowFilter::default();
    let (_, window, _) = rows(session.handle(Request::Rows { from: 0, count: 1, filter }, &mut |_| {}));
    assert_eq!(window.len(), 1);
    assert!(matches!(session.handle(Request::CopyAll, &mut |_| {}), Response::Copied(_)));
}

#[test]
fn rows_and_points_carry_the_name_column_and_their_spreadsheet_row() {
    let mut session = session();
    let preview = open_csv(&mut session, PLACES);
    let (result, _) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    assert_eq!(result.name_column.as_deref(), Some("Name"));
    let names: Vec<&str> = result.rows.iter().map(|row| row.name.as_str()).collect();
    assert_eq!(names, ["Eiffel Tower", "Big Ben", "Somewhere", "Nowhere"]);
    let Response::Points(points) = session.points() else { panic!("no points") };
    assert_eq!(points.row, [2, 3]);
    assert_eq!(points.name, ["Eiffel Tower", "Big Ben"]);
    // The search finds a row by its name.
    let (_, rows, matching) =
        rows(session.rows(0, 10, RowFilter { problems_only: false, query: "big ben".into() }));
    assert_eq!((matching, rows[0].row), (1, 3));
}

#[test]
fn without_a_header_the_name_column_is_called_by_its_letters_and_long_names_are_cut() {
    let mut session = session();
    let long = "Ü".repeat(200);
    let csv = format!("\"geo:1,2\";Depot\n\"geo:3,4\";{long}\n");
    let preview = open_csv(&mut session, &csv);
    assert!(!preview.target.header);
    let (result, _) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    assert_eq!(result.name_column.as_deref(), Some("B"));
    assert_eq!(result.rows[0].name, "Depot");
    assert_eq!(result.rows[1].name, format!("{}…", "Ü".repeat(NAME_CHARS)));
}

#[test]
fn a_sheet_of_links_alone_has_no_name_column() {
    let mut session = session();
    let preview = open_csv(&mut session, "Link;id\ngeo:1,2;1\ngeo:3,4;2\n");
    let (result, _) = converted(session.convert(Job::new(preview.target), &mut |_| {}));
    assert_eq!(result.name_column, None);
    assert!(result.rows.iter().all(|row| row.name.is_empty()));
    let Response::Points(points) = session.points() else { panic!("no points") };
    assert_eq!(
        (points.row.as_slice(), points.name.as_slice()),
        (&[2, 3][..], &[String::new(), String::new()][..])
    );
}

#[test]
fn counted_rows_are_those_the_link_counts_read() {
    let mut session = session();
    assert_eq!(open_csv(&mut session, PLACES).counted_rows, 5);
    let long = format!("Link\n{}", "geo:1,2\n".repeat(pinsheet_core::SAMPLE_ROWS + 500));
    let preview = open_csv(&mut session, &long);
    assert_eq!(preview.counted_rows, pinsheet_core::SAMPLE_ROWS);
    let link = preview.columns.iter().find(|c| c.column == 0).expect("column A is offered");
    // The header is one of the rows counted.
    assert_eq!(link.links, pinsheet_core::SAMPLE_ROWS - 1);
}

#[test]
fn the_preview_shows_the_link_of_a_hyperlink_formula_saved_without_its_result() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet.write_string(0, 1, "Link").unwrap();
    sheet.write_string(1, 0, "Zürich").unwrap();
    // The label is an expression, so nothing but a calculation could say what it shows;
    // the file saves no result, as openpyxl does.
    let formula = r#"HYPERLINK("https://maps.google.com/?q=47.3769,8.5417",A2)"#;
    sheet.write_formula(1, 1, formula).unwrap();
    let bytes = without_results(&book.save_to_buffer().unwrap());
    let mut session = session();
    let Response::Opened(preview) = session.open("links.xlsx".into(), bytes, &mut |_| {}) else {
        panic!("not opened")
    };
    assert_eq!(preview.head[1], ["Zürich", "https://maps.google.com/?q=47.3769,8.5417"]);
    assert_eq!(preview.target.column, 1);
}

/// An .xlsx package again with its formulas' cached results taken out, as openpyxl saves
/// them (rust_xlsxwriter always writes one).
fn without_results(xlsx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(text).unwrap();
            let start = xml.find("</f>").unwrap() + 4;
            let end = start + xml[start..].find("</c>").unwrap();
            text = format!("{}{}", &xml[..start], &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}
