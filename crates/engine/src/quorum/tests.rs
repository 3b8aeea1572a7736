//! Tests of the datacenter arithmetic, named after their sources: issue 9's numbers, the
//! contract's section 4 ("contract_s4_..."), Cassandra's consistency levels.

use serde_json::json;

use super::datacenters::LayoutError;
use super::level::LevelError;
use super::tally::Where;
use super::*;

/// Endpoints A..F (nodes) then alice, bob, carol (clients).
const ENDPOINTS: [&str; 9] = ["A", "B", "C", "D", "E", "F", "alice", "bob", "carol"];
const NODES: usize = 6;

fn spec(name: &str, members: &[&str], n: u32) -> DatacenterSpec {
    DatacenterSpec {
        name: name.to_string(),
        members: members.iter().map(|m| m.to_string()).collect(),
        n,
    }
}

/// us = A, B, C, alice; eu = D, E, F, bob; carol unlisted.
fn us_eu(n_us: u32, n_eu: u32) -> Datacenters {
    Datacenters::new(
        &ENDPOINTS,
        NODES,
        &[
            spec("us", &["A", "B", "C", "alice"], n_us),
            spec("eu", &["D", "E", "F", "bob"], n_eu),
        ],
    )
    .unwrap()
}

fn dc(layout: &Datacenters, name: &str) -> DcId {
    layout.dc_named(name).unwrap()
}

fn level(text: &str) -> ConsistencyLevel {
    text.parse().unwrap()
}

fn layout_error(specs: &[DatacenterSpec]) -> String {
    Datacenters::new(&ENDPOINTS, NODES, specs)
        .unwrap_err()
        .to_string()
}

// --- issue 9's arithmetic -------------------------------------------------------------------

#[test]
fn cassandra_consistency_levels_rf_3_5_6_quorum_is_2_3_4() {
    for (n, quorum) in [(3, 2), (5, 3), (6, 4)] {
        let layout = Datacenters::single(n as usize + 2, n as usize, n).unwrap();
        let at = layout.dc(0).unwrap();
        let req = ConsistencyLevel::Quorum.requirement(&layout, at);
        assert_eq!(req, Requirement::Anywhere(quorum), "RF {n}");
        assert_eq!(
            ConsistencyLevel::Quorum.arithmetic(&layout, at),
            format!("QUORUM = {quorum} of {n}")
        );
    }
}

#[test]
fn cassandra_two_datacenters_of_3_give_quorum_4_local_quorum_2_each_quorum_2_plus_2() {
    let layout = us_eu(3, 3);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    assert_eq!(layout.total_n(), 6);
    assert_eq!(
        ConsistencyLevel::Quorum.requirement(&layout, us),
        Requirement::Anywhere(4)
    );
    assert_eq!(
        ConsistencyLevel::LocalQuorum.requirement(&layout, us),
        Requirement::PerDatacenter(vec![2, 0])
    );
    assert_eq!(
        ConsistencyLevel::LocalQuorum.requirement(&layout, eu),
        Requirement::PerDatacenter(vec![0, 2])
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.requirement(&layout, us),
        Requirement::PerDatacenter(vec![2, 2])
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum
            .requirement(&layout, us)
            .total(),
        4
    );
    assert_eq!(
        ConsistencyLevel::Quorum.arithmetic(&layout, us),
        "QUORUM = 4 of 6"
    );
    assert_eq!(
        ConsistencyLevel::LocalQuorum.arithmetic(&layout, us),
        "LOCAL_QUORUM in us = 2 of 3"
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.arithmetic(&layout, eu),
        "EACH_QUORUM = 2 + 2"
    );
}

