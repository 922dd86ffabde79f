//! The page's handle on the worker: spawning, the ready handshake, and recovery from a crash.

use crate::protocol::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Trunk's loader for the `worker` binary, beside index.html (relative, so the page works
/// under any public URL).
const WORKER_URL: &str = "./worker_loader.js";

/// Workers in a row that may die before saying Ready; then the page stops starting more.
const MOST_FAILED_STARTS: u32 = 3;

/// What the page tells the person when the converter cannot start at all.
pub const RELOAD: &str = "The converter failed to start three times in a row. Reload the page to try again.";

/// Counts workers that died before they were ready, so a converter that cannot start (its
/// wasm fails to load, say) is not restarted forever.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Starts {
    failed: u32,
}

impl Starts {
    /// A worker said Ready: the count starts over.
    pub fn ready(&mut self) {
        self.failed = 0;
    }

    /// A worker died (`ready`: after saying Ready); true when another may be started.
    pub fn died(&mut self, ready: bool) -> bool {
        if ready {
            self.failed = 0;
        } else {
            self.failed += 1;
        }
        self.failed < MOST_FAILED_STARTS
    }
}

/// A converter worker that is replaced by a fresh one whenever it crashes.
#[derive(Clone)]
pub struct ConverterWorker(Rc<Shared>);

struct Shared {
    on_response: Box<dyn Fn(Response)>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    worker: Option<Worker>,
    ready: bool,
    /// Requests sent before the worker was ready; a wasm worker drops them otherwise.
    queue: Vec<JsValue>,
    listeners: Vec<Closure<dyn FnMut(JsValue)>>,
    starts: Starts,
}

impl ConverterWorker {
    /// Starts a worker; `on_response` gets every [`Response`] (`Ready` after the queued
    /// requests were sent), and a [`Response::Crashed`] when the worker dies.
    pub fn spawn(on_response: impl Fn(Response) + 'static) -> Self {
        let this = Self(Rc::new(Shared { on_response: Box::new(on_response), state: RefCell::default() }));
        this.start();
        this
    }

    /// Sends a request, holding it until the worker is ready.
    pub fn send(&self, request: &Request) {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_bytes_as_arrays(false);
        let message = match serde::Serialize::serialize(request, &serializer) {
            Ok(message) => message,
            Err(error) => return (self.0.on_response)(Response::Unanswered(error.to_string())),
        };
        let mut state = self.0.state.borrow_mut();
        match (&state.worker, state.ready) {
            (Some(worker), true) => {
                if let Err(error) = worker.post_message(&message) {
                    drop(state);
                    (self.0.on_response)(Response::Unanswered(format!(
                        "The converter could not be reached ({error:?})."
                    )));
                }
            }
            _ => state.queue.push(message),
        }
    }

    fn start(&self) {
        let worker = match Worker::new(WORKER_URL) {
            Ok(worker) => worker,
            Err(error) => {
                return (self.0.on_response)(Response::Unanswered(format!(
                    "The converter could not start ({error:?}). Reload the page."
                )))
            }
        };
        let this = self.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let data = event.unchecked_into::<MessageEvent>().data();
            match serde_wasm_bindgen::from_value::<Response>(data) {
                Ok(Response::Ready) => {
                    this.0.state.borrow_mut().starts.ready();
                    this.flush();
                    (this.0.on_response)(Response::Ready);
                }
                Ok(response) => (this.0.on_response)(response),
                Err(error) => (this.0.on_response)(Response::Unanswered(format!(
                    "The converter answered oddly ({error})."
                ))),
            }
        });
        let this = self.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let detail = event.dyn_ref::<ErrorEvent>().map(ErrorEvent::message).unwrap_or_default();
            let again = {
                let mut state = this.0.state.borrow_mut();
                let ready = state.ready;
                state.starts.died(ready)
            };
            if again {
                this.restart();
                (this.0.on_response)(Response::Crashed(detail));
            } else {
                web_sys::console::error_1(&format!("pinsheet: the converter did not start: {detail}").into());
                this.stop();
                (this.0.on_response)(Response::Unanswered(RELOAD.to_string()));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut state = self.0.state.borrow_mut();
        state.worker = Some(worker);
        state.ready = false;
        state.listeners = vec![on_message, on_error];
    }

    fn flush(&self) {
        let mut state = self.0.state.borrow_mut();
        state.ready = true;
        let queue = std::mem::take(&mut state.queue);
        if let Some(worker) = &state.worker {
            for message in queue {
                let _ = worker.post_message(&message);
            }
        }
    }

    /// Stops whatever the worker is doing by ending it and starting a fresh one (a worker
    /// busy in wasm cannot be interrupted otherwise); whatever it held is gone.
    pub fn replace(&self) {
        self.restart();
    }

    /// Ends a dead worker and starts a fresh one; whatever the old one held is gone.
    fn restart(&self) {
        self.stop();
        self.start();
    }

    /// Ends the worker; requests sent from now on wait for a worker that never comes.
    fn stop(&self) {
        let old = {
            let mut state = self.0.state.borrow_mut();
            state.queue.clear();
            state.worker.take()
        };
        if let Some(worker) = old {
            worker.terminate();
        }
        // The old closures are still running (this is one of them): drop them after this
        // event, not now.
        let listeners = std::mem::take(&mut self.0.state.borrow_mut().listeners);
        wasm_bindgen_futures::spawn_local(async move { drop(listeners) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_workers_dying_before_ready_stop_the_restarts() {
        let mut starts = Starts::default();
        assert!(starts.died(false));
        assert!(starts.died(false));
        assert!(!starts.died(false));
    }

    #[test]
    fn a_worker_that_got_ready_starts_the_count_over() {
        let mut starts = Starts::default();
        assert!(starts.died(false));
        assert!(starts.died(false));
        starts.ready();
        assert!(starts.died(false));
        assert!(starts.died(false));
        // Dying on a file after Ready is a crash on that file, not a failed start.
        assert!(starts.died(true));
        assert!(starts.died(false));
        assert!(starts.died(false));
        assert!(!starts.died(false));
    }
}
