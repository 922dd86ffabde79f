//! Row conservation: whatever the workbook, every input row and cell comes out of a
//! conversion in order and unchanged, the new columns beside them.

use pinsheet_core::{
    convert, read, write_csv, write_xlsx, Cell, Conversion, Format, Placement, Sheet, Target, Workbook,
};
use proptest::prelude::*;

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        4 => Just(Cell::Empty),
        3 => "[ -~]{1,20}".prop_map(Cell::Text),
        1 => "[ -~àéîõüßø中文地図\\n\\t]{1,12}".prop_filter("not blank", |s| !s.is_empty()).prop_map(Cell::Text),
        2 => prop_oneof![
            Just("https://maps.google.com/?q=48.8583701,2.2944813"),
            Just("https://www.google.com/maps/@-33.8567844,151.213108,17z"),
            Just("https://maps.app.goo.gl/abc"),
            Just("geo:52.52,13.405"),
            Just("51°30′26″N 0°7′39″W"),
        ]
        .prop_map(|s| Cell::Text(s.to_string())),
        // What XML cannot carry as it is: entities, control characters, edge whitespace, text
        // that looks like Excel's own `_xHHHH_` escape.
        1 => prop_oneof![
            Just("a & b < c > d \"quoted\" 'single'"),
            Just("bell\u{7} and\u{1}\u{1f}controls\r\n"),
            Just("_x0041_ is not A"),
            Just("  padded  "),
            Just("\ttab first"),
            Just("noncharacters \u{FFFE}\u{FFFF}"),
        ]
        .prop_map(|s| Cell::Text(s.to_string())),
        2 => (-1e12f64..1e12).prop_map(Cell::Number),
        1 => any::<i32>().prop_map(|n| Cell::Number(f64::from(n))),
        1 => any::<bool>().prop_map(Cell::Bool),
        1 => (1u32..80_000).prop_map(|d| Cell::DateTime(f64::from(d))),
        1 => (1u32..80_000, 1u32..86_400).prop_map(|(d, s)| Cell::DateTime(f64::from(d) + f64::from(s) / 86_400.0)),
        1 => prop_oneof![Just("#N/A"), Just("#DIV/0!"), Just("#VALUE!"), Just("#REF!")]
            .prop_map(|e| Cell::Error(e.to_string())),
    ]
}

/// Rows as the reader gives them back: no trailing empty cells, no trailing empty rows.
fn normalised(mut rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    for row in &mut rows {
        while row.last() == Some(&Cell::Empty) {
            row.pop();
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

fn workbook() -> impl Strategy<Value = Workbook> {
    prop::collection::vec(prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..30), 1..4).prop_map(
        |sheets| Workbook {
            format: Format::Xlsx,
            sheets: sheets
                .into_iter()
                .enumerate()
                .map(|(i, rows)| Sheet::new(format!("Sheet {}", i + 1), normalised(rows)))
                .collect(),
            text: None,
        },
    )
}

/// The input as a real .xlsx file (no conversion: the target names no sheet).
fn as_file(model: &Workbook) -> Vec<u8> {
    let nothing =
        Conversion { target: Target::new(usize::MAX, 0, false), outcomes: vec![], stats: Default::default() };
    write_xlsx(model, &nothing, Placement::AfterLink).expect("the model fits Excel")
}

proptest! {
    // 96 cases in `make test`; PROPTEST_CASES=5000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_row_and_cell_survives_in_order(
        model in workbook(),
        sheet in any::<prop::sample::Index>(),
        column in 0usize..9,
        header in any::<bool>(),
        at_end in any::<bool>(),
    ) {
        let input = read(&as_file(&model), "in.xlsx").expect("our own file reads back");
        prop_assert_eq!(&input.sheets, &model.sheets, "reading the input file loses nothing");

        let sheet = sheet.index(model.sheets.len());
        let placement = if at_end { Placement::AtEnd } else { Placement::AfterLink };
        let conversion = convert(&input, &Target::new(sheet, column, header), |_, _| {});
        let output = read(&write_xlsx(&input, &conversion, placement).expect("writes"), "out.xlsx").expect("reads");
        prop_assert_eq!(output.sheets.len(), input.sheets.len());

        let width = input.sheets[sheet].width();
        let first_new = if at_end { width } else { column + 1 };
        for (index, (before, after)) in input.sheets.iter().zip(&output.sheets).enumerate() {
            prop_assert_eq!(&before.name, &after.name);
            if index != sheet {
                prop_assert_eq!(before, after);
                continue;
            }
            let rows_with_outcome = conversion.outcomes.iter().map(|o| o.row).max().map_or(0, |r| r + 1);
            prop_assert_eq!(after.rows.len(), before.rows.len().max(rows_with_outcome).max(usize::from(header && !before.rows.is_empty())));
            for (r, row) in before.rows.iter().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    let moved = if c >= first_new { c + 3 } else { c };
                    prop_assert_eq!(after.cell(r, moved), value, "row {} column {}", r, c);
                }
            }
            for outcome in &conversion.outcomes {
                let point = outcome.extraction.coordinate;
                prop_assert_eq!(after.cell(outcome.row, first_new), &point.map_or(Cell::Empty, |p| Cell::Number(p.lat())));
                prop_assert_eq!(after.cell(outcome.row, first_new + 1), &point.map_or(Cell::Empty, |p| Cell::Number(p.lon())));
                prop_assert_eq!(after.cell(outcome.row, first_new + 2), &Cell::Text(outcome.extraction.describe().into_owned()));
            }
        }

        // The CSV of the converted sheet has the same rows and the same values as text.
        let csv = write_csv(&input, &conversion, placement).expect("writes");
        prop_assume!(!csv.is_empty(), "an empty sheet makes an empty CSV");
        let csv = read(&csv, "out.csv").expect("reads");
        let rows = &csv.sheets[0].rows;
        for (r, row) in input.sheets[sheet].rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let moved = if c >= first_new { c + 3 } else { c };
                let want = value.display();
                let got = rows.get(r).and_then(|row| row.get(moved)).map(Cell::display).unwrap_or_default();
                prop_assert_eq!(got, want, "CSV row {} column {}", r, c);
            }
        }
    }
}