#[test]
fn cassandra_datacenters_of_3_and_2_give_quorum_3_and_each_quorum_2_plus_2() {
    let layout = us_eu(3, 2);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    assert_eq!(layout.total_n(), 5);
    assert_eq!(
        ConsistencyLevel::Quorum.requirement(&layout, us),
        Requirement::Anywhere(3)
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.requirement(&layout, us),
        Requirement::PerDatacenter(vec![2, 2])
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.arithmetic(&layout, us),
        "EACH_QUORUM = 2 + 2"
    );
    // A local quorum of 2 replicas is both of them.
    assert_eq!(
        ConsistencyLevel::LocalQuorum.arithmetic(&layout, eu),
        "LOCAL_QUORUM in eu = 2 of 2"
    );
    assert_eq!(
        ConsistencyLevel::Quorum.arithmetic(&layout, eu),
        "QUORUM = 3 of 5"
    );
}

#[test]
fn cassandra_one_all_local_one_and_numbers() {
    let layout = us_eu(3, 2);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    assert_eq!(
        ConsistencyLevel::One.requirement(&layout, us),
        Requirement::Anywhere(1)
    );
    assert_eq!(
        ConsistencyLevel::All.requirement(&layout, us),
        Requirement::Anywhere(5)
    );
    assert_eq!(
        ConsistencyLevel::LocalOne.requirement(&layout, eu),
        Requirement::PerDatacenter(vec![0, 1])
    );
    assert_eq!(
        ConsistencyLevel::Count(4).requirement(&layout, eu),
        Requirement::Anywhere(4)
    );
    assert_eq!(
        ConsistencyLevel::One.arithmetic(&layout, us),
        "ONE = 1 of 5"
    );
    assert_eq!(
        ConsistencyLevel::All.arithmetic(&layout, us),
        "ALL = 5 of 5"
    );
    assert_eq!(
        ConsistencyLevel::LocalOne.arithmetic(&layout, eu),
        "LOCAL_ONE in eu = 1 of 2"
    );
    assert_eq!(ConsistencyLevel::Count(4).arithmetic(&layout, us), "4 of 5");
}

#[test]
fn contract_s4_without_datacenters_local_levels_equal_their_plain_forms() {
    let layout = Datacenters::single(5, 3, 3).unwrap();
    let at = layout.dc(0).unwrap();
    assert!(layout.is_implicit());
    let quorum = ConsistencyLevel::Quorum.requirement(&layout, at);
    assert_eq!(quorum, Requirement::Anywhere(2));
    assert_eq!(
        ConsistencyLevel::LocalQuorum.requirement(&layout, at),
        quorum
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.requirement(&layout, at),
        quorum
    );
    assert_eq!(
        ConsistencyLevel::LocalOne.requirement(&layout, at),
        ConsistencyLevel::One.requirement(&layout, at)
    );
    assert_eq!(
        ConsistencyLevel::LocalQuorum.arithmetic(&layout, at),
        "LOCAL_QUORUM = 2 of 3"
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.arithmetic(&layout, at),
        "EACH_QUORUM = 2 of 3"
    );
    // No name stands for the implicit datacenter in a partition group.
    assert_eq!(layout.dc_named(""), None);
    assert_eq!(layout.members(at), &[0, 1, 2, 3, 4]);
    assert_eq!(layout.nodes_in(at), &[0, 1, 2]);
}

// --- tallies ---------------------------------------------------------------------------------

#[test]
fn cassandra_each_quorum_is_not_met_while_a_whole_datacenter_is_silent() {
    let layout = us_eu(3, 3);
    let us = dc(&layout, "us");
    let eu = dc(&layout, "eu");
    let mut tally = Tally::new(ConsistencyLevel::EachQuorum.requirement(&layout, us));
    assert_eq!(tally.requirement().in_dc(eu), 2);
    for replica in [0, 1, 2] {
        assert!(tally.ack(&layout, replica));
    }
    assert!(!tally.is_met());
    assert_eq!(tally.acks(), 3);
    assert_eq!(tally.acks_in(us), 3);
    assert_eq!(tally.missing(), vec![(Where::In(eu), 2)]);
    assert_eq!(tally.describe_missing(&layout), "2 more in eu");
    // The WAN cut: no eu replica can answer.
    assert!(!tally.could_still_be_met(&layout, []));
    // One eu replica is not enough either; two are.
    assert!(!tally.could_still_be_met(&layout, [3]));
    assert!(tally.could_still_be_met(&layout, [3, 5]));
    tally.ack(&layout, 3);
    tally.ack(&layout, 5);
    assert!(tally.is_met());
    assert_eq!(tally.describe_missing(&layout), "nothing");
}

