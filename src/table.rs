//! The results table's arithmetic, without a DOM: which rows are in view, which to ask the
//! worker for, which of the loaded ones to draw, and how tall the spacers around them are.

use crate::protocol::{ResultRow, RowFilter};

/// Height of one table row in pixels; fixed by the CSS (`.ps-table--virtual td`), so the
/// scroll position says which rows are in view without measuring any.
pub const ROW_HEIGHT: f64 = 33.0;
/// Height of one row drawn as a two-line card on a narrow screen (the CSS's
/// `.ps-table--virtual tbody tr` below 640 px).
pub const CARD_HEIGHT: f64 = 58.0;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gaps.
pub const OVERSCAN: usize = 30;
/// Rows asked of the worker at a time.
pub const FETCH: usize = 200;

/// The rows the worker sent for the table: the position of the first among the rows the
/// filter keeps, the rows, how many rows it keeps, and the filter they answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableWindow {
    /// Position of `rows[0]` among the kept rows.
    pub from: usize,
    /// The rows.
    pub rows: Vec<ResultRow>,
    /// Rows the filter keeps (every row without one).
    pub matching: usize,
    /// The filter these rows answer.
    pub filter: RowFilter,
}

/// Positions `first..end` among the kept rows: those in view, with the overscan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InView {
    /// The first position drawn.
    pub first: usize,
    /// One past the last position drawn (at most the rows kept).
    pub end: usize,
}

impl InView {
    /// The rows in view when the scroller is `scroll_top` pixels down and `height` tall, of
    /// `total` rows `row` pixels high.
    pub fn at(scroll_top: f64, height: f64, total: usize, row: f64) -> Self {
        let first = rows_in(scroll_top, row).saturating_sub(OVERSCAN);
        let count = rows_in(height, row).saturating_add(2 * OVERSCAN);
        Self { first, end: first.saturating_add(count).min(total) }
    }

    /// The spacers' heights in pixels, above and below `drawn` rows drawn from `first`, so
    /// the table stays as tall as all `total` rows (`row` pixels high) whatever is loaded.
    pub fn spacers(self, drawn: usize, total: usize, row: f64) -> (f64, f64) {
        let below = total.saturating_sub(self.first + drawn);
        (self.first as f64 * row, below as f64 * row)
    }
}

/// Whole rows `row` pixels high in `pixels` (negative or not a number: none).
fn rows_in(pixels: f64, row: f64) -> usize {
    // `as` saturates: NaN and negatives become 0.
    (pixels / row) as usize
}

/// The scroll position that shows the row at `position` (rows `row` pixels high) a third of
/// the way down a scroller `height` pixels tall.
pub fn scroll_to(position: usize, height: f64, row: f64) -> f64 {
    (position as f64 * row - height / 3.0).max(0.0)
}

impl TableWindow {
    /// How many rows the table has under `current`: every row (`all`) without a filter, the
    /// worker's count once it has answered for this filter, else none yet.
    pub fn total(&self, current: &RowFilter, all: usize) -> usize {
        if current.is_all() {
            all
        } else if self.filter == *current {
            self.matching
        } else {
            0
        }
    }

    /// What to ask the worker for, as (from, count), when the rows in view are not loaded
    /// (or the filter's count is not known yet); `None` when they are.
    pub fn wanted(&self, current: &RowFilter, view: InView) -> Option<(usize, usize)> {
        let covered =
            self.filter == *current && self.from <= view.first && view.end <= self.from + self.rows.len();
        let unknown = !current.is_all() && self.filter != *current;
        (!covered && (view.first < view.end || unknown))
            .then(|| (view.first.saturating_sub(FETCH / 4), FETCH))
    }

