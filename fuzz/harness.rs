//! What the fuzz targets share (docs/FUZZING.md): the corpus, the runner, the structural
//! mutator of JSON documents, and the check of a scenario text.
//!
//! cargo-fuzz needs a nightly compiler; these targets run on stable instead, as proptest
//! properties driven by [`run`]: each replays its corpus (`fuzz/corpus/<target>/`) once, then
//! runs a number of generated cases per strategy (`QS_FUZZ_CASES`, default small enough for
//! `cargo test`). Every property is: no panic, every error one line, and bounded work (the
//! simulator is stepped a bounded number of times, never run to its end).
//!
//! Included with `#[path]` by `crates/engine/tests/fuzz.rs`, `tests/fuzz_share_link.rs` and
//! `crates/cli/src/fuzz.rs`; each uses a part of it.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use quorumscope_engine::result::RunResult;
use quorumscope_engine::sim::Options;
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::workload::{Nemesis, RandomParams, WorkloadKind};
use quorumscope_engine::{Scenario, Simulator};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Most events the simulator processes for one accepted scenario (the run is never taken to
/// its end: a valid scenario may legitimately last a very long simulated time).
pub const MAX_STEPS: usize = 2_000;

/// The repository's root: the first ancestor of the crate being tested that has `fuzz/corpus`.
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|p| p.join("fuzz").join("corpus").is_dir())
        .unwrap_or_else(|| panic!("no fuzz/corpus above {}", here.display()))
        .to_path_buf()
}

/// The corpus directory of a target.
pub fn corpus_dir(target: &str) -> PathBuf {
    repo_root().join("fuzz").join("corpus").join(target)
}

/// Every file of a target's corpus, by name, sorted by name.
pub fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The valid scenarios the mutators start from: the scenario library (`scenarios/*.json`, the
/// page's presets among them), and every file of the scenario corpus that is JSON.
pub fn seed_documents() -> Vec<Value> {
    let root = repo_root();
    let mut docs = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        // The library's manifest, not a scenario.
        .filter(|p| p.file_name().is_some_and(|n| n != "index.json"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        docs.push(serde_json::from_str(&text).unwrap());
    }
    for (_, bytes) in corpus("scenario") {
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            docs.push(v);
        }
    }
    docs
}

/// `QS_FUZZ_CASES` if set, else `default`: generated cases per strategy.
pub fn cases(default: u32) -> u32 {
    match std::env::var("QS_FUZZ_CASES") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("QS_FUZZ_CASES must be a number of cases, got `{v}`")),
        Err(_) => default,
    }
}

/// The random stream of a strategy: fixed by its name and `QS_FUZZ_SEED` (default 0), so that
/// `cargo test` runs the same cases every time and a long run can be pointed elsewhere.
fn rng_for(name: &str) -> (u64, TestRng) {
    let seed: u64 = match std::env::var("QS_FUZZ_SEED") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("QS_FUZZ_SEED must be an integer, got `{v}`")),
        Err(_) => 0,
    };
    let mut x = fnv(name.as_bytes()) ^ seed;
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        // SplitMix64.
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    (seed, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// FNV-1a, 64 bits: names crash files by their content.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Where failing inputs are written: `QS_FUZZ_CRASH_DIR`, or `target/fuzz-crashes` at the root.
fn crash_dir(target: &str) -> PathBuf {
    let base = match std::env::var_os("QS_FUZZ_CRASH_DIR") {
        Some(d) => PathBuf::from(d),
        None => repo_root().join("target").join("fuzz-crashes"),
    };
    base.join(target)
}

/// Writes a failing input where it can be copied into the corpus; returns its path.
pub fn save_crash(target: &str, input: &[u8]) -> PathBuf {
    let dir = crash_dir(target);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{:016x}", fnv(input)));
    let _ = std::fs::write(&path, input);
    path
}

/// Checks that a message is one non-empty line.
pub fn one_line(what: &str, message: &str) -> Result<(), String> {
    if message.is_empty() {
        return Err(format!("{what}: empty message"));
    }
    if message.contains(['\n', '\r']) {
        return Err(format!("{what}: not one line: {message:?}"));
    }
    Ok(())
}

/// Executions of every check in this process (corpus replays, generated cases, shrinking).
pub static EXECUTIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Executions on this thread, and how many of them the front door accepted (a scenario
    /// read, a command line parsed): the figures of one strategy's run.
    static COUNTS: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// Counts an input the front door accepted (for the figures: an input always refused tests
/// only the errors).
pub fn accepted() {
    COUNTS.with(|c| {
        let (runs, ok) = c.get();
        c.set((runs, ok + 1));
    });
}

/// What a thread is checking: since when, for which target, which input.
type Running = HashMap<ThreadId, (Instant, &'static str, Vec<u8>)>;

/// The inputs being checked right now, by thread, for the watchdog.
fn running() -> &'static Mutex<Running> {
    static RUNNING: OnceLock<Mutex<Running>> = OnceLock::new();
    RUNNING.get_or_init(Default::default)
}

/// With `QS_FUZZ_HANG_SECS` set (long runs only; `cargo test` never sets it), a thread that
/// writes any input still being checked after that many seconds to the crash directory and
/// aborts the process: a hang is a finding, like a panic.
fn start_watchdog() {
    static START: Once = Once::new();
    START.call_once(|| {
        let Some(secs) = std::env::var("QS_FUZZ_HANG_SECS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return;
        };
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let map = running().lock().unwrap_or_else(|e| e.into_inner());
            for (started, target, input) in map.values() {
                if started.elapsed() > Duration::from_secs(secs) {
                    let path = save_crash(target, input);
                    eprintln!(
                        "fuzz {target}: one input ran for more than {secs} s; written to {}",
                        path.display()
                    );
                    std::process::abort();
                }
            }
        });
    });
}