#[test]
fn cassandra_local_quorum_is_met_by_local_acks_only() {
    let layout = us_eu(3, 3);
    let us = dc(&layout, "us");
    let requirement = ConsistencyLevel::LocalQuorum.requirement(&layout, us);
    let mut local = Tally::new(requirement.clone());
    local.ack(&layout, 0);
    assert!(!local.is_met());
    assert_eq!(local.describe_missing(&layout), "1 more in us");
    local.ack(&layout, 2);
    assert!(local.is_met());
    assert_eq!(local.counted(), &[0, 2]);
    // Every eu replica answering does not make a local quorum in us.
    let mut remote = Tally::new(requirement);
    for replica in [3, 4, 5] {
        remote.ack(&layout, replica);
    }
    assert!(!remote.is_met());
    assert_eq!(remote.missing(), vec![(Where::In(us), 2)]);
    // The WAN cut does not matter to it: A and B can still answer.
    assert!(remote.could_still_be_met(&layout, [0, 1]));
}

#[test]
fn cassandra_quorum_is_met_across_datacenters() {
    let layout = us_eu(3, 3);
    let eu = dc(&layout, "eu");
    let mut tally = Tally::new(ConsistencyLevel::Quorum.requirement(&layout, eu));
    for replica in [0, 3, 4] {
        tally.ack(&layout, replica);
    }
    assert!(!tally.is_met());
    assert_eq!(tally.missing(), vec![(Where::Anywhere, 1)]);
    assert_eq!(tally.describe_missing(&layout), "1 more replica");
    tally.ack(&layout, 1);
    assert!(tally.is_met());
    // With the WAN cut, eu's three replicas alone cannot make a quorum of 4.
    let fresh = Tally::new(ConsistencyLevel::Quorum.requirement(&layout, eu));
    assert!(!fresh.could_still_be_met(&layout, [3, 4, 5]));
    assert!(fresh.could_still_be_met(&layout, [3, 4, 5, 0]));
}

#[test]
fn a_tally_counts_each_replica_once_and_only_nodes() {
    let layout = us_eu(3, 3);
    let us = dc(&layout, "us");
    let mut tally = Tally::new(ConsistencyLevel::Count(2).requirement(&layout, us));
    assert!(tally.ack(&layout, 4));
    assert!(!tally.ack(&layout, 4), "a replica counts once");
    assert!(!tally.ack(&layout, 6), "alice is a client");
    assert!(!tally.ack(&layout, 99), "out of range");
    assert_eq!(tally.acks(), 1);
    assert!(!tally.is_met());
    // Repeats and clients among the pending add nothing either.
    assert!(!tally.could_still_be_met(&layout, [4, 6, 7]));
    assert!(tally.could_still_be_met(&layout, [4, 1]));
}

