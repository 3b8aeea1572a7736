//! Runs crates/engine's benchmark workload (`crates/engine/benches/common`) and prints one JSON
//! line per mode with the events processed, the trace hash and the events per second.
//!
//! Built natively and for `wasm32-wasip1` (run under Node's WASI by `run.mjs`) by
//! `scripts/bench.sh`, which checks that both targets processed the same events with the same
//! trace hash. The clock is read here, in the harness, around `Simulator::run`; the engine itself
//! never reads it.
//!
//! Usage: `engine-bench [--runs N] [--ops M]` (defaults: 10 runs of the benchmark's workload).

#[path = "../../../crates/engine/benches/common/mod.rs"]
mod common;

use std::time::Instant;

fn arg(args: &[String], name: &str, default: usize) -> usize {
    match args.iter().position(|a| a == name) {
        Some(i) => match args.get(i + 1).and_then(|v| v.parse().ok()) {
            Some(v) if v > 0 => v,
            _ => {
                eprintln!("engine-bench: {name} needs a whole number > 0");
                std::process::exit(2);
            }
        },
        None => default,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = arg(&args, "--runs", 10);
    let ops = arg(&args, "--ops", common::OPS);
    let scenario = common::scenario_of(ops);
    for (mode, record) in [("plain", false), ("recorded", true)] {
        // One untimed run to warm up (and, in wasm, to let the engine tier up).
        let reference = common::run(scenario.clone(), record);
        let events = reference.events_processed();
        let hash = reference.trace_hash();
        let mut secs: Vec<f64> = Vec::with_capacity(runs);
        for _ in 0..runs {
            let s = scenario.clone();
            let start = Instant::now();
            let sim = common::run(s, record);
            secs.push(start.elapsed().as_secs_f64());
            assert_eq!(sim.events_processed(), events, "a run is deterministic");
            assert_eq!(sim.trace_hash(), hash, "a run is deterministic");
        }
        secs.sort_by(f64::total_cmp);
        let median = secs[runs / 2];
        let best = secs[0];
        println!(
            "{{\"target\": \"{}\", \"mode\": \"{mode}\", \"ops\": {ops}, \"events\": {events}, \
             \"messages\": {}, \"trace_hash\": \"{hash}\", \"runs\": {runs}, \
             \"median_ms\": {:.3}, \"best_ms\": {:.3}, \"events_per_s\": {:.0}, \
             \"events_per_s_best\": {:.0}}}",
            std::env::consts::ARCH,
            reference.metrics().messages,
            median * 1e3,
            best * 1e3,
            events as f64 / median,
            events as f64 / best,
        );
    }
}
