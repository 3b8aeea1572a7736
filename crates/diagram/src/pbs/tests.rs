//! The panel's tests: markup, legend, tables, errors, the sampled run and the engine curve.

use super::*;

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn form_of(n: &str, r: &str, w: &str, model: &str, trials: &str) -> Fields {
    fields(&[
        ("n", n),
        ("r", r),
        ("w", w),
        ("model", model),
        ("trials", trials),
        ("etrials", "150"),
    ])
}

const THREE: &str = r#"{"name": "Three", "seed": 1, "cluster": {"nodes": ["A", "B", "C"],
    "n": 3, "r": 1, "w": 1, "latency": {"exponential": {"rate": 1}}},
    "events": [{"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
               {"at": 50, "get": {"client": "bob", "key": "k"}}]}"#;

fn handle(
    p: &mut PbsPanel,
    act: &str,
    f: &Fields,
    scenario: Option<&str>,
) -> (Update, Vec<Update>) {
    let mut progress = Vec::new();
    let u = p.handle(act, f, scenario.map(str::to_string), &mut |u| {
        progress.push(u)
    });
    (u, progress)
}

#[test]
fn the_grid_is_log_spaced_from_0_01_ms_to_10_s() {
    let g = grid();
    assert_eq!(g.len(), 50);
    assert_eq!(g[0], 0.01);
    assert_eq!(g[49], 10_000.0);
    assert!(g.windows(2).all(|w| w[1] > w[0] * 1.2 && w[1] < w[0] * 1.4));
}

/// Opening draws the paper's N = 3, R = W = 1, LNKD-DISK curve with progress on the way,
/// the 99% and 99.9% marks, a legend, the points table and the statistics.
#[test]
fn opening_draws_the_default_curve_with_progress_marks_legend_and_table() {
    let mut p = PbsPanel::new();
    let (u, progress) = handle(&mut p, "open", &Fields::new(), Some(THREE));
    assert_eq!(
        progress.len(),
        20,
        "the form first, then a report per 10,000 trials but the last"
    );
    let first = progress[1].pbs_status.clone().unwrap_or_default();
    assert!(first.contains("10,000 of 200,000 trials"), "{first}");
    assert!(first.contains("<progress"), "{first}");
    assert_eq!(u.pbs_form, None, "sent before computing");
    let form = progress[0].pbs_form.clone().unwrap_or_default();
    assert!(form.contains("href=\"diagram/pbs.css\""));
    assert!(form.contains("<label for=\"pbs-n\">n (replicas)</label>"));
    assert!(form.contains("data-act=\"add\">Add curve"));
    let status = u.pbs_status.unwrap_or_default();
    assert!(
        status.contains("Drew n=3 r=1 w=1 LNKD-DISK from 200,000 trials."),
        "{status}"
    );
    let view = u.pbs_view.unwrap_or_default();
    assert!(view.contains("role=\"img\" aria-labelledby=\"pbs-chart-title\""));
    // The paper: 43.9% at commit and 99.9% at 45.5 ms; these 200,000 trials (seed 2012):
    // 43.5% (its standard error is 0.11 points) and 47.3 ms.
    assert!(
        view.contains("n=3 r=1 w=1 LNKD-DISK: 43.5% at commit; 99% at 22.0 ms; 99.9% at 47.3 ms."),
        "{view}"
    );
    assert_eq!(view.matches("class=\"pbs-mark\"").count(), 2);
    assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
    assert_eq!(view.matches("<li><span class=\"pbs-swatch").count(), 1);
    assert!(view.contains("aria-label=\"Remove n=3 r=1 w=1 LNKD-DISK\""));
    // 50 rows of points, each a button; k-staleness by both estimates (n=3, r=w=1: 1/3).
    assert_eq!(view.matches("class=\"pbs-cell\"").count(), 50);
    assert!(view.contains("<td>33.33% / 33."), "{view}");
    // Opening again keeps the curve and computes nothing.
    let (again, progress) = handle(&mut p, "open", &Fields::new(), None);
    assert!(progress.is_empty());
    assert_eq!(again.pbs_form, None, "the form is sent once");
    assert_eq!(
        again
            .pbs_view
            .unwrap_or_default()
            .matches("class=\"pbs-curve\"")
            .count(),
        1
    );
}

