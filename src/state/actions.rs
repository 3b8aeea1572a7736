//! What the user does to the cluster: client operations, faults, the network, message loss and
//! settings. Each becomes an engine action scheduled 1 µs after now and is recorded as a
//! scenario event, so that share links and replays do the same.

use std::rc::Rc;

use quorumscope_engine::number::plain;
use quorumscope_engine::scenario::{
    Action, ClusterPatch, ContextChoice, DeleteSpec, Event, GetSpec, PutSpec,
};
use quorumscope_engine::sim::Fate;
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::time::ms_to_us;
use quorumscope_engine::MsgId;

use super::checks::{check_op, check_value};
use super::run::Position;
use super::AppState;

impl AppState {
    /// Schedules a user action one microsecond after now (so that it follows everything that
    /// has already happened at this instant, in the live run and in a replay alike), records it
    /// as a scenario event, and runs what happens at that instant.
    fn act(&mut self, action: Action) {
        self.branch();
        let at = self.at.now_us + 1;
        let mut events = (*self.user_events).clone();
        let event = Event {
            at: at as f64 / 1000.0,
            action: action.clone(),
        };
        // Settings typed in quickly while paused are one change, not one per keystroke.
        match (events.last_mut(), &event.action) {
            (
                Some(Event {
                    at: last_at,
                    action: Action::Configure(last),
                }),
                Action::Configure(patch),
            ) if ms_to_us(*last_at) + 1 == at => {
                *last = merge_patches(last, patch);
                *last_at = event.at;
            }
            _ => events.push(event),
        }
        let events = Rc::new(events);
        let reached = {
            let mut sim = self.sim();
            sim.schedule(at, action);
            sim.advance_to(at);
            Position::of(&sim)
        };
        self.run.record(&events);
        self.user_events = events;
        self.at = reached;
        self.refresh();
    }

    /// Acts if `problem` is `None`, else shows it in the error banner.
    fn act_unless(&mut self, problem: Option<String>, action: impl FnOnce() -> Action) -> bool {
        match problem {
            Some(e) => self.error = Some(e),
            None => self.act(action()),
        }
        true
    }

    /// [`super::Msg::Put`], checked first.
    pub(super) fn put(
        &mut self,
        client: String,
        key: String,
        value: String,
        context: ContextChoice,
    ) -> bool {
        let problem = check_op(self, &client, &key).or_else(|| check_value(&value));
        self.act_unless(problem, || {
            Action::Put(PutSpec {
                client,
                key,
                value,
                context,
                merge: None,
            })
        })
    }

    /// [`super::Msg::Get`], checked first.
    pub(super) fn get(&mut self, client: String, key: String) -> bool {
        let problem = check_op(self, &client, &key);
        self.act_unless(problem, || Action::Get(GetSpec { client, key }))
    }

    /// [`super::Msg::Delete`], checked first.
    pub(super) fn delete(&mut self, client: String, key: String, context: ContextChoice) -> bool {
        let problem = check_op(self, &client, &key);
        self.act_unless(problem, || {
            Action::Delete(DeleteSpec {
                client,
                key,
                context,
            })
        })
    }

    /// [`super::Msg::Crash`]: only a node that is up.
    pub(super) fn crash(&mut self, node: String) -> bool {
        if !self.snapshot.nodes.iter().any(|n| n.name == node && n.up) {
            return false;
        }
        self.act(Action::Crash(node));
        true
    }

    /// [`super::Msg::Recover`]: only a node that is down.
    pub(super) fn recover(&mut self, node: String) -> bool {
        if !self.snapshot.nodes.iter().any(|n| n.name == node && !n.up) {
            return false;
        }
        self.act(Action::Recover(node));
        true
    }

    /// [`super::Msg::MoveTo`]: the partition with `endpoint` in `zone` (a heal when every zone
    /// but the main one is left empty).
    pub(super) fn move_to(&mut self, endpoint: &str, zone: u32) -> bool {
        if self.snapshot.endpoint(endpoint).is_none() {
            return false;
        }
        let groups = partition_after_move(&self.snapshot, endpoint, zone);
        if groups.is_empty() {
            return self.heal();
        }
        self.act(Action::Partition(groups));
        true
    }