#[test]
fn cassandra_rf_0_in_a_datacenter_holds_no_replica_and_its_local_levels_cannot_be_met() {
    let layout = us_eu(3, 0);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    assert_eq!(layout.total_n(), 3);
    // EACH_QUORUM asks the datacenters that hold replicas.
    assert_eq!(
        ConsistencyLevel::EachQuorum.requirement(&layout, us),
        Requirement::PerDatacenter(vec![2, 0])
    );
    assert_eq!(
        ConsistencyLevel::EachQuorum.arithmetic(&layout, us),
        "EACH_QUORUM = 2 + 0"
    );
    // LOCAL_QUORUM coordinated in eu: one replica of eu is needed and none exists.
    let local = ConsistencyLevel::LocalQuorum.requirement(&layout, eu);
    assert_eq!(local, Requirement::PerDatacenter(vec![0, 1]));
    assert!(!local.is_possible(&layout));
    let mut tally = Tally::new(local);
    assert!(!tally.could_still_be_met(&layout, 0..6));
    assert!(
        !tally.ack(&layout, 3),
        "D holds no replica in an n = 0 datacenter"
    );
    assert_eq!(tally.acks(), 0);
    assert!(ConsistencyLevel::LocalQuorum
        .requirement(&layout, us)
        .is_possible(&layout));
    assert_eq!(
        ConsistencyLevel::LocalOne
            .can_be_met_in(&layout, eu, "cluster.r")
            .unwrap_err()
            .to_string(),
        "cluster.r: local_one cannot be met in datacenter `eu`, which holds no replica (n = 0)"
    );
    assert_eq!(
        ConsistencyLevel::LocalOne.can_be_met_in(&layout, us, "cluster.r"),
        Ok(())
    );
    // Some coordinator can meet it, so validation of the level alone accepts it.
    assert_eq!(
        ConsistencyLevel::LocalQuorum.can_be_met(&layout, "cluster.w"),
        Ok(())
    );
}

#[test]
fn contract_s4_a_number_larger_than_n_cannot_be_met() {
    let layout = us_eu(3, 3);
    let us = dc(&layout, "us");
    assert_eq!(
        ConsistencyLevel::Count(7)
            .can_be_met(&layout, "cluster.w")
            .unwrap_err()
            .to_string(),
        "cluster.w: 7 replicas can never answer: the datacenters hold 6 replicas of each key (us 3 + eu 3)"
    );
    assert!(!ConsistencyLevel::Count(7)
        .requirement(&layout, us)
        .is_possible(&layout));
    assert_eq!(
        ConsistencyLevel::Count(6).can_be_met(&layout, "cluster.w"),
        Ok(())
    );
    for word in [
        "one",
        "quorum",
        "all",
        "local_one",
        "local_quorum",
        "each_quorum",
    ] {
        assert_eq!(
            level(word).can_be_met(&layout, "cluster.w"),
            Ok(()),
            "{word}"
        );
        assert!(level(word).requirement(&layout, us).is_possible(&layout));
    }
    let single = Datacenters::single(4, 3, 3).unwrap();
    assert_eq!(
        ConsistencyLevel::Count(4)
            .can_be_met(&single, "events[2].configure.r")
            .unwrap_err()
            .to_string(),
        "events[2].configure.r: 4 replicas can never answer: each key has 3 replicas"
    );
}

/// The nodes of `list` in datacenter `d`, in order.
fn within(layout: &Datacenters, d: DcId, list: &[usize]) -> Vec<usize> {
    list.iter()
        .copied()
        .filter(|&e| layout.dc_of(e) == Some(d))
        .collect()
}

// --- placement -------------------------------------------------------------------------------

#[test]
fn contract_s4_home_replicas_are_the_first_n_of_each_datacenter_on_the_ring_walk() {
    let layout = us_eu(2, 2);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    // The walk meets D, A, E, F, C, B.
    let walk = [3, 0, 4, 5, 2, 1];
    let placement = Placement::new(&layout, &walk);
    assert_eq!(placement.homes(), &[3, 0, 4, 2]);
    assert_eq!(within(&layout, us, placement.homes()), &[0, 2]);
    assert_eq!(within(&layout, eu, placement.homes()), &[3, 4]);
    assert_eq!(within(&layout, us, placement.fallbacks()), &[1]);
    assert_eq!(within(&layout, eu, placement.fallbacks()), &[5]);
    assert_eq!(placement.fallbacks(), &[5, 1]);
}

