//! The worker's side of `postMessage`: the message loop, and answers posted back to the page.

use super::session::{handle, warm_up};
use crate::protocol::{Request, Response};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts listening for [`Request`]s and tells the page it is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let response = match serde_wasm_bindgen::from_value::<Request>(event.data()) {
            Ok(request) => handle(request),
            Err(error) => Response::Failed(format!(
                "The page sent a message the converter does not understand ({error}). Reload the page."
            )),
        };
        post(&response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    warm_up();
    post(&Response::Ready);
}

pub(super) fn post(response: &Response) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Byte buffers must become Uint8Arrays, not arrays of numbers.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_bytes_as_arrays(false);
    match serde::Serialize::serialize(response, &serializer) {
        Ok(value) => {
            if scope.post_message(&value).is_err() {
                web_sys::console::error_1(&"pinsheet worker: postMessage failed".into());
            }
        }
        Err(error) => web_sys::console::error_1(&format!("pinsheet worker: {error}").into()),
    }
}
