//! MapView: the points in the map frame, and selection between map and table.

use crate::components::format::{count, plural};
use crate::protocol::MapPoints;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Who chose the selected row: the map pans to a row chosen in the table, the table scrolls
/// to a point chosen on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenIn {
    /// A click on a point.
    Map,
    /// A click on a row.
    Table,
}

/// The converted points on a map, in a frame of its own (`public/map.html`, Leaflet): the
/// frame's Content-Security-Policy admits OpenStreetMap's tiles only while the person has
/// them on, which the page's own policy never does. Points are coloured by confidence; a
/// click on one selects its row, and a row chosen in the table is shown on the map. The
/// frame loads lazily and clusters the points in a worker of its own once it is in view.
#[component]
pub fn MapView(
    /// The points to draw.
    #[prop(into)]
    points: Signal<Option<MapPoints>>,
    /// The selected outcome index and where it was chosen; a click on a point sets it.
    selected: RwSignal<Option<(usize, ChosenIn)>>,
    /// True for the dark theme.
    #[prop(into)]
    dark: Signal<bool>,
) -> impl IntoView {
    let frame = NodeRef::<leptos::html::Iframe>::new();
    let post = move |message: &JsValue| {
        let Some(target) = frame.get_untracked().and_then(|f| f.content_window()) else { return };
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let _ = target.post_message(message, &origin);
    };
    let send_points = move || {
        points.with_untracked(|p| {
            if let Some(p) = p {
                post(&points_message(p));
            }
        })
    };
    let send_selected = move |pan: bool| {
        if let Some((index, chosen)) = selected.get_untracked() {
            if pan || chosen == ChosenIn::Table {
                post(&object(&[("type", "select".into()), ("index", (index as f64).into())]));
            }
        }
    };
    let send_theme =
        move || post(&object(&[("type", "theme".into()), ("dark", dark.get_untracked().into())]));
    // The frame says "ready" whenever it (re)loads, tiles switched included: it gets
    // everything again then.
    let handle = window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
        let own = web_sys::window().and_then(|w| w.location().origin().ok());
        let from_frame = frame
            .get_untracked()
            .and_then(|f| f.content_window())
            .zip(event.source())
            .is_some_and(|(frame, source)| JsValue::from(frame) == JsValue::from(source));
        if own.as_deref() != Some(event.origin().as_str()) || !from_frame {
            return;
        }
        let data = event.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string());
        match kind.as_deref() {
            Some("ready") => {
                send_theme();
                send_points();
                send_selected(true);
            }
            Some("select") => {
                let index = js_sys::Reflect::get(&data, &"index".into()).ok().and_then(|i| i.as_f64());
                if let Some(index) = index.filter(|i| *i >= 0.0) {
                    selected.set(Some((index as usize, ChosenIn::Map)));
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        points.track();
        send_points();
    });
    Effect::new(move |_| {
        selected.track();
        send_selected(false);
    });
    Effect::new(move |_| {
        dark.track();
        send_theme();
    });
    let caption = move || {
        points.with(|p| match p {
            None => "Loading the points…".to_string(),
            Some(p) if p.total == 0 => "No row has coordinates yet, so the map is empty.".to_string(),
            Some(p) if p.lat.len() < p.total => {
                format!(
                    "The first {} of {}; the downloads hold them all.",
                    count(p.lat.len()),
                    plural(p.total, "point", "points")
                )
            }
            Some(p) => format!("{}.", plural(p.total, "point", "points")),
        })
    };
    let src = move || if dark.get_untracked() { "map.html?theme=dark" } else { "map.html" };
    view! {
        <figure class="ps-map">
            <iframe
                node_ref=frame
                class="ps-map__frame"
                // A property, as leptos has no checked `loading` attribute for iframes; set
                // before the frame is in the document, which is when it would start loading.
                prop:loading="lazy"
                src=src
                title="Map of the converted points"
                data-testid="map"
            ></iframe>
            <figcaption class="ps-note">
                <span class="ps-legend ps-legend--pin">"ok"</span>
                <span class="ps-legend ps-legend--low">"low confidence (a map view: check it)"</span>
                <span data-testid="map-caption">{caption}</span>
                " Click a point to find its row; choose a row to find its point."
            </figcaption>
        </figure>
    }
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

fn points_message(points: &MapPoints) -> JsValue {
    let low: Vec<u8> = points.low.iter().map(|&low| u8::from(low)).collect();
    object(&[
        ("type", "points".into()),
        ("lat", js_sys::Float64Array::from(points.lat.as_slice()).into()),
        ("lon", js_sys::Float64Array::from(points.lon.as_slice()).into()),
        ("low", js_sys::Uint8Array::from(low.as_slice()).into()),
        ("index", js_sys::Uint32Array::from(points.index.as_slice()).unchecked_into()),
        ("row", js_sys::Uint32Array::from(points.row.as_slice()).unchecked_into()),
        ("name", points.name.iter().map(|name| JsValue::from_str(name)).collect::<js_sys::Array>().into()),
    ])
}
