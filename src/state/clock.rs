//! Simulated time: animation frames, Play, Pause, Step, the speed, and the skipping of quiet
//! stretches.

use quorumscope_engine::latency::MsgClass;
use quorumscope_engine::number::clamp;
use quorumscope_engine::sim::Fate;
use quorumscope_engine::time::Micros;
use quorumscope_engine::Simulator;

use super::limits::{
    CROSSING_WALL_MS, DEFAULT_SPEED, FRAME_EVENTS, MAX_FRAME_MS, SKIP_AFTER_WALL_MS, SKIP_WALL_MS,
    SPEEDS, SPEED_RANGE,
};
use super::{AppState, Notice, Skip};

impl AppState {
    /// [`super::Msg::Frame`]: while playing, time moves on by the wall time since the last
    /// frame times the speed (or skips a quiet stretch), at most [`FRAME_EVENTS`] events' worth.
    pub(super) fn frame(&mut self, t: f64) -> bool {
        if !self.playing {
            return false;
        }
        let dt = match self.last_frame_ms {
            Some(last) => clamp(t - last, 0.0, MAX_FRAME_MS),
            None => 0.0,
        };
        self.last_frame_ms = Some(t);
        if dt == 0.0 {
            return true;
        }
        let mut skip = self.skip;
        let to = frame_target(&mut skip, self.speed, &self.sim(), dt);
        // A tour's Next stops at its step's moment.
        let to = self.stop_at.map_or(to, |stop| to.min(stop));
        let (done, at) = self.run.advance(
            &self.base,
            &self.user_events,
            self.at,
            to,
            FRAME_EVENTS,
            true,
        );
        let behind = !done;
        self.skip = skip;
        self.behind = behind;
        self.at = at;
        if self.stop_at.is_some_and(|stop| at.now_us >= stop) {
            self.playing = false;
            self.skip = None;
            self.stop_at = None;
        }
        let settled = self.sim().is_settled();
        if settled {
            // The run is over: time stops instead of climbing under a Pause button.
            self.playing = false;
            self.skip = None;
        }
        self.refresh();
        true
    }

    /// [`super::Msg::Play`].
    pub(super) fn play(&mut self) -> bool {
        if self.playing {
            return false;
        }
        self.playing = true;
        self.last_frame_ms = None;
        true
    }

    /// [`super::Msg::Pause`].
    pub(super) fn pause(&mut self) -> bool {
        self.stop_at = None;
        if !self.playing {
            return false;
        }
        self.playing = false;
        self.behind = false;
        self.skip = None;
        true
    }

    /// [`super::Msg::Step`]: the next engine event, time jumping to it (pauses). A finished run
    /// has nothing left that a learner could see: background ticks that find nothing to do are
    /// not steps, and the notice says so.
    pub(super) fn step(&mut self) -> bool {
        self.stop_at = None;
        self.playing = false;
        self.behind = false;
        self.skip = None;
        let next = if self.snapshot.settled {
            None
        } else {
            self.run.step(&self.base, &self.user_events, self.at)
        };
        let Some(at) = next else {
            self.notice = Some(Notice::NothingToStep);
            return true;
        };
        self.at = at;
        self.refresh();
        true
    }

    /// [`super::Msg::SetSpeed`], clamped to [`SPEED_RANGE`]; not a number changes nothing.
    pub(super) fn set_speed(&mut self, v: f64) -> bool {
        if !v.is_finite() {
            return false;
        }
        self.speed = clamp(v, SPEED_RANGE.0, SPEED_RANGE.1);
        true
    }
}