    /// [`super::Msg::Heal`]: only while a partition is in force.
    pub(super) fn heal(&mut self) -> bool {
        let snap = &self.snapshot;
        if snap.nodes.iter().all(|n| n.group == 0) && snap.clients.iter().all(|c| c.group == 0) {
            return false;
        }
        self.act(Action::Heal);
        true
    }

    /// [`super::Msg::CutWan`]: partitions the network by datacenter, each named
    /// (`[["us"], ["eu"]]`); nothing without datacenters or when the partition in force is that
    /// one.
    pub(super) fn cut_wan(&mut self) -> bool {
        let snap = &self.snapshot;
        if snap.datacenters.len() < 2 || wan_is_cut(snap) {
            return false;
        }
        let groups = snap
            .datacenters
            .iter()
            .map(|dc| vec![dc.name.clone()])
            .collect();
        self.act(Action::Partition(groups));
        true
    }

    /// [`super::Msg::SetDropRate`]: a probability, else an error.
    pub(super) fn set_drop_rate(&mut self, p: f64) -> bool {
        let problem = (!(p.is_finite() && (0.0..=1.0).contains(&p))).then(|| {
            format!(
                "Message loss: a probability between 0 and 1, got {}. Not applied.",
                plain(p)
            )
        });
        self.act_unless(problem, || Action::DropRate(p))
    }

    /// [`super::Msg::DropMessage`]: recorded as a scenario event like every other action, so
    /// that share links and replays drop it too; only a message still on its way when that
    /// event happens (1 µs from now) can be dropped.
    pub(super) fn drop_message(&mut self, id: MsgId) -> bool {
        let at = self.at.now_us + 1;
        let on_its_way = self
            .sim()
            .messages()
            .iter()
            .any(|m| m.id == id && m.fate == Fate::InFlight && m.arrive_us > at);
        if !on_its_way {
            return false;
        }
        self.act(Action::DropMessage(id));
        true
    }

    /// [`super::Msg::Configure`]: checked against the settings in force; an empty change
    /// changes nothing.
    pub(super) fn configure(&mut self, patch: ClusterPatch) -> bool {
        match self.check_patch(&patch) {
            Ok(()) if patch == ClusterPatch::default() => false,
            Ok(()) => {
                self.act(Action::Configure(patch));
                true
            }
            Err(e) => {
                self.error = Some(format!("This setting was not applied: {e}"));
                true
            }
        }
    }
}

