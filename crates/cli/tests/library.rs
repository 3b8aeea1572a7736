//! Issue 11, part 1: the scenario library (`scenarios/*.json`). Every file runs under
//! `qsim run`, has a title, a description and what to look at, and shows what its description
//! says it shows (checked from the run's history, replicas and metrics).

mod common;

use common::json;
use serde_json::Value;
use std::path::PathBuf;

fn run(name: &str) -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../scenarios/{name}.json"));
    json(&["run", path.to_str().unwrap()])
}

fn metric(out: &Value, name: &str) -> u64 {
    out["metrics"][name].as_u64().unwrap()
}

/// The history's operations as (client, op, outcome, number of values, lost).
fn ops(out: &Value) -> Vec<(String, String, String, usize, bool)> {
    out["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["client"].as_str().unwrap().to_string(),
                h["op"].as_str().unwrap().to_string(),
                h["outcome"].as_str().unwrap().to_string(),
                h["values"].as_array().map_or(0, Vec::len),
                h["lost"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

/// What every replica holds of `key`.
fn held(out: &Value, key: &str) -> Vec<Vec<String>> {
    out["replicas"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| {
            r[key]["values"]
                .as_array()
                .map(|v| v.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn issue11_every_library_file_runs_and_says_what_to_look_at() {
    let files = common::json_files("scenarios");
    assert!(files.len() >= 14, "{files:?}");
    for path in files {
        let out = json(&["run", path.to_str().unwrap()]);
        assert!(
            out["history"].as_array().is_some_and(|h| !h.is_empty()),
            "{path:?}"
        );
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for field in ["name", "description"] {
            assert!(
                file[field].as_str().is_some_and(|s| s.len() > 10),
                "{path:?}: {field}"
            );
        }
        let look = file["look_at"].as_array().expect("look_at");
        assert!(!look.is_empty(), "{path:?}");
    }
}

/// Issue 11, part 1: the manifest the page lists the library from (`scenarios/index.json`)
/// names every file of `scenarios/` once and nothing else, each with its file's `name` as its
/// title, in groups, the seed's default first.
#[test]
fn issue11_the_manifest_lists_exactly_the_library() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let mut listed = Vec::new();
    for group in manifest["groups"].as_array().expect("groups") {
        assert!(
            group["group"].as_str().is_some_and(|g| !g.is_empty()),
            "{group}"
        );
        let items = group["scenarios"].as_array().expect("scenarios");
        assert!(!items.is_empty(), "{group}");
        for item in items {
            let id = item["id"].as_str().expect("id");
            let file: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{id}.json")))
                    .unwrap_or_else(|e| panic!("{id}: {e}")),
            )
            .unwrap();
            assert_eq!(
                item["title"], file["name"],
                "{id}: the title is the file's name"
            );
            listed.push(id.to_string());
        }
    }
    assert_eq!(listed.first().map(String::as_str), Some("default"));
    let mut files: Vec<String> = common::json_files("scenarios")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    files.sort();
    assert_eq!(sorted, files, "every file once, nothing else");
    // No two titles alike: the list tells them apart.
    let mut titles: Vec<&str> = manifest["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["scenarios"].as_array().unwrap())
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), listed.len());
}

/// The seed: the write with C down succeeds, and the read after C's return sees it (and
/// repairs C).
#[test]
fn issue11_default_read_repair() {
    let out = run("default");
    assert!(ops(&out).iter().all(|o| o.2 == "ok"));
    assert_eq!(metric(&out, "stale_reads"), 0);
    assert_eq!(metric(&out, "read_repairs"), 1);
    assert!(held(&out, "cart").iter().all(|v| v == &["milk"]));
}

/// Anti-entropy copies both keys to C with no read at all.
#[test]
fn issue11_dynamo_s4_7_anti_entropy_heals_without_reads() {
    let out = run("anti-entropy");
    assert!(ops(&out).iter().all(|o| o.1 == "put"));
    assert_eq!(metric(&out, "anti_entropy_repairs"), 2);
    assert!(held(&out, "cart").iter().all(|v| v == &["milk"]));
    assert!(held(&out, "basket").iter().all(|v| v == &["eggs"]));
}

/// DDIA figure 5-12: the same deliveries lose A's acknowledged write under lww and keep both
/// as siblings under vv and dvv.
#[test]
fn issue11_ddia_fig_5_12_under_lww_vv_and_dvv() {
    let lww = run("ddia-5-12-lww");
    assert_eq!(metric(&lww, "lost_writes"), 1);
    assert!(ops(&lww)[0].4, "A's put is lost");
    assert!(held(&lww, "X").iter().all(|v| v == &["b"]));
    for v in ["vv", "dvv"] {
        let out = run(&format!("ddia-5-12-{v}"));
        assert_eq!(metric(&out, "lost_writes"), 0, "{v}");
        assert_eq!(ops(&out)[2].3, 2, "{v}: the read returns two siblings");
        assert!(held(&out, "X").iter().all(|x| x == &["a", "b"]), "{v}");
    }
}

/// Clock skew: bob's causally later write is acknowledged and lost under lww.
#[test]
fn issue11_clock_skew_loses_a_later_write_under_lww() {
    let out = run("clock-skew");
    let history = ops(&out);
    assert_eq!(
        (history[2].1.as_str(), history[2].2.as_str(), history[2].4),
        ("put", "ok", true)
    );
    assert!(held(&out, "cart").iter().all(|v| v == &["milk"]));
}

/// Sibling explosion: eight context writes leave eight siblings under vv and two under dvv.
#[test]
fn issue11_dvv_paper_sibling_explosion_vv_against_dvv() {
    let vv = ops(&run("sibling-explosion-vv"));
    let counts: Vec<usize> = vv.iter().map(|o| o.3).collect();
    assert_eq!(counts, [1, 2, 3, 4, 5, 6, 7, 8, 8]);
    let dvv = ops(&run("sibling-explosion-dvv"));
    assert!(dvv.iter().all(|o| o.3 <= 2 && o.2 == "ok"));
    assert_eq!(dvv.last().unwrap().3, 2);
}

/// w + r <= n: the read across the partition is stale, the one after the heal is not.
#[test]
fn issue11_stale_read_with_w_plus_r_at_most_n() {
    let out = run("stale-read");
    assert_eq!(metric(&out, "stale_reads"), 1);
}

/// The sloppy quorum: the write succeeds through fallbacks whose hints are handed back.
#[test]
fn issue11_dynamo_s4_6_sloppy_quorum_and_hinted_handoff() {
    let out = run("sloppy-quorum");
    assert_eq!(ops(&out)[0].2, "ok");
    assert!(metric(&out, "hints_delivered") >= 2);
}

/// A coordinator's stale belief: the write sent to crashed nodes it believes up fails at
/// its timeout; the next one, once they are suspected, succeeds through the fallbacks. The
/// perfect detector makes the first one succeed.
#[test]
fn issue11_dynamo_s4_8_a_coordinators_stale_belief() {
    let out = run("stale-belief");
    let history = ops(&out);
    assert_eq!(history[1].2, "fail");
    assert_eq!(history[2].2, "ok");
    let completed = out["history"][1]["completed_ms"].as_f64().unwrap();
    assert!(completed >= 1_150.0, "waited for the timeout: {completed}");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/stale-belief.json"),
    )
    .unwrap()
    .replace(
        r#""failure_detector": {"timeout": {"suspect_after_ms": 300, "probe_ms": 500}}"#,
        r#""failure_detector": "perfect""#,
    );
    let path = common::scratch("stale-belief-perfect.json", &text);
    let perfect = json(&["run", path.to_str().unwrap()]);
    assert_eq!(ops(&perfect)[1].2, "ok");
}

/// The datacenter presets: LOCAL_ONE across the WAN too early is stale; EACH_QUORUM fails
/// while the WAN is cut.
#[test]
fn issue11_datacenter_presets() {
    let two = run("two-datacenters");
    assert_eq!(metric(&two, "stale_reads"), 1);
    let cut = run("wan-cut");
    let history = ops(&cut);
    assert_eq!(history[0].2, "fail");
    assert_eq!(history[1].2, "ok");
}

/// `look_at` is a list of strings; anything else is refused with one line naming it.
#[test]
fn issue11_a_bad_look_at_is_named() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/node-down.json"),
    )
    .unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["look_at"] = serde_json::json!(["fine", 3]);
    let path = common::scratch("bad-look-at.json", &v.to_string());
    let file = path.to_str().unwrap();
    assert_eq!(
        common::bad(&["run", file]),
        format!("qsim run: {file}: look_at[1]: invalid type: integer `3`, expected a string")
    );
}

/// The stale replica: C ends without the value, and nothing read it or repaired it.
#[test]
fn issue11_a_stale_replica_nothing_repairs() {
    let out = run("stale-replica");
    assert!(ops(&out).iter().all(|o| o.1 == "put" && o.2 == "ok"));
    let mut held = held(&out, "cart");
    held.sort();
    assert_eq!(
        held,
        [vec![], vec!["milk".to_string()], vec!["milk".to_string()]]
    );
    assert_eq!(
        metric(&out, "read_repairs") + metric(&out, "anti_entropy_repairs"),
        0
    );
}
