//! Starting runs: a state for a scenario (a file, a share link, the default), Reset and its
//! undo, Replay, a new versioning mode (the run starts over), and the session's scenario for
//! share links.

use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use quorumscope_engine::scenario::{Action, Cluster, ConsistencyLevel, Event, Quorum};
use quorumscope_engine::time::{ms_to_us, Micros};
use quorumscope_engine::version::Versioning;
use quorumscope_engine::Scenario;

use super::clock::natural_speed;
use super::limits::REPLAY_EVENTS;
use super::narration::{ms_label, versioning_name};
use super::run::{merged, Run};
use super::AppState;
use crate::scenarios::Link;

/// Numbers the runs a page starts ([`AppState::log_run`]).
static RUNS: AtomicU64 = AtomicU64::new(0);

impl AppState {
    /// The page's state for a scenario file; a bad file gives the error naming the field.
    pub fn from_text(text: &str) -> Result<AppState, String> {
        let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
        Ok(AppState::new(scenario, Vec::new(), None))
    }

    /// The page's state when it opens: the scenario of a share link (`#p=...`, `#z=...` or
    /// `#s=...` in `hash`, with or without the `#`) if there is one, else `default_text` (the
    /// library's default). A link that cannot be read gives the default scenario and says why
    /// in the error banner; a link to a library scenario that is not built in gives the default
    /// while its file is fetched ([`AppState::pending`]).
    pub fn open(hash: &str, default_text: &str) -> AppState {
        let fallback = |error: Option<String>| {
            let mut state = AppState::from_text(default_text).unwrap_or_else(|e| {
                // The built-in scenario is tested; this only guards against a broken build.
                let mut s = AppState::new(minimal_scenario(), Vec::new(), None);
                s.error = Some(format!("The default scenario could not be loaded: {e}"));
                s
            });
            if default_text == crate::scenarios::DEFAULT_TEXT && state.error.is_none() {
                state.library_id = Some(crate::scenarios::DEFAULT_ID.into());
            }
            if error.is_some() {
                state.error = error;
            }
            state
        };
        match crate::tours::read_tour_link(hash) {
            Some(Ok((id, step))) => {
                let mut state = fallback(None);
                state.open_tour(&id, step);
                return state;
            }
            Some(Err(e)) => {
                return fallback(Some(format!(
                "The tour link could not be followed ({e}); showing the default scenario instead."
            )))
            }
            None => {}
        }
        match crate::scenarios::read_link(hash) {
            None => fallback(None),
            Some(Ok(Link::Library { id, events })) => {
                let mut state = fallback(None);
                state.want_scenario(&id, Some(Link::Library { id: id.clone(), events }));
                if state.error.is_some() {
                    state.error = Some(format!(
                        "The share link's scenario could not be loaded ({}); showing the default scenario instead.",
                        state.error.take().unwrap_or_default()
                    ));
                }
                state
            }
            Some(Ok(Link::Scenario(text))) => match AppState::from_text(&text) {
                Ok(mut state) => {
                    state.note("Opened the scenario of a share link.".to_string());
                    state
                }
                Err(e) => fallback(Some(format!(
                    "The share link's scenario could not be loaded ({e}); showing the default scenario instead."
                ))),
            },
            Some(Err(e)) => fallback(Some(format!(
                "The share link could not be read ({e}); showing the default scenario instead."
            ))),
        }
    }

    /// The page's state for a validated scenario and the user's actions to replay, paused at 0
    /// or, with `until`, at that time (at least the last action's time).
    pub fn new(base: Scenario, user_events: Vec<Event>, until: Option<Micros>) -> AppState {
        let until = user_events
            .last()
            .map(|e| ms_to_us(e.at))
            .into_iter()
            .chain(until)
            .max();
        let mut state = AppState::at_start(base, user_events);
        if let Some(t) = until {
            // The replayed run's log is told from its journal, at its events' times, in a new
            // list (see `log_run`): a screen reader does not read it out as news.
            let (done, reached) = state.run.advance(
                &state.base,
                &state.user_events,
                state.at,
                t,
                REPLAY_EVENTS,
                false,
            );
            state.at = reached;
            if !done {
                state.note(format!(
                    "The replay was too long to run at once: it stopped at {}; press Play to go on.",
                    ms_label(reached.now_us)
                ));
            }
            state.refresh();
        }
        state
    }

