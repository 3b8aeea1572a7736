//! The causal log as a ShiViz log: one line per event that happened at an endpoint, with the
//! endpoint's vector clock (docs/EXPORTS.md).

use crate::history::Outcome;
use crate::op::OpKind;
use crate::sim::{CausalKind, LocalTimer, Simulator};
use crate::text::one_line;
use crate::time::format_us;
use std::fmt::Write;

/// The regular expression to give ShiViz for a log of [`shiviz_log`]: the host, a tab, the
/// vector clock (JSON), a tab, the event's text. (ShiViz requires the named groups `host`,
/// `clock` and `event`.)
pub const SHIVIZ_REGEX: &str = r"(?<host>[^\t\n]+)\t(?<clock>\{[^\t\n]*\})\t(?<event>[^\n]*)";

/// The run's causal log as a ShiViz log: one line per event that happened at an endpoint
/// (every event of [`Simulator::causal_log`] that ticks: messages sent and received,
/// operations invoked and completed, crashes, recoveries, timers), in the order they happened,
/// as `host<TAB>clock<TAB>text`, matched by [`SHIVIZ_REGEX`]. The host is the endpoint's name,
/// the clock a JSON object from endpoint names to counts (only endpoints that have ticked), the
/// text the simulated time and what happened. Losses and the network's partitions happen at no
/// endpoint and are left out (a lost message is a send without a receive).
///
/// `Err` (one line) when the run kept no causal log, or let some of it go: ShiViz needs every
/// event of every host (run with `Options::causal_limit` = [`CAUSAL_ALL`](crate::sim::CAUSAL_ALL)).
pub fn shiviz_log(sim: &Simulator) -> Result<String, String> {
    let log = sim.causal_log();
    if sim.causal_total() == 0 && sim.events_processed() > 0 {
        return Err("the run kept no causal log (Options::causal_limit is 0)".to_string());
    }
    if sim.causal_total() > log.len() as u64 {
        return Err(format!(
            "the causal log kept only the newest {} of {} events, and ShiViz needs them all",
            log.len(),
            sim.causal_total()
        ));
    }
    let hosts: Vec<String> = sim.names().iter().map(|n| one_line(n)).collect();
    let op_text = |op: crate::ids::OpId| -> String {
        let Some(rec) = sim.history().get(op.index()) else {
            return format!("op {op}");
        };
        let key = one_line(&sim.keys()[rec.key.index()]);
        match rec.kind {
            OpKind::Put => format!(
                "op {op}: put {key} = {}",
                one_line(rec.value.as_deref().unwrap_or(""))
            ),
            OpKind::Get => format!("op {op}: get {key}"),
            OpKind::Delete => format!("op {op}: delete {key}"),
        }
    };
    let mut out = String::new();
    for e in log.iter().filter(|e| e.what.ticks()) {
        let Some(at) = e.endpoint else { continue };
        let mut clock = serde_json::Map::new();
        for &(who, n) in e.clock.entries() {
            clock.insert(hosts[who.index()].clone(), n.into());
        }
        let clock = serde_json::Value::Object(clock).to_string();
        let time = format_us(i64::try_from(e.at_us).unwrap_or(i64::MAX));
        let text = match &e.what {
            CausalKind::Sent { msg, to, kind, .. } => {
                format!("sent {} #{msg} to {}", kind.name(), hosts[to.index()])
            }
            CausalKind::Received {
                msg, from, kind, ..
            } => {
                format!(
                    "received {} #{msg} from {}",
                    kind.name(),
                    hosts[from.index()]
                )
            }
            CausalKind::Invoked(op) => format!("invoked {}", op_text(*op)),
            CausalKind::Completed { op, outcome } => {
                let rec = sim.history().get(op.index());
                let how = match (outcome, rec.is_some_and(|r| r.indeterminate)) {
                    (Outcome::Ok, _) => "ok".to_string(),
                    (_, true) => "indeterminate (:info)".to_string(),
                    _ => format!(
                        "failed: {}",
                        one_line(rec.and_then(|r| r.error.as_deref()).unwrap_or(""))
                    ),
                };
                format!("completed {}: {how}", op_text(*op))
            }
            CausalKind::Crashed => "crashed".to_string(),
            CausalKind::Recovered => "recovered".to_string(),
            CausalKind::Timer(t) => match t {
                LocalTimer::Deadline(op) => format!("deadline of op {op}"),
                LocalTimer::AntiEntropy => "anti-entropy round".to_string(),
                LocalTimer::Handoff => "hinted-handoff check".to_string(),
                LocalTimer::Probe => "failure detector probe".to_string(),
            },
            CausalKind::Lost { .. } | CausalKind::Partitioned(_) | CausalKind::Healed => continue,
        };
        let _ = writeln!(out, "{}\t{clock}\t{time} ms: {text}", hosts[at.index()]);
    }
    Ok(out)
}
