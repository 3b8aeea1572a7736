//! Time travel's native benchmark (issue 10): seeking a long run back to random positions with
//! the page's `Run` (checkpoints), against rebuilding it from the start.
//!
//! `cargo run --release --example seek -- FILE` with a scenario file (`node bench/page/seek.mjs
//! --write FILE` writes the browser benchmark's). Prints the run's events, the checkpoints
//! kept, and the seek times (median, p95, max) of 200 random seeks and of 5 rebuilds.

use std::rc::Rc;
use std::time::Instant;

use quorumscope::state::{Position, Run, Target};
use quorumscope_engine::Scenario;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: seek SCENARIO_FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let base = match Scenario::from_json(&text) {
        Ok(s) => Rc::new(s),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let events = Rc::new(Vec::new());
    let run = Run::start(&base, &events);
    let t = Instant::now();
    let (_, end) = run.advance(
        &base,
        &events,
        Position::default(),
        u64::MAX / 2,
        usize::MAX,
        true,
    );
    let forward = t.elapsed().as_secs_f64() * 1e3;
    let (kept, every) = run.checkpoints();
    println!(
        "run: {} events, {:.1} ms simulated; played forward in {forward:.1} ms; {kept} checkpoints every {every} events",
        end.events,
        end.now_us as f64 / 1000.0
    );
    let mut seed = 12_345_u64;
    let mut times = Vec::new();
    for _ in 0..200 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let n = (seed >> 33) % (end.events + 1);
        let t = Instant::now();
        let at = run.resolve(&base, &events, Target::Events(n));
        let _ = run.snapshot(&base, &events, at);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("seek + snapshot from checkpoints", &mut times);
    let mut rebuilds = Vec::new();
    for _ in 0..5 {
        let fresh = Run::start(&base, &events);
        let t = Instant::now();
        let at = fresh.resolve(&base, &events, Target::Events(end.events));
        let _ = fresh.snapshot(&base, &events, at);
        rebuilds.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("replay from 0 ms to the end (no checkpoint)", &mut rebuilds);
}

fn report(what: &str, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "{what}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} runs)",
        at(0.5),
        at(0.95),
        at(1.0),
        times.len()
    );
}