/// Where simulated time gets to in an animation frame `dt_ms` wall ms long at `speed`: the
/// speed's worth of time, or, while nothing is in flight and the next event is far off, a skip
/// towards it (kept in `skip`) that crosses the whole gap in at most [`SKIP_WALL_MS`] (and ends
/// exactly at the event, so that what it sends is seen from its start).
fn frame_target(skip: &mut Option<Skip>, speed: f64, sim: &Simulator, dt_ms: f64) -> Micros {
    let now = sim.now();
    let step = ((dt_ms * speed * 1000.0).round() as Micros).max(1);
    let quiet = !sim.messages().iter().any(|m| m.fate == Fate::InFlight);
    let gap = sim
        .next_time_of_interest()
        .map(|next| (next, next.saturating_sub(now)));
    let worth_skipping = |gap: Micros| gap as f64 > speed * 1000.0 * SKIP_AFTER_WALL_MS;
    *skip = match (quiet, gap) {
        (true, Some((next, gap))) if worth_skipping(gap) || skip.is_some_and(|k| k.to == next) => {
            match *skip {
                Some(k) if k.to == next => Some(k),
                _ => Some(Skip {
                    to: next,
                    rate: gap as f64 / SKIP_WALL_MS,
                }),
            }
        }
        _ => None,
    };
    match *skip {
        Some(k) => {
            let jump = ((dt_ms * k.rate).round() as Micros).max(step);
            now.saturating_add(jump).min(k.to)
        }
        None => now + step,
    }
}

/// The speed at which a scenario opens: the step of [`SPEEDS`] at which a message of its mean
/// delay takes about [`CROSSING_WALL_MS`] to cross (0.01× for the presets' 5 to 15 ms; 1× for a
/// cluster whose messages take a second). [`DEFAULT_SPEED`] when the delays have no mean.
pub fn natural_speed(latency: &quorumscope_engine::Latency) -> f64 {
    let means: Vec<f64> = MsgClass::ALL
        .into_iter()
        .filter_map(|c| latency.mean_ms(c))
        .filter(|ms| ms.is_finite() && *ms > 0.0)
        .collect();
    if means.len() < MsgClass::ALL.len() {
        return DEFAULT_SPEED;
    }
    let wanted = means.iter().sum::<f64>() / means.len() as f64 / CROSSING_WALL_MS;
    SPEEDS[speed_index(wanted)]
}

