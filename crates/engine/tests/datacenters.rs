//! Datacenters and consistency levels end to end (issue 9 point 2, `CONTRACT.md` section 4):
//! outcomes while the WAN link is cut, the latency of local against global levels, placement
//! per datacenter, sloppy fallbacks within a datacenter, replica coordination in the client's
//! datacenter, partitions by datacenter name, and bad input. Sources: Cassandra's documentation
//! of consistency levels (ONE, QUORUM, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE) and
//! NetworkTopologyStrategy; DDIA chapter 5, "Multi-datacenter operation".

use quorumscope_engine::time::Ms;
use quorumscope_engine::{run_json, RunResult, Scenario, Simulator};
use serde_json::{json, Value};

/// Two datacenters of three nodes each, alice in us and bob in eu, messages inside a
/// datacenter taking 1 ms and across the WAN 50 ms.
fn two_dcs(w: &str, r: &str, events: Value) -> Value {
    json!({
        "seed": 7,
        "cluster": {
            "nodes": ["A", "B", "C", "D", "E", "F"],
            "clients": ["alice", "bob"],
            "datacenters": [
                {"name": "us", "members": ["A", "B", "C", "alice"], "n": 3},
                {"name": "eu", "members": ["D", "E", "F", "bob"], "n": 3}
            ],
            "w": w, "r": r,
            "read_repair": false,
            "latency": {"constant": 1},
            "wan_latency": {"constant": 50}
        },
        "events": events
    })
}

fn run(v: &Value) -> RunResult {
    let mut sim = Simulator::new(Scenario::from_json(&v.to_string()).expect("a valid scenario"));
    sim.run(None);
    RunResult::of(&sim)
}

fn error(v: &Value) -> String {
    Scenario::from_json(&v.to_string())
        .expect_err("bad input")
        .to_string()
}

fn put(at: u64, client: &str, value: &str) -> Value {
    json!({"at": at, "put": {"client": client, "key": "cart", "value": value}})
}

fn get(at: u64, client: &str) -> Value {
    json!({"at": at, "get": {"client": client, "key": "cart"}})
}

#[test]
fn contract_s4_each_datacenter_holds_its_n_replicas_of_every_key() {
    let result = run(&two_dcs(
        "all",
        "one",
        json!([put(0, "alice", "milk"), put(0, "bob", "eggs")]),
    ));
    for node in ["A", "B", "C", "D", "E", "F"] {
        assert!(
            result.replicas[node].contains_key("cart"),
            "{node} is a home replica of cart: 3 of 3 in each datacenter"
        );
    }
    assert!(result.history.iter().all(|h| h.outcome == "ok"));
}

#[test]
fn cassandra_local_quorum_answers_at_lan_speed_and_quorum_waits_for_the_wan() {
    let local = run(&two_dcs(
        "local_quorum",
        "one",
        json!([put(0, "alice", "milk")]),
    ));
    let global = run(&two_dcs("quorum", "one", json!([put(0, "alice", "milk")])));
    let each = run(&two_dcs(
        "each_quorum",
        "one",
        json!([put(0, "alice", "milk")]),
    ));
    let took = |r: &RunResult| r.history[0].completed_ms.expect("finished");
    // Two local acks: one 1 ms message each way.
    assert_eq!(took(&local), Ms(2_000));
    assert_eq!(local.history[0].replies_from.len(), 2);
    // QUORUM = 4 of 6: the fourth ack comes from eu, 50 ms each way.
    assert_eq!(took(&global), Ms(100_000));
    assert_eq!(global.history[0].replies_from.len(), 4);
    // EACH_QUORUM = 2 + 2: also waits for two eu acks.
    assert_eq!(took(&each), Ms(100_000));
}

