//! Throughput of the simulator: message events processed per second on a 5-node cluster under a
//! random workload of gets and puts (`BENCHMARKS.md`). Run with
//! `cargo bench -p quorumscope-engine --bench engine`.

mod common;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use quorumscope_engine::version::{Dot, KeyState, Sibling, VClock, Versioning};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

/// The run's events per second, without (what `qsim` does) and with (what the page does) a
/// record of every message.
fn simulate(c: &mut Criterion) {
    let scenario = common::scenario();
    let reference = common::run(scenario.clone(), false);
    let events = reference.events_processed();
    println!(
        "workload: {} scenario events, {} events processed, {} messages, trace_hash {}",
        scenario.events.len(),
        events,
        reference.metrics().messages,
        reference.trace_hash()
    );
    let mut group = c.benchmark_group("simulate");
    group.throughput(Throughput::Elements(events));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    for (name, record) in [
        ("5_nodes_random_rw", false),
        ("5_nodes_random_rw_recorded", true),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || scenario.clone(),
                |s| {
                    let sim = common::run(s, record);
                    assert_eq!(sim.events_processed(), events);
                    black_box(sim)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Events per second of the plain run for runs of different lengths: a cost per event that grows
/// with the run (a clock or log that only grows) shows up here.
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for ops in common::SCALING_OPS {
        let scenario = common::scenario_of(ops);
        let events = common::run(scenario.clone(), false).events_processed();
        group.throughput(Throughput::Elements(events));
        group.bench_with_input(BenchmarkId::new("ops", ops), &scenario, |b, scenario| {
            b.iter_batched(
                || scenario.clone(),
                |s| black_box(common::run(s, false)),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn write(actor: u32, counter: u64, seen: &VClock, value: &str) -> Arc<Sibling> {
    Arc::new(Sibling {
        dot: Dot::new(actor, counter),
        seen: seen.clone(),
        timestamp: counter as i64,
        value: Some(Arc::from(value)),
    })
}

/// Two replicas' states of one key, each with concurrent siblings the other lacks and one it
/// has overwritten: what read repair and anti-entropy fold together.
fn merge(c: &mut Criterion) {
    let mode = Versioning::Dvv;
    let mut a = KeyState::new();
    let mut b = KeyState::new();
    let empty = VClock::new();
    for actor in 0..5 {
        let w = write(actor, 1, &empty, "blind");
        a.apply(mode, &w);
        b.apply(mode, &w);
    }
    let seen = a.context();
    a.apply(mode, &write(5, 1, &seen, "a overwrites all"));
    for actor in 6..9 {
        b.apply(mode, &write(actor, 1, &empty, "b blind"));
    }
    b.apply(mode, &write(0, 2, &empty, "b blind again"));
    let mut group = c.benchmark_group("keystate");
    group.throughput(Throughput::Elements(1));
    group.bench_function("merge_dvv", |bench| {
        bench.iter_batched_ref(
            || a.clone(),
            |s| black_box(s.merge(mode, black_box(&b))),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, simulate, scaling, merge);
criterion_main!(benches);