#[test]
fn contract_s4_placement_skips_clients_repeats_and_rf_0_datacenters_hold_no_home() {
    let layout = us_eu(3, 0);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    let walk = [6, 5, 1, 5, 0, 3, 2, 42, 4];
    let placement = Placement::new(&layout, &walk);
    assert_eq!(placement.homes(), &[1, 0, 2]);
    assert_eq!(within(&layout, us, placement.homes()), &[1, 0, 2]);
    assert!(within(&layout, eu, placement.homes()).is_empty());
    assert_eq!(within(&layout, eu, placement.fallbacks()), &[5, 3, 4]);
    assert!(within(&layout, us, placement.fallbacks()).is_empty());
    // A pinned list that leaves a node out: the datacenter gets fewer homes than its n.
    let full = us_eu(3, 3);
    let short = Placement::new(&full, &[0, 3, 1]);
    assert_eq!(within(&full, us, short.homes()), &[0, 1]);
    assert_eq!(within(&full, eu, short.homes()), &[3]);
}

// --- layout ----------------------------------------------------------------------------------

#[test]
fn contract_s4_clients_belong_to_their_datacenter_or_the_first() {
    let layout = us_eu(3, 3);
    let (us, eu) = (dc(&layout, "us"), dc(&layout, "eu"));
    assert_eq!(layout.len(), 2);
    assert!(!layout.is_empty());
    assert_eq!(layout.ids().collect::<Vec<_>>(), [us, eu]);
    assert_eq!(layout.name(eu), "eu");
    assert_eq!(layout.n(eu), 3);
    assert_eq!(layout.dc_of(7), Some(eu), "bob is listed in eu");
    assert_eq!(layout.dc_of(8), Some(us), "carol is listed nowhere");
    assert_eq!(layout.dc_of(9), None);
    assert_eq!(layout.nodes_in(eu), &[3, 4, 5]);
    assert_eq!(layout.members(us), &[0, 1, 2, 6, 8]);
    assert!(layout.same_dc(6, 1));
    assert!(!layout.same_dc(6, 7));
    assert!(!layout.same_dc(6, 99));
    assert_eq!(layout.dc_named("ap"), None);
    assert_eq!(layout.dc(2), None);
    assert_eq!(layout.endpoint_count(), 9);
    assert_eq!(layout.node_count(), 6);
}

#[test]
fn contract_s4_cluster_n_if_given_must_equal_the_sum() {
    let layout = us_eu(3, 2);
    assert_eq!(layout.check_total_n(5), Ok(()));
    assert_eq!(
        layout.check_total_n(6).unwrap_err().to_string(),
        "cluster.n: must equal the sum of the datacenters' n (3 + 2 = 5), got 6; or leave it out"
    );
    let one = Datacenters::new(&ENDPOINTS, NODES, &[spec("us", &ENDPOINTS[..6], 3)]).unwrap();
    assert_eq!(
        one.check_total_n(2).unwrap_err().to_string(),
        "cluster.n: must equal the datacenter's n (3), got 2; or leave it out"
    );
}