/// `QS_FUZZ_SLOW_MS`: inputs that take longer are written to `slow-<target>` in the crash
/// directory, for a look (long runs only; nothing fails because of it).
fn slow_ms() -> Option<u64> {
    static SLOW: OnceLock<Option<u64>> = OnceLock::new();
    *SLOW.get_or_init(|| {
        std::env::var("QS_FUZZ_SLOW_MS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
    })
}

/// Runs `check` on `input`, counting it and turning a panic into an error; a failing input is
/// written to the crash directory.
pub fn execute(
    target: &'static str,
    input: &[u8],
    check: &dyn Fn() -> Result<(), String>,
) -> Result<(), String> {
    EXECUTIONS.fetch_add(1, Ordering::Relaxed);
    COUNTS.with(|c| {
        let (runs, ok) = c.get();
        c.set((runs + 1, ok));
    });
    let me = std::thread::current().id();
    let watched = std::env::var_os("QS_FUZZ_HANG_SECS").is_some();
    if watched {
        running()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(me, (Instant::now(), target, input.to_vec()));
    }
    let t0 = Instant::now();
    let outcome = match catch_unwind(AssertUnwindSafe(check)) {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    };
    if watched {
        running()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&me);
    }
    if slow_ms().is_some_and(|ms| t0.elapsed() > Duration::from_millis(ms)) {
        let path = save_crash(&format!("slow-{target}"), input);
        eprintln!(
            "fuzz {target}: one input took {:.0} ms; written to {}",
            t0.elapsed().as_secs_f64() * 1000.0,
            path.display()
        );
    }
    outcome.map_err(|e| {
        let path = save_crash(target, input);
        format!("{e} (input written to {})", path.display())
    })
}

/// Replays every corpus file of `target` through `check`, once per process however many tests
/// ask (so it runs before their generated cases). Panics naming the first file that fails.
pub fn replay_corpus(target: &'static str, check: &(dyn Fn(&[u8]) -> Result<(), String> + Sync)) {
    static DONE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if done.contains(&target) {
        return;
    }
    start_watchdog();
    let files = corpus(target);
    assert!(!files.is_empty(), "fuzz/corpus/{target} is empty");
    for (name, bytes) in &files {
        if let Err(e) = execute(target, bytes, &|| check(bytes)) {
            panic!("fuzz/corpus/{target}/{name}: {e}");
        }
    }
    eprintln!("fuzz {target}: {} corpus files replayed", files.len());
    done.push(target);
}

