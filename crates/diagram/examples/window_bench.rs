//! The diagram's window rendering on a long run (issue 10, part 3; BENCHMARKS.md): a random
//! run of about 100,000 causal events (faults included), read into a [`Diagram`], then a
//! screenful (520 px at 4 px per ms, as the page opens) drawn at 200 places along the run, and
//! a zoomed-out window (the whole run in 520 px, capped at `MAX_ARROWS` arrows).
//!
//! `cargo run --release -p quorumscope-diagram --example window_bench [OPS]`

use quorumscope_diagram::{render_window, replay, CausalSets, Diagram, View};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::{Scenario, Simulator};
use std::time::Instant;

fn main() {
    let ops: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4000);
    let base = Scenario::from_json(
        r#"{"seed": 3, "cluster": {"nodes": ["A", "B", "C", "D", "E"], "n": 3, "w": 2, "r": 2,
            "sloppy_quorum": true, "hinted_handoff": true, "anti_entropy_ms": 200,
            "timeout_ms": 150, "latency": {"uniform": [2, 20]}}, "events": []}"#,
    )
    .expect("a valid base scenario");
    let scenario = random_scenario(&base, 11, WorkloadKind::Register, 6, ops, &Nemesis::all());
    let started = Instant::now();
    let mut plain = Simulator::new(scenario.clone());
    plain.run(None);
    println!(
        "the same run without the causal log: {:.2?} ({} engine events)",
        started.elapsed(),
        plain.events_processed()
    );
    let started = Instant::now();
    let mut sim = replay(scenario);
    sim.run(None);
    let replayed = started.elapsed();
    let started = Instant::now();
    let diagram = Diagram::of(&sim);
    let read = started.elapsed();
    println!(
        "run: {} causal events, {} messages, {} operations, {} ms simulated",
        diagram.events.len(),
        diagram.arrows.len(),
        diagram.spans.len(),
        diagram.end_us / 1000
    );
    println!("replay with the causal log: {replayed:.2?}; Diagram::of: {read:.2?}");

    let screen_us = (520.0 - 28.0) / 4.0 * 1000.0;
    let places = 200u64;
    let mut bytes = 0usize;
    let started = Instant::now();
    for i in 0..places {
        let t0 = diagram.end_us * i / places;
        let view = View {
            t0_us: t0,
            t1_us: t0 + screen_us as u64,
            width_px: 600.0,
            height_px: 520.0,
            selected: None,
            now_us: Some(diagram.end_us),
        };
        bytes += render_window(&diagram, &view, None).len();
    }
    let per = started.elapsed() / places as u32;
    println!(
        "a screenful (520 px, 4 px/ms): {per:.2?} per window, {} bytes of SVG on average",
        bytes / places as usize
    );

    let op = diagram.spans[diagram.spans.len() / 2].op;
    let started = Instant::now();
    let sets = CausalSets::of(&diagram, op);
    println!("CausalSets::of (one selection): {:.2?}", started.elapsed());
    let t0 = diagram.span(op).map_or(0, |s| s.from_us);
    let view = View {
        t0_us: t0,
        t1_us: t0 + screen_us as u64,
        width_px: 600.0,
        height_px: 520.0,
        selected: Some(op),
        now_us: None,
    };
    let started = Instant::now();
    for _ in 0..places {
        bytes = render_window(&diagram, &view, Some(&sets)).len();
    }
    println!(
        "a screenful with a selection: {:.2?} per window ({bytes} bytes)",
        started.elapsed() / places as u32
    );

    let whole = View {
        t0_us: 0,
        t1_us: diagram.end_us,
        width_px: 600.0,
        height_px: 520.0,
        selected: None,
        now_us: None,
    };
    let started = Instant::now();
    let svg = render_window(&diagram, &whole, None);
    println!(
        "the whole run in one window (capped): {:.2?}, {} bytes",
        started.elapsed(),
        svg.len()
    );
}