#[test]
fn cassandra_each_quorum_fails_while_the_wan_link_is_cut_and_local_quorum_succeeds() {
    let events = json!([
        {"at": 0, "partition": [["us"], ["eu"]]},
        put(10, "alice", "milk"),
        get(20, "bob")
    ]);
    let each = run(&two_dcs("each_quorum", "local_quorum", events.clone()));
    assert_eq!(each.history[0].outcome, "fail");
    let why = each.history[0].error.as_deref().unwrap_or_default();
    assert!(
        why.contains("EACH_QUORUM (2 + 2)") && why.contains("2 more in eu"),
        "{why}"
    );
    // Refused up front (Cassandra's UnavailableException): nothing was sent, so the run sent
    // only what bob's read sent.
    let read_only = run(&two_dcs(
        "each_quorum",
        "local_quorum",
        json!([{"at": 0, "partition": [["us"], ["eu"]]}, get(20, "bob")]),
    ));
    assert_eq!(each.metrics.messages, read_only.metrics.messages);
    let local = run(&two_dcs("local_quorum", "local_quorum", events));
    assert_eq!(local.history[0].outcome, "ok");
    assert_eq!(local.history[0].replies_from, ["A", "B"]);
    // bob's read in eu, cut off from us, finds nothing there: the write stayed in us.
    assert_eq!(local.history[1].outcome, "ok");
    assert!(local.history[1].values.is_empty());
    assert!(local.history[1].stale);
}

#[test]
fn ddia_ch5_multi_datacenter_a_local_write_is_stale_in_the_other_datacenter_until_the_wan_delivers_it(
) {
    let result = run(&two_dcs(
        "local_quorum",
        "local_one",
        json!([put(0, "alice", "milk"), get(10, "bob"), get(100, "bob")]),
    ));
    assert_eq!(result.history[0].completed_ms, Some(Ms(2_000)));
    assert!(
        result.history[1].stale,
        "read in eu before the WAN delivered"
    );
    assert!(result.history[1].values.is_empty());
    assert_eq!(result.history[2].values, ["milk"]);
    assert!(!result.history[2].stale);
    // Both reads were answered by an eu replica alone.
    for h in &result.history[1..] {
        assert!(["D", "E", "F"].contains(&h.replies_from[0].as_str()));
    }
}

#[test]
fn contract_s4_a_datacenter_name_in_a_partition_stands_for_its_members() {
    let scenario = Scenario::from_json(
        &two_dcs(
            "one",
            "one",
            json!([{"at": 0, "partition": [["us"], ["eu"]]}]),
        )
        .to_string(),
    )
    .unwrap();
    let mut sim = Simulator::new(scenario);
    sim.run(None);
    let groups = sim.groups();
    let names = sim.names();
    let group_of = |n: &str| groups[names.iter().position(|x| &**x == n).unwrap()];
    assert_eq!(group_of("A"), group_of("alice"));
    assert_eq!(group_of("D"), group_of("bob"));
    assert_ne!(group_of("A"), group_of("D"));
}

#[test]
fn contract_s4_sloppy_fallbacks_come_from_the_home_replicas_datacenter() {
    // us has four nodes, three of them home replicas of each key: its fourth is the only
    // fallback that may stand in for a us home replica, even though eu's nodes are reachable.
    let mut v = two_dcs("all", "one", json!([]));
    v["cluster"]["nodes"] = json!(["A", "B", "C", "G", "D", "E", "F"]);
    v["cluster"]["datacenters"][0]["members"] = json!(["A", "B", "C", "G", "alice"]);
    v["cluster"]["sloppy_quorum"] = json!(true);
    v["cluster"]["hinted_handoff"] = json!(true);
    let scenario = Scenario::from_json(&v.to_string()).unwrap();
    let sim = Simulator::new(scenario.clone());
    drop(sim);
    // Find the us home replicas of "cart" from a first run, then crash one of them.
    let first = run(&{
        let mut v = v.clone();
        v["events"] = json!([put(0, "alice", "milk")]);
        v
    });
    let us_homes: Vec<&String> = first
        .replicas
        .iter()
        .filter(|(node, keys)| {
            ["A", "B", "C", "G"].contains(&node.as_str()) && keys.contains_key("cart")
        })
        .map(|(node, _)| node)
        .collect();
    assert_eq!(us_homes.len(), 3, "{us_homes:?}");
    let spare = ["A", "B", "C", "G"]
        .into_iter()
        .find(|n| !us_homes.iter().any(|h| h == n))
        .unwrap();
    let down = us_homes[0].clone();
    v["events"] = json!([{"at": 0, "crash": down}, put(10, "alice", "milk")]);
    let result = run(&v);
    assert_eq!(result.history[0].outcome, "ok");
    assert!(
        result.history[0].replies_from.iter().any(|n| n == spare),
        "the us fallback {spare} stood in for {down}: {:?}",
        result.history[0].replies_from
    );
    let hints = &result.hints[spare];
    assert_eq!(hints[0].for_node, down);
}

