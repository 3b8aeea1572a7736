//! "How stale, how often?" (`#pbs-panel`, issue 12): PBS t-visibility curves, the closed WARS
//! model's and the engine's for this scenario, with a sampled run of any point.
//!
//! Everything the panel shows and does is the worker's (`crates/diagram`'s `pbs` module): the
//! first time the visitor opens the panel, the page starts a worker of its own from the
//! diagram's files and forwards raw facts only: the `data-act` of the button or chart point
//! pressed, the values of the panel's named fields, and the session's scenario file when it
//! changed (`Pbs`, a plain JS object written by hand: see `diagram.rs` for why). The worker
//! parses the form, computes in chunks (its progress reports arrive as replies) and answers
//! with the form, a status line and the view as markup, which go straight into three empty
//! elements of the panel (Yew keeps no children there, so it never redraws them: the form
//! keeps what is typed and which button has the focus). A point selected comes back as a share
//! link's fragment, which goes in the address: the page opens it as it opens any link pasted
//! there (`hashchange`), and the address is the run's share link.
//!
//! No hook and no state in Yew, one click handler for the summary and the worker's buttons:
//! the page's side costs its bundle as little as it can (BENCHMARKS.md, "Staleness panel").

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use quorumscope_engine::scenario::Event;
use quorumscope_engine::Scenario;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Worker};
use yew::prelude::*;

use super::diagram::{get, post, start, OnMessage, RunKey};
use crate::hooks::dom::{act_of, closest, event_element};

/// The page's side of the panel's worker.
struct Channel {
    worker: Option<(Worker, OnMessage)>,
    /// The worker said it listens.
    ready: bool,
    /// The session now, and the session last sent.
    run: Option<RunKey>,
    sent: Option<RunKey>,
}

thread_local! {
    // Made at compile time (a lazily made one costs the bundle its initialisation code).
    static CHANNEL: RefCell<Channel> = const {
        RefCell::new(Channel {
            worker: None,
            ready: false,
            run: None,
            sent: None,
        })
    };
}

/// The document's element of this id.
fn by_id(id: &str) -> Option<Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

impl Channel {
    /// Sends `act` with the panel's fields (and the session, when it changed). Not inlined:
    /// one copy for its two callers (bytes in the page's bundle).
    #[inline(never)]
    fn send(&mut self, act: &str) {
        let Some((worker, _)) = self.worker.as_ref().filter(|_| self.ready) else {
            return;
        };
        // The fields the worker's form names (`data-fields` on `#pbs-fields`), each `#pbs-NAME`.
        let fields = Object::new();
        let names = by_id("pbs-fields").and_then(|f| f.get_attribute("data-fields"));
        for name in names.as_deref().unwrap_or("").split(' ') {
            if let Some(el) = by_id(&format!("pbs-{name}")) {
                let _ = Reflect::set(&fields, &name.into(), &get(&el, "value"));
            }
        }
        let mut scenario = JsValue::NULL;
        if let Some(run) = self.run.as_ref().filter(|r| self.sent.as_ref() != Some(*r)) {
            scenario = crate::state::merged(&run.0, &run.1).to_json_string().into();
            self.sent = Some(RunKey(run.0.clone(), run.1.clone()));
        }
        post(
            worker,
            "Pbs",
            &[
                ("act", act.into()),
                ("fields", fields.into()),
                ("scenario", scenario),
            ],
        );
    }
}

/// A worker's reply: its parts into their elements, a link opened.
fn receive(u: JsValue) {
    for part in ["pbs_form", "pbs_status", "pbs_run", "pbs_view"] {
        if let (Some(html), Some(el)) = (get(&u, part).as_string(), by_id(part)) {
            el.set_inner_html(&html);
        }
    }
    CHANNEL.with_borrow_mut(|c| {
        if get(&u, "ready").is_truthy() {
            c.ready = true;
            c.send("open");
        }
    });
    // The run of a point: its share link goes in the address, which the page opens as it opens
    // any link pasted there (its `hashchange`), and which can be copied and shared as it is.
    // The same point pressed again opens its run again: the fragment is first emptied without an
    // event (`replaceState`), so that setting it is a change.
    if let (Some(link), Some(window)) = (get(&u, "pbs_link").as_string(), web_sys::window()) {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some("#"));
        }
        let _ = window.location().set_hash(&link);
    }
}

/// A click in the panel: on its summary, the worker starts (once); on a button or a chart
/// point of the worker's markup, its `data-act` goes to the worker.
fn click(e: MouseEvent) {
    let Some(target) = event_element(&e) else {
        return;
    };
    CHANNEL.with_borrow_mut(|c| {
        if closest(&target, "summary").is_some() {
            if c.worker.is_none() {
                c.worker = start(Box::new(receive));
            }
        } else if let Some(act) = act_of(&target) {
            c.send(&act);
        }
    });
}

/// `How stale, how often?` (`#pbs-panel`): a `<details>`, closed at first, whose content the
/// worker draws. `base` and `events` are the session.
pub fn pbs_panel(base: Rc<Scenario>, events: Rc<Vec<Event>>) -> Html {
    CHANNEL.with_borrow_mut(|c| c.run = Some(RunKey(base, events)));
    // One element Yew draws (for the click handler; no box of its own, so the panel is the
    // column's item); the panel itself is fixed markup that Yew
    // inserts once and never compares again (the same text on every render), cheaper in the
    // page's bundle than five elements of `html!`.
    html! {
        <div style="display:contents" onclick={click}>
            { Html::from_html_unchecked(AttrValue::Static(
                "<details class=\"panel pbs-panel\" id=\"pbs-panel\"><summary>How stale, how \
                 often?</summary><div id=\"pbs_form\"></div><div id=\"pbs_status\"></div><div id=\"pbs_run\"></div><div \
                 id=\"pbs_view\"></div></details>",
            )) }
        </div>
    }
}
