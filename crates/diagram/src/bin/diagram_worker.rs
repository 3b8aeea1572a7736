//! The space-time diagram's Web Worker: the page starts it the first time the diagram is
//! opened (index.html builds it with Trunk as a worker, into `dist/diagram/`), sends it the
//! session's scenario and position, and asks it for windows of the diagram and for the export
//! ([`quorumscope_diagram::protocol`]). It replays the run itself, with the causal log on, so
//! the page's own run and bundle do without both.

#[cfg(target_arch = "wasm32")]
mod worker {
    use quorumscope_diagram::protocol::{Reply, Request};
    use quorumscope_diagram::{
        catch_up, export_svg, render_window, replay, CausalSets, Diagram, View,
    };
    use quorumscope_engine::{OpId, Scenario, Simulator};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The run the worker has loaded, and what it drew from it.
    struct Loaded {
        scenario: String,
        sim: Simulator,
        diagram: Diagram,
        /// The causal sets of the operation last selected.
        sets: Option<(OpId, CausalSets)>,
    }

    /// Serves one request.
    fn serve(state: &mut Option<Loaded>, request: Request) -> Reply {
        match request {
            Request::Load {
                seq,
                scenario,
                now_us,
                events,
            } => {
                let carried = match state.as_mut() {
                    Some(l) if l.scenario == scenario => catch_up(&mut l.sim, now_us, events),
                    _ => false,
                };
                if !carried {
                    let parsed = match Scenario::from_json(&scenario) {
                        Ok(s) => s,
                        Err(e) => {
                            return Reply::Error {
                                seq,
                                message: format!("the run's scenario: {e}"),
                            }
                        }
                    };
                    let mut sim = replay(parsed);
                    catch_up(&mut sim, now_us, events);
                    *state = Some(Loaded {
                        scenario,
                        sim,
                        diagram: Diagram::default(),
                        sets: None,
                    });
                }
                let Some(l) = state.as_mut() else {
                    return Reply::Error {
                        seq,
                        message: "no run loaded".to_string(),
                    };
                };
                l.diagram = Diagram::of(&l.sim);
                l.sets = None;
                Reply::Loaded {
                    seq,
                    end_us: l.diagram.end_us,
                    events: l.diagram.events.len() as u64,
                    ops: u32::try_from(l.diagram.spans.len()).unwrap_or(u32::MAX),
                }
            }
            Request::Window {
                seq,
                t0_us,
                t1_us,
                width_px,
                height_px,
                selected,
            } => {
                let Some(l) = state.as_mut() else {
                    return Reply::Error {
                        seq,
                        message: "no run loaded: send Load first".to_string(),
                    };
                };
                let selected = selected.map(OpId);
                let sets = selected.map(|op| match &l.sets {
                    Some((o, s)) if *o == op => s.clone(),
                    _ => CausalSets::of(&l.diagram, op),
                });
                if let (Some(op), Some(s)) = (selected, &sets) {
                    l.sets = Some((op, s.clone()));
                }
                let view = View {
                    t0_us,
                    t1_us,
                    width_px,
                    height_px,
                    selected,
                    now_us: Some(l.diagram.end_us),
                };
                Reply::Svg {
                    seq,
                    svg: render_window(&l.diagram, &view, sets.as_ref()),
                }
            }
            Request::Export { seq } => match state.as_ref() {
                Some(l) => Reply::Svg {
                    seq,
                    svg: export_svg(&l.diagram),
                },
                None => Reply::Error {
                    seq,
                    message: "no run loaded: send Load first".to_string(),
                },
            },
        }
    }

    /// Answers the page's messages until the page ends the worker.
    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let state: Rc<RefCell<Option<Loaded>>> = Rc::new(RefCell::new(None));
        let reply_to = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let reply = match serde_wasm_bindgen::from_value::<Request>(event.data()) {
                Ok(request) => serve(&mut state.borrow_mut(), request),
                Err(e) => Reply::Error {
                    seq: 0,
                    message: format!("a request the worker cannot read: {e}"),
                },
            };
            if let Ok(value) = serde_wasm_bindgen::to_value(&reply) {
                let _ = reply_to.post_message(&value);
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        if let Ok(ready) = serde_wasm_bindgen::to_value(&Reply::Ready) {
            let _ = scope.post_message(&ready);
        }
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