    /// The page's state at 0 ms for a validated scenario and the user's actions, which happen
    /// at their times as the run plays.
    fn at_start(base: Scenario, user_events: Vec<Event>) -> AppState {
        let speed = natural_speed(&base.cluster.latency);
        let base = Rc::new(base);
        let user_events = Rc::new(user_events);
        let run = Run::start(&base, &user_events);
        let at = run.position();
        let snapshot = run.snapshot(&base, &user_events, at);
        AppState {
            base,
            library_id: None,
            pending: None,
            tour: None,
            stop_at: None,
            user_events,
            at,
            run,
            snapshot: Rc::new(snapshot),
            playing: false,
            behind: false,
            speed,
            skip: None,
            notice: None,
            undo: None,
            last_frame_ms: None,
            selected_op: None,
            selected_key: None,
            error: None,
            log: Rc::new(Vec::new()),
            log_total: 0,
            log_run: new_log_run(),
            status: None,
            horizon: at,
        }
    }

    /// The scenario that reproduces this session: the loaded one plus the user's actions, for
    /// share links and downloads.
    pub fn session_scenario(&self) -> Scenario {
        merged(&self.base, &self.user_events)
    }

    /// [`super::Msg::Reset`]: the scenario from 0 ms without the user's actions, which are set
    /// aside (the notice offers them back) when there are any.
    pub(super) fn reset(&mut self) -> bool {
        let mut fresh = AppState::new((*self.base).clone(), Vec::new(), None);
        fresh.speed = self.speed;
        fresh.selected_key = self.selected_key.clone();
        fresh.library_id = self.library_id.clone();
        fresh.pending = self.pending.clone();
        fresh.note("Reset: the scenario starts over from 0 ms.".to_string());
        if let Some(what) = set_aside(&self.user_events) {
            fresh.notice = Some(super::Notice::SetAside(what));
            let mut before = std::mem::replace(self, fresh);
            before.playing = false;
            self.undo = Some(Rc::new(before));
        } else {
            *self = fresh;
        }
        true
    }

    /// [`super::Msg::UndoReset`]: back to the state before the last Reset, at the current speed.
    pub(super) fn undo_reset(&mut self) -> bool {
        let Some(before) = self.undo.take() else {
            return false;
        };
        let mut back = (*before).clone();
        back.speed = self.speed;
        back.note(format!(
            "Reset undone: back at {}, with your actions.",
            ms_label(back.snapshot.now_us)
        ));
        *self = back;
        true
    }

    /// [`super::Msg::Replay`]: the same run again from 0 ms, playing.
    pub(super) fn replay(&mut self) -> bool {
        let mut fresh = AppState::at_start((*self.base).clone(), (*self.user_events).clone());
        fresh.speed = self.speed;
        fresh.selected_key = self.selected_key.clone();
        fresh.library_id = self.library_id.clone();
        fresh.pending = self.pending.clone();
        fresh.playing = true;
        fresh.note("Replay: the same run again from 0 ms, your actions included.".into());
        *self = fresh;
        true
    }

    /// [`super::Msg::SetVersioning`]: the run starts over with the new mode (versions cannot
    /// change mid-run) and the user's actions are replayed up to the current time.
    pub(super) fn set_versioning(&mut self, v: Versioning) -> bool {
        if self.base.cluster.versioning == v {
            return false;
        }
        self.branch();
        let branched = self.notice.clone();
        let mut base = (*self.base).clone();
        base.cluster.versioning = v;
        let user = (*self.user_events).clone();
        let mut fresh = AppState::new(base, user, Some(self.snapshot.now_us));
        fresh.speed = self.speed;
        fresh.playing = self.playing;
        fresh.note(format!(
            "Versioning is now {}: the run was replayed from 0 ms to {} with it, with the same actions.",
            versioning_name(v),
            ms_label(fresh.snapshot.now_us)
        ));
        fresh.notice = branched;
        *self = fresh;
        true
    }

