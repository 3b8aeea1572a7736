//! Reading and writing scenario JSON (`crates/engine/src/scenario/`): the
//! hand-written reader over `serde_json::Value` and the writers.
//!
//! Round trips: every preset and generated scenarios (including every kind of event and every
//! `configure` field) are written with `to_value`, `to_json_string` and serde, which agree, and
//! read back equal. Errors: each class of mistake is reported at its path (`cluster.w`,
//! `events[1].put.client`) with what was wrong and what was expected, in serde's wording.

use proptest::prelude::*;
use quorumscope_engine::latency::Latency;
use quorumscope_engine::scenario::{
    Action, ClusterPatch, ConsistencyLevel, ContextChoice, Coordinator, DeleteSpec, Event, GetSpec,
    Merge, PutSpec, Quorum, Scenario,
};
use quorumscope_engine::version::Versioning;
use quorumscope_engine::workload::{Nemesis, RandomParams, WorkloadKind};
use quorumscope_engine::DetectorConfig;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

/// The preset scenarios of the page and of `scenarios/`, by file name.
fn presets() -> Vec<(String, String)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        // `index.json` is the library's manifest, not a scenario.
        if path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "index.json")
        {
            files.push(path);
        }
    }
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Every way of writing `s` gives the same JSON, and reading it back gives `s`.
fn check_round_trip(s: &Scenario) {
    let value = s.to_value();
    let text = s.to_json_string();
    // The compact writer and serde (through `Serialize`) write the same text, fields in the
    // order of the contract; the value is the same JSON.
    assert_eq!(text, serde_json::to_string(s).unwrap());
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    assert_eq!(serde_json::to_value(s).unwrap(), value);
    assert_eq!(Scenario::from_json(&text).as_ref(), Ok(s), "{text}");
    assert_eq!(Scenario::from_json(&value.to_string()).as_ref(), Ok(s));
    let pretty = serde_json::to_string_pretty(s).unwrap();
    assert_eq!(Scenario::from_json(&pretty).as_ref(), Ok(s));
}

#[test]
fn presets_round_trip_through_to_value_and_from_json() {
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_round_trip(&s);
        // Writing keeps every field the file gives (defaults are written out as well).
        let written = s.to_value();
        let given: Value = serde_json::from_str(&text).unwrap();
        for (key, v) in given["cluster"].as_object().unwrap() {
            let w = &written["cluster"][key.as_str()];
            match (v.as_f64(), key.as_str()) {
                // Numbers are written as f64 (`1000.0` for `1000`).
                (Some(x), _) if !matches!(key.as_str(), "n" | "w" | "r") => {
                    assert_eq!(w.as_f64(), Some(x), "{name}: cluster.{key}")
                }
                (_, "latency" | "wan_latency" | "clock_skew_ms") => {}
                _ => assert_eq!(w, v, "{name}: cluster.{key}"),
            }
        }
    }
}

#[test]
fn written_field_order_is_the_contracts() {
    let s = Scenario::from_json(
        r#"{"events": [{"put": {"value": "v", "key": "k", "client": "c"}, "at": 1}],
            "cluster": {"r": 1, "w": 1, "n": 1, "nodes": ["A"]}, "seed": 3, "name": "x"}"#,
    )
    .unwrap();
    let text = s.to_json_string();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text}"))
    };
    assert!(at("\"name\"") < at("\"description\"") && at("\"seed\"") < at("\"cluster\""));
    assert!(at("\"cluster\"") < at("\"events\""));
    assert!(at("\"nodes\"") < at("\"n\":") && at("\"n\":") < at("\"w\":"));
    assert!(at("\"at\"") < at("\"put\"") && at("\"client\"") < at("\"value\""));
    // Left out when empty or unset: `clients`, a put's `merge`.
    assert!(
        !text.contains("\"clients\"") && !text.contains("\"merge\""),
        "{text}"
    );
    // Always written: `anti_entropy_ms` (null when off), `context`.
    assert!(text.contains("\"anti_entropy_ms\":null") && text.contains("\"context\":\"none\""));
}

#[test]
fn random_scenarios_round_trip_through_to_value_and_from_json() {
    for (name, text) in presets() {
        let base = Scenario::from_json(&text).unwrap();
        for seed in 0..12u64 {
            for kind in [WorkloadKind::Register, WorkloadKind::Set] {
                let params = RandomParams {
                    kind,
                    clients: 1 + seed as usize % 3,
                    ops: 10 + seed as usize,
                    nemesis: if seed % 2 == 0 {
                        Nemesis::all()
                    } else {
                        Nemesis::none()
                    },
                };
                let s = params.scenario(&base, seed);
                assert!(s.validate().is_ok(), "{name} seed {seed}");
                check_round_trip(&s);
            }
        }
    }
}

