//! ReferencePoint: the "Near" point short plus codes are recovered against.

use leptos::prelude::*;
use pinsheet_core::{Coordinate, Job};

/// An optional point near the places, to recover short plus codes (`9G8F+6X`) against.
#[component]
pub fn ReferencePoint(plan: RwSignal<Option<Job>>) -> impl IntoView {
    let invalid = RwSignal::new(false);
    let on_change = move |event| {
        let text = event_target_value(&event);
        let near = parse(&text);
        invalid.set(!text.trim().is_empty() && near.is_none());
        plan.update(|p| {
            if let Some(p) = p {
                p.options.near = near;
            }
        });
    };
    view! {
        <label class="ps-field" title="Short plus codes such as 9G8F+6X are recovered against this point">
            "Near "
            <input
                class="ps-input"
                class:ps-input--invalid=move || invalid.get()
                type="text"
                inputmode="decimal"
                placeholder="lat, lng (for short plus codes)"
                data-testid="near"
                aria-invalid=move || invalid.get().to_string()
                on:change=on_change
            />
        </label>
    }
}

/// `47.4, 8.5` → a point; anything else → `None`.
fn parse(text: &str) -> Option<Coordinate> {
    let (lat, lon) = text.split_once(',')?;
    Coordinate::new(number(lat)?, number(lon)?)
}

/// A plain decimal, parsed by JavaScript: keeps Rust's float parser (≈ 15 KB gzip) out of
/// the page's wasm.
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    let value = js_sys::Number::parse_float(text);
    (plain && value.is_finite()).then_some(value)
}