    /// [`super::Msg::Load`]: a scenario file, at its own pace; a bad one keeps the current
    /// scenario and says why.
    pub(super) fn load(&mut self, text: &str) -> bool {
        // Changed either way: a bad file's message must be shown (the reducer keeps a state
        // that reports no change, and with it the banner would be lost).
        self.load_from(text, None);
        true
    }

    /// Loads a scenario's text (from the library file at `path`, if so); a bad one keeps the
    /// current scenario and says why (naming the file). Whether it was loaded.
    pub(super) fn load_from(&mut self, text: &str, path: Option<&str>) -> bool {
        match Scenario::from_json(text) {
            Ok(scenario) => {
                let name = scenario.name.clone();
                *self = AppState::new(scenario, Vec::new(), None);
                self.note(if name.is_empty() {
                    "Loaded a scenario: press Play to run it.".to_string()
                } else {
                    format!("Loaded the scenario \"{name}\": press Play to run it.")
                });
                true
            }
            Err(e) => {
                let what = path.map_or("This scenario".to_string(), |p| {
                    format!("The scenario file {p}")
                });
                self.error = Some(format!(
                    "{what} was not loaded: {e}. The current one is kept."
                ));
                false
            }
        }
    }

    /// [`super::Msg::OpenLink`]: a share link's scenario, as a fresh load of the link would
    /// load it (a library scenario that is not built in is fetched first); a fragment that is
    /// not a share link changes nothing.
    pub(super) fn open_link(&mut self, hash: &str) -> bool {
        match crate::tours::read_tour_link(hash) {
            Some(Ok((id, step))) => return self.open_tour(&id, step),
            Some(Err(e)) => {
                self.error = Some(format!(
                    "The tour link could not be followed ({e}); the current scenario is kept."
                ));
                return true;
            }
            None => {}
        }
        let text = match crate::scenarios::read_link(hash) {
            None => return false,
            Some(Ok(Link::Scenario(text))) => text,
            Some(Ok(Link::Library { id, events })) => {
                return self.want_scenario(
                    &id,
                    Some(Link::Library {
                        id: id.clone(),
                        events,
                    }),
                );
            }
            Some(Err(e)) => {
                self.error = Some(format!(
                    "The share link could not be read ({e}); the current scenario is kept."
                ));
                return true;
            }
        };
        match Scenario::from_json(&text) {
            Ok(scenario) => {
                *self = AppState::new(scenario, Vec::new(), None);
                self.note("Opened the scenario of a share link.".to_string());
            }
            Err(e) => {
                self.error = Some(format!(
                    "The share link's scenario could not be loaded ({e}); the current one is kept."
                ))
            }
        }
        true
    }
}

/// What a Reset sets aside, in words (`2 operations and 1 change of settings`), or `None` when
/// the user has done nothing.
fn set_aside(events: &[Event]) -> Option<String> {
    let count = |pred: fn(&Action) -> bool| events.iter().filter(|e| pred(&e.action)).count();
    let ops = count(|a| matches!(a, Action::Put(_) | Action::Get(_) | Action::Delete(_)));
    let settings = count(|a| matches!(a, Action::Configure(_) | Action::DropRate(_)));
    let faults = events.len() - ops - settings;
    let parts: Vec<String> = [
        (ops, "operation", "operations"),
        (settings, "change of settings", "changes of settings"),
        (faults, "fault", "faults"),
    ]
    .into_iter()
    .filter(|(k, _, _)| *k > 0)
    .map(|(k, one, many)| format!("{k} {}", if k == 1 { one } else { many }))
    .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [first @ .., last] => Some(format!("{} and {last}", first.join(", "))),
    }
}

/// The smallest scenario the page can show, should the built-in one ever fail to load.
fn minimal_scenario() -> Scenario {
    Scenario {
        name: "Empty cluster".to_string(),
        description: String::new(),
        look_at: Vec::new(),
        seed: 0,
        cluster: Cluster {
            clients: vec!["alice".into()],
            ..Cluster::new(
                vec!["A".into(), "B".into(), "C".into()],
                Quorum::Count(3),
                ConsistencyLevel::Count(2),
                ConsistencyLevel::Count(2),
            )
        },
        events: Vec::new(),
    }
}

