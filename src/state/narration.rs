//! The live log's words: a line for each happening of the run's journal ([`narrate`]), a line
//! for a finished operation ([`describe`]), times and modes in words, and the page's status line.

use std::fmt::Write;
use std::rc::Rc;

use quorumscope_engine::number::{fixed, plain};
use quorumscope_engine::snapshot::{HappeningEntry, HappeningView, OpView, Snapshot};
use quorumscope_engine::time::Micros;
use quorumscope_engine::version::Versioning;
use quorumscope_engine::{OpId, OpKind, Outcome};

use super::checks::describe_patch;
use super::limits::LOG_LINES;
use super::AppState;

impl AppState {
    /// Takes a new snapshot and tells, in the log, what the run's journal recorded since the
    /// last one, each at its simulated time: however many events a frame covered (a crash and a
    /// recovery within one frame are both told), and costing what happened, not the history.
    pub(super) fn refresh(&mut self) {
        let snapshot = self.run.snapshot(&self.base, &self.user_events, self.at);
        if self.at > self.horizon {
            self.horizon = self.at;
        }
        // Only the last LOG_LINES lines are kept: tell no more than those.
        let skip = snapshot.happenings.len().saturating_sub(LOG_LINES);
        let lines: Vec<String> = snapshot.happenings[skip..]
            .iter()
            .filter_map(|h| narrate(h, &snapshot))
            .collect();
        self.snapshot = Rc::new(snapshot);
        if lines.is_empty() {
            return;
        }
        let mut log = (*self.log).clone();
        self.log_total += lines.len() as u64;
        log.extend(lines);
        let excess = log.len().saturating_sub(LOG_LINES);
        log.drain(..excess);
        self.log = Rc::new(log);
    }

    /// Shows a notice of the page's own (not a happening of the run) in the status line.
    pub(super) fn note(&mut self, line: String) {
        self.status = Some(line);
    }
}