#[test]
fn contract_s4_bad_datacenters_each_get_one_line_naming_the_field() {
    let us = || spec("us", &["A", "B", "C"], 3);
    let cases: Vec<(Vec<DatacenterSpec>, &str)> = vec![
        (
            vec![us(), spec("eu", &["C", "D", "E", "F"], 3)],
            "cluster.datacenters[1].members[0]: `C` is already a member of datacenter `us`",
        ),
        (
            vec![us(), spec("eu", &["D", "E"], 2)],
            "cluster.datacenters: node `F` is a member of no datacenter; every node belongs to exactly one",
        ),
        (
            vec![us(), spec("eu", &["D", "E", "F", "zed"], 3)],
            "cluster.datacenters[1].members[3]: `zed` is neither a node nor a client",
        ),
        (
            vec![us(), spec("eu", &["D", "E", "F"], 4)],
            "cluster.datacenters[1].n: 4 replicas do not fit in datacenter `eu`, which has 3 nodes",
        ),
        (
            vec![us(), spec("us", &["D", "E", "F"], 3)],
            "cluster.datacenters[1].name: datacenter `us` is listed twice",
        ),
        (
            vec![us(), spec(" ", &["D", "E", "F"], 3)],
            "cluster.datacenters[1].name: a datacenter name cannot be empty",
        ),
        (
            vec![us(), spec("D", &["D", "E", "F"], 3)],
            "cluster.datacenters[1].name: `D` is already the name of a node; a datacenter needs a name of its own (a partition group may name it)",
        ),
        (
            vec![us(), spec("bob", &["D", "E", "F"], 3)],
            "cluster.datacenters[1].name: `bob` is already the name of a client; a datacenter needs a name of its own (a partition group may name it)",
        ),
        (
            vec![us(), spec("eu", &["D", "E", "F", "E"], 3)],
            "cluster.datacenters[1].members[3]: `E` is listed twice in datacenter `eu`",
        ),
        (
            vec![us(), spec("eu", &["D", "E", "F", "alice"], 3), spec("ap", &["bob"], 0)],
            "cluster.datacenters[2].members: datacenter `ap` has no node; every datacenter needs at least one",
        ),
        (
            vec![spec("us", &["A", "B", "C"], 0), spec("eu", &["D", "E", "F"], 0)],
            "cluster.datacenters: every datacenter has n = 0, so no replica would hold a key; give one of them n >= 1",
        ),
        (
            vec![],
            "cluster.datacenters: lists no datacenter; list at least one, or leave the field out (one datacenter holding every node)",
        ),
        (
            vec![us(), spec("eu", &["D", "E", "F", "x\ny"], 3)],
            "cluster.datacenters[1].members[3]: `x\\ny` is neither a node nor a client",
        ),
    ];
    for (specs, expected) in cases {
        let message = layout_error(&specs);
        assert_eq!(message, expected);
        assert!(!message.contains('\n'));
    }
    assert_eq!(
        Datacenters::single(4, 3, 4).unwrap_err().to_string(),
        "cluster.n: must be from 1 to the number of nodes (3), got 4"
    );
    assert_eq!(
        Datacenters::single(4, 3, 0).unwrap_err().to_string(),
        "cluster.n: must be from 1 to the number of nodes (3), got 0"
    );
    let one_node = Datacenters::new(
        &ENDPOINTS,
        NODES,
        &[us(), spec("eu", &["D"], 2), spec("ap", &["E", "F"], 1)],
    )
    .unwrap_err();
    assert_eq!(
        one_node.to_string(),
        "cluster.datacenters[1].n: 2 replicas do not fit in datacenter `eu`, which has 1 node"
    );
    assert_eq!(one_node.path(), "cluster.datacenters[1].n");
}

#[test]
fn contract_s4_layout_errors_keep_their_parts_for_the_scenario_reader() {
    let error = Datacenters::new(
        &ENDPOINTS,
        NODES,
        &[spec("us", &["A", "B", "C"], 3), spec("eu", &["C"], 1)],
    )
    .unwrap_err();
    assert_eq!(
        error,
        LayoutError::InTwo {
            dc: 1,
            member: 0,
            name: "C".to_string(),
            other: "us".to_string()
        }
    );
    assert_eq!(error.path(), "cluster.datacenters[1].members[0]");
    assert_eq!(
        error.message(),
        "`C` is already a member of datacenter `us`"
    );
    let level = ConsistencyLevel::from_json(&json!("any"), "cluster.w").unwrap_err();
    assert_eq!(
        level,
        LevelError::NotALevel {
            field: "cluster.w".to_string(),
            got: "any".to_string()
        }
    );
}

