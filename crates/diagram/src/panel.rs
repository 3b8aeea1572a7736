//! The diagram panel's logic, run in the worker: everything the page's `#diagram` shows and
//! does is decided here ([`Panel::handle`]), so that the page's bundle carries only the code
//! that forwards events and inserts HTML (issue 10: the diagram may cost the page's first load
//! at most 3 KB gzipped). Pure: the worker binary only carries messages.

use crate::pbs::PbsPanel;
use crate::protocol::{Act, Request, Update};
use crate::ring::RingPanel;
use crate::workshop::Desk;
use crate::{catch_up, export_svg, render_window, replay, CausalSets, Diagram, View};
use quorumscope_engine::export::{jepsen_history, shiviz_log};
use quorumscope_engine::number::plain;
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, Scenario, Simulator};
use std::fmt::Write;

/// The height of the lane names at the top of every window (the drawing's own `HEAD_PX`).
pub const HEAD_PX: f64 = 28.0;
/// The scale when the diagram opens, in px per simulated ms.
pub const DEFAULT_PX_PER_MS: f64 = 4.0;
/// The smallest scale zooming out reaches, in px per ms.
const MIN_PX_PER_MS: f64 = 1.0 / 1024.0;
/// The largest scale zooming in reaches, in px per ms.
const MAX_PX_PER_MS: f64 = 512.0;
/// The caption above the diagram (the scroll box's `aria-describedby`).
const CAPTION: &str = "<p class=\"hint\" id=\"diagram-caption\">One line per client and node, \
    time flowing down: an arrow per message (coloured as in the cluster), a cross where one was \
    lost, a box per operation, bands where a node was down or cut off, the checker's verdicts, \
    and a line at the moment shown. The operation log lists the same operations and verdicts in \
    words. Select an operation to see its causal past (bold arrows) and what was concurrent with \
    it (dashed); click the time axis to go to that moment. Keys in the diagram: + and - zoom, \
    Enter selects the focused operation.</p>";
/// The scroll box's size before the page has told it, in px.
const DEFAULT_BOX: (f64, f64) = (600.0, 520.0);
/// While playing, the current-time line is kept this far from the box's bottom edge, in px.
const FOLLOW_MARGIN_PX: f64 = 24.0;

/// The run the worker replayed, and the diagram of it.
struct Loaded {
    sim: Simulator,
    diagram: Diagram,
}

/// The panel's state in the worker.
pub struct Panel {
    /// The session's scenario file last received.
    scenario: Option<String>,
    /// Its run, replayed to the page's horizon (`None` until the first `Sync`, and after a new
    /// scenario).
    run: Option<Loaded>,
    /// The page's horizon the run was replayed to: time and event count.
    horizon: (Micros, u64),
    /// The page's current position, in µs.
    now_us: Micros,
    /// Whether the page's time plays.
    playing: bool,
    /// The operation selected in the page, and its causal sets.
    selected: Option<(OpId, CausalSets)>,
    /// The scale, in px per simulated ms.
    px_per_ms: f64,
    /// The scroll box: offset, width, height, in px.
    top_px: f64,
    width_px: f64,
    height_px: f64,
    /// The ring panel (its own worker's [`Request::Ring`]s).
    ring: RingPanel,
    /// The exercises, when the page opened them (another worker of the same binary).
    desk: Desk,
    /// The staleness panel (its own worker's [`Request::Pbs`]s).
    pbs: PbsPanel,
}

impl Default for Panel {
    fn default() -> Panel {
        Panel {
            scenario: None,
            run: None,
            horizon: (0, 0),
            now_us: 0,
            playing: false,
            selected: None,
            px_per_ms: DEFAULT_PX_PER_MS,
            top_px: 0.0,
            width_px: DEFAULT_BOX.0,
            height_px: DEFAULT_BOX.1,
            ring: RingPanel::default(),
            desk: Desk::default(),
            pbs: PbsPanel::default(),
        }
    }
}

impl Panel {
    /// A panel with nothing loaded, at the default scale.
    pub fn new() -> Panel {
        Panel::default()
    }

    /// The diagram loaded, if any.
    pub fn diagram(&self) -> Option<&Diagram> {
        self.run.as_ref().map(|r| &r.diagram)
    }