/// Runs `cases` generated inputs of `strategy` through `check` (`to_bytes` gives what is
/// written to the crash directory). Fails with the smallest failing input proptest finds.
pub fn run<S: Strategy>(
    target: &'static str,
    name: &'static str,
    cases: u32,
    strategy: S,
    to_bytes: impl Fn(&S::Value) -> Vec<u8>,
    check: impl Fn(&S::Value) -> Result<(), String>,
) where
    S::Value: std::fmt::Debug,
{
    start_watchdog();
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let (seed, rng) = rng_for(name);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let started = Instant::now();
    COUNTS.with(|c| c.set((0, 0)));
    let result = runner.run(&strategy, |input| {
        let bytes = to_bytes(&input);
        execute(target, &bytes, &|| check(&input)).map_err(TestCaseError::fail)
    });
    let (executions, ok) = COUNTS.with(|c| c.get());
    eprintln!(
        "fuzz {target}/{name}: {cases} cases, {executions} executions ({ok} accepted) in {:.1} s (QS_FUZZ_SEED {seed})",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("fuzz {target}/{name} (QS_FUZZ_SEED {seed}): {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// The scenario check, shared by the scenario reader's target and the share link's.
// ---------------------------------------------------------------------------------------------

/// A scenario text through the engine's front door: refused with a one-line error, or
/// accepted, written back to the same scenario, and run [`MAX_STEPS`] events (with and without
/// message records, which must not change the run), its result and the page's snapshot made.
pub fn check_scenario_text(text: &str) -> Result<(), String> {
    let scenario = match Scenario::from_json(text) {
        Err(e) => return one_line("scenario error", &e.to_string()),
        Ok(s) => s,
    };
    accepted();
    let written = scenario.to_json_string();
    match Scenario::from_json(&written) {
        Ok(again) if again == scenario => {}
        Ok(_) => {
            return Err(format!(
                "written back, it reads as another scenario: {written}"
            ))
        }
        Err(e) => return Err(format!("written back, it is refused ({e}): {written}")),
    }
    let base = scenario.clone();
    let mut recorded = Simulator::new(scenario.clone());
    let mut bare = Simulator::with_options(
        scenario,
        Options {
            record_messages: false,
            message_window: None,
            journal_limit: 0,
            causal_limit: 0,
        },
    );
    for _ in 0..MAX_STEPS {
        let a = recorded.step();
        let b = bare.step();
        if a != b {
            return Err("recording messages changed the number of events".into());
        }
        if !a {
            break;
        }
    }
    if recorded.trace_hash() != bare.trace_hash() {
        return Err("recording messages changed the run's trace".into());
    }
    let result = RunResult::of(&bare);
    serde_json::to_string_pretty(&result).map_err(|e| format!("result not written: {e}"))?;
    let snapshot = Snapshot::of(&recorded, 0);
    drop(snapshot);
    check_random_workload(&base, fnv(text.as_bytes()))
}

/// `qsim random` on an accepted scenario as its base: the generated scenario (of one seed,
/// workload and size picked by `pick`) passes the reader, as `random_scenario` promises and
/// `qsim random --emit-scenario` then `qsim run` need, and runs [`MAX_STEPS`] events.
fn check_random_workload(base: &Scenario, pick: u64) -> Result<(), String> {
    let params = RandomParams {
        kind: if pick & 1 == 0 {
            WorkloadKind::Register
        } else {
            WorkloadKind::Set
        },
        clients: 1 + (pick >> 1) as usize % 5,
        ops: 1 + (pick >> 4) as usize % 40,
        nemesis: Nemesis::all(),
    };
    let generated = params.scenario(base, pick >> 10);
    let text = generated.to_json_string();
    match Scenario::from_json(&text) {
        Ok(again) if again == generated => {}
        Ok(_) => {
            return Err(format!(
                "{params:?}: the emitted scenario reads as another: {text}"
            ))
        }
        Err(e) => {
            return Err(format!(
                "{params:?}: the emitted scenario is refused ({e}): {text}"
            ))
        }
    }
    let mut sim = Simulator::with_options(
        generated,
        Options {
            record_messages: false,
            message_window: None,
            journal_limit: 0,
            causal_limit: 0,
        },
    );
    for _ in 0..MAX_STEPS {
        if !sim.step() {
            break;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Structural mutation of JSON documents, driven by a list of choices.
// ---------------------------------------------------------------------------------------------

/// The choices a mutator makes, read from bytes proptest generates (and shrinks: fewer or
/// smaller bytes mean fewer and plainer mutations). When they run out, every choice is 0.
pub struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    /// Choices read from these bytes.
    pub fn new(bytes: &'a [u8]) -> Choices<'a> {
        Choices { bytes, at: 0 }
    }

    /// Whether every byte has been used.
    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The next byte (0 once they are used up).
    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n` (`n >= 1`), from up to two bytes.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let raw = if n <= 256 {
            usize::from(self.byte())
        } else {
            usize::from(self.byte()) << 8 | usize::from(self.byte())
        };
        raw % n
    }

    /// One of `items`.
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// One of `words`.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

/// Field names and words of the scenario format (CONTRACT.md section 1), and a few it lacks.
pub const WORDS: &[&str] = &[
    "name",
    "description",
    "seed",
    "cluster",
    "events",
    "nodes",
    "clients",
    "n",
    "w",
    "r",
    "versioning",
    "coordinator",
    "read_repair",
    "anti_entropy_ms",
    "sloppy_quorum",
    "hinted_handoff",
    "handoff_interval_ms",
    "timeout_ms",
    "latency",
    "clock_skew_ms",
    "placement",
    "max_siblings",
    "at",
    "put",
    "get",
    "delete",
    "crash",
    "recover",
    "partition",
    "heal",
    "drop_rate",
    "configure",
    "drop_message",
    "client",
    "key",
    "value",
    "context",
    "merge",
    "constant",
    "uniform",
    "exponential",
    "pareto",
    "mixture",
    "write",
    "ack",
    "read",
    "response",
    "rate",
    "xm",
    "alpha",
    "dvv",
    "vv",
    "lww",
    "replica",
    "one",
    "quorum",
    "all",
    "none",
    "last",
    "union",
    "A",
    "B",
    "C",
    "D",
    "alice",
    "bob",
    "cart",
    "milk",
    "",
    " ",
    "\n",
    "é",
    "\u{2028}",
    "\u{0}",
    "A\nB",
    "🦀",
];

/// Extreme and awkward numbers.
fn extreme_number(c: &mut Choices) -> Value {
    let f = |x: f64| Number::from_f64(x).map_or(Value::Null, Value::Number);
    match c.below(24) {
        0 => f(1e308),
        1 => f(-1e308),
        2 => f(-0.0),
        3 => f(1e-300),
        4 => f(5e-324),
        5 => Value::from(u64::MAX),
        6 => Value::from(i64::MIN),
        7 => Value::from(9_007_199_254_740_993u64),
        8 => f(0.5),
        9 => Value::from(-1),
        10 => Value::from(0),
        11 => f(1e12),
        12 => f(1.000_000_1e12),
        13 => f(1e15),
        14 => f(0.001),
        15 => f(0.000_4),
        16 => Value::from(64),
        17 => Value::from(65),
        18 => f(1e9),
        19 => f(f64::EPSILON),
        20 => Value::from(u64::from(u32::MAX) + 1),
        21 => f(1.1),
        22 => Value::from(100),
        _ => Value::from(c.byte()),
    }
}

/// A string: a word of the format, a node's name, or a long or odd one.
fn some_string(c: &mut Choices, names: &[String]) -> String {
    match c.below(8) {
        0 if !names.is_empty() => c.pick(names).clone(),
        1 => "x".repeat(1 + c.below(100_000)),
        2 => "\u{10ffff}\u{fffd}\u{200b}".repeat(1 + c.below(50)),
        3 => format!("{}{}", c.word(WORDS), c.byte()),
        _ => c.word(WORDS).to_string(),
    }
}

/// A list nested `depth` deep (`[[[...]]]`), or an object so nested.
fn nested(depth: usize, object: bool) -> Value {
    let mut v = Value::Array(Vec::new());
    for _ in 0..depth {
        v = if object {
            let mut m = Map::new();
            m.insert("a".into(), v);
            Value::Object(m)
        } else {
            Value::Array(vec![v])
        };
    }
    v
}

/// A replacement value for a node of the document.
fn some_value(c: &mut Choices, doc: &Value, names: &[String]) -> Value {
    match c.below(12) {
        0..=2 => extreme_number(c),
        3..=4 => Value::String(some_string(c, names)),
        5 => Value::Bool(c.byte() & 1 == 1),
        6 => Value::Null,
        7 => match c.below(4) {
            0 => Value::Array(Vec::new()),
            1 => Value::Object(Map::new()),
            2 => nested(1 + c.below(200), c.byte() & 1 == 1),
            _ => Value::Array(vec![extreme_number(c); 1 + c.below(5_000)]),
        },
        // A copy of another part of the document (a cluster in an event, an event's action
        // as a latency, ...).
        _ => {
            let nodes = count(doc);
            get_nth(doc, c.below(nodes)).cloned().unwrap_or(Value::Null)
        }
    }
}

/// Nodes of a document (the document itself included).
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(m) => m.values().map(count).sum(),
        _ => 0,
    }
}

/// The `n`-th node in pre-order.
fn get_nth(v: &Value, n: usize) -> Option<&Value> {
    fn go<'v>(v: &'v Value, n: &mut usize) -> Option<&'v Value> {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
        match v {
            Value::Array(items) => items.iter().find_map(|x| go(x, n)),
            Value::Object(m) => m.values().find_map(|x| go(x, n)),
            _ => None,
        }
    }
    let mut n = n;
    go(v, &mut n)
}

/// The `n`-th node in pre-order, mutably.
fn get_nth_mut(v: &mut Value, n: usize) -> Option<&mut Value> {
    fn go<'v>(v: &'v mut Value, n: &mut usize) -> Option<&'v mut Value> {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
        match v {
            Value::Array(items) => items.iter_mut().find_map(|x| go(x, n)),
            Value::Object(m) => m.values_mut().find_map(|x| go(x, n)),
            _ => None,
        }
    }
    let mut n = n;
    go(v, &mut n)
}

/// Every string in the document that names a node or a client (to reuse in mutations).
fn names_in(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(cluster) = doc.get("cluster") {
        for field in ["nodes", "clients"] {
            if let Some(list) = cluster.get(field).and_then(Value::as_array) {
                out.extend(list.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
        }
    }
    out
}

/// Applies one structural mutation to a container node (an array or an object) or replaces a
/// leaf.
fn mutate_once(doc: &mut Value, c: &mut Choices, names: &[String]) {
    let target = c.below(count(doc));
    let op = c.below(12);
    let replacement = some_value(c, doc, names);
    let extra_key = c.word(WORDS).to_string();
    let Some(node) = get_nth_mut(doc, target) else {
        return;
    };
    match (node, op) {
        // Replace the node (with a value of another type, an extreme number, a copy...).
        (node, 0..=1) => *node = replacement,
        (Value::Array(items), 2..=3) if !items.is_empty() => {
            let i = c.below(items.len());
            items.remove(i);
        }
        (Value::Array(items), 4..=6) if !items.is_empty() => {
            let i = c.below(items.len());
            // Up to 60 copies: more puts to one key make siblings whose snapshot is slow
            // (issue 7, defect 11), which would slow every case down.
            let many = c.byte() < 32;
            let copies = 1 + c.below(if many { 60 } else { 2 });
            for _ in 0..copies {
                items.insert(i, items[i].clone());
            }
        }
        (Value::Array(items), 9) if items.iter().all(Value::is_string) => {
            // New names (up to 70: past the 64 nodes a cluster may have).
            let more = 1 + c.below(70);
            for k in 0..more {
                items.push(Value::String(format!("N{k}")));
            }
        }
        (Value::Array(items), 7..=8) if items.len() > 1 => {
            let (i, j) = (c.below(items.len()), c.below(items.len()));
            items.swap(i, j);
        }
        (Value::Array(items), _) => {
            let i = c.below(items.len() + 1);
            items.insert(i, replacement);
        }
        (Value::Object(m), 2..=3) if !m.is_empty() => {
            let k = m.keys().nth(c.below(m.len())).unwrap().clone();
            m.remove(&k);
        }
        (Value::Object(m), 4) if !m.is_empty() => {
            // Rename a field (to another field's name, a word, or a near miss).
            let k = m.keys().nth(c.below(m.len())).unwrap().clone();
            let v = m.remove(&k).unwrap();
            m.insert(extra_key, v);
        }
        (Value::Object(m), 5..=6) if m.len() > 1 => {
            // Swap the values of two fields.
            let i = c.below(m.len());
            let j = c.below(m.len());
            let ki = m.keys().nth(i).unwrap().clone();
            let kj = m.keys().nth(j).unwrap().clone();
            let vi = m[&ki].clone();
            let vj = std::mem::replace(m.get_mut(&kj).unwrap(), vi);
            m.insert(ki, vj);
        }
        (Value::Object(m), _) => {
            m.insert(extra_key, replacement);
        }
        // A leaf mostly keeps its type: a number nudged or made extreme (an integer stays an
        // integer half the time), a string another name, a boolean flipped.
        (Value::Number(x), _) => {
            let f = x.as_f64().unwrap_or(0.0);
            let changed = match c.below(10) {
                0 => f + 1.0,
                1 => f - 1.0,
                2 => f * 2.0,
                3 => f / 3.0,
                4 => -f,
                5 => f * 1e6,
                6 => 0.0,
                _ => extreme_number(c).as_f64().unwrap_or(0.0),
            };
            *x = if x.is_f64() || c.byte() & 1 == 1 || changed.fract() != 0.0 {
                Number::from_f64(changed).unwrap_or_else(|| Number::from(0))
            } else if (0.0..1.8e19).contains(&changed) {
                Number::from(changed as u64)
            } else if changed > -9.2e18 {
                Number::from(changed as i64)
            } else {
                Number::from(i64::MIN)
            };
        }
        (Value::String(text), _) => *text = some_string(c, names),
        (Value::Bool(b), _) => *b = !*b,
        (node, _) => *node = replacement,
    }
}

/// Text-level changes that a `Value` cannot express: numbers too large for any type, keys given
/// twice, truncation, stray bytes.
fn mutate_text(text: &mut String, c: &mut Choices) {
    if text.is_empty() {
        return;
    }
    let at = floor_boundary(text, c.below(text.len() + 1));
    match c.below(9) {
        0 => text.truncate(at),
        1 => text.insert_str(at, c.word(TEXT_BITS)),
        2 => {
            // Duplicate the first key of the object that opens at or after `at`.
            if let Some(open) = text[at..].find('{').map(|i| at + i) {
                if let Some(end) = text[open..].find(',').map(|i| open + i) {
                    let member = text[open + 1..end].to_string();
                    text.insert_str(end + 1, &format!("{member},"));
                }
            }
        }
        3 => {
            let end = floor_boundary(text, (at + c.below(64)).min(text.len()));
            text.replace_range(at..end, "");
        }
        4 => {
            let end = floor_boundary(text, (at + c.below(64)).min(text.len()));
            let piece = text[at..end].to_string();
            text.insert_str(end, &piece);
        }
        5 => {
            // Replace the next number with one no type holds.
            if let Some(start) = text[at..]
                .find(|ch: char| ch.is_ascii_digit())
                .map(|i| at + i)
            {
                let len = text[start..]
                    .find(|ch: char| !(ch.is_ascii_digit() || "+-.eE".contains(ch)))
                    .unwrap_or(text.len() - start);
                text.replace_range(start..start + len, c.word(BIG_NUMBERS));
            }
        }
        6 => {
            let b = c.byte();
            text.insert(at, char::from(b));
        }
        7 => text.insert_str(at, &"[".repeat(1 + c.below(300))),
        _ => text.insert_str(at, &format!("\"{}\"", c.word(WORDS))),
    }
}

const TEXT_BITS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\u0000", "null", "true", "-",
    "1e", ".", "\u{feff}", "/*", "\t", "\r\n", "NaN", "Infinity", "\"\\\\\"", "é",
];

const BIG_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "18446744073709551616",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "00",
    "0.0000000000000000000000000000000000001",
    "123456789012345678901234567890e-10",
    "1E+2",
];

/// A mutated scenario text: `choices` applied to `base` (1 to 8 structural mutations, then 0
/// to 2 textual ones about a time in eight).
pub fn mutate_document(base: &Value, choices: &[u8]) -> String {
    let mut c = Choices::new(choices);
    let mut doc = base.clone();
    let names = names_in(base);
    // Mostly one or two mutations: a valid scenario changed in one place is more often still
    // valid, and gets past the reader into the simulator.
    let rounds = match c.byte() {
        0..=127 => 1,
        128..=191 => 2,
        _ => 3 + c.below(6),
    };
    for _ in 0..rounds {
        // Keep documents to a size a case can read quickly (a few MB at most).
        if count(&doc) > 100_000 {
            break;
        }
        mutate_once(&mut doc, &mut c, &names);
    }
    let mut text = if c.byte() & 1 == 0 {
        serde_json::to_string(&doc).unwrap()
    } else {
        serde_json::to_string_pretty(&doc).unwrap()
    };
    if c.byte() < 32 {
        for _ in 0..1 + c.below(2) {
            mutate_text(&mut text, &mut c);
        }
    }
    text
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Strings made of JSON's tokens and the format's words: they get further into a JSON reader
/// than arbitrary characters do.
pub fn json_tokens() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\"cluster\"",
        "\"nodes\"",
        "\"events\"",
        "\"n\"",
        "\"w\"",
        "\"r\"",
        "\"at\"",
        "\"put\"",
        "\"A\"",
        "\"B\"",
        "\"client\"",
        "\"key\"",
        "\"value\"",
        "\"latency\"",
        "\"constant\"",
        "\"mixture\"",
        "0",
        "1",
        "3",
        "-1",
        "1e308",
        "-0",
        "0.5",
        "true",
        "null",
        "\"\\u00e9\"",
        "\"\\ud800\"",
        "\"\\n\"",
        "\"",
    ];
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
}