fn quorum() -> impl Strategy<Value = Quorum> {
    prop_oneof![
        Just(Quorum::One),
        Just(Quorum::Majority),
        Just(Quorum::All),
        (1usize..=2).prop_map(Quorum::Count),
    ]
}

fn small_quorum() -> impl Strategy<Value = ConsistencyLevel> {
    prop_oneof![
        Just(ConsistencyLevel::One),
        Just(ConsistencyLevel::Count(1)),
        Just(ConsistencyLevel::LocalOne),
    ]
}

fn latency() -> impl Strategy<Value = Latency> {
    prop_oneof![
        Just(Latency::default()),
        exact(50).prop_map(Latency::Constant),
        exact(2).prop_map(|rate| Latency::Exponential { rate: rate + 0.125 }),
        (exact(10), exact(4)).prop_map(|(xm, alpha)| Latency::Pareto {
            xm: xm + 0.125,
            alpha: alpha + 0.5
        }),
        Just(Latency::Mixture(vec![
            (0.9, Latency::Constant(1.0)),
            (0.1, Latency::Constant(100.0))
        ])),
        Just(Latency::per_message(
            Latency::Constant(1.0),
            Latency::Constant(2.0),
            Latency::Uniform { min: 1.0, max: 3.5 },
            Latency::Constant(4.0),
        )),
    ]
}

/// A number that JSON text carries exactly (serde_json's default float parsing may be 1 ulp
/// off on arbitrary ones, which is not the reader's business).
fn exact(max: u32) -> impl Strategy<Value = f64> {
    (0..=max * 8).prop_map(|k| f64::from(k) / 8.0)
}

fn ms() -> impl Strategy<Value = f64> {
    exact(5000).prop_map(|x| x + 0.125)
}

fn skews() -> impl Strategy<Value = std::collections::BTreeMap<String, f64>> {
    proptest::collection::btree_map(
        prop_oneof![
            Just("A".to_string()),
            Just("B".to_string()),
            Just("c1".to_string())
        ],
        exact(200).prop_map(|x| x - 100.0),
        0..3,
    )
}

/// A `configure` patch that keeps a 3-node cluster valid (w and r of 1, any n).
fn patch() -> impl Strategy<Value = ClusterPatch> {
    (
        (
            proptest::option::of(quorum()),
            proptest::option::of(small_quorum()),
            proptest::option::of(small_quorum()),
            proptest::option::of(prop_oneof![
                Just(Coordinator::Client),
                Just(Coordinator::Replica)
            ]),
            proptest::option::of(any::<bool>()),
            proptest::option::of(proptest::option::of(ms())),
        ),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(ms()),
            proptest::option::of(ms()),
            proptest::option::of(latency()),
            proptest::option::of(skews()),
        ),
        proptest::option::of(detector()),
    )
        .prop_map(
            |((n, w, r, coordinator, read_repair, anti_entropy_ms), rest, failure_detector)| {
                let (sloppy_quorum, hinted_handoff, handoff_interval_ms, timeout_ms, latency, skew) =
                    rest;
                ClusterPatch {
                    n,
                    w,
                    r,
                    coordinator,
                    read_repair,
                    anti_entropy_ms,
                    sloppy_quorum,
                    hinted_handoff,
                    handoff_interval_ms,
                    timeout_ms,
                    wan_latency: latency.clone(),
                    latency,
                    clock_skew_ms: skew,
                    failure_detector,
                }
            },
        )
}

/// A failure detector: perfect, or timeouts of whole or fractional ms.
fn detector() -> impl Strategy<Value = DetectorConfig> {
    prop_oneof![
        Just(DetectorConfig::Perfect),
        (1u64..5_000_000, 1u64..5_000_000).prop_map(|(suspect_after, probe_every)| {
            DetectorConfig::Timeout {
                suspect_after,
                probe_every,
            }
        }),
    ]
}

fn context() -> impl Strategy<Value = ContextChoice> {
    prop_oneof![Just(ContextChoice::None), Just(ContextChoice::Last)]
}

