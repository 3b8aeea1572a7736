//! Checking a tour against its scenario's run.

use super::file::{Highlight, Tour, TourError};
use crate::time::{ms_to_us, Micros};
use crate::{Scenario, Simulator};

/// The most engine events [`Tour::check`] runs (a tour's scenario is a small story).
const MAX_EVENTS: u64 = 1_000_000;

/// A time in ms for a message: `150 ms` or `176.3 ms` (integers only: no float formatting,
/// which the page's bundle would pay for).
fn ms(us: Micros) -> String {
    let tenths = (us + 50) / 100;
    if tenths.is_multiple_of(10) {
        format!("{} ms", tenths / 10)
    } else {
        format!("{}.{} ms", tenths / 10, tenths % 10)
    }
}

impl Tour {
    /// Runs `scenario` (the tour's) and checks every step against the run: its moment no
    /// earlier than the step before and no later than the run's end, and its highlight naming a
    /// node or client of the scenario, or an operation invoked (a message sent) by that moment.
    /// The first step that does not fit gives one line naming it (`steps[3].highlight.op: ...`).
    pub fn check(&self, scenario: &Scenario) -> Result<(), TourError> {
        let mut sim = Simulator::new(scenario.clone());
        let mut last: Option<f64> = None;
        for (i, step) in self.steps.iter().enumerate() {
            let path = format!("steps[{i}]");
            if let Some(before) = last.filter(|&b| step.at_ms < b) {
                return Err(TourError(format!(
                    "{path}.at_ms: {} is earlier than the step before ({}); steps go in time order",
                    ms(ms_to_us(step.at_ms)),
                    ms(ms_to_us(before))
                )));
            }
            last = Some(step.at_ms);
            let t = ms_to_us(step.at_ms);
            if !sim.run_bounded(Some(t), MAX_EVENTS) {
                return Err(TourError(format!(
                    "{path}.at_ms: the run is too long to reach {}",
                    ms(t)
                )));
            }
            let Some(h) = &step.highlight else {
                continue;
            };
            check_highlight(h, &sim, scenario, t).map_err(|e| TourError(format!("{path}.{e}")))?;
        }
        if !sim.run_bounded(None, MAX_EVENTS) {
            return Err(TourError("the run does not end".to_string()));
        }
        let end = sim.now();
        if let Some((i, step)) = self
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| ms_to_us(s.at_ms) > end)
        {
            return Err(TourError(format!(
                "steps[{i}].at_ms: {} is after the run ends (at {})",
                ms(ms_to_us(step.at_ms)),
                ms(end)
            )));
        }
        Ok(())
    }
}

