//! StatsCards: the counts of the conversion's outcomes and its time.

use crate::protocol::Converted;
use leptos::prelude::*;

/// Counts of the conversion's outcomes.
#[component]
pub fn StatsCards(
    /// The finished conversion.
    #[prop(into)]
    result: Signal<Option<Converted>>,
) -> impl IntoView {
    let stats = move || result.with(|r| r.as_ref().map(|r| r.stats).unwrap_or_default());
    let duplicates = move || result.with(|r| r.as_ref().map_or(0, |r| r.duplicates));
    let resolved = move || result.with(|r| r.as_ref().map_or(0, |r| r.resolved));
    let elapsed = move || result.with(|r| r.as_ref().map_or(0.0, |r| r.elapsed_ms));
    let extracting = move || result.with(|r| r.as_ref().map_or(0.0, |r| r.extract_ms));
    let card = move |label: &'static str,
                     modifier: &'static str,
                     hint: &'static str,
                     value: Box<dyn Fn() -> usize + Send + Sync>| {
        view! {
            <div class=format!("ps-stat ps-stat--{modifier}") title=hint data-testid=format!("stat-{modifier}")>
                <span class="ps-stat__value">{move || crate::components::format::count(value())}</span>
                <span class="ps-stat__label">{label}</span>
            </div>
        }
    };
    view! {
        <div class="ps-stats" data-testid="stats">
            {card("rows", "rows", "Data rows looked at (the header and empty rows are not counted)", Box::new(move || stats().rows))}
            {card("with coordinates", "ok", "Rows that got a latitude and longitude", Box::new(move || stats().with_coordinates))}
            {card("pins", "pin", "Points a link or text marks exactly", Box::new(move || stats().with_coordinates - stats().low_confidence))}
            {card("map views", "low", "Low confidence: the link's map centre, not a pin (or 0°, 0°)", Box::new(move || stats().low_confidence))}
            {card("short links resolved", "resolved", "Short links the resolver turned into points", Box::new(resolved))}
            {card("short links pending", "resolver", "Short links and place ids waiting for the resolver", Box::new(move || stats().needs_resolver))}
            {card("no coordinates", "none", "Rows without a link or coordinate text pinsheet can read", Box::new(move || stats().no_coordinates))}
            {card("duplicates", "dup", "Rows whose point repeats an earlier row's exactly", Box::new(duplicates))}
        </div>
        <p class="ps-note" data-testid="elapsed" data-ms=move || elapsed().to_string() data-extract-ms=move || extracting().to_string()>
            {move || format!("Converted in {}, on this device.", duration(elapsed()))}
        </p>
        <p class="ps-note" data-testid="more-stats">
            {move || {
                result.with(|r| {
                    r.as_ref()
                        .map(|r| {
                            r.more_stats
                                .iter()
                                .map(|(letter, s)| {
                                    format!(
                                        "Column {letter}: {} with coordinates, {} needs resolver, {} no coordinates. ",
                                        s.with_coordinates, s.needs_resolver, s.no_coordinates
                                    )
                                })
                                .collect::<String>()
                        })
                        .unwrap_or_default()
                })
            }}
        </p>
        <p class="ps-note">
            {move || {
                let low = stats().low_confidence;
                (low > 0).then(|| format!("{low} of the points are low confidence (a map view, not a pin, or 0°, 0°): check them."))
            }}
        </p>
    }
}

fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round())
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