fn text() -> impl Strategy<Value = String> {
    // Keys and values with characters that need escaping in JSON.
    prop_oneof![
        Just("k".to_string()),
        Just("cart".to_string()),
        "[a-z\"\\\\ é\u{1F600}\t]{1,6}"
    ]
}

/// Any action (valid on a cluster of nodes A, B, C with clients c1 and c2).
fn action() -> impl Strategy<Value = Action> {
    let client = prop_oneof![Just("c1".to_string()), Just("c2".to_string())];
    let node = prop_oneof![
        Just("A".to_string()),
        Just("B".to_string()),
        Just("C".to_string())
    ];
    prop_oneof![
        (
            client.clone(),
            text(),
            text(),
            context(),
            proptest::option::of(Just(Merge::Union))
        )
            .prop_map(|(client, key, value, context, merge)| Action::Put(PutSpec {
                client,
                key,
                value,
                context,
                merge
            })),
        (client.clone(), text()).prop_map(|(client, key)| Action::Get(GetSpec { client, key })),
        (client, text(), context()).prop_map(|(client, key, context)| Action::Delete(DeleteSpec {
            client,
            key,
            context
        })),
        node.clone().prop_map(Action::Crash),
        node.prop_map(Action::Recover),
        Just(Action::Partition(vec![
            vec!["A".into(), "c1".into()],
            vec!["B".into()]
        ])),
        Just(Action::Heal),
        exact(1).prop_map(Action::DropRate),
        patch().prop_map(Action::Configure),
        any::<u64>().prop_map(|id| Action::DropMessage(quorumscope_engine::MsgId(id))),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        text(),
        prop_oneof![
            Just(Versioning::Dvv),
            Just(Versioning::Vv),
            Just(Versioning::Lww)
        ],
        any::<bool>(),
        proptest::option::of(ms()),
        latency(),
        skews(),
        proptest::collection::vec((exact(100), action()), 0..12),
    )
        .prop_map(
            |(seed, name, versioning, flag, anti_entropy_ms, latency, clock_skew_ms, events)| {
                let mut base = Scenario::from_json(
                    r#"{"cluster": {"nodes": ["A", "B", "C"], "clients": ["c1", "c2"],
                        "n": 3, "w": 1, "r": 1, "placement": {"k": ["C", "B", "A"]}},
                        "events": []}"#,
                )
                .unwrap();
                base.seed = seed;
                base.name = name;
                base.cluster.versioning = versioning;
                base.cluster.read_repair = flag;
                base.cluster.sloppy_quorum = !flag;
                base.cluster.anti_entropy_ms = anti_entropy_ms;
                base.cluster.latency = latency;
                base.cluster.clock_skew_ms = clock_skew_ms;
                let mut events: Vec<Event> = events
                    .into_iter()
                    .map(|(at, action)| Event { at, action })
                    .collect();
                events.sort_by(|a, b| a.at.total_cmp(&b.at));
                base.events = events;
                base
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Generated scenarios with every kind of event and every `configure` field (set or not,
    /// `anti_entropy_ms` null or a number) are written the same by every writer and read back
    /// equal.
    #[test]
    fn generated_scenarios_round_trip_through_to_value_and_from_json(s in scenario()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        check_round_trip(&s);
    }

    /// A patch is written with only the fields it sets, in the contract's order, and its text is
    /// what serde writes of it.
    #[test]
    fn patches_write_only_what_they_set(p in patch()) {
        let v = p.to_value();
        let set = [
            ("n", p.n.is_some()), ("w", p.w.is_some()), ("r", p.r.is_some()),
            ("coordinator", p.coordinator.is_some()), ("read_repair", p.read_repair.is_some()),
            ("anti_entropy_ms", p.anti_entropy_ms.is_some()),
            ("sloppy_quorum", p.sloppy_quorum.is_some()),
            ("hinted_handoff", p.hinted_handoff.is_some()),
            ("handoff_interval_ms", p.handoff_interval_ms.is_some()),
            ("timeout_ms", p.timeout_ms.is_some()), ("latency", p.latency.is_some()),
            ("clock_skew_ms", p.clock_skew_ms.is_some()),
        ];
        for (field, is_set) in set {
            prop_assert_eq!(v.get(field).is_some(), is_set, "{}", field);
        }
        prop_assert_eq!(p.to_json_string(), serde_json::to_string(&p).unwrap());
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, by class, each at its path
// ---------------------------------------------------------------------------------------------

/// A valid scenario with one event of each client action and a `configure`.
fn base() -> Value {
    json!({
        "seed": 1,
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 1, "get": {"client": "bob", "key": "k"}},
            {"at": 2, "configure": {"w": 1}},
        ]
    })
}

/// The error for `base()` changed by `edit`.
fn error_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = base();
    edit(&mut v);
    let e = Scenario::from_json(&v.to_string()).expect_err("invalid");
    assert!(!e.to_string().contains('\n'), "{e}");
    e.to_string()
}

