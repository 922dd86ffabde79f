//! StatsCards: the conversion's headline, its counts by status, and the rest behind "More".

use crate::components::format::{count, plural, rows};
use crate::labels::chip;
use crate::protocol::Converted;
use crate::state::Page;
use leptos::prelude::*;
use pinsheet_core::{Stats, Status};

/// What a conversion came to, in one sentence a person reads first.
pub fn headline(stats: &Stats) -> String {
    let pins = stats.with_coordinates - stats.low_confidence;
    let look = stats.rows.saturating_sub(pins);
    if stats.rows == 0 {
        return "The sheet has no rows to convert.".to_string();
    }
    if stats.with_coordinates == 0 && stats.needs_resolver == 0 {
        return format!("No coordinates found in {}.", rows(stats.rows));
    }
    let got = if stats.with_coordinates == stats.rows {
        match stats.rows {
            1 => "The row got coordinates".to_string(),
            2 => "Both rows got coordinates".to_string(),
            n => format!("All {} rows got coordinates", count(n)),
        }
    } else {
        format!("{} of {} got coordinates", count(stats.with_coordinates), rows(stats.rows))
    };
    match look {
        0 => format!("{got}."),
        1 => format!("{got} — 1 needs a look."),
        n => format!("{got} — {} need a look.", count(n)),
    }
}

/// The counts by status (only those above zero), in the words the file's `Status` column
/// uses: `(status, rows)`.
pub fn by_status(stats: &Stats) -> Vec<(Status, usize)> {
    [
        (Status::Ok, stats.with_coordinates - stats.low_confidence),
        (Status::LowConfidence, stats.low_confidence),
        (Status::NeedsResolver, stats.needs_resolver),
        (Status::NeedsReference, stats.needs_reference),
        (Status::NoCoordinates, stats.no_coordinates.saturating_sub(stats.needs_reference)),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
    .collect()
}

/// The headline (focused and announced when a conversion finishes), the counts by status
/// (the short-link count opens the resolver's settings), and rows, duplicates, time and the
/// other columns' counts behind "More".
#[component]
pub fn StatsCards(
    /// The finished conversion.
    #[prop(into)]
    result: Signal<Option<Converted>>,
) -> impl IntoView {
    let page = Page::get();
    let stats = move || result.with(|r| r.as_ref().map(|r| r.stats).unwrap_or_default());
    let duplicates = move || result.with(|r| r.as_ref().map_or(0, |r| r.duplicates));
    let resolved = move || result.with(|r| r.as_ref().map_or(0, |r| r.resolved));
    let elapsed = move || result.with(|r| r.as_ref().map_or(0.0, |r| r.elapsed_ms));
    let extracting = move || result.with(|r| r.as_ref().map_or(0.0, |r| r.extract_ms));
    let more_stats = move || result.with(|r| r.as_ref().map(|r| r.more_stats.clone()).unwrap_or_default());
    view! {
        <h2 class="ps-headline" id="ps-headline" tabindex="-1" aria-live="polite" data-testid="headline">
            {move || headline(&stats())}
        </h2>
        <ul class="ps-stats" data-testid="stats">
            {move || {
                by_status(&stats())
                    .into_iter()
                    .map(|(status, n)| {
                        let test_id = format!("stat-{}", chip_id(status));
                        let body = view! {
                            <span class="ps-stat__value">{count(n)}</span>
                            " "
                            <span class="ps-stat__label">{status.label()}</span>
                        };
                        let class = format!("ps-stat ps-stat--{}", chip(status));
                        if status == Status::NeedsResolver {
                            view! {
                                <li class=class data-testid=test_id>
                                    <button class="ps-stat__button" title="What short links need, and how to set a resolver" on:click=move |_| page.open_short_links()>
                                        {body}
                                    </button>
                                </li>
                            }
                            .into_any()
                        } else {
                            view! { <li class=class data-testid=test_id>{body}</li> }.into_any()
                        }
                    })
                    .collect_view()
            }}
        </ul>
        <details class="ps-more" data-testid="more">
            <summary>"More"</summary>
            <dl class="ps-more__list">
                <div><dt>"Data rows"</dt><dd data-testid="stat-rows">{move || count(stats().rows)}</dd></div>
                <Show when=move || { resolved() > 0 }>
                    <div><dt>"Short links resolved"</dt><dd data-testid="stat-resolved">{move || count(resolved())}</dd></div>
                </Show>
                <Show when=move || { duplicates() > 0 }>
                    <div>
                        <dt title="Rows whose point repeats an earlier row's exactly">"Repeated points"</dt>
                        <dd data-testid="stat-dup">{move || count(duplicates())}</dd>
                    </div>
                </Show>
                <div>
                    <dt>"Time"</dt>
                    <dd data-testid="elapsed" data-ms=move || elapsed().to_string() data-extract-ms=move || extracting().to_string()>
                        {move || format!("{}, on this device", duration(elapsed()))}
                    </dd>
                </div>
                {move || {
                    more_stats()
                        .into_iter()
                        .map(|(letter, s)| {
                            let words = by_status(&s)
                                .into_iter()
                                .map(|(status, n)| format!("{} {}", count(n), status.label()))
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <div data-testid="more-stats"><dt>{format!("Column {letter}")}</dt><dd>{words}</dd></div>
                            }
                        })
                        .collect_view()
                }}
            </dl>
        </details>
        <Show when=move || { stats().low_confidence > 0 }>
            <p class="ps-note">
                {move || {
                    let low = stats().low_confidence;
                    let points = plural(low, "point is", "points are");
                    format!("{points} low confidence: a map view's centre, not a pin (or 0°, 0°). Check them on the map.")
                }}
            </p>
        </Show>
    }
}

