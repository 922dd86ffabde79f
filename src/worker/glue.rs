//! The worker's side of `postMessage`: the message loop that feeds a [`Session`], the chosen
//! `File` read here (never in the page), and written files posted back as Blobs.

use super::session::{warm_up, Session};
use crate::protocol::{Contents, Request, Response, RowProgress};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::new(js_sys::Date::now));
}

/// Starts listening for [`Request`]s and tells the page it is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let response = match serde_wasm_bindgen::from_value::<Request>(event.data()) {
            Ok(request) => answer(request),
            // Whatever it asked for will not be answered.
            Err(error) => Response::Unanswered(format!(
                "The page sent a message the converter does not understand ({error}). Reload the page."
            )),
        };
        post(response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    warm_up();
    post(Response::Ready);
}

fn answer(request: Request) -> Response {
    let request = match request {
        Request::Open { name, file: Contents::Blob(blob) } => match read(&blob) {
            Some(bytes) => Request::Open { name, file: Contents::Bytes(bytes) },
            None => {
                return Response::Failed(format!(
                    "{name} could not be read from your device (it may have been moved, or be too large \
                     for this browser)."
                ))
            }
        },
        other => other,
    };
    let mut progress = |step: RowProgress| post(Response::Progress(step));
    SESSION.with_borrow_mut(|session| session.handle(request, &mut progress))
}

/// A `File`'s bytes, read synchronously (workers may): once into an ArrayBuffer, once into
/// this worker's memory, where pinsheet-core reads them.
fn read(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = FileReaderSync::new().ok()?.read_as_array_buffer(blob).ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Posts an answer to the page, written files as Blobs: the browser hands a Blob to the page
/// by reference, so the page makes its download links without copying the bytes.
fn post(response: Response) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let response = response.map_contents(|contents, kind| match contents {
        Contents::Bytes(bytes) => match blob(&bytes, kind.mime()) {
            Some(blob) => Contents::Blob(blob),
            None => Contents::Bytes(bytes),
        },
        blob => blob,
    });
    // Bytes left over (a Blob could not be made) must become Uint8Arrays, not arrays of numbers.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_bytes_as_arrays(false);
    match serde::Serialize::serialize(&response, &serializer) {
        Ok(value) => {
            if scope.post_message(&value).is_err() {
                web_sys::console::error_1(&"pinsheet worker: postMessage failed".into());
            }
        }
        Err(error) => web_sys::console::error_1(&format!("pinsheet worker: {error}").into()),
    }
}

/// A Blob of `bytes` (of media type `mime`), copied once, straight out of this worker's memory.
pub fn blob(bytes: &[u8], mime: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    // SAFETY: the view is read by the Blob constructor before anything can allocate in wasm
    // (which could move its memory), and is gone right after.
    let view = unsafe { js_sys::Uint8Array::view(bytes) };
    let parts = js_sys::Array::of1(&view);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}