#[test]
fn base_is_valid() {
    Scenario::from_json(&base().to_string()).unwrap();
}

#[test]
fn bad_input_unknown_field_lists_the_expected_ones_at_its_path() {
    assert_eq!(
        error_with(|v| v["cluster"]["quorom"] = json!(2)),
        "cluster.quorom: unknown field `quorom`, expected one of `nodes`, `clients`, `n`, `w`, \
         `r`, `datacenters`, `versioning`, `coordinator`, `read_repair`, `anti_entropy_ms`, \
         `sloppy_quorum`, `hinted_handoff`, `handoff_interval_ms`, `timeout_ms`, `latency`, \
         `wan_latency`, `clock_skew_ms`, `placement`, `max_siblings`, `failure_detector`"
    );
    assert_eq!(
        error_with(|v| v["events"][1]["get"]["value"] = json!("x")),
        "events[1].get.value: unknown field `value`, expected `client` or `key`"
    );
    assert_eq!(
        error_with(|v| v["events"][2]["configure"]["versioning"] = json!("lww")),
        "events[2].configure.versioning: unknown field `versioning`, expected one of `n`, `w`, \
         `r`, `coordinator`, `read_repair`, `anti_entropy_ms`, `sloppy_quorum`, \
         `hinted_handoff`, `handoff_interval_ms`, `timeout_ms`, `latency`, `wan_latency`, \
         `clock_skew_ms`, `failure_detector`"
    );
    assert_eq!(
        error_with(|v| v["events"][0]["after"] = json!(3)),
        "events[0].after: unknown field `after`, expected one of `at`, `put`, `get`, `delete`, \
         `crash`, `recover`, `partition`, `heal`, `drop_rate`, `configure`, `drop_message`"
    );
    assert_eq!(
        error_with(|v| v["title"] = json!("x")),
        "title: unknown field `title`, expected one of `name`, `description`, `look_at`, \
         `seed`, `cluster`, `events`"
    );
}

#[test]
fn bad_input_wrong_type_says_what_it_got_and_what_was_expected() {
    assert_eq!(
        error_with(|v| v["cluster"]["read_repair"] = json!("yes")),
        "cluster.read_repair: invalid type: string \"yes\", expected a boolean"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["nodes"][1] = json!(5)),
        "cluster.nodes[1]: invalid type: integer `5`, expected a string"
    );
    assert_eq!(
        error_with(|v| v["events"][0]["put"]["client"] = json!(["alice"])),
        "events[0].put.client: invalid type: sequence, expected a string"
    );
    assert_eq!(
        error_with(|v| v["events"][0]["at"] = json!("0")),
        "events[0].at: invalid type: string \"0\", expected f64"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["timeout_ms"] = json!({"ms": 5})),
        "cluster.timeout_ms: invalid type: map, expected f64"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["clock_skew_ms"] = json!({"A": null})),
        "cluster.clock_skew_ms.A: invalid type: null, expected f64"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["placement"] = json!({"cart": ["A", true]})),
        "cluster.placement.cart[1]: invalid type: boolean `true`, expected a string"
    );
    assert_eq!(
        error_with(|v| v["cluster"] = json!([])),
        "cluster: invalid type: sequence, expected struct Cluster"
    );
    assert_eq!(
        error_with(|v| v["events"][1] = json!("get")),
        "events[1]: invalid type: string \"get\", expected struct Event"
    );
    assert_eq!(
        error_with(|v| v["events"][2]["configure"] = json!(true)),
        "events[2].configure: invalid type: boolean `true`, expected struct ClusterPatch"
    );
    assert_eq!(
        error_with(|v| v["events"][2]["configure"]["read_repair"] = json!(1)),
        "events[2].configure.read_repair: invalid type: integer `1`, expected a boolean"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["latency"] = json!([5, 15])),
        "cluster.latency: a latency is an object such as {\"uniform\": [5, 15]}, got [5, 15]"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["w"] = json!(null)),
        "cluster.w: expected a whole number or one of \"one\", \"quorum\", \"all\", \
         \"local_one\", \"local_quorum\", \"each_quorum\", got null"
    );
}