    /// The scale, in px per simulated ms.
    pub fn px_per_ms(&self) -> f64 {
        self.px_per_ms
    }

    /// [`Panel::handle`], with the progress of a long request (a staleness curve) handed to
    /// `progress` as it goes (the worker posts each report).
    pub fn handle_reporting(
        &mut self,
        request: Request,
        progress: &mut dyn FnMut(Update),
    ) -> Update {
        match request {
            Request::Pbs {
                act,
                fields,
                scenario,
            } => self.pbs.handle(&act, &fields, scenario, progress),
            other => self.handle(other),
        }
    }

    /// Serves one request of the page: what the page should change.
    pub fn handle(&mut self, request: Request) -> Update {
        match request {
            Request::Sync {
                scenario,
                horizon_us,
                horizon_events,
                now_us,
                playing,
                selected,
            } => self.sync(
                scenario,
                (horizon_us, horizon_events),
                now_us,
                playing,
                selected.map(OpId),
            ),
            Request::Scroll {
                top_px,
                width_px,
                height_px,
            } => {
                self.top_px = top_px.max(0.0);
                if width_px > 0.0 {
                    self.width_px = width_px;
                }
                if height_px > 0.0 {
                    self.height_px = height_px;
                }
                self.window_update()
            }
            Request::Act { act, y_px } => match Act::parse(&act) {
                Some(act) => self.act(act, y_px),
                None => Update {
                    error: Some(format!("the diagram does not know the action {act:?}")),
                    ..Update::default()
                },
            },
            Request::Exercise { id, text } => Update {
                exercise: Some(self.desk.read(id, &text)),
                workshop: Some(self.desk.html()),
                ..Update::default()
            },
            Request::Judge {
                id,
                exercise,
                session,
            } => Update {
                verdict: Some(self.desk.judge(id, &exercise, &session)),
                workshop: Some(self.desk.html()),
                ..Update::default()
            },
            Request::Workshop(state) => {
                self.desk.set_state(state);
                Update {
                    workshop: Some(self.desk.html()),
                    ..Update::default()
                }
            }
            Request::Key { key, act } => {
                let act = match key.as_str() {
                    "+" | "=" => Some(Act::ZoomIn),
                    "-" | "_" => Some(Act::ZoomOut),
                    // A button of the bar clicks by itself; only an operation's box needs this.
                    "Enter" | " " => act
                        .as_deref()
                        .and_then(Act::parse)
                        .filter(|a| matches!(a, Act::Op(_))),
                    _ => None,
                };
                match act {
                    Some(act) => {
                        let y = self.y_of(self.now_us);
                        self.act(act, y)
                    }
                    None => Update::default(),
                }
            }
            Request::Ring {
                scenario,
                now_us,
                now_events,
                selected,
            } => self
                .ring
                .sync(scenario, now_us, now_events, selected.as_deref()),
            Request::Pbs {
                act,
                fields,
                scenario,
            } => self.pbs.handle(&act, &fields, scenario, &mut |_| {}),
        }
    }

    /// The page's run: replays it when it changed, moves the current-time line, follows it
    /// while playing, redraws only when the drawing changed.
    fn sync(
        &mut self,
        scenario: Option<String>,
        horizon: (Micros, u64),
        now_us: Micros,
        playing: bool,
        selected: Option<OpId>,
    ) -> Update {
        let mut update = Update {
            synced: true,
            ..Update::default()
        };
        if let Some(text) = scenario {
            if self.scenario.as_ref() != Some(&text) {
                self.scenario = Some(text);
                self.run = None;
            }
        }
        self.now_us = now_us;
        self.playing = playing;
        let mut redraw = false;
        if self.run.is_none() || self.horizon != horizon {
            match self.load(horizon) {
                Ok(()) => redraw = true,
                Err(e) => update.error = Some(e),
            }
        }
        let was = self.selected.as_ref().map(|(op, _)| *op);
        if redraw || was != selected {
            self.selected = match (selected, &self.run) {
                (Some(op), Some(run)) => Some((op, CausalSets::of(&run.diagram, op))),
                _ => None,
            };
            redraw = true;
        }
        if was != selected {
            update.head = Some(self.head());
            update.status = self.selection_status();
        }
        let now_px = self.y_of(now_us);
        self.now_line(&mut update);
        if playing
            && (now_px < self.top_px + HEAD_PX
                || now_px > self.top_px + self.height_px - FOLLOW_MARGIN_PX)
        {
            let top = (now_px - self.height_px * 2.0 / 3.0).max(0.0);
            self.top_px = top;
            update.scroll_to_px = Some(top);
            redraw = true;
        }
        if redraw {
            update.length_px = Some(self.length_px());
            self.draw_window(&mut update);
        }
        update
    }