#[test]
fn contract_s4_with_replica_coordination_a_client_asks_a_replica_of_its_own_datacenter() {
    let mut v = two_dcs("local_one", "local_one", json!([get(0, "bob")]));
    v["cluster"]["coordinator"] = json!("replica");
    let mut sim = Simulator::new(Scenario::from_json(&v.to_string()).unwrap());
    sim.run(None);
    let first = &sim.messages()[0];
    let to = &sim.names()[first.to.0];
    assert!(["D", "E", "F"].contains(&&**to), "bob asked {to}");
    assert_eq!(sim.history()[0].outcome, quorumscope_engine::Outcome::Ok);
}

#[test]
fn contract_s4_n_may_be_left_out_and_if_given_must_be_the_sum() {
    let v = two_dcs("one", "one", json!([]));
    assert!(Scenario::from_json(&v.to_string()).is_ok());
    let mut with_n = v.clone();
    with_n["cluster"]["n"] = json!(6);
    assert!(Scenario::from_json(&with_n.to_string()).is_ok());
    with_n["cluster"]["n"] = json!(5);
    let e = error(&with_n);
    assert!(e.starts_with("cluster.n: "), "{e}");
    assert!(e.contains('6'), "{e}");
}

#[test]
fn contract_s4_bad_datacenters_are_one_line_naming_the_field() {
    let base = two_dcs("local_quorum", "local_one", json!([]));
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        error(&v)
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|v| v["cluster"]["datacenters"][1]["members"][0] = json!("A")),
            "cluster.datacenters[1].members[0]",
        ),
        (
            with(&|v| v["cluster"]["datacenters"][1]["members"] = json!(["E", "F", "bob"])),
            "cluster.datacenters",
        ),
        (
            with(&|v| v["cluster"]["datacenters"][0]["members"][0] = json!("Z")),
            "cluster.datacenters[0].members[0]",
        ),
        (
            with(&|v| v["cluster"]["datacenters"][0]["n"] = json!(4)),
            "cluster.datacenters[0].n",
        ),
        (with(&|v| v["cluster"]["w"] = json!(7)), "cluster.w"),
        (
            with(&|v| v["cluster"]["r"] = json!("LOCAL_QUORUM")),
            "cluster.r",
        ),
        (
            with(&|v| v["cluster"]["wan_latency"] = json!({"uniform": [5]})),
            "cluster.wan_latency",
        ),
        (
            with(&|v| v["cluster"]["datacenters"][0]["dc"] = json!(1)),
            "cluster.datacenters[0].dc",
        ),
        (
            with(&|v| v["events"] = json!([{"at": 0, "partition": [["us"], ["A"]]}])),
            "events[0].partition[1][0]",
        ),
    ];
    for (message, path) in cases {
        assert!(message.starts_with(path), "{path}: {message}");
        assert!(!message.contains('\n'), "{message}");
    }
}

#[test]
fn contract_s4_qsim_run_prints_a_datacenter_scenario() {
    let text = run_json(
        &two_dcs(
            "local_quorum",
            "local_one",
            json!([put(0, "alice", "milk")]),
        )
        .to_string(),
        None,
    )
    .expect("runs");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["history"][0]["outcome"], "ok");
    let bad = run_json(&error_scenario().to_string(), None).expect_err("bad input");
    assert!(bad.starts_with("cluster.datacenters"), "{bad}");
}