#[test]
fn bad_input_missing_field_is_named_at_its_struct() {
    assert_eq!(
        error_with(|v| {
            v["cluster"].as_object_mut().unwrap().remove("w");
        }),
        "cluster: missing field `w`"
    );
    assert_eq!(
        error_with(|v| {
            v["events"][1]["get"].as_object_mut().unwrap().remove("key");
        }),
        "events[1].get: missing field `key`"
    );
    assert_eq!(
        error_with(|v| {
            v.as_object_mut().unwrap().remove("events");
        }),
        "missing field `events`"
    );
    assert_eq!(
        error_with(|v| {
            v["events"][0].as_object_mut().unwrap().remove("at");
        }),
        "events[0]: missing field `at` (the event's time in ms)"
    );
    // A field of the wrong type is reported before a missing one, as serde did.
    assert_eq!(
        error_with(|v| {
            v["cluster"].as_object_mut().unwrap().remove("n");
            v["cluster"]["r"] = json!("most");
        }),
        "cluster.r: `most` is not a consistency level; expected a whole number or one of \
         \"one\", \"quorum\", \"all\", \"local_one\", \"local_quorum\", \"each_quorum\""
    );
}

#[test]
fn bad_input_unknown_variant_lists_the_words() {
    assert_eq!(
        error_with(|v| v["cluster"]["versioning"] = json!("LWW")),
        "cluster.versioning: unknown variant `LWW`, expected one of `dvv`, `vv`, `lww`"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["coordinator"] = json!("server")),
        "cluster.coordinator: unknown variant `server`, expected `client` or `replica`"
    );
    assert_eq!(
        error_with(|v| v["events"][0]["put"]["merge"] = json!("intersect")),
        "events[0].put.merge: unknown variant `intersect`, expected `union`"
    );
    assert_eq!(
        error_with(|v| v["events"][0]["put"]["context"] = json!("first")),
        "events[0].put.context: unknown variant `first`, expected `none` or `last`"
    );
    // Not a word at all: the type, and the words expected.
    assert_eq!(
        error_with(|v| v["cluster"]["versioning"] = json!(2)),
        "cluster.versioning: invalid type: integer `2`, expected one of `dvv`, `vv`, `lww`"
    );
    assert_eq!(
        error_with(|v| v["events"][2]["configure"]["coordinator"] = json!({"client": null})),
        "events[2].configure.coordinator: invalid type: map, expected `client` or `replica`"
    );
}

#[test]
fn configure_anti_entropy_null_turns_it_off_and_absent_keeps_it() {
    let with = |configure: Value| {
        let text = json!({
            "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "anti_entropy_ms": 50},
            "events": [{"at": 0, "configure": configure}]
        })
        .to_string();
        let s = Scenario::from_json(&text).unwrap();
        let Action::Configure(patch) = &s.events[0].action else {
            panic!("{:?}", s.events[0].action)
        };
        (patch.clone(), patch.apply_to(&s.cluster).anti_entropy_ms, s)
    };
    let (patch, after, s) = with(json!({"anti_entropy_ms": null}));
    assert_eq!(patch.anti_entropy_ms, Some(None));
    assert_eq!(after, None);
    assert_eq!(
        s.to_value()["events"][0]["configure"],
        json!({"anti_entropy_ms": null})
    );
    let (patch, after, s) = with(json!({"w": 1}));
    assert_eq!(patch.anti_entropy_ms, None);
    assert_eq!(after, Some(50.0));
    assert_eq!(s.to_value()["events"][0]["configure"], json!({"w": 1}));
    let (patch, after, _) = with(json!({"anti_entropy_ms": 20}));
    assert_eq!(patch.anti_entropy_ms, Some(Some(20.0)));
    assert_eq!(after, Some(20.0));
    // Every other field of a configure: null is the same as leaving it out.
    let (patch, _, _) = with(json!({"w": null, "latency": null, "clock_skew_ms": null}));
    assert_eq!(patch, ClusterPatch::default());
    // In the cluster itself, anti_entropy_ms null is off, as absent is.
    let s = Scenario::from_json(
        r#"{"cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "anti_entropy_ms": null},
            "events": []}"#,
    )
    .unwrap();
    assert_eq!(s.cluster.anti_entropy_ms, None);
}

