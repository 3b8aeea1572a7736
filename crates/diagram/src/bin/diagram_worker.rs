//! The space-time diagram's Web Worker: the page starts it the first time the diagram is
//! opened (index.html builds it with Trunk as a worker, into `dist/diagram/`, and copies
//! `www/diagram-loader.js` beside it), and forwards its run's position and the visitor's
//! clicks, keys and scrolling ([`quorumscope_diagram::protocol`]). The worker replays the run
//! itself, with the causal log on, and decides what the panel shows
//! ([`quorumscope_diagram::panel::Panel`]), so the page's own run and bundle do without both.

#[cfg(target_arch = "wasm32")]
mod worker {
    use quorumscope_diagram::panel::Panel;
    use quorumscope_diagram::protocol::{Request, Update};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Posts `update` to the page (serde-wasm-bindgen: a plain object, absent fields
    /// `undefined`).
    fn post(scope: &DedicatedWorkerGlobalScope, update: &Update) {
        if let Ok(value) = serde_wasm_bindgen::to_value(update) {
            let _ = scope.post_message(&value);
        }
    }

    /// Answers the page's messages until the page ends the worker.
    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let panel = RefCell::new(Panel::new());
        let reply_to = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let update = match serde_wasm_bindgen::from_value::<Request>(event.data()) {
                Ok(request) => panel
                    .borrow_mut()
                    .handle_reporting(request, &mut |u| post(&reply_to, &u)),
                Err(e) => Update {
                    // A `Sync` that cannot be read still frees the page's channel.
                    synced: true,
                    error: Some(format!("a request the diagram's worker cannot read: {e}")),
                    ..Update::default()
                },
            };
            post(&reply_to, &update);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let head = Some(Panel::new().head());
        post(
            &scope,
            &Update {
                ready: true,
                head,
                ..Update::default()
            },
        );
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("diagram-worker runs in a browser, as the page's Web Worker (see docs/UI.md)");
        std::process::exit(2);
    }
}