    /// Replays the scenario to `horizon` (carrying the run forward when it can).
    fn load(&mut self, horizon: (Micros, u64)) -> Result<(), String> {
        let Some(text) = &self.scenario else {
            return Err("the diagram has no run yet".to_string());
        };
        let carried = match self.run.as_mut() {
            Some(run) => catch_up(&mut run.sim, horizon.0, horizon.1),
            None => false,
        };
        let sim = if carried {
            self.run.take().map(|r| r.sim)
        } else {
            None
        };
        let sim = match sim {
            Some(sim) => sim,
            None => {
                let parsed =
                    Scenario::from_json(text).map_err(|e| format!("the run's scenario: {e}"))?;
                let mut sim = replay(parsed);
                catch_up(&mut sim, horizon.0, horizon.1);
                sim
            }
        };
        let diagram = Diagram::of(&sim);
        self.run = Some(Loaded { sim, diagram });
        self.horizon = horizon;
        Ok(())
    }

    /// What a click on (or Enter on) `act` does; `y_px` is where, on the diagram's length.
    fn act(&mut self, act: Act, y_px: f64) -> Update {
        let mut update = Update::default();
        let Some(run) = &self.run else {
            update.error = Some("the diagram has no run yet".to_string());
            return update;
        };
        let span = |op: Option<OpId>| op.and_then(|op| run.diagram.span(op));
        let selected = self.selected.as_ref().map(|(op, _)| *op);
        match act {
            Act::ZoomIn | Act::ZoomOut => {
                let factor = if act == Act::ZoomIn { 2.0 } else { 0.5 };
                let old = self.px_per_ms;
                let new = (old * factor).clamp(MIN_PX_PER_MS, MAX_PX_PER_MS);
                let centre_ms = (self.top_px + self.height_px / 2.0 - HEAD_PX).max(0.0) / old;
                self.px_per_ms = new;
                self.top_px = (HEAD_PX + centre_ms * new - self.height_px / 2.0).max(0.0);
                update.length_px = Some(self.length_px());
                update.scroll_to_px = Some(self.top_px);
                self.now_line(&mut update);
                update.status = Some(format!("Scale: {} px per ms", plain(new)));
                self.draw_window(&mut update);
            }
            Act::Svg => file(
                &mut update,
                "quorumscope-diagram.svg",
                "image/svg+xml",
                export_svg(&run.diagram),
            ),
            Act::Edn => file(
                &mut update,
                "quorumscope-history.edn",
                "application/edn",
                jepsen_history(&run.sim),
            ),
            Act::ShiViz => match shiviz_log(&run.sim) {
                Ok(body) => file(&mut update, "quorumscope.shiviz.log", "text/plain", body),
                Err(e) => update.error = Some(format!("the ShiViz log: {e}")),
            },
            Act::Axis => {
                let t = ((y_px - HEAD_PX).max(0.0) * 1000.0 / self.px_per_ms) as Micros;
                update.seek_us = Some(t.min(self.horizon.0));
            }
            Act::Op(op) => {
                if selected == Some(OpId(op)) {
                    update.unselect = true;
                } else {
                    update.select = Some(op);
                }
            }
            Act::Start => update.seek_us = span(selected).map(|s| s.from_us),
            Act::End => update.seek_us = span(selected).and_then(|s| s.to_us),
        }
        update
    }

    /// The y of simulated time `t` on the diagram's length, in px.
    fn y_of(&self, t: Micros) -> f64 {
        HEAD_PX + t as f64 / 1000.0 * self.px_per_ms
    }

    /// Puts the current-time line into `update`.
    fn now_line(&self, update: &mut Update) {
        let now_px = self.y_of(self.now_us);
        update.now_px = Some(now_px);
        update.now = Some(format!(
            "<div id=\"diagram-now\" class=\"diagram-now\" style=\"top:{}px\"></div>",
            plain(now_px)
        ));
    }

