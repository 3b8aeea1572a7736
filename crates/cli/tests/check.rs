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

/// Issue 11, part 4: "a leader can grade submitted share links". A link the page's Copy share
/// link makes is checked as the file would be: a whole scenario (`#z=`), and a library
/// scenario named with the learner's actions (`#p=default&z=...`), whose file is read from the
/// folder of the exercise's own scenario.
#[test]
fn issue11_qsim_check_grades_share_links() {
    use quorumscope_engine::Scenario;
    let exercise = root().join("exercises/01-lose-an-acknowledged-write.json");
    let exercise = exercise.to_str().unwrap();
    let solution_file =
        root().join("crates/cli/tests/solutions/01-lose-an-acknowledged-write.json");
    let solution = std::fs::read_to_string(&solution_file).unwrap();

    // A whole scenario, as a URL.
    let link = format!(
        "https://example.org/quorumscope/#{}",
        quorumscope_link::share_fragment(&solution)
    );
    assert_eq!(json(&["check", exercise, &link])["solved"], true);

    // The default scenario named, with the learner's actions: the solution's events beyond
    // the default's.
    let default = std::fs::read_to_string(root().join("scenarios/default.json")).unwrap();
    let base = Scenario::from_json(&default).unwrap();
    let merged = Scenario::from_json(&solution).unwrap();
    let actions = merged.events[base.events.len()..].to_vec();
    let fragment = quorumscope_link::session_fragment(Some("default"), &actions, &merged);
    assert!(fragment.starts_with("p=default&z="), "{fragment}");
    // (The solution's cluster is lww, the default's dvv: this session is the default with the
    // solution's actions.) Its verdict is the one of the same session as a file.
    let (status, verdict) = {
        let out = qsim(&["check", exercise, &format!("#{fragment}")]);
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            out.status.code().unwrap(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        )
    };
    let rebuilt = {
        let mut s = base.clone();
        s.events.extend(actions.iter().cloned());
        quorumscope_engine::sort::sort_by(&mut s.events, |a, b| a.at.total_cmp(&b.at));
        scratch("rebuilt.json", &s.to_json_string())
    };
    let (file_status, file_verdict) = check(Path::new(exercise), &rebuilt);
    assert_eq!((status, &verdict), (file_status, &file_verdict));

    // Bad links say what is wrong, in one line, exit 2.
    let err = bad(&["check", exercise, "https://example.org/#x=1"]);
    assert!(
        err.contains("has no #z=, #s= or #p= after its `#`"),
        "{err}"
    );
    let err = bad(&["check", exercise, "#p=no-such-scenario"]);
    assert!(err.contains("library scenario `no-such-scenario`"), "{err}");
    let err = bad(&[
        "check",
        exercise,
        "#p=../exercises/01-lose-an-acknowledged-write",
    ]);
    assert!(err.contains("library scenario"), "{err}");
    let err = bad(&["check", exercise, "#z=AAAA"]);
    assert!(err.contains("the share link cannot be read"), "{err}");
}