    /// The loaded rows in view: a run from `view.first`, shorter while the worker's answer
    /// is on its way, and none for another filter's rows.
    pub fn drawn(&self, current: &RowFilter, view: InView) -> Vec<ResultRow> {
        if self.filter != *current {
            return Vec::new();
        }
        (view.first..view.end)
            .map_while(|i| i.checked_sub(self.from).and_then(|k| self.rows.get(k)).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinsheet_core::{Source, Status};

    fn row(index: usize) -> ResultRow {
        ResultRow {
            index,
            row: index + 2,
            link: format!("link {index}"),
            name: String::new(),
            lat: None,
            lon: None,
            words: "no coordinates".into(),
            source: Source::NoCoordinates,
            status: Status::NoCoordinates,
        }
    }

    fn window(from: usize, count: usize, matching: usize, filter: RowFilter) -> TableWindow {
        TableWindow { from, rows: (from..from + count).map(row).collect(), matching, filter }
    }

    fn problems() -> RowFilter {
        RowFilter { problems_only: true, query: String::new() }
    }

    #[test]
    fn at_the_top_the_view_is_the_visible_rows_and_the_overscan_below() {
        // 480 px show 14 whole rows; 30 more are drawn on each side (none above row 0).
        assert_eq!(InView::at(0.0, 480.0, 1_000_000, ROW_HEIGHT), InView { first: 0, end: 14 + 60 });
    }

    #[test]
    fn cards_on_a_narrow_screen_are_counted_at_their_own_height() {
        // 480 px show 8 whole cards of 58 px.
        assert_eq!(InView::at(0.0, 480.0, 1_000_000, CARD_HEIGHT), InView { first: 0, end: 8 + 60 });
        assert_eq!(InView { first: 40, end: 108 }.spacers(68, 1000, CARD_HEIGHT).0, 40.0 * CARD_HEIGHT);
        assert_eq!(scroll_to(100, 480.0, CARD_HEIGHT), 100.0 * CARD_HEIGHT - 160.0);
    }

    #[test]
    fn scrolled_down_the_overscan_reaches_above_too() {
        let view = InView::at(1000.0 * ROW_HEIGHT, 480.0, 1_000_000, ROW_HEIGHT);
        assert_eq!(view, InView { first: 970, end: 970 + 74 });
    }

    #[test]
    fn the_view_ends_at_the_last_row() {
        assert_eq!(InView::at(0.0, 480.0, 5, ROW_HEIGHT), InView { first: 0, end: 5 });
        assert_eq!(InView::at(0.0, 480.0, 0, ROW_HEIGHT), InView { first: 0, end: 0 });
        // Scrolled past the end (the rows just shrank under a filter): nothing to draw.
        let past = InView::at(500.0 * ROW_HEIGHT, 480.0, 10, ROW_HEIGHT);
        assert_eq!(past.end, 10);
        assert!(past.first >= past.end);
    }

    #[test]
    fn odd_scroll_values_do_not_panic() {
        assert_eq!(InView::at(-50.0, f64::NAN, 100, ROW_HEIGHT), InView { first: 0, end: 60 });
        let huge = InView::at(f64::MAX, f64::MAX, usize::MAX, ROW_HEIGHT);
        assert!(huge.first <= huge.end);
    }

    #[test]
    fn spacers_keep_the_table_as_tall_as_every_row() {
        let view = InView { first: 100, end: 174 };
        let (above, below) = view.spacers(74, 1000, ROW_HEIGHT);
        assert_eq!(above, 100.0 * ROW_HEIGHT);
        assert_eq!(below, (1000 - 174) as f64 * ROW_HEIGHT);
        // While rows load, the space they will take is below.
        assert_eq!(view.spacers(0, 1000, ROW_HEIGHT).1, 900.0 * ROW_HEIGHT);
        // Fewer rows than the view: nothing below.
        assert_eq!(view.spacers(74, 50, ROW_HEIGHT).1, 0.0);
    }

    #[test]
    fn scrolling_to_a_row_puts_it_a_third_down() {
        assert_eq!(scroll_to(0, 480.0, ROW_HEIGHT), 0.0);
        assert_eq!(scroll_to(3, 480.0, ROW_HEIGHT), 0.0);
        assert_eq!(scroll_to(100, 480.0, ROW_HEIGHT), 100.0 * ROW_HEIGHT - 160.0);
    }

    #[test]
    fn the_total_is_every_row_or_the_answered_filter_count() {
        let unfiltered = window(0, 10, 1000, RowFilter::default());
        assert_eq!(unfiltered.total(&RowFilter::default(), 1000), 1000);
        // Asked for problems, not answered yet.
        assert_eq!(unfiltered.total(&problems(), 1000), 0);
        let answered = window(0, 10, 37, problems());
        assert_eq!(answered.total(&problems(), 1000), 37);
        // A query of spaces filters nothing.
        let spaces = RowFilter { problems_only: false, query: "  ".into() };
        assert_eq!(answered.total(&spaces, 1000), 1000);
    }

    #[test]
    fn loaded_rows_in_view_are_not_asked_again() {
        let loaded = window(0, 200, 1000, RowFilter::default());
        assert_eq!(loaded.wanted(&RowFilter::default(), InView { first: 0, end: 74 }), None);
        assert_eq!(loaded.wanted(&RowFilter::default(), InView { first: 126, end: 200 }), None);
    }

    #[test]
    fn rows_past_the_loaded_ones_are_asked_from_a_little_above() {
        let loaded = window(0, 200, 1000, RowFilter::default());
        let view = InView { first: 170, end: 244 };
        assert_eq!(loaded.wanted(&RowFilter::default(), view), Some((170 - FETCH / 4, FETCH)));
        // Near the top the request starts at row 0.
        let later = window(500, 200, 1000, RowFilter::default());
        assert_eq!(later.wanted(&RowFilter::default(), InView { first: 10, end: 84 }), Some((0, FETCH)));
    }

    #[test]
    fn a_new_filter_is_asked_for_even_before_its_count_is_known() {
        let loaded = window(0, 200, 1000, RowFilter::default());
        // The total under the new filter is 0 until the worker answers, so the view is empty.
        assert_eq!(loaded.wanted(&problems(), InView { first: 0, end: 0 }), Some((0, FETCH)));
        // Once answered with no rows, nothing more is asked.
        let none = window(0, 0, 0, problems());
        assert_eq!(none.wanted(&problems(), InView { first: 0, end: 0 }), None);
    }

    #[test]
    fn only_the_loaded_run_from_the_first_row_in_view_is_drawn() {
        let loaded = window(100, 50, 1000, RowFilter::default());
        let indices =
            |view| loaded.drawn(&RowFilter::default(), view).iter().map(|r| r.index).collect::<Vec<_>>();
        assert_eq!(indices(InView { first: 120, end: 140 }), (120..140).collect::<Vec<_>>());
        // The end is not loaded yet: the run stops where the loaded rows do.
        assert_eq!(indices(InView { first: 140, end: 200 }), (140..150).collect::<Vec<_>>());
        // The start is not loaded: nothing, rather than rows in the wrong place.
        assert!(indices(InView { first: 90, end: 120 }).is_empty());
        // Rows that answer another filter are never drawn.
        assert!(loaded.drawn(&problems(), InView { first: 120, end: 140 }).is_empty());
    }
}