#[test]
fn contract_s4_a_client_listed_in_two_datacenters_is_bad_input_too() {
    assert_eq!(
        layout_error(&[
            spec("us", &["A", "B", "C", "alice"], 3),
            spec("eu", &["D", "E", "F", "alice"], 3)
        ]),
        "cluster.datacenters[1].members[3]: `alice` is already a member of datacenter `us`"
    );
}

// --- reading the levels ----------------------------------------------------------------------

#[test]
fn contract_s4_levels_read_from_the_contracts_words_and_numbers() {
    let words = [
        ("one", ConsistencyLevel::One),
        ("quorum", ConsistencyLevel::Quorum),
        ("all", ConsistencyLevel::All),
        ("local_one", ConsistencyLevel::LocalOne),
        ("local_quorum", ConsistencyLevel::LocalQuorum),
        ("each_quorum", ConsistencyLevel::EachQuorum),
    ];
    for (word, expected) in words {
        assert_eq!(
            ConsistencyLevel::from_json(&json!(word), "cluster.w"),
            Ok(expected)
        );
        assert_eq!(expected.to_string(), word);
        assert_eq!(expected.to_value(), json!(word));
        assert_eq!(expected.word(), Some(word));
        assert_eq!(level(word), expected);
    }
    assert_eq!(
        ConsistencyLevel::from_json(&json!(2), "cluster.w"),
        Ok(ConsistencyLevel::Count(2))
    );
    assert_eq!(level("12"), ConsistencyLevel::Count(12));
    assert_eq!(ConsistencyLevel::Count(12).to_string(), "12");
    assert_eq!(ConsistencyLevel::Count(12).to_value(), json!(12));
    assert_eq!(
        ConsistencyLevel::LocalQuorum.cassandra_name(),
        "LOCAL_QUORUM"
    );
    assert!(ConsistencyLevel::LocalOne.is_local());
    assert!(!ConsistencyLevel::EachQuorum.is_local());
}

#[test]
fn contract_s4_bad_levels_get_one_line_naming_the_field() {
    let expected = "expected a whole number or one of \"one\", \"quorum\", \"all\", \"local_one\", \"local_quorum\", \"each_quorum\"";
    let cases = [
        (
            json!("LOCAL_QUORUM"),
            "cluster.w: `LOCAL_QUORUM` is not a consistency level; write it in lower case: \"local_quorum\"".to_string(),
        ),
        (
            json!("two"),
            "cluster.w: `two` is not a consistency level here; write the number 2".to_string(),
        ),
        (
            json!("majority"),
            format!("cluster.w: `majority` is not a consistency level; {expected}"),
        ),
        (
            json!("2"),
            "cluster.w: `2` is a string; write the number 2 without quotes".to_string(),
        ),
        (
            json!(0),
            "cluster.w: 0 is not a whole number of at least 1".to_string(),
        ),
        (
            json!(2.5),
            "cluster.w: 2.5 is not a whole number of at least 1".to_string(),
        ),
        (
            json!(-1),
            "cluster.w: -1 is not a whole number of at least 1".to_string(),
        ),
        (
            json!(4294967296u64),
            "cluster.w: 4294967296 is too large: at most 4294967295 replicas".to_string(),
        ),
        (json!(true), format!("cluster.w: {expected}, got true")),
        (json!(null), format!("cluster.w: {expected}, got null")),
    ];
    for (value, message) in cases {
        let error = ConsistencyLevel::from_json(&value, "cluster.w").unwrap_err();
        assert_eq!(error.to_string(), message);
        assert_eq!(error.path(), "cluster.w");
    }
    // The text form: no field, so the message alone.
    assert_eq!(
        "0".parse::<ConsistencyLevel>().unwrap_err().to_string(),
        "0 is not a whole number of at least 1".to_string()
    );
    assert_eq!(
        "".parse::<ConsistencyLevel>().unwrap_err().to_string(),
        format!("`` is not a consistency level; {expected}")
    );
}