#[test]
fn add_keeps_curves_draw_replaces_them_and_remove_takes_one_out() {
    let mut p = PbsPanel::new();
    handle(
        &mut p,
        "draw",
        &form_of("3", "1", "1", "lnkd-ssd", "5000"),
        Some(THREE),
    );
    let (u, _) = handle(&mut p, "add", &form_of("3", "2", "1", "ymmr", "5000"), None);
    let view = u.pbs_view.unwrap_or_default();
    assert_eq!(view.matches("class=\"pbs-curve\"").count(), 2);
    assert_eq!(view.matches("<li><span class=\"pbs-swatch").count(), 2);
    assert!(view.contains("n=3 r=1 w=1 LNKD-SSD") && view.contains("n=3 r=2 w=1 YMMR"));
    assert_eq!(view.matches("class=\"pbs-cell\"").count(), 100);
    let (u, _) = handle(&mut p, "remove:0", &Fields::new(), None);
    let view = u.pbs_view.unwrap_or_default();
    assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
    assert!(!view.contains("LNKD-SSD"));
    let (u, _) = handle(
        &mut p,
        "draw",
        &form_of("5", "1", "1", "scenario", "5000"),
        None,
    );
    let view = u.pbs_view.unwrap_or_default();
    assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
    assert!(
        view.contains("n=5 r=1 w=1 this scenario&#39;s latency"),
        "{view}"
    );
    // A strict quorum is consistent at commit, and 99% is reached there.
    let (u, _) = handle(&mut p, "draw", &form_of("3", "2", "2", "wan", "5000"), None);
    let view = u.pbs_view.unwrap_or_default();
    assert!(
        view.contains("100.0% at commit; 99% at commit; 99.9% at commit"),
        "{view}"
    );
}

#[test]
fn bad_fields_are_named_and_nothing_is_drawn() {
    let mut p = PbsPanel::new();
    let cases = [
        (
            form_of("0", "1", "1", "ymmr", "10"),
            "n (replicas) must be from 1 to 64; got 0.",
        ),
        (
            form_of("three", "1", "1", "ymmr", "10"),
            "n (replicas) must be a whole number from 1 to 64; \u{201c}three\u{201d} is not.",
        ),
        (
            form_of("3", "4", "1", "ymmr", "10"),
            "r (read quorum) must be from 1 to n = 3; got 4.",
        ),
        (
            form_of("3", "1", "9", "ymmr", "10"),
            "w (write quorum) must be from 1 to n = 3; got 9.",
        ),
        (
            form_of("3", "1", "1", "ymmr", ""),
            "Trials is empty: give a whole number.",
        ),
        (
            form_of("3", "1", "1", "ymmr", "2,000,000"),
            "Trials must be from 1 to 1,000,000; got 2,000,000.",
        ),
        (
            form_of("3", "1", "1", "gauss", "10"),
            "Latency: unknown model \u{201c}gauss\u{201d}.",
        ),
        (
            form_of("3", "1", "-1", "ymmr", "10"),
            "w (write quorum) must be a whole number from 1 to 64; \u{201c}-1\u{201d} is not.",
        ),
    ];
    for (f, message) in cases {
        let (u, progress) = handle(&mut p, "add", &f, Some(THREE));
        assert!(
            progress.iter().all(|u| u.pbs_status.is_none()),
            "nothing computed"
        );
        let status = u.pbs_status.unwrap_or_default();
        assert!(status.contains("role=\"alert\""), "{status}");
        assert!(
            status.contains(&escape(message)),
            "{status} should say {message}"
        );
        assert!(!u.pbs_view.unwrap_or_default().contains("pbs-curve"));
    }
    let (u, _) = handle(&mut p, "what", &Fields::new(), None);
    assert!(u
        .pbs_status
        .unwrap_or_default()
        .contains("does not know the action"));
    // Datacenters: the closed model cannot take this scenario's latency.
    let dcs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/wan-cut.json"
    ))
    .unwrap();
    let (u, _) = handle(
        &mut p,
        "add",
        &form_of("3", "1", "1", "scenario", "10"),
        Some(&dcs),
    );
    assert!(u
        .pbs_status
        .unwrap_or_default()
        .contains("spans datacenters"));
    let (u, _) = handle(
        &mut p,
        "add",
        &form_of("3", "1", "1", "scenario", "10"),
        Some("{"),
    );
    assert!(u
        .pbs_status
        .unwrap_or_default()
        .contains("This scenario cannot be read"));
}