#[test]
fn bad_input_negative_or_fractional_integers() {
    assert_eq!(
        error_with(|v| v["seed"] = json!(-1)),
        "seed: invalid value: integer `-1`, expected u64"
    );
    assert_eq!(
        error_with(|v| v["seed"] = json!(1.5)),
        "seed: invalid type: floating point `1.5`, expected u64"
    );
    assert_eq!(
        error_with(|v| v["seed"] = json!(2.0)),
        "seed: invalid type: floating point `2.0`, expected u64"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["n"] = json!(2.5)),
        "cluster.n: 2.5 is not a whole number of at least 1"
    );
    assert_eq!(
        error_with(|v| v["cluster"]["w"] = json!(0)),
        "cluster.w: 0 is not a whole number of at least 1"
    );
    assert_eq!(
        error_with(|v| v["events"][2]["configure"]["r"] = json!(-2)),
        "events[2].configure.r: -2 is not a whole number of at least 1"
    );
    // The largest seed is fine.
    let mut v = base();
    v["seed"] = json!(u64::MAX);
    assert_eq!(Scenario::from_json(&v.to_string()).unwrap().seed, u64::MAX);
}

#[test]
fn bad_input_duplicate_field_in_a_struct() {
    let text = base().to_string();
    let twice = text.replace("\"n\":3", "\"n\":3,\"n\":2");
    assert_ne!(twice, text);
    assert_eq!(
        Scenario::from_json(&twice).unwrap_err().to_string(),
        "cluster: duplicate field `n`"
    );
    // Also when the second spelling uses an escape.
    let twice = text.replace("\"n\":3", "\"n\":3,\"\\u006e\":2");
    assert_eq!(
        Scenario::from_json(&twice).unwrap_err().to_string(),
        "cluster: duplicate field `n`"
    );
    let twice = text.replace("\"at\":1,", "\"at\":1,\"at\":1,");
    assert_eq!(
        Scenario::from_json(&twice).unwrap_err().to_string(),
        "events[1]: duplicate field `at`"
    );
}

#[test]
fn bad_input_event_actions() {
    assert_eq!(
        error_with(|v| v["events"][1]["crash"] = json!("A")),
        "events[1]: an event has exactly one action, this one has get and crash"
    );
    assert_eq!(
        error_with(|v| v["events"][1] = json!({"at": 1})),
        "events[1]: an event needs one action: put, get, delete, crash, recover, partition, \
         heal, drop_rate, configure or drop_message"
    );
    // `null` is no action.
    assert_eq!(
        error_with(|v| v["events"][1] = json!({"at": 1, "crash": null})),
        "events[1]: an event needs one action: put, get, delete, crash, recover, partition, \
         heal, drop_rate, configure or drop_message"
    );
    assert_eq!(
        error_with(|v| v["events"][1] = json!({"at": 1, "heal": false})),
        "events[1]: `heal` must be true (it ends the partition)"
    );
    assert_eq!(
        error_with(|v| v["events"][1] = json!({"at": 1, "partition": [["A"], "B"]})),
        "events[1].partition[1]: invalid type: string \"B\", expected a sequence"
    );
}

#[test]
fn bad_input_syntax_error_has_line_column_and_path() {
    let e = Scenario::from_json("{\n  \"cluster\": {\"nodes\": [\"A\",]}\n}").unwrap_err();
    assert_eq!(e.path, "cluster.nodes");
    assert_eq!(
        e.message,
        "malformed JSON: trailing comma at line 2 column 29"
    );
    let e = Scenario::from_json("{\"cluster\": {\"nodes\": [\"A\"], \"n\" 1}}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "cluster: malformed JSON: expected `:` at line 1 column 34"
    );
    let e = Scenario::from_json("{\"seed\": 1x}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "malformed JSON: expected `,` or `}` at line 1 column 11"
    );
    let e = Scenario::from_json("{\"events\": [{\"at\": 1, \"crash\": \"A\\q\"}]}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "events[0].crash: malformed JSON: invalid escape at line 1 column 35"
    );
    let e = Scenario::from_json("{\"events\": [{\"at\": 1, \"crash\": tru}]}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "events[0].crash: malformed JSON: expected ident at line 1 column 35"
    );
    let e = Scenario::from_json("").unwrap_err();
    assert_eq!(
        e.to_string(),
        "malformed JSON: EOF while parsing a value at line 1 column 0"
    );
    // Anything after the document is an error too.
    let mut text = base().to_string();
    text.push_str(" {}");
    let e = Scenario::from_json(&text).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("malformed JSON: trailing characters at line 1 column"),
        "{e}"
    );
}