    /// The diagram's whole length, in px.
    fn length_px(&self) -> f64 {
        self.y_of(self.horizon.0).ceil()
    }

    /// An update with the window scrolled to.
    fn window_update(&self) -> Update {
        let mut update = Update::default();
        self.draw_window(&mut update);
        update
    }

    /// Puts the window scrolled to into `update` (nothing when no run is loaded).
    fn draw_window(&self, update: &mut Update) {
        let Some(run) = &self.run else {
            return;
        };
        let height = self.height_px.max(HEAD_PX + 40.0);
        let us_per_px = 1000.0 / self.px_per_ms;
        let t0 = (self.top_px * us_per_px) as Micros;
        let t1 = t0 + ((height - HEAD_PX) * us_per_px).ceil() as Micros;
        let view = View {
            t0_us: t0,
            t1_us: t1,
            width_px: self.width_px,
            height_px: height,
            selected: self.selected.as_ref().map(|(op, _)| *op),
            now_us: None,
        };
        let sets = self.selected.as_ref().map(|(_, s)| s);
        update.body = Some(format!(
            "<div id=\"diagram-length\" class=\"diagram-length\" style=\"height:{}px\">\
             <div class=\"diagram-window\" style=\"top:{}px\">{}</div></div>",
            plain(self.length_px()),
            plain(self.top_px),
            render_window(&run.diagram, &view, sets)
        ));
    }

    /// The caption and the tool bar: the zoom and download buttons, and the selected
    /// operation's.
    pub fn head(&self) -> String {
        let mut s = String::from(CAPTION);
        s.push_str("<div class=\"diagram-bar\">");
        for (id, act, name) in [
            ("diagram-zoom-in", Act::ZoomIn, "Zoom in"),
            ("diagram-zoom-out", Act::ZoomOut, "Zoom out"),
            ("diagram-export", Act::Svg, "Download SVG"),
            ("diagram-edn", Act::Edn, "Download EDN history"),
            ("diagram-shiviz", Act::ShiViz, "Download ShiViz log"),
        ] {
            let _ = write!(
                s,
                "<button type=\"button\" id=\"{id}\" data-act=\"{}\">{name}</button>",
                act.attr()
            );
        }
        let span = self
            .selected
            .as_ref()
            .and_then(|(op, _)| self.run.as_ref()?.diagram.span(*op));
        if let Some(sp) = span {
            let _ = write!(
                s,
                "<button type=\"button\" id=\"diagram-go-start\" data-act=\"{}\">Go to the start of op {}</button>",
                Act::Start.attr(),
                sp.op.0
            );
            if sp.to_us.is_some() {
                let _ = write!(
                    s,
                    "<button type=\"button\" id=\"diagram-go-end\" data-act=\"{}\">Go to the end of op {}</button>",
                    Act::End.attr(),
                    sp.op.0
                );
            }
        }
        s.push_str("</div>");
        s
    }

    /// The sentence a screen reader hears when the selection changes.
    fn selection_status(&self) -> Option<String> {
        let (op, sets) = self.selected.as_ref()?;
        Some(format!(
            "Operation {}: {} events in its causal past, {} concurrent with it (bold and dashed arrows).",
            op.0,
            sets.past.len(),
            sets.concurrent.len()
        ))
    }
}

