//! Issue 11, part 2: guided tours (`tours/*.json`, docs/TOURS.md). Every tour file reads, runs a
//! scenario of the library, and fits its run: steps in time order within the run, highlights
//! naming nodes, clients, operations and messages that exist by then. The manifest the page
//! lists them from (`tours/index.json`) names every file once, with its title.

// Only its file listing is used here (its qsim helpers serve the other test files).
#[allow(dead_code)]
mod common;

use quorumscope_engine::tour::{Highlight, Tour};
use quorumscope_engine::Scenario;
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

#[test]
fn issue11_every_tour_fits_its_library_scenario() {
    let files = common::json_files("tours");
    assert!(files.len() >= 3, "{files:?}");
    for path in &files {
        let tour = Tour::from_json(&read(path)).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let scenario_path = root().join(format!("scenarios/{}.json", tour.scenario));
        assert!(
            scenario_path.exists(),
            "{path:?}: its scenario `{}` is not in the library",
            tour.scenario
        );
        let scenario = Scenario::from_json(&read(&scenario_path)).unwrap();
        tour.check(&scenario)
            .unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert!(tour.steps.len() >= 4, "{path:?}: a tour of a few steps");
        assert!(
            tour.steps.iter().filter(|s| s.highlight.is_some()).count() >= 3,
            "{path:?}: most steps point at something"
        );
    }
}

/// The three tours the issue asks for, on the scenarios it names.
#[test]
fn issue11_the_three_tours_run_the_scenarios_they_are_about() {
    let tour = |id: &str| Tour::from_json(&read(&root().join(format!("tours/{id}.json")))).unwrap();
    let t = tour("quorums-and-a-node-down");
    assert_eq!(
        (t.title.as_str(), t.scenario.as_str()),
        ("Quorums and a node down", "default")
    );
    assert_eq!(t.steps[0].highlight, Some(Highlight::Node("C".into())));
    let t = tour("concurrent-writes");
    assert_eq!(t.title, "Concurrent writes: siblings or losses");
    assert!(t.scenario.starts_with("ddia-5-12"), "{}", t.scenario);
    let t = tour("how-stale");
    assert_eq!(t.title, "How stale is eventually consistent?");
    assert_eq!(t.scenario, "stale-read");
}

#[test]
fn issue11_the_tour_manifest_lists_exactly_the_tours() {
    let manifest: Value = serde_json::from_str(&read(&root().join("tours/index.json"))).unwrap();
    let mut listed = Vec::new();
    for item in manifest["tours"].as_array().expect("tours") {
        let id = item["id"].as_str().expect("id");
        let tour = Tour::from_json(&read(&root().join(format!("tours/{id}.json")))).unwrap();
        assert_eq!(item["title"].as_str(), Some(tour.title.as_str()), "{id}");
        listed.push(id.to_string());
    }
    let mut files: Vec<String> = common::json_files("tours")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    listed.sort();
    assert_eq!(listed, files, "every tour once, nothing else");
}

/// A tour that does not fit its scenario is refused with the step and field named.
#[test]
fn issue11_a_tour_that_does_not_fit_its_scenario_says_where() {
    let text = read(&root().join("tours/how-stale.json"))
        .replace(r#""highlight": {"op": 3}"#, r#""highlight": {"node": "Q"}"#);
    let tour = Tour::from_json(&text).unwrap();
    let scenario = Scenario::from_json(&read(&root().join("scenarios/stale-read.json"))).unwrap();
    assert_eq!(
        tour.check(&scenario).unwrap_err().0,
        "steps[5].highlight.node: `Q` is not a node of the scenario (it has A, B, C)"
    );
}
