//! Jepsen's set checker over a finished run.

use crate::history::Outcome;
use crate::op::OpKind;
use crate::scenario::{Action, Merge};
use crate::setvalue::{elements, sort_elements};
use crate::sim::Simulator;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The verdict of Jepsen's set checker on one run ([`check_set`]). Every list is sorted as
/// `union_of` sorts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetCheck {
    /// Whether the final read succeeded; when it did not, the four lists are empty.
    pub final_read: bool,
    /// Elements whose add was attempted.
    pub attempted: u64,
    /// Elements whose add was acknowledged (the put's outcome was `ok`).
    pub acknowledged: u64,
    /// Attempted elements present in the final read (`recovered` ones included).
    pub ok: Vec<String>,
    /// Acknowledged elements absent from the final read.
    pub lost: Vec<String>,
    /// Elements present in the final read that no add attempted, or whose every add was refused
    /// before anything was sent (known not to have happened).
    pub unexpected: Vec<String>,
    /// Elements whose add timed out (indeterminate: maybe applied) but that are present in the
    /// final read.
    pub recovered: Vec<String>,
}

/// Jepsen's set checker over a finished run. The final read is the last get of the history; the
/// set is its key, and its content the union of the elements of the get's sibling values. Each
/// put to that key with `"merge": "union"` attempts the elements of its `value` (as written in
/// the scenario); an element is acknowledged when one of its puts returned `ok`. Then, as
/// Jepsen's `set` checker says: `ok` = final ∩ attempted, `lost` = acknowledged − final,
/// `unexpected` = final − attempted, `recovered` = (final ∩ attempted) − acknowledged. One
/// refinement: an add refused before anything was sent is known not to have happened (only a
/// timed-out, indeterminate add is *maybe applied*), so an element whose every add was refused
/// that way is `unexpected`, not `recovered`, when present.
///
/// Puts are matched to the scenario's events in order (operations are numbered in the order
/// their events run), so actions injected with [`Simulator::schedule`] are not understood.
pub fn check_set(sim: &Simulator) -> SetCheck {
    let history = sim.history();
    let Some(last_get) = history.iter().rev().find(|r| r.kind == OpKind::Get) else {
        return SetCheck::default();
    };
    let names = sim.names();
    let ops = sim
        .scenario()
        .events
        .iter()
        .filter_map(|e| match &e.action {
            Action::Put(p) => Some((OpKind::Put, p.client.as_str(), Some(p))),
            Action::Get(g) => Some((OpKind::Get, g.client.as_str(), None)),
            Action::Delete(d) => Some((OpKind::Delete, d.client.as_str(), None)),
            _ => None,
        });
    // Per attempted element: whether some add of it was acknowledged, and whether some add of
    // it may have been applied (acknowledged, indeterminate or still pending). An add refused
    // before anything was sent is known not to have happened.
    let mut attempts: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for ((kind, client, spec), rec) in ops.zip(history) {
        if rec.kind != kind || *names[rec.client] != *client {
            break;
        }
        match spec {
            Some(p) if p.merge == Some(Merge::Union) && rec.key == last_get.key => {
                let acked = rec.outcome == Outcome::Ok;
                let maybe = rec.outcome != Outcome::Fail || rec.indeterminate;
                for e in elements(&p.value) {
                    let a = attempts.entry(e.to_string()).or_insert((false, false));
                    a.0 |= acked;
                    a.1 |= maybe;
                }
            }
            _ => {}
        }
    }
    let mut check = SetCheck {
        final_read: last_get.outcome == Outcome::Ok,
        attempted: attempts.len() as u64,
        acknowledged: attempts.values().filter(|a| a.0).count() as u64,
        ..SetCheck::default()
    };
    if !check.final_read {
        return check;
    }
    let values = last_get.result.values();
    let present: BTreeSet<&str> = values.iter().flat_map(|v| elements(v)).collect();
    for (e, &(acked, maybe)) in &attempts {
        match (present.contains(e.as_str()), acked, maybe) {
            (true, true, _) => check.ok.push(e.clone()),
            (true, false, true) => {
                check.ok.push(e.clone());
                check.recovered.push(e.clone());
            }
            (true, false, false) => check.unexpected.push(e.clone()),
            (false, true, _) => check.lost.push(e.clone()),
            (false, false, _) => {}
        }
    }
    check.unexpected.extend(
        present
            .iter()
            .filter(|e| !attempts.contains_key(**e))
            .map(|e| e.to_string()),
    );
    for list in [
        &mut check.ok,
        &mut check.lost,
        &mut check.unexpected,
        &mut check.recovered,
    ] {
        sort_elements(list);
    }
    check
}