/// Puts a file to download into `update`.
fn file(update: &mut Update, name: &str, mime: &str, text: String) {
    update.download_name = Some(name.to_string());
    update.download_mime = Some(mime.to_string());
    update.download_text = Some(text);
    update.status = Some(format!("Downloading {name}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = r#"{"seed": 1, "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
        "latency": {"constant": 5}},
        "events": [{"at": 1, "put": {"client": "c1", "key": "k", "value": "v1"}},
                   {"at": 40, "get": {"client": "c1", "key": "k"}}]}"#;

    fn sync(panel: &mut Panel, scenario: Option<&str>, horizon_us: u64, now_us: u64) -> Update {
        panel.handle(Request::Sync {
            scenario: scenario.map(str::to_string),
            horizon_us,
            horizon_events: u64::MAX,
            now_us,
            playing: false,
            selected: None,
        })
    }

    #[test]
    fn panel_sync_loads_then_moves_only_the_now_line() {
        let mut panel = Panel::new();
        let first = sync(&mut panel, Some(RUN), 100_000, 100_000);
        assert_eq!(first.error, None);
        assert!(first.synced);
        assert!(first.body.as_deref().is_some_and(|w| w.contains("sd-op")));
        assert_eq!(first.length_px, Some(HEAD_PX + 400.0));
        // Seeking back: the same horizon, only the line moves.
        let back = sync(&mut panel, None, 100_000, 20_000);
        assert_eq!(back.body, None);
        assert_eq!(back.now_px, Some(HEAD_PX + 80.0));
    }

    #[test]
    fn panel_axis_click_seeks_and_op_click_selects() {
        let mut panel = Panel::new();
        sync(&mut panel, Some(RUN), 100_000, 100_000);
        let axis = panel.handle(Request::Act {
            act: "axis".into(),
            y_px: HEAD_PX + 40.0,
        });
        assert_eq!(axis.seek_us, Some(10_000));
        let op = panel
            .diagram()
            .and_then(|d| d.spans.first())
            .map(|s| s.op.0);
        let op = op.expect("the run has an operation");
        let click = panel.handle(Request::Act {
            act: format!("op:{op}"),
            y_px: 0.0,
        });
        assert_eq!(click.select, Some(op));
        let selected = panel.handle(Request::Sync {
            scenario: None,
            horizon_us: 100_000,
            horizon_events: u64::MAX,
            now_us: 100_000,
            playing: false,
            selected: Some(op),
        });
        assert!(selected
            .head
            .is_some_and(|b| b.contains("data-act=\"start\"")));
        assert!(selected.body.is_some_and(|w| w.contains("past")));
        let again = panel.handle(Request::Key {
            key: "Enter".into(),
            act: Some(format!("op:{op}")),
        });
        assert!(again.unselect);
        let start = panel.handle(Request::Act {
            act: "start".into(),
            y_px: 0.0,
        });
        assert_eq!(start.seek_us, Some(1_000));
    }

    #[test]
    fn panel_zoom_and_downloads() {
        let mut panel = Panel::new();
        sync(&mut panel, Some(RUN), 100_000, 100_000);
        let zoom = panel.handle(Request::Key {
            key: "+".into(),
            act: None,
        });
        assert_eq!(panel.px_per_ms(), 2.0 * DEFAULT_PX_PER_MS);
        assert_eq!(zoom.length_px, Some(HEAD_PX + 800.0));
        for (act, name, needle) in [
            ("svg", "quorumscope-diagram.svg", "<svg"),
            ("edn", "quorumscope-history.edn", ":invoke"),
            ("shiviz", "quorumscope.shiviz.log", "c1"),
        ] {
            let update = panel.handle(Request::Act {
                act: act.into(),
                y_px: 0.0,
            });
            assert_eq!(update.download_name.as_deref(), Some(name));
            let text = update.download_text.unwrap_or_default();
            assert!(text.contains(needle), "{name}: {text}");
        }
        let bad = panel.handle(Request::Act {
            act: "explode".into(),
            y_px: 0.0,
        });
        assert_eq!(bad.download_name, None);
        assert!(bad.error.is_some());
    }

    #[test]
    fn panel_follows_the_now_line_while_playing() {
        let mut panel = Panel::new();
        sync(&mut panel, Some(RUN), 0, 0);
        let update = panel.handle(Request::Sync {
            scenario: None,
            horizon_us: 300_000,
            horizon_events: u64::MAX,
            now_us: 300_000,
            playing: true,
            selected: None,
        });
        let now = update.now_px.expect("a now line");
        let top = update.scroll_to_px.expect("scrolled to follow");
        assert!(now > top && now < top + DEFAULT_BOX.1, "{now} in {top}+");
    }

    #[test]
    fn panel_bad_scenario_is_one_line() {
        let mut panel = Panel::new();
        let update = sync(&mut panel, Some("{"), 1000, 1000);
        let error = update.error.expect("an error");
        assert!(error.starts_with("the run's scenario"), "{error}");
        assert!(!error.contains('\n'));
    }
}
