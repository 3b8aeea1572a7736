//! Issue 11, part 4: workshop exercises (`exercises/*.json`, docs/EXERCISES.md) and
//! `qsim check EXERCISE SCENARIO`. Every exercise is unsolved by its starting scenario and
//! solved by the solution kept beside these tests (a scenario file as the page's "Download
//! scenario" writes it: the starting scenario plus a user's actions).

mod common;

use common::{bad, json, qsim, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `qsim check`'s exit status and verdict.
fn check(exercise: &Path, scenario: &Path) -> (i32, Value) {
    let out = qsim(&[
        "check",
        exercise.to_str().unwrap(),
        scenario.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{exercise:?}: {stderr}");
    let verdict = serde_json::from_slice(&out.stdout).expect("one JSON document");
    (out.status.code().unwrap(), verdict)
}

#[test]
fn issue11_every_exercise_is_unsolved_at_its_start_and_solved_by_its_solution() {
    let files = common::json_files("exercises");
    assert!(files.len() >= 8, "{files:?}");
    for exercise in files {
        let text = std::fs::read_to_string(&exercise).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        assert!(
            file["hints"].as_array().is_some_and(|h| h.len() >= 2),
            "{exercise:?}: hints to reveal one at a time"
        );
        let start = exercise
            .parent()
            .unwrap()
            .join(file["scenario"].as_str().unwrap());
        let (status, verdict) = check(&exercise, &start);
        assert_eq!(status, 1, "{exercise:?} is solved at its start: {verdict}");
        assert_eq!(verdict["solved"], false);
        assert_eq!(verdict["exercise"], file["title"]);

        let solution = root()
            .join("crates/cli/tests/solutions")
            .join(exercise.file_name().unwrap());
        // Exit status 0, nothing on stderr, one JSON document.
        let verdict = json(&[
            "check",
            exercise.to_str().unwrap(),
            solution.to_str().unwrap(),
        ]);
        let conditions = verdict["conditions"].as_array().unwrap();
        assert_eq!(conditions.len(), file["goal"].as_array().unwrap().len());
        assert!(conditions.iter().all(|c| c["met"] == true), "{verdict}");
    }
}

/// A solution counts only by what its run shows: the starting scenario of exercise 5 with a
/// read added heals C by read repair, which the goal forbids.
#[test]
fn issue11_the_goal_is_checked_from_the_run_not_the_actions() {
    let exercise = root().join("exercises/05-heal-without-reading.json");
    let start = std::fs::read_to_string(root().join("scenarios/stale-replica.json")).unwrap();
    let mut v: Value = serde_json::from_str(&start).unwrap();
    v["events"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"at": 150, "get": {"client": "bob", "key": "cart"}}));
    let path = scratch("read-repaired.json", &v.to_string());
    let (status, verdict) = check(&exercise, &path);
    assert_eq!(status, 1);
    let c = &verdict["conditions"];
    assert_eq!(
        (c[0]["met"].clone(), c[0]["found"].clone()),
        (true.into(), 3.into())
    );
    assert_eq!(
        (c[1]["met"].clone(), c[1]["found"].clone()),
        (false.into(), 1.into())
    );
}

#[test]
fn issue11_bad_exercises_and_solutions_are_named() {
    let good = root().join("scenarios/default.json");
    let good = good.to_str().unwrap();
    let case = |name: &str, text: &str| {
        let path = scratch(name, text);
        bad(&["check", path.to_str().unwrap(), good])
    };
    let ex = |goal: &str| {
        format!(
            r#"{{"title": "t", "task": "do", "scenario": "s.json", "goal": [{goal}], "explanation": "e"}}"#
        )
    };
    let line = case(
        "two.json",
        &ex(r#"{"text": "x", "metric": "cut", "ops": {}}"#),
    );
    assert!(
        line.ends_with("two.json: goal[0]: give exactly one of `ops`, `metric` and `replicas`"),
        "{line}"
    );
    let line = case("word.json", &ex(r#"{"text": "x", "metric": "stale"}"#));
    assert!(
        line.contains("unknown variant `stale`, expected one of `stale_reads`"),
        "{line}"
    );
    let line = case(
        "bounds.json",
        &ex(r#"{"text": "x", "metric": "cut", "at_least": 3, "at_most": 1}"#),
    );
    assert!(
        line.ends_with("goal[0]: at_least (3) is more than at_most (1)"),
        "{line}"
    );
    let line = case("empty.json", &ex(""));
    assert!(
        line.ends_with("goal: list at least one condition, or nothing could be checked"),
        "{line}"
    );
    let line = case(
        "level.json",
        &ex(r#"{"text": "x", "ops": {"w": "local_quorom"}}"#),
    );
    assert!(
        line.contains("`local_quorom` is not a consistency level"),
        "{line}"
    );
    let line = case(
        "field.json",
        &ex(r#"{"text": "x", "ops": {"op": "put", "colour": "red"}}"#),
    );
    assert!(line.contains("unknown field `colour`"), "{line}");

    let exercise = root().join("exercises/01-lose-an-acknowledged-write.json");
    let broken = scratch("broken-solution.json", r#"{"cluster": {"nodes": []}}"#);
    let line = bad(&[
        "check",
        exercise.to_str().unwrap(),
        broken.to_str().unwrap(),
    ]);
    assert!(
        line.starts_with("qsim check: ") && line.contains("broken-solution.json: "),
        "{line}"
    );
}