fn error_scenario() -> Value {
    let mut v = two_dcs("one", "one", json!([]));
    v["cluster"]["datacenters"][0]["members"] = json!(["A", "B", "alice"]);
    v
}

#[test]
fn contract_s4_without_datacenters_nothing_changes() {
    // The local levels equal their plain forms in a cluster of one datacenter.
    let v = |w: &str| {
        json!({
            "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": w, "r": "local_one",
                        "latency": {"constant": 1}},
            "events": [put(0, "alice", "milk"), get(10, "alice")]
        })
    };
    let local = run(&v("local_quorum"));
    let plain = run(&v("quorum"));
    assert_eq!(local.history[0].replies_from, plain.history[0].replies_from);
    assert_eq!(local.history[0].replies_from.len(), 2);
    assert_eq!(local.trace_hash, plain.trace_hash);
}

#[test]
fn contract_s4_the_snapshot_draws_each_datacenter_and_the_levels_arithmetic() {
    use quorumscope_engine::snapshot::Snapshot;
    let sim = Simulator::new(
        Scenario::from_json(&two_dcs("local_quorum", "each_quorum", json!([])).to_string())
            .unwrap(),
    );
    let snap = Snapshot::of(&sim, 0);
    let names: Vec<&str> = snap.datacenters.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["us", "eu"]);
    assert_eq!(snap.datacenters[0].nodes, ["A", "B", "C"]);
    assert_eq!(snap.datacenters[0].clients, ["alice"]);
    assert_eq!(snap.datacenters[1].clients, ["bob"]);
    assert_eq!(snap.levels.w, "local_quorum");
    assert_eq!(
        snap.levels.w_arithmetic,
        "LOCAL_QUORUM = 2 of 3 in us, 2 of 3 in eu"
    );
    assert_eq!(snap.levels.r_arithmetic, "EACH_QUORUM = 2 + 2");
    let mut one = two_dcs("quorum", "one", json!([]));
    one["cluster"]["datacenters"] = json!([]);
    one["cluster"]["n"] = json!(3);
    let sim = Simulator::new(Scenario::from_json(&one.to_string()).unwrap());
    let snap = Snapshot::of(&sim, 0);
    assert!(snap.datacenters.is_empty());
    assert_eq!(snap.levels.w_arithmetic, "QUORUM = 2 of 3");
}

#[test]
fn contract_s4_the_ring_view_lists_each_datacenters_home_replicas_and_fallbacks() {
    use quorumscope_engine::snapshot::RingView;
    let mut v = two_dcs("one", "one", json!([put(0, "alice", "milk")]));
    v["cluster"]["nodes"] = json!(["A", "B", "C", "G", "D", "E", "F"]);
    v["cluster"]["datacenters"][0]["members"] = json!(["A", "B", "C", "G", "alice"]);
    let mut sim = Simulator::new(Scenario::from_json(&v.to_string()).unwrap());
    sim.run(None);
    let ring = RingView::of(&sim);
    let cart = ring.key("cart").expect("cart is on the ring");
    let names = |list: &[quorumscope_engine::EndpointId]| -> Vec<String> {
        list.iter().map(|e| sim.names()[e.0].to_string()).collect()
    };
    assert_eq!(cart.by_datacenter.len(), 2);
    let us = &cart.by_datacenter[0];
    let eu = &cart.by_datacenter[1];
    assert_eq!(
        (us.datacenter.as_str(), eu.datacenter.as_str()),
        ("us", "eu")
    );
    assert_eq!(us.homes.len(), 3);
    assert_eq!(
        us.fallbacks.len(),
        1,
        "us has four nodes, three of them homes"
    );
    assert_eq!(names(&eu.homes).len(), 3);
    assert!(eu.fallbacks.is_empty());
    // Every home listed per datacenter is a home of the key, and the lists cover them all.
    let mut all: Vec<String> = names(&us.homes);
    all.extend(names(&eu.homes));
    all.sort();
    let mut homes = names(&cart.homes);
    homes.sort();
    assert_eq!(all, homes);
    // Without datacenters the lists are empty.
    let plain = Simulator::new(
        Scenario::from_json(
            &json!({"cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1},
                    "events": [put(0, "alice", "milk")]})
            .to_string(),
        )
        .unwrap(),
    );
    let mut plain = plain;
    plain.run(None);
    let ring = RingView::of(&plain);
    assert!(ring.key("cart").unwrap().by_datacenter.is_empty());
}