/// The stat's test id: the status's chip class, with the two resolver states apart.
fn chip_id(status: Status) -> &'static str {
    match status {
        Status::NeedsReference => "reference",
        status => chip(status),
    }
}

fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round())
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(rows: usize, with: usize, low: usize, resolver: usize, none: usize) -> Stats {
        Stats {
            rows,
            with_coordinates: with,
            low_confidence: low,
            needs_resolver: resolver,
            needs_reference: 0,
            no_coordinates: none,
        }
    }

    #[test]
    fn the_headline_counts_what_needs_a_look() {
        assert_eq!(headline(&stats(14, 12, 0, 1, 1)), "12 of 14 rows got coordinates — 2 need a look.");
        // A map view has coordinates, yet needs a look.
        assert_eq!(headline(&stats(14, 14, 1, 0, 0)), "All 14 rows got coordinates — 1 needs a look.");
        assert_eq!(headline(&stats(1_000, 1_000, 0, 0, 0)), "All 1,000 rows got coordinates.");
        assert_eq!(headline(&stats(1, 1, 0, 0, 0)), "The row got coordinates.");
        assert_eq!(headline(&stats(2, 2, 0, 0, 0)), "Both rows got coordinates.");
        assert_eq!(headline(&stats(1, 0, 0, 1, 0)), "0 of 1 row got coordinates — 1 needs a look.");
    }

    #[test]
    fn a_sheet_without_coordinates_says_so() {
        assert_eq!(headline(&stats(14, 0, 0, 0, 14)), "No coordinates found in 14 rows.");
        assert_eq!(headline(&stats(1, 0, 0, 0, 1)), "No coordinates found in 1 row.");
        assert_eq!(headline(&stats(0, 0, 0, 0, 0)), "The sheet has no rows to convert.");
    }

    #[test]
    fn only_statuses_with_rows_are_counted_in_the_files_words() {
        let counted = by_status(&stats(16, 11, 1, 2, 3));
        assert_eq!(
            counted,
            vec![
                (Status::Ok, 10),
                (Status::LowConfidence, 1),
                (Status::NeedsResolver, 2),
                (Status::NoCoordinates, 3)
            ]
        );
        let plus_codes = Stats { needs_reference: 2, ..stats(5, 3, 0, 0, 2) };
        assert_eq!(by_status(&plus_codes), vec![(Status::Ok, 3), (Status::NeedsReference, 2)]);
    }
}
