//! Time travel: seeking to a time or an event of the run (the timeline, Back, Start, End),
//! the horizon (the furthest position played in this branch), and branching (an action in the
//! past discards the user's later actions).

use std::rc::Rc;

use quorumscope_engine::time::{ms_to_us, Micros};

use super::run::Target;
use super::session::new_log_run;
use super::{AppState, Notice};

impl AppState {
    /// [`super::Msg::Seek`]: pauses and goes to `to`, at most to the horizon; the live log is
    /// told again from the run's journal at that position (also when the state is there
    /// already).
    pub(super) fn seek(&mut self, to: Target) -> bool {
        self.playing = false;
        self.stop_at = None;
        self.behind = false;
        self.skip = None;
        let h = self.horizon;
        let to = match to {
            Target::Time(t) if t >= h.now_us => Target::At(h),
            Target::Events(n) if n >= h.events => Target::At(h),
            Target::At(p) if p > h => Target::At(h),
            other => other,
        };
        // Even a seek to where the state is tells the log again: the run may have been moved
        // on by another state, and is brought back without telling (one snapshot per seek).
        self.at = self.run.resolve(&self.base, &self.user_events, to);
        self.log = Rc::new(Vec::new());
        self.log_total = 0;
        self.log_run = new_log_run();
        self.refresh();
        true
    }

    /// Goes to the time `to`, paused: back through time travel if it was played already,
    /// otherwise forward, replaying the run there as a share link's actions are replayed
    /// ([`AppState::new`]; a run too long to play at once stops early and says where). An
    /// embedded page's start time (src/embed.rs). The scenario stays what it was: its library
    /// id (for share links) and the error banner are kept.
    pub fn go_to(&mut self, to: Micros) {
        if to <= self.horizon.now_us {
            self.seek(Target::Time(to));
            return;
        }
        let error = self.error.take();
        let library_id = self.library_id.take();
        *self = AppState::new((*self.base).clone(), (*self.user_events).clone(), Some(to));
        self.error = error;
        self.library_id = library_id;
    }

    /// [`super::Msg::StepBack`]: the position after one engine event fewer.
    pub(super) fn step_back(&mut self) -> bool {
        let n = self.at.events.saturating_sub(1);
        self.seek(Target::Events(n))
    }

    /// Before an action at a past position: the user's actions after now are discarded, the
    /// notice says how many, and the action's position becomes the horizon.
    pub(super) fn branch(&mut self) {
        if self.at >= self.horizon {
            return;
        }
        let now = self.at.now_us;
        let kept: Vec<_> = self
            .user_events
            .iter()
            .filter(|e| ms_to_us(e.at) <= now)
            .cloned()
            .collect();
        let discarded = self.user_events.len() - kept.len();
        if discarded > 0 {
            self.user_events = Rc::new(kept);
        }
        self.horizon = self.at;
        self.notice = Some(Notice::Branched { at: now, discarded });
    }
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;
    use quorumscope_engine::time::ms_to_us;

    /// Issue 10, part 2: Back, Start, a time and End move the state to where a replay gets,
    /// with the same picture and log, and never past the horizon.
    #[test]
    fn issue10_seek_back_and_forward() {
        let s = state(THREE).reduce(put("milk", ContextChoice::Last));
        let end = settle(s);
        let horizon = end.horizon;
        assert_eq!(horizon, end.at);
        let back = end.clone().reduce(Msg::StepBack);
        assert_eq!(back.at.events, end.at.events - 1);
        assert!(!back.playing);
        let start = back.clone().reduce(Msg::Seek(Target::Time(0)));
        assert_eq!(start.at.now_us, 0);
        assert_eq!(start.horizon, horizon, "seeking keeps the horizon");
        let forth = start.clone().reduce(Msg::Seek(Target::At(horizon)));
        assert_eq!(forth.at, end.at);
        assert_eq!(forth.snapshot.history, end.snapshot.history);
        assert_eq!(forth.log, end.log, "the live log told again is the same");
        // A seek to where the state is already tells the same log again, once.
        let same = forth.clone().reduce(Msg::Seek(Target::At(horizon)));
        assert_eq!(same.log, end.log);
        assert_eq!(
            same.clone().reduce(Msg::Step).log,
            end.log,
            "nothing told twice"
        );
        let far = start.reduce(Msg::Seek(Target::Time(horizon.now_us * 10)));
        assert_eq!(far.at, horizon, "not past the horizon");
        // Step from the past replays the recorded future.
        let again = back.reduce(Msg::Step);
        assert_eq!(again.at, end.at);
        assert_eq!(again.snapshot.history, end.snapshot.history);
        // The log told again by the seek, then the step's lines: each line once, none lost.
        assert_eq!(again.log, end.log);
    }

    /// Issue 11, section 3: an embedded page's start time. A time not played yet is played to,
    /// paused, with the picture and the log that seeking there after the whole run gives; a
    /// time played already is a seek back, which keeps the horizon.
    #[test]
    fn issue11_go_to_plays_forward_or_seeks_back() {
        let fresh = state(crate::DEFAULT_SCENARIO);
        let t = ms_to_us(150.0);
        let mut s = (*fresh).clone();
        s.go_to(t);
        assert_eq!(s.at.now_us, t);
        assert!(!s.playing);
        assert_eq!(s.horizon, s.at);
        assert!(
            s.snapshot.history.iter().count() >= 1,
            "alice's put at 10 ms is there"
        );
        let seeked = settle(fresh).reduce(Msg::Seek(Target::Time(t)));
        assert_eq!(seeked.at, s.at);
        assert_eq!(s.snapshot.history, seeked.snapshot.history);
        assert_eq!(s.snapshot.nodes, seeked.snapshot.nodes);
        assert_eq!(s.log, seeked.log, "the same lines, told once");
        let mut back = s.clone();
        back.go_to(ms_to_us(5.0));
        assert_eq!(back.at.now_us, ms_to_us(5.0));
        assert_eq!(back.horizon, s.horizon);
    }

    /// Issue 10, part 2: an action in the past discards the user's later actions, makes the
    /// position the horizon, says so, and the share link is of the branch.
    #[test]
    fn issue10_acting_in_the_past_branches() {
        let s = settle(state(THREE).reduce(put("milk", ContextChoice::Last)));
        let s = settle(s.reduce(put("eggs", ContextChoice::Last)));
        let s = settle(s.reduce(Msg::Crash("A".into())));
        assert_eq!(s.user_events.len(), 3);
        let second = s.user_events[1].at;
        let past = s.reduce(Msg::Seek(Target::Time(ms_to_us(second) - 1)));
        let branch = past.reduce(put("tea", ContextChoice::Last));
        assert_eq!(branch.user_events.len(), 2, "eggs and the crash are gone");
        assert!(matches!(
            branch.notice,
            Some(Notice::Branched { discarded: 2, .. })
        ));
        assert_eq!(branch.horizon, branch.at);
        let merged = branch.session_scenario();
        let link = format!(
            "#{}",
            crate::scenarios::session_fragment(
                branch.library_id.as_deref(),
                &branch.user_events,
                &merged,
            )
        );
        let opened = AppState::open(&link, crate::DEFAULT_SCENARIO);
        let text = opened.session_scenario().to_json_string();
        assert!(text.contains("tea") && text.contains("milk"), "{text}");
        assert!(!text.contains("eggs") && !text.contains("crash"), "{text}");
    }
}