/// Whether `h` exists in the run `sim` at `t`; the error starts with the field
/// (`highlight.node: ...`).
fn check_highlight(
    h: &Highlight,
    sim: &Simulator,
    scenario: &Scenario,
    t: Micros,
) -> Result<(), String> {
    match h {
        Highlight::Node(id) if !scenario.cluster.nodes.contains(id) => Err(format!(
            "highlight.node: `{id}` is not a node of the scenario (it has {})",
            scenario.cluster.nodes.join(", ")
        )),
        Highlight::Client(id) => {
            let clients = scenario.clients();
            if clients.contains(id) {
                Ok(())
            } else {
                Err(format!(
                    "highlight.client: `{id}` is not a client of the scenario (it has {})",
                    clients.join(", ")
                ))
            }
        }
        Highlight::Op(op) => {
            let invoked = sim.history().iter().filter(|o| o.invoked_us <= t).count();
            if sim
                .history()
                .iter()
                .any(|o| o.id == *op && o.invoked_us <= t)
            {
                Ok(())
            } else {
                Err(format!(
                    "highlight.op: operation {} has not been invoked by {} ({invoked} by then)",
                    op.0,
                    ms(t)
                ))
            }
        }
        Highlight::Message(m) => {
            let sent = sim
                .messages()
                .iter()
                .filter(|r| r.sent_us <= t)
                .map(|r| r.id.0)
                .max()
                .unwrap_or(0);
            if m.0 <= sent {
                Ok(())
            } else {
                Err(format!(
                    "highlight.message: message {} has not been sent by {} ({sent} by then)",
                    m.0,
                    ms(t)
                ))
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"name": "t", "cluster": {"nodes": ["A","B","C"],
        "clients": ["alice"], "n": 3, "w": 2, "r": 2, "latency": {"constant": 5}},
        "events": [{"at": 10, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;

    fn tour(steps: &str) -> Result<Tour, TourError> {
        Tour::from_json(&format!(
            r#"{{"title": "T", "description": "D", "scenario": "s", "steps": {steps}}}"#
        ))
    }

    fn check(steps: &str) -> Result<(), TourError> {
        tour(steps)?.check(&Scenario::from_json(SCENARIO).unwrap())
    }

    /// Issue 11, part 2: a good tour reads and fits its run.
    #[test]
    fn issue11_a_tour_reads_and_fits_its_run() {
        let t = tour(
            r#"[{"at_ms": 0, "text": "start", "highlight": {"node": "C"}},
                {"at_ms": 10, "text": "put", "highlight": {"op": 1}},
                {"at_ms": 12, "text": "msg", "highlight": {"message": 1}},
                {"at_ms": 20, "text": "w", "highlight": {"setting": "w"}},
                {"at_ms": 20, "text": "end", "highlight": null}]"#,
        )
        .unwrap();
        assert_eq!(t.steps.len(), 5);
        assert_eq!(t.steps[1].highlight, Some(Highlight::Op(crate::OpId(1))));
        assert_eq!(
            t.steps[3].highlight,
            Some(Highlight::Setting(super::super::Setting::W))
        );
        assert_eq!(t.check(&Scenario::from_json(SCENARIO).unwrap()), Ok(()));
    }

    /// Issue 11, part 2: bad files and tours that do not fit their run say which field.
    #[test]
    fn issue11_bad_tours_name_the_field() {
        let err = |r: Result<(), TourError>| r.unwrap_err().0;
        assert_eq!(
            err(check(r#"[{"at_ms": "soon", "text": "x"}]"#)),
            "steps[0].at_ms: expected a time in ms of at least 0, got \"soon\""
        );
        assert_eq!(
            err(check(r#"[{"at_ms": 1, "text": "x", "hilite": 1}]"#)),
            "steps[0].hilite: unknown field; expected one of at_ms, text, highlight"
        );
        assert_eq!(
            err(check(r#"[{"at_ms": 1, "text": " "}]"#)),
            "steps[0].text: must not be empty"
        );
        assert_eq!(err(check("[]")), "steps: list at least one step");
        assert_eq!(
            err(check(r#"[{"at_ms": 1, "text": "x", "highlight": {"node": "A", "op": 1}}]"#)),
            "steps[0].highlight: name one thing to highlight: one of node, client, op, message, setting"
        );
        assert_eq!(
            err(check(r#"[{"at_ms": 1, "text": "x", "highlight": {"setting": "q"}}]"#)),
            "steps[0].highlight.setting: `q` is not a setting; expected one of n, w, r, versioning, coordinator, read_repair, anti_entropy_ms, sloppy_quorum, hinted_handoff, timeout_ms, drop_rate"
        );
        assert_eq!(
            err(check(
                r#"[{"at_ms": 5, "text": "x"}, {"at_ms": 2, "text": "y"}]"#
            )),
            "steps[1].at_ms: 2 ms is earlier than the step before (5 ms); steps go in time order"
        );
        assert_eq!(
            err(check(
                r#"[{"at_ms": 1, "text": "x", "highlight": {"node": "Z"}}]"#
            )),
            "steps[0].highlight.node: `Z` is not a node of the scenario (it has A, B, C)"
        );
        assert_eq!(
            err(check(
                r#"[{"at_ms": 1, "text": "x", "highlight": {"client": "bob"}}]"#
            )),
            "steps[0].highlight.client: `bob` is not a client of the scenario (it has alice)"
        );
        assert_eq!(
            err(check(
                r#"[{"at_ms": 5, "text": "x", "highlight": {"op": 1}}]"#
            )),
            "steps[0].highlight.op: operation 1 has not been invoked by 5 ms (0 by then)"
        );
        assert_eq!(
            err(check(
                r#"[{"at_ms": 5, "text": "x", "highlight": {"message": 1}}]"#
            )),
            "steps[0].highlight.message: message 1 has not been sent by 5 ms (0 by then)"
        );
        let late = err(check(r#"[{"at_ms": 5000, "text": "x"}]"#));
        assert!(
            late.starts_with("steps[0].at_ms: 5000 ms is after the run ends (at "),
            "{late}"
        );
        assert!(Tour::from_json("{").unwrap_err().0.starts_with("not JSON"));
        assert_eq!(
            Tour::from_json(r#"{"title": "T", "scenario": "s", "steps": []}"#)
                .unwrap_err()
                .0,
            "description: missing"
        );
    }
}
