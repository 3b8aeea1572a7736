//! Measures what a checkpoint costs (issue 10, time travel): cloning a `Simulator` after a given
//! number of events of the benchmark's workload (`crates/engine/benches/common`), with the
//! options `qsim run` uses (`plain`: no message records), the page's (`page`: a window of 2,000
//! message records lingering 150 ms, 500 journal entries) and the default (`recorded`: every
//! message record, 10,000 journal entries). Prints one JSON line per mode with the median and the
//! best time of one clone, and checks that each clone finishes the run as the original does.
//!
//! Built natively and for `wasm32-wasip1` like `engine-bench` (BENCHMARKS.md):
//! `clone-bench [--runs N] [--events E]` (defaults: 200 clones after 10,000 events).

#[path = "../../../crates/engine/benches/common/mod.rs"]
mod common;

use quorumscope_engine::sim::{MessageWindow, Options};
use quorumscope_engine::Simulator;
use std::time::Instant;

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    match args.iter().position(|a| a == name) {
        Some(i) => match args.get(i + 1).and_then(|v| v.parse().ok()) {
            Some(v) if v > 0 => v,
            _ => {
                eprintln!("clone-bench: {name} needs a whole number > 0");
                std::process::exit(2);
            }
        },
        None => default,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = arg(&args, "--runs", 200) as usize;
    let events = arg(&args, "--events", 10_000);
    let scenario = common::scenario();
    let page = Options {
        message_window: Some(MessageWindow {
            linger_us: 150_000,
            max_records: 2_000,
        }),
        journal_limit: 500,
        ..Options::default()
    };
    let plain = Options {
        record_messages: false,
        ..Options::default()
    };
    for (mode, options) in [
        ("plain", plain),
        ("page", page),
        ("recorded", Options::default()),
    ] {
        let mut sim = Simulator::with_options(scenario.clone(), options);
        while sim.events_processed() < events {
            if !sim.step() {
                eprintln!("clone-bench: the workload has fewer than {events} events");
                std::process::exit(2);
            }
        }
        let kept = (sim.messages().len(), sim.journal().len());
        let mut secs: Vec<f64> = Vec::with_capacity(runs);
        let mut last = None;
        for _ in 0..runs {
            let start = Instant::now();
            let clone = sim.clone();
            secs.push(start.elapsed().as_secs_f64());
            // Dropping the previous clone is outside the timing.
            last = Some(clone);
        }
        let mut clone = last.expect("at least one run");
        sim.run(None);
        clone.run(None);
        assert_eq!(
            clone.trace_hash(),
            sim.trace_hash(),
            "a clone finishes alike"
        );
        secs.sort_by(f64::total_cmp);
        println!(
            "{{\"target\": \"{}\", \"mode\": \"{mode}\", \"events\": {events}, \
             \"messages_recorded\": {}, \"journal\": {}, \"runs\": {runs}, \
             \"median_ms\": {:.3}, \"best_ms\": {:.3}, \"trace_hash\": \"{}\"}}",
            std::env::consts::ARCH,
            kept.0,
            kept.1,
            secs[runs / 2] * 1e3,
            secs[0] * 1e3,
            sim.trace_hash(),
        );
    }
}