/// The partition that results from moving `endpoint` into `zone`, as groups of names: group
/// `i` of the list is zone `i + 1` (the engine numbers groups in order), so a zone left empty
/// stays in the list as an empty group and the others keep their numbers.
fn partition_after_move(snap: &Snapshot, endpoint: &str, zone: u32) -> Vec<Vec<String>> {
    let mut zones: Vec<(String, u32)> = snap
        .nodes
        .iter()
        .map(|n| (n.name.clone(), n.group))
        .chain(snap.clients.iter().map(|c| (c.name.clone(), c.group)))
        .collect();
    for z in zones.iter_mut() {
        if z.0 == endpoint {
            z.1 = zone;
        }
    }
    let max = zones.iter().map(|z| z.1).max().unwrap_or(0);
    (1..=max)
        .map(|g| {
            zones
                .iter()
                .filter(|z| z.1 == g)
                .map(|z| z.0.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the partition in force separates the datacenters exactly: every endpoint of a
/// datacenter in one group, each datacenter in its own (what "Cut WAN link" does).
pub fn wan_is_cut(snap: &Snapshot) -> bool {
    if snap.datacenters.len() < 2 {
        return false;
    }
    let group = |name: &String| {
        snap.nodes
            .iter()
            .find(|n| &n.name == name)
            .map(|n| n.group)
            .or_else(|| {
                snap.clients
                    .iter()
                    .find(|c| &c.name == name)
                    .map(|c| c.group)
            })
    };
    let groups: Vec<Option<u32>> = snap
        .datacenters
        .iter()
        .map(|dc| {
            let mut members = dc.nodes.iter().chain(&dc.clients).map(group);
            let first = members.next().flatten();
            members.all(|g| g == first).then_some(first).flatten()
        })
        .collect();
    groups.iter().all(Option::is_some)
        && (0..groups.len()).all(|i| (i + 1..groups.len()).all(|j| groups[i] != groups[j]))
}

/// The later patch's fields over the earlier one's.
fn merge_patches(a: &ClusterPatch, b: &ClusterPatch) -> ClusterPatch {
    ClusterPatch {
        n: b.n.or(a.n),
        w: b.w.or(a.w),
        r: b.r.or(a.r),
        coordinator: b.coordinator.or(a.coordinator),
        read_repair: b.read_repair.or(a.read_repair),
        anti_entropy_ms: b.anti_entropy_ms.or(a.anti_entropy_ms),
        sloppy_quorum: b.sloppy_quorum.or(a.sloppy_quorum),
        hinted_handoff: b.hinted_handoff.or(a.hinted_handoff),
        handoff_interval_ms: b.handoff_interval_ms.or(a.handoff_interval_ms),
        timeout_ms: b.timeout_ms.or(a.timeout_ms),
        latency: b.latency.clone().or_else(|| a.latency.clone()),
        wan_latency: b.wan_latency.clone().or_else(|| a.wan_latency.clone()),
        clock_skew_ms: b.clock_skew_ms.clone().or_else(|| a.clock_skew_ms.clone()),
        failure_detector: b.failure_detector.or(a.failure_detector),
    }
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

    /// Issue 9 (contract section 4: a partition may name datacenters): Cut WAN link
    /// partitions the network by datacenter, names them, says so in the log, and is recorded
    /// for the share link; a second press, or a cluster without datacenters, does nothing; heal
    /// ends it.
    #[test]
    fn issue9_cut_wan_partitions_by_datacenter() {
        let s = state(include_str!("../../scenarios/two-datacenters.json"));
        let cut = s.clone().reduce(Msg::CutWan);
        assert_eq!(
            cut.user_events.last().map(|e| &e.action),
            Some(&Action::Partition(vec![
                vec!["us".to_string()],
                vec!["eu".to_string()]
            ]))
        );
        let group = |st: &AppState, name: &str| {
            let snap = &st.snapshot;
            let i = snap.endpoint(name).unwrap();
            match snap.nodes.get(i) {
                Some(n) => n.group,
                None => snap.clients[i - snap.nodes.len()].group,
            }
        };
        for us in ["A", "B", "C", "alice"] {
            assert_eq!(group(&cut, us), group(&cut, "A"), "{us}");
        }
        for eu in ["D", "E", "F", "bob"] {
            assert_eq!(group(&cut, eu), group(&cut, "D"), "{eu}");
        }
        assert_ne!(group(&cut, "A"), group(&cut, "D"));
        assert!(
            cut.log.iter().any(|l| l.contains(
                "the WAN link is cut: us [A, B, C, alice] and eu [D, E, F, bob] cannot reach each other."
            )),
            "{:?}",
            cut.log
        );
        let again = cut.clone().reduce(Msg::CutWan);
        assert!(Rc::ptr_eq(&again, &cut), "already cut: nothing to do");
        let healed = cut.reduce(Msg::Heal);
        assert!(healed.snapshot.nodes.iter().all(|n| n.group == 0));
        let plain = state(THREE);
        assert!(Rc::ptr_eq(&plain.clone().reduce(Msg::CutWan), &plain));
    }

    /// Issue 7, defect 11: values and keys too long for the page are refused, naming the field.
    #[test]
    fn issue7_long_values_and_keys_are_refused() {
        let s = state(THREE);
        let put = |key: &str, value: String| Msg::Put {
            client: "alice".into(),
            key: key.into(),
            value,
            context: ContextChoice::None,
        };
        let t = s.clone().reduce(put("k", "x".repeat(100_000)));
        let e = t.error.as_deref().unwrap_or_default();
        assert!(e.starts_with("Value: at most 1000 characters"), "{e}");
        assert!(t.snapshot.history.is_empty());
        let t = s.clone().reduce(put(&"k".repeat(101), "v".into()));
        assert!(t.error.as_deref().unwrap_or_default().starts_with("Key: "));
        let t = s.reduce(put("k", "x".repeat(MAX_VALUE_CHARS)));
        assert_eq!(t.error, None);
        assert_eq!(t.snapshot.history.len(), 1);
    }

    /// Issue 8, point 2 (DDIA chapter 5, Figure 5-13): with C crashed, alice puts "milk", then
    /// "eggs" overwriting what she last saw (her put's reply): "eggs" replaces "milk". A blind
    /// write is kept beside it. The choice is recorded in the session for share links.
    #[test]
    fn issue8_a_put_overwrites_what_its_client_last_saw_a_blind_one_does_not() {
        let s = state(THREE).reduce(Msg::Crash("C".into()));
        let last = ContextChoice::Last;
        assert_eq!(seen(&s, "cart"), None);
        let s = settle(s.reduce(put("milk", last)));
        assert_eq!(seen(&s, "cart"), Some("alice:1"), "its put's reply");
        assert_eq!(seen(&s, "other"), None);
        let s = settle(s.reduce(put("eggs", last)));
        let eggs = s.snapshot.history.last().unwrap();
        assert_eq!(eggs.outcome, Outcome::Ok);
        assert_eq!(eggs.write_context, "alice:1");
        assert_eq!(eggs.values, ["eggs"], "eggs replaced milk");
        assert!(matches!(
            &s.user_events.last().unwrap().action,
            Action::Put(p) if p.context == ContextChoice::Last
        ));
        let s = settle(s.reduce(put("ham", ContextChoice::None)));
        let ham = s.snapshot.history.last().unwrap();
        assert_eq!(ham.write_context, "{}");
        assert_eq!(ham.values, ["eggs", "ham"], "a blind write is a sibling");
        assert!(!ham.concurrency.is_empty());
        assert!(matches!(
            &s.user_events.last().unwrap().action,
            Action::Put(p) if p.context == ContextChoice::None
        ));
        // The session replays the same: "context" is kept in the share link's scenario.
        let replay = AppState::new(
            (*s.base).clone(),
            (*s.user_events).clone(),
            Some(s.snapshot.now_us),
        );
        assert_eq!(replay.snapshot.history, s.snapshot.history);
    }

    /// Issue 8, point 2: a put sent while the client's previous put is still in flight has not
    /// seen its reply: the client view says so, and the two become siblings.
    #[test]
    fn issue8_a_put_sent_before_the_previous_one_returned_is_a_sibling() {
        let last = ContextChoice::Last;
        let s = state(THREE)
            .reduce(put("milk", last))
            .reduce(put("eggs", last));
        let alice = &s.snapshot.clients[0];
        let cart = alice.key("cart").unwrap();
        assert_eq!(cart.seen, None);
        let pending: Vec<u64> = cart.in_flight.iter().map(|o| o.id.0).collect();
        assert_eq!(pending, [1, 2]);
        let s = settle(s);
        assert!(s.snapshot.clients[0]
            .key("cart")
            .unwrap()
            .in_flight
            .is_empty());
        assert_eq!(s.snapshot.history[1].values, ["eggs", "milk"]);
    }

    /// Issue 8, point 2: a delete overwriting what its client last saw removes the value.
    #[test]
    fn issue8_a_delete_overwrites_what_its_client_last_saw() {
        let s = settle(state(THREE).reduce(put("milk", ContextChoice::Last)));
        let s = settle(s.reduce(Msg::Delete {
            client: "alice".into(),
            key: "cart".into(),
            context: ContextChoice::Last,
        }));
        let delete = s.snapshot.history.last().unwrap();
        assert_eq!((delete.kind, delete.outcome), (OpKind::Delete, Outcome::Ok));
        assert_eq!(delete.write_context, "alice:1");
        assert!(delete.values.is_empty(), "{:?}", delete.values);
        let s = settle(s.reduce(Msg::Get {
            client: "alice".into(),
            key: "cart".into(),
        }));
        assert!(s.snapshot.history.last().unwrap().values.is_empty());
    }
}