/// Found in review: what validation must refuse or accept with datacenters.
#[test]
fn contract_s4_review_pinned_placements_configure_n_local_levels_and_partitions() {
    // A pinned list must name as many nodes of each datacenter as it keeps replicas.
    let mut v = two_dcs("one", "one", json!([]));
    v["cluster"]["datacenters"][0]["n"] = json!(2);
    v["cluster"]["datacenters"][1]["n"] = json!(2);
    v["cluster"]["placement"] = json!({"k": ["A", "B", "C", "D"]});
    assert_eq!(
        error(&v),
        "cluster.placement.k: the placement of `k` names 1 node of datacenter `eu`, which keeps \
         n = 2 replicas of each key"
    );
    v["cluster"]["placement"] = json!({"k": ["A", "D", "B", "E"]});
    assert!(Scenario::from_json(&v.to_string()).is_ok());
    // A configure that changes n is refused at the event's path.
    let v = two_dcs("one", "one", json!([{"at": 0, "configure": {"n": 3}}]));
    assert!(
        error(&v).starts_with("events[0].configure.n: "),
        "{}",
        error(&v)
    );
    // A local level in a datacenter that keeps no replica, where a client coordinates from.
    let mut v = two_dcs("local_quorum", "one", json!([]));
    v["cluster"]["datacenters"][1]["n"] = json!(0);
    let e = error(&v);
    assert!(e.starts_with("cluster.w: "), "{e}");
    assert!(e.contains("eu"), "{e}");
    // Partitions: a datacenter's name with one of its own members in the same group is fine; a
    // client no datacenter lists is in the first, so naming it apart from "us" is two groups.
    let v = two_dcs(
        "one",
        "one",
        json!([{"at": 0, "partition": [["us", "A"], ["eu"]]}]),
    );
    assert!(Scenario::from_json(&v.to_string()).is_ok());
    let mut v = two_dcs(
        "one",
        "one",
        json!([{"at": 0, "partition": [["us"], ["carol"]]}]),
    );
    v["cluster"]["clients"] = json!(["alice", "bob", "carol"]);
    assert_eq!(
        error(&v),
        "events[0].partition[1][0]: `carol` is in two groups"
    );
}

/// The datacenters' and levels' views are made once per setting, not for every snapshot.
#[test]
fn the_datacenter_and_level_views_are_shared_while_the_settings_stay() {
    use quorumscope_engine::snapshot::{Snapshot, SnapshotCache};
    use std::sync::Arc;
    let mut sim = Simulator::new(
        Scenario::from_json(
            &two_dcs(
                "local_quorum",
                "one",
                json!([put(0, "alice", "milk"), {"at": 50, "configure": {"w": "each_quorum"}}]),
            )
            .to_string(),
        )
        .unwrap(),
    );
    let mut cache = SnapshotCache::default();
    let first = Snapshot::cached(&sim, 0, &mut cache);
    sim.advance_to(10_000);
    let second = Snapshot::cached(&sim, 0, &mut cache);
    assert!(Arc::ptr_eq(&first.levels, &second.levels));
    assert!(Arc::ptr_eq(&first.datacenters, &second.datacenters));
    sim.run(None);
    let third = Snapshot::cached(&sim, 0, &mut cache);
    assert_eq!(third.levels.w_arithmetic, "EACH_QUORUM = 2 + 2");
    assert_eq!(third.datacenters, first.datacenters);
}