/// Part 3: selecting a point samples engine trials there and opens one (a stale one when
/// there is one) as a share link whose scenario replays to the same outcome.
#[test]
fn selecting_a_point_opens_a_sampled_run_that_replays_to_its_outcome() {
    let mut p = PbsPanel::new();
    handle(
        &mut p,
        "draw",
        &form_of("3", "1", "1", "lnkd-disk", "20000"),
        Some(THREE),
    );
    // Point 20 of the grid: about 2.5 ms, where LNKD-DISK is about 70% consistent.
    let (u, _) = handle(&mut p, "pt:0:20", &Fields::new(), None);
    let link = u.pbs_link.expect("a link to open");
    let json = quorumscope_link::read_link(&link, |_| false)
        .expect("a share link")
        .expect("readable");
    let quorumscope_link::Link::Scenario(text) = json else {
        panic!("a whole scenario")
    };
    let scenario = Scenario::from_json(&text).unwrap();
    assert!(
        scenario.name.starts_with("A stale read "),
        "{}",
        scenario.name
    );
    assert_eq!(
        quorumscope_engine::staleness::replay_trial(&scenario),
        Ok(ReadOutcome::Stale)
    );
    assert_eq!(u.pbs_view, None, "the chart and table are not drawn again");
    let run = u.pbs_run.unwrap_or_default();
    assert!(run.contains("id=\"pbs-run\""));
    assert!(run.contains("Shown: trial "), "{run}");
    assert!(run.contains("a stale read"), "{run}");
    // A WAN point says why it cannot be shown.
    handle(&mut p, "add", &form_of("3", "1", "1", "wan", "5000"), None);
    let (u, _) = handle(&mut p, "pt:1:20", &Fields::new(), None);
    assert_eq!(u.pbs_link, None);
    assert!(u.pbs_run.unwrap_or_default().contains("cannot be replayed"));
    // Removing the curve shown takes its run's box away.
    let (u, _) = handle(&mut p, "remove:1", &Fields::new(), None);
    assert_eq!(u.pbs_run.as_deref(), Some(""));
}

/// The engine's curve of the session's scenario, with progress, a 95% interval per point
/// and every other point of the grid; a point of it opens a run of that scenario.
#[test]
fn simulating_the_scenario_adds_an_engine_curve() {
    let mut p = PbsPanel::new();
    let (u, progress) = handle(
        &mut p,
        "engine",
        &form_of("3", "1", "1", "ymmr", "10"),
        Some(THREE),
    );
    assert_eq!(progress.len(), 2, "the form, then one report");
    let status = u.pbs_status.unwrap_or_default();
    assert!(
        status.contains(
            "Simulated Three, simulated (n=3 r=1 w=1): 150 trials, 150 writes committed."
        ),
        "{status}"
    );
    let view = u.pbs_view.unwrap_or_default();
    assert!(view.contains("stroke-dasharray"));
    assert_eq!(view.matches("class=\"pbs-cell\"").count(), 25);
    assert!(view.contains("Simulated with n=3 r=1 w=1: 150 trials"));
    let (u, _) = handle(&mut p, "pt:0:3", &Fields::new(), None);
    assert!(u.pbs_link.is_some());
    // wan-cut.json's first put is an EACH_QUORUM write with the WAN link cut: no probe write
    // commits, the panel says why and draws nothing.
    let cut = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/wan-cut.json"
    ))
    .unwrap();
    let (u, _) = handle(&mut p, "engine", &fields(&[("etrials", "20")]), Some(&cut));
    let status = u.pbs_status.unwrap_or_default();
    assert!(
        status.contains("none of the 20 probe writes committed (quorum unreachable"),
        "{status}"
    );
    assert_eq!(
        u.pbs_view
            .unwrap_or_default()
            .matches("class=\"pbs-curve\"")
            .count(),
        1
    );
    let (u, _) = handle(&mut p, "engine", &fields(&[("etrials", "0")]), None);
    assert!(u
        .pbs_status
        .unwrap_or_default()
        .contains("Simulated trials must be from 1 to 20,000; got 0."));
}
