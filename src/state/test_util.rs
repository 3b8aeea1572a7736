//! What the state's tests share: a small scenario, and ways to play a state on.

pub use std::rc::Rc;

pub use quorumscope_engine::scenario::{Action, ClusterPatch, ConsistencyLevel, ContextChoice};
pub use quorumscope_engine::sim::Fate;
pub use quorumscope_engine::time::Micros;
pub use quorumscope_engine::version::Versioning;
pub use quorumscope_engine::{OpKind, Outcome, Scenario, Simulator};
pub use yew::Reducible;

pub use crate::scenarios::share_fragment;
pub use crate::state::*;

/// Three nodes, one client, n = 3, w = r = 2, nothing scheduled.
pub const THREE: &str = r#"{"name": "three", "cluster": {"nodes": ["A","B","C"],
    "clients": ["alice"], "n": 3, "w": 2, "r": 2}, "events": []}"#;

/// The state for a scenario file that must be valid.
pub fn state(text: &str) -> Rc<AppState> {
    Rc::new(AppState::from_text(text).expect("a valid scenario"))
}

/// Plays the run until nothing is left to happen.
pub fn settle(mut s: Rc<AppState>) -> Rc<AppState> {
    for _ in 0..10_000 {
        if s.snapshot.settled {
            break;
        }
        s = s.reduce(Msg::Step);
    }
    assert!(s.snapshot.settled, "the run settles");
    s
}

/// What alice last saw of `key`: the context a write of it would be sent with.
pub fn seen<'a>(s: &'a AppState, key: &str) -> Option<&'a str> {
    s.snapshot.clients[0].key(key)?.seen.as_deref()
}

/// Alice puts `value` to `cart` with this context.
pub fn put(value: &str, context: ContextChoice) -> Msg {
    Msg::Put {
        client: "alice".into(),
        key: "cart".into(),
        value: value.into(),
        context,
    }
}

/// Plays frames 16 ms apart until `done` holds or `max_frames` have passed; returns the
/// number of frames played.
pub fn play_until(
    mut s: Rc<AppState>,
    max_frames: usize,
    done: impl Fn(&AppState) -> bool,
) -> (Rc<AppState>, usize) {
    s = s.reduce(Msg::Play).reduce(Msg::Frame(0.0));
    for frame in 1..=max_frames {
        if done(&s) {
            return (s, frame - 1);
        }
        s = s.reduce(Msg::Frame(16.0 * frame as f64));
    }
    (s, max_frames)
}

/// Plays `s` frame by frame (100 ms of wall time each) until simulated time reaches `us`,
/// or the run ends before (it stops by itself then).
pub fn play_to(s: Rc<AppState>, us: Micros) -> Rc<AppState> {
    let mut s = s.reduce(Msg::Play);
    let mut wall = 1_000.0;
    for _ in 0..10_000 {
        if s.snapshot.now_us >= us || !s.playing {
            break;
        }
        s = s.reduce(Msg::Frame(wall));
        wall += 100.0;
    }
    assert!(
        s.snapshot.now_us >= us || s.snapshot.settled,
        "time reached {}",
        s.snapshot.now_us
    );
    s.reduce(Msg::Pause)
}
