//! The browser's services the page uses: blobs and downloads, the clipboard, fetching a file
//! beside the page, the service worker, and User Timing marks.

use crate::protocol::Contents;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Saves a file as a download now (an export the person asked for).
pub fn save(contents: &Contents, mime: &str, name: &str) {
    let Some(url) = object_url(contents, mime) else { return };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // The browser has taken the blob once the click is handled.
    request_animation_frame(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// An object URL for a file's contents: a Blob's own (nothing copied), or a Blob of `mime`
/// made from bytes.
pub fn object_url(contents: &Contents, mime: &str) -> Option<String> {
    let blob = match contents {
        Contents::Blob(blob) => blob.clone(),
        Contents::Bytes(bytes) => {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
            let options = web_sys::BlobPropertyBag::new();
            options.set_type(mime);
            web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?
        }
    };
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A line in the browser's console, for what only a developer needs.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&message.into());
}

/// Lets go of an object URL made by [`object_url`].
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Puts text on the clipboard and says so (or why not) in `said`.
pub fn write_clipboard(text: String, done: String, said: RwSignal<String>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
    let promise = clipboard.write_text(&text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => said.set(done),
            Err(_) => {
                said.set("The browser did not allow copying; select the cells in the table instead.".into())
            }
        }
    });
}

/// A file beside the page (same origin) as a Blob, or `None` when it cannot be fetched; its
/// bytes stay outside the page's wasm memory.
pub async fn fetch_blob(path: &str) -> Option<web_sys::Blob> {
    let response = gloo_net::http::Request::get(path).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let raw = web_sys::Response::from(response);
    let blob = wasm_bindgen_futures::JsFuture::from(raw.blob().ok()?).await.ok()?;
    blob.dyn_into().ok()
}

/// Registers `sw.js`, which keeps the page for offline use after this visit (again after a
/// converter restart: registering an unchanged worker is a no-op). Browsers without service
/// workers (or pages not served from a secure origin) simply go without.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    if !window.is_secure_context() {
        return;
    }
    let _ = window.navigator().service_worker().register("sw.js");
}

/// A User Timing mark (visible in the browser's performance tools; `make bench` reads them).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// A mark once the page has drawn what the signals just changed.
pub fn mark_after_render(name: &'static str) {
    request_animation_frame(move || mark(name));
}

/// `performance.now()`: milliseconds since the page loaded, for rates.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Scrolls `element` into view only as far as needed (nothing when it is in view): a jump to
/// the top would move what the person was reading.
pub fn into_view(element: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Once the page has drawn: moves focus to the element with this id (a heading with
/// `tabindex="-1"`) and scrolls it to the top of the view, so what just finished is where the
/// eye and a screen reader are.
pub fn focus_after_render(id: &'static str) {
    focus_when_drawn(id, true);
}

/// Once the page has drawn: moves focus to the element with this id (a button that took the
/// place of the one just pressed, which would otherwise leave focus on nothing), scrolling
/// only as far as it takes to show it.
pub fn focus_in_place(id: &'static str) {
    focus_when_drawn(id, false);
}

fn focus_when_drawn(id: &'static str, to_top: bool) {
    request_animation_frame(move || {
        let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
        if to_top {
            let scroll = web_sys::ScrollIntoViewOptions::new();
            scroll.set_block(web_sys::ScrollLogicalPosition::Start);
            element.scroll_into_view_with_scroll_into_view_options(&scroll);
        } else {
            into_view(&element);
        }
    });
}

/// True while the media query matches, following it as the window changes.
pub fn media_signal(query: &str) -> Signal<bool> {
    let list = web_sys::window().and_then(|w| w.match_media(query).ok().flatten());
    let matches = RwSignal::new(list.as_ref().is_some_and(web_sys::MediaQueryList::matches));
    if let Some(list) = list {
        let watched = list.clone();
        let listener =
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || matches.set(watched.matches()));
        let _ = list.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        // The page lives as long as the listener: nothing to remove it for.
        listener.forget();
    }
    matches.into()
}

// public/kept-file.js, a plain script of the page (as resolved-store.js, see there why).
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = pinsheetKept, js_name = keep)]
    fn kept_file_keep(file: &web_sys::Blob, name: &str) -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
    #[wasm_bindgen(catch, js_namespace = pinsheetKept, js_name = take)]
    fn kept_file_take() -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
}

/// Keeps a file in this browser (IndexedDB) for the next load of the page; true once kept.
pub async fn keep_file(file: &web_sys::Blob, name: &str) -> bool {
    let Ok(promise) = kept_file_keep(file, name) else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The file kept by [`keep_file`] (name and contents), forgotten as it is taken.
pub async fn take_kept_file() -> Option<(String, web_sys::Blob)> {
    let promise = kept_file_take().ok()?;
    let kept = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let name = js_sys::Reflect::get(&kept, &"name".into()).ok()?.as_string()?;
    let file = js_sys::Reflect::get(&kept, &"file".into()).ok()?.dyn_into::<web_sys::Blob>().ok()?;
    Some((name, file))
}