/// A time in ms with at most one decimal, for logs: `150`, `176.3`.
pub fn short_ms(us: Micros) -> String {
    let tenths = (us + 50) / 100;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A simulated time for people, as the clock shows it: `12.3 ms`.
pub fn ms_label(us: Micros) -> String {
    format!("{} ms", fixed(us as f64 / 1000.0, 1))
}

/// One line of the live log for a happening of the run's journal, at its simulated time;
/// `None` for one the log does not tell (an operation no longer in the history).
pub fn narrate(h: &HappeningEntry, snapshot: &Snapshot) -> Option<String> {
    let op = |id: OpId| snapshot.history.find(id);
    let body = match &h.what {
        HappeningView::Crashed(node) => {
            format!("node {node} crashed: it neither sends nor receives.")
        }
        HappeningView::Recovered(node) => format!("node {node} recovered, with the data it had."),
        HappeningView::Partitioned(groups) => partition_line(groups, snapshot),
        HappeningView::Healed => {
            "partition healed: every node and client can talk again.".to_string()
        }
        HappeningView::DropRate(p) => format!(
            "from now on each message is lost with probability {}.",
            plain(*p)
        ),
        HappeningView::Configured(patch) => {
            format!("settings changed from now on: {}.", describe_patch(patch))
        }
        HappeningView::MessageDropped(id) => format!("message {id} dropped by hand."),
        HappeningView::Invoked(id) => invoked_line(op(*id)?),
        // Told with its result, at its completion time (the entry's time).
        HappeningView::Completed(id) => return Some(describe(op(*id)?)),
        HappeningView::ReadRepair {
            op: id,
            replica,
            key,
        } => {
            format!("{replica} was read-repaired by op {id}: it had answered without the latest {key}.")
        }
        HappeningView::HintHandedBack {
            fallback,
            home,
            key,
        } => format!(
            "{fallback} handed its hint for {key} back to {home}, its home replica, and dropped it."
        ),
        HappeningView::AntiEntropyRepair { replica, key } => {
            format!("anti-entropy brought {replica} up to date for {key}.")
        }
        HappeningView::Suspected {
            observer,
            node,
            silent_us,
        } => format!(
            "{observer} now suspects {node} (no answer for {} ms): it will avoid {node} and probe it.",
            short_ms(*silent_us)
        ),
        HappeningView::Trusted { observer, node } => {
            format!("{observer} trusts {node} again.")
        }
    };
    Some(format!("{} ms: {body}", short_ms(h.at_us)))
}

/// A partition in words: its groups, each named by its datacenter when the partition is the
/// WAN link cut.
fn partition_line(groups: &[Vec<String>], snapshot: &Snapshot) -> String {
    // A partition along the datacenters' borders is the WAN link cut.
    let dc_of = |g: &Vec<String>| {
        snapshot.datacenters.iter().find(|dc| {
            g.len() == dc.nodes.len() + dc.clients.len()
                && g.iter()
                    .all(|e| dc.nodes.contains(e) || dc.clients.contains(e))
        })
    };
    let wan = snapshot.datacenters.len() > 1
        && groups.len() == snapshot.datacenters.len()
        && groups.iter().all(|g| dc_of(g).is_some());
    let groups: Vec<String> = groups
        .iter()
        .map(|g| match dc_of(g).filter(|_| wan) {
            Some(dc) => format!("{} [{}]", dc.name, g.join(", ")),
            None => format!("[{}]", g.join(", ")),
        })
        .collect();
    format!(
        "{}{} cannot reach each other.",
        if wan {
            "the WAN link is cut: "
        } else {
            "partition: "
        },
        groups.join(" and ")
    )
}

/// An operation sent, in words: `alice puts k = "v" (blind: sent with no context).`
fn invoked_line(op: &OpView) -> String {
    let how = match (op.with_context, op.write_context.as_str()) {
        (false, _) => "blind: sent with no context".to_string(),
        (true, "" | "{}") => {
            "sent with context nothing: it had seen nothing of the key".to_string()
        }
        (true, seen) => format!("sent with context {seen}"),
    };
    match (op.kind, &op.value) {
        (OpKind::Put, Some(v)) => format!("{} puts {} = \"{v}\" ({how}).", op.client, op.key),
        (OpKind::Get, _) => format!("{} gets {}.", op.client, op.key),
        _ => format!("{} deletes {} ({how}).", op.client, op.key),
    }
}

/// One line for the live log about a finished operation.
pub fn describe(op: &OpView) -> String {
    let at = short_ms(op.completed_us.unwrap_or(op.invoked_us));
    let what = match (op.kind, &op.value) {
        (OpKind::Put, Some(v)) => format!("{} put {} = \"{v}\"", op.client, op.key),
        (kind, _) => format!("{} {} {}", op.client, kind.name(), op.key),
    };
    match op.outcome {
        Outcome::Ok if op.kind == OpKind::Get => {
            // Three values at most: a line a screen reader reads out in full.
            let mut vals = if op.values.is_empty() {
                "nothing".to_string()
            } else {
                op.values
                    .iter()
                    .take(3)
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(" and ")
            };
            let more = op.values.len().saturating_sub(3) + op.more_values;
            if more > 0 {
                let _ = write!(vals, " and {more} more");
            }
            let siblings = if op.values.len() > 1 {
                " (siblings)"
            } else {
                ""
            };
            let stale = if op.stale { " — a stale read" } else { "" };
            format!(
                "{at} ms: {what} returned {vals}{siblings} from {}{stale}.",
                op.replies_from.join(", ")
            )
        }
        Outcome::Ok => format!(
            "{at} ms: {what} succeeded, acknowledged by {}.",
            op.replies_from.join(", ")
        ),
        Outcome::Fail | Outcome::Pending => format!(
            "{at} ms: {what} failed: {}.",
            op.error.as_deref().unwrap_or("unknown reason")
        ),
    }
}

/// The name of a versioning mode in words.
pub fn versioning_name(v: Versioning) -> &'static str {
    match v {
        Versioning::Dvv => "dotted version vectors",
        Versioning::Vv => "version vectors",
        Versioning::Lww => "last write wins",
    }
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

    /// Issue 8, point 4: the log tells each happening at its simulated time, not at the time
    /// of the frame that processed it, and a crash and a recovery within one frame (at the
    /// fastest speed) are both told.
    #[test]
    fn issue8_narration_is_at_the_events_times_and_misses_nothing() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"],
            "n": 3, "w": 2, "r": 2, "latency": {"constant": 10}},
            "events": [{"at": 0, "crash": "C"}, {"at": 0.5, "recover": "C"},
                       {"at": 250, "partition": [["alice", "A"]]}, {"at": 250.3, "heal": true},
                       {"at": 300, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;
        let s = state(text).reduce(Msg::SetSpeed(SPEED_RANGE.1));
        let s = play_to(s, 400_000);
        let log = s.log.join("\n");
        for line in [
            "0 ms: node C crashed",
            "0.5 ms: node C recovered",
            "250 ms: partition: [B, C] and [A, alice] cannot reach each other.",
            "250.3 ms: partition healed",
            "300 ms: alice puts k = \"v\" (blind: sent with no context).",
            "320 ms: alice put k = \"v\" succeeded, acknowledged by",
        ] {
            assert!(log.contains(line), "{line} missing from:\n{log}");
        }
        // In the order they happened (the page shows them newest first).
        let at = |needle: &str| s.log.iter().position(|l| l.contains(needle)).unwrap();
        assert!(at("crashed") < at("recovered") && at("recovered") < at("healed"));
        // A user's action is told at the time it happened, too: 1 µs after now.
        let s = state(THREE).reduce(Msg::Crash("C".into()));
        assert_eq!(
            s.log.last().map(String::as_str),
            Some("0 ms: node C crashed: it neither sends nor receives.")
        );
    }

    /// Issue 8, point 4: an hour of play keeps the journal and the log flat.
    #[test]
    fn issue8_the_log_and_the_journal_stay_bounded() {
        let events: Vec<String> = (0..2_000)
            .map(|i| {
                format!(
                    r#"{{"at": {}, "put": {{"client": "alice", "key": "k{}", "value": "v", "context": "last"}}}}"#,
                    i * 3,
                    i % 5
                )
            })
            .collect();
        let text = format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}},
                "events": [{}]}}"#,
            events.join(",")
        );
        let s = play_to(state(&text).reduce(Msg::SetSpeed(SPEED_RANGE.1)), 6_100_000);
        assert_eq!(s.log.len(), LOG_LINES);
        // The newest lines: the last put's completion is the last line.
        assert!(
            s.log
                .last()
                .is_some_and(|l| l.contains("put k4 = \"v\" succeeded")),
            "{:?}",
            s.log.last()
        );
        let sim = s.sim();
        assert_eq!(sim.journal().len(), JOURNAL_ENTRIES);
        assert_eq!(sim.journal_total(), 4_000);
    }
}