/// The step of [`SPEEDS`] nearest to a speed on the slider's log scale.
pub fn speed_index(speed: f64) -> usize {
    let distance = |i: usize| (SPEEDS[i].ln() - speed.ln()).abs();
    (1..SPEEDS.len()).fold(0, |best, i| {
        if distance(i) < distance(best) {
            i
        } else {
            best
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

    /// Issue 7, defect 11: a frame processes at most FRAME_EVENTS engine events, however busy
    /// the run (anti-entropy every microsecond: valid for the engine), and says it is behind.
    #[test]
    fn issue7_a_frame_does_bounded_work() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
            "anti_entropy_ms": 0.001},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;
        let mut s = state(text).reduce(Msg::SetSpeed(SPEED_RANGE.1));
        s = s.reduce(Msg::Play).reduce(Msg::Frame(1_000.0));
        for frame in 1..=5 {
            let before = s.sim().events_processed();
            s = s.reduce(Msg::Frame(1_000.0 + 100.0 * frame as f64));
            let done = s.sim().events_processed() - before;
            assert!(done <= FRAME_EVENTS as u64, "{done} events in one frame");
            assert!(s.behind);
        }
        assert!(s.snapshot.now_us > 0, "time still moves");
        assert!(s.sim().messages().len() <= MESSAGE_RECORDS);
        let s = s.reduce(Msg::Pause);
        assert!(!s.behind);
    }

    /// Issue 8, point 1: at the default speed a message of the default scenario (5 to 15 ms on
    /// its way) takes about a second of wall time to cross.
    #[test]
    fn issue8_at_the_default_speed_a_message_crossing_takes_about_a_second() {
        let s = state(crate::DEFAULT_SCENARIO);
        assert_eq!(s.speed, DEFAULT_SPEED);
        let (s, _) = play_until(s, 10_000, |s| {
            s.sim().messages().iter().any(|m| m.fate == Fate::InFlight)
        });
        let sim = s.sim();
        let m = sim
            .messages()
            .iter()
            .find(|m| m.fate == Fate::InFlight)
            .expect("a message in flight");
        let wall_ms = (m.arrive_us - m.sent_us) as f64 / 1000.0 / DEFAULT_SPEED;
        assert!(
            (500.0..=1_500.0).contains(&wall_ms),
            "crossing takes {wall_ms} wall ms"
        );
    }

    /// Issue 8, point 1: a scenario opens at the speed at which its messages take about a
    /// second to cross.
    #[test]
    fn issue8_a_scenario_opens_at_its_own_pace() {
        let latency = |json: &str| {
            quorumscope_engine::Latency::from_json(&serde_json::from_str(json).unwrap()).unwrap()
        };
        assert_eq!(natural_speed(&latency(r#"{"uniform": [5, 15]}"#)), 0.01);
        assert_eq!(natural_speed(&latency(r#"{"constant": 1000}"#)), 1.0);
        assert_eq!(natural_speed(&latency(r#"{"constant": 1}"#)), 0.005);
        assert_eq!(
            natural_speed(&latency(r#"{"pareto": {"xm": 5, "alpha": 0.9}}"#)),
            DEFAULT_SPEED
        );
        let slow = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3,
            "w": 2, "r": 2, "latency": {"constant": 1000}}, "events": []}"#;
        let s = state(THREE).reduce(Msg::SetSpeed(10.0));
        assert_eq!(s.speed, 10.0);
        assert_eq!(
            s.clone().reduce(Msg::Reset).speed,
            10.0,
            "Reset keeps the speed"
        );
        assert_eq!(s.reduce(Msg::Load(slow.to_string())).speed, 1.0);
    }

    /// Issue 8, point 1: a quiet stretch (nothing in flight) is skipped in at most
    /// SKIP_WALL_MS of wall time, and the skip ends exactly at the next event.
    #[test]
    fn issue8_quiet_stretches_are_skipped_and_end_at_the_next_event() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3,
            "w": 2, "r": 2, "latency": {"constant": 10}},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
                       {"at": 20000, "get": {"client": "alice", "key": "k"}}]}"#;
        // Play until the put is done: the stretch to 20,000 ms is quiet.
        let (s, _) = play_until(state(text), 10_000, |s| {
            s.snapshot.history.len() == 1
                && s.snapshot.history.iter().all(|o| o.completed_us.is_some())
        });
        let start = s.snapshot.now_us;
        let (s, frames) = play_until(s, 10_000, |s| s.snapshot.history.len() == 2);
        assert!(s.skip.is_none() || s.snapshot.now_us <= 20_000_000);
        // Wall time of the skip: frames of 16 ms (plus the frames of the put's last ack).
        let wall = frames as f64 * 16.0;
        assert!(
            wall <= SKIP_WALL_MS + 200.0,
            "{} ms of quiet took {wall} wall ms",
            (20_000_000 - start) / 1000
        );
        // The get's request left at 20,000 ms and is seen from its start.
        let sim = s.sim();
        let read = sim.messages().iter().find(|m| m.fate == Fate::InFlight);
        assert!(
            read.is_some_and(|m| m.sent_us == 20_000_000 && s.snapshot.now_us < m.arrive_us),
            "the read is in flight, not already crossed: now {}",
            s.snapshot.now_us
        );
    }

    /// Issue 8, point 7: a run has an end. Time stops when nothing is in flight or scheduled,
    /// and Step then says there is nothing left instead of moving time.
    #[test]
    fn issue8_a_finished_run_stops_and_step_says_nothing_is_left() {
        let (s, frames) = play_until(state(crate::DEFAULT_SCENARIO), 100_000, |s| !s.playing);
        assert!(frames < 100_000, "the default scenario finishes");
        assert!(s.snapshot.settled);
        let end = s.snapshot.now_us;
        // It ends at the time of its last event, as `qsim run` ends it, not at a frame's time.
        let mut native = Simulator::new(Scenario::from_json(crate::DEFAULT_SCENARIO).unwrap());
        native.run(None);
        assert_eq!(end, native.now());
        let s = s.reduce(Msg::Frame(1e9));
        assert_eq!(s.snapshot.now_us, end, "time does not climb after the end");
        let s = s.reduce(Msg::Step);
        assert_eq!(s.notice, Some(Notice::NothingToStep));
        assert_eq!(s.snapshot.now_us, end);
        // Replay plays the same run from 0 ms.
        let replay = s.reduce(Msg::Replay);
        assert_eq!(replay.snapshot.now_us, 0);
        assert!(replay.playing);
        assert_eq!(replay.notice, None);
    }
}