/// A new number for [`AppState::log_run`]: the live log of a new run, or told again.
pub(super) fn new_log_run() -> u64 {
    RUNS.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

    /// Issue 7, defect 12: a share link opened in the same tab (a hashchange) loads as a fresh
    /// load would; a bad one keeps the current scenario and says why; another fragment does
    /// nothing.
    #[test]
    fn issue7_a_share_link_opened_in_the_same_tab_loads() {
        let s = state(THREE).reduce(Msg::Put {
            client: "alice".into(),
            key: "k".into(),
            value: "v".into(),
            context: ContextChoice::None,
        });
        let other = r#"{"name": "other", "cluster": {"nodes": ["P","Q"], "clients": ["dora"],
            "n": 2, "w": 1, "r": 1}, "events": []}"#;
        let hash = format!("#{}", share_fragment(other));
        let fresh = AppState::open(&hash, crate::DEFAULT_SCENARIO);
        let opened = s.clone().reduce(Msg::OpenLink(hash));
        assert_eq!(opened.base.name, "other");
        assert_eq!(opened.snapshot, fresh.snapshot);
        assert_eq!(opened.user_events, fresh.user_events);
        assert_eq!(opened.error, None);
        assert!(opened
            .status
            .as_deref()
            .is_some_and(|l| l.contains("share link")));
        assert!(opened.log.is_empty(), "no line of the run before");

        let bad = s.clone().reduce(Msg::OpenLink("#s=%%%".into()));
        assert!(bad
            .error
            .as_deref()
            .is_some_and(|e| e.contains("current scenario is kept")));
        assert_eq!(bad.base.name, "three");
        assert_eq!(bad.snapshot.history.len(), 1, "what the user did is kept");
        let invalid = format!(
            "#{}",
            share_fragment(
                r#"{"cluster": {"nodes": ["A","B","C"], "n": 5, "w": 1, "r": 1}, "events": []}"#,
            )
        );
        let bad = s.clone().reduce(Msg::OpenLink(invalid));
        assert!(bad
            .error
            .as_deref()
            .is_some_and(|e| e.contains("cluster.n")));
        assert_eq!(bad.base.name, "three");
        let same = s.clone().reduce(Msg::OpenLink("#section".into()));
        assert!(Rc::ptr_eq(&same, &s));
    }

    /// Issue 8, point 11: Reset sets the user's actions aside, says so, and can be undone.
    #[test]
    fn issue8_reset_sets_actions_aside_and_undo_brings_them_back() {
        let s = state(THREE)
            .reduce(Msg::Put {
                client: "alice".into(),
                key: "k".into(),
                value: "v".into(),
                context: ContextChoice::None,
            })
            .reduce(Msg::Configure(ClusterPatch {
                w: Some(ConsistencyLevel::Count(1)),
                ..ClusterPatch::default()
            }));
        let before = s.snapshot.clone();
        let reset = s.reduce(Msg::Reset);
        assert_eq!(
            reset.notice,
            Some(Notice::SetAside(
                "1 operation and 1 change of settings".to_string()
            ))
        );
        assert!(reset.user_events.is_empty());
        // Playing does not end the offer; a new action does.
        let played = reset.clone().reduce(Msg::Play).reduce(Msg::Pause);
        assert!(played.notice.is_some());
        let back = played.reduce(Msg::UndoReset);
        assert_eq!(back.snapshot, before);
        assert_eq!(back.user_events.len(), 2);
        assert_eq!(back.notice, None);
        let acted = reset.reduce(Msg::Crash("A".into()));
        assert_eq!(acted.notice, None);
        let same = acted.clone().reduce(Msg::UndoReset);
        assert!(Rc::ptr_eq(&same, &acted), "nothing to undo any more");
        // A Reset with nothing to set aside says nothing of the kind.
        assert_eq!(state(THREE).reduce(Msg::Reset).notice, None);
    }

    /// Issue 8, point 4: the log belongs to the run: a Reset, a load or a versioning replay
    /// rebuilds it from the new run's journal (no line of the old run stays), and the page's
    /// own notices go to the status line, not among the run's lines.
    #[test]
    fn issue8_a_new_run_rebuilds_the_log() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice", "bob"],
            "n": 3, "w": 2, "r": 2, "latency": {"constant": 10}, "clock_skew_ms": {"bob": -50}},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "x"}},
                       {"at": 0, "put": {"client": "bob", "key": "k", "value": "y"}},
                       {"at": 100, "get": {"client": "alice", "key": "k"}}]}"#;
        let s = play_to(state(text), 200_000);
        let dvv = s.log.join("\n");
        assert!(dvv.contains("returned \"x\" and \"y\" (siblings)"), "{dvv}");
        let run = s.log_run;

        let lww = s.clone().reduce(Msg::SetVersioning(Versioning::Lww));
        assert_ne!(lww.log_run, run, "a new list");
        let told = lww.log.join("\n");
        assert!(
            !told.contains("(siblings)"),
            "no line of the dvv run: {told}"
        );
        assert!(told.contains("100 ms: alice gets k."), "{told}");
        assert!(told.contains("alice get k returned \"x\" from"), "{told}");
        assert!(lww
            .status
            .as_deref()
            .is_some_and(|n| n.starts_with("Versioning is now last write wins")));
        assert!(lww.log.iter().all(|l| !l.starts_with("Versioning")));
        // The replayed run's log is the one a fresh run to the same time tells.
        let mut base = Scenario::from_json(text).unwrap();
        base.cluster.versioning = Versioning::Lww;
        let fresh = AppState::new(base, Vec::new(), Some(lww.snapshot.now_us));
        assert_eq!(lww.log, fresh.log);

        let reset = s.clone().reduce(Msg::Reset);
        assert!(reset.log.is_empty(), "{:?}", reset.log);
        assert_ne!(reset.log_run, run);
        assert_eq!(
            reset.status.as_deref(),
            Some("Reset: the scenario starts over from 0 ms.")
        );
        let loaded = s.reduce(Msg::Load(THREE.to_string()));
        assert!(loaded.log.is_empty());
        assert!(loaded
            .status
            .as_deref()
            .is_some_and(|n| n.contains("\"three\"")));
    }
    /// Issue 10, part 4: the session as a scenario file (the "Download scenario" button) is a
    /// file `qsim run` replays exactly: the same events, so the same trace hash, after a put,
    /// a partition by drag, a dropped message, a setting, a crash and a recovery.
    #[test]
    fn issue10_the_session_file_replays_to_the_same_trace_hash() {
        let s = state(THREE).reduce(put("milk", ContextChoice::Last));
        let s = s.reduce(Msg::Step).reduce(Msg::Step);
        let in_flight = s.snapshot.messages[0].id;
        let s = s.reduce(Msg::DropMessage(in_flight));
        let s = settle(s.reduce(Msg::MoveTo {
            endpoint: "C".into(),
            zone: 1,
        }));
        let s = s.reduce(Msg::Configure(ClusterPatch {
            read_repair: Some(false),
            ..ClusterPatch::default()
        }));
        let s = settle(
            s.reduce(Msg::Crash("B".into()))
                .reduce(put("eggs", ContextChoice::Last)),
        );
        let s = settle(s.reduce(Msg::Heal).reduce(Msg::Recover("B".into())));
        let s = settle(s.reduce(Msg::Get {
            client: "alice".into(),
            key: "cart".into(),
        }));
        assert_eq!(s.user_events.len(), 9, "{:?}", s.user_events);

        let file = s.session_scenario().to_json_string();
        let replay = quorumscope_engine::run_simulator(
            &file,
            None,
            1_000_000,
            quorumscope_engine::sim::Options::default(),
        )
        .expect("the file is a valid scenario");
        assert_eq!(replay.now(), s.at.now_us);
        assert_eq!(replay.trace_hash(), s.sim().trace_hash(), "{file}");
        assert_eq!(replay.history().len(), s.snapshot.history.len());
    }
}
