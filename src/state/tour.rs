//! Guided tours (issue 11, part 2): the tour being followed (or left), its steps, Next and
//! Back through time travel, leaving to experiment and resuming where the user left.
//!
//! Going to a step pauses at its moment and applies its highlight (an operation is selected,
//! which shows its quorums; the page marks the other kinds). A step already played is reached
//! by seeking back or forth ([`super::Msg::Seek`]'s time travel); a later one is played up to as
//! an animation (Next) or at once (a link, Resume). Any action on the run leaves the tour, which
//! is kept: Resume reloads the tour's scenario at the step the user left.

use std::rc::Rc;

use quorumscope_engine::time::{ms_to_us, Micros};
use quorumscope_engine::tour::{Highlight, Tour};
use quorumscope_engine::Scenario;

use super::library::{Pending, Wanted};
use super::limits::REPLAY_EVENTS;
use super::run::Target;
use super::AppState;
use crate::tours::tour_path;

/// The tour the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TourState {
    /// Its id (its file's name in `tours/` without `.json`).
    pub id: Rc<str>,
    /// The tour.
    pub tour: Rc<Tour>,
    /// Its scenario, as loaded (Resume loads it again).
    scenario: Rc<Scenario>,
    /// The step shown (from 0), or where the user left.
    pub step: usize,
    /// Whether the user follows it (false: they left it to experiment).
    pub following: bool,
    /// Whether the steps follow one another by themselves (after a reading time each).
    pub autoplay: bool,
}

/// A tour whose scenario is being fetched, to start at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct TourStart {
    /// The tour's id.
    pub id: Rc<str>,
    /// The tour.
    pub tour: Rc<Tour>,
    /// The step to start at (from 0).
    pub step: usize,
}

impl AppState {
    /// [`super::Msg::OpenTour`]: fetches the tour's file, then its scenario, and goes to `step`.
    pub(super) fn open_tour(&mut self, id: &str, step: usize) -> bool {
        self.pending = Some(Pending {
            path: tour_path(id).into(),
            wanted: Wanted::Tour {
                id: id.into(),
                step,
            },
        });
        true
    }

    /// The tour file `id` arrived: read it and load its scenario (fetched, unless built in).
    pub(super) fn tour_arrived(&mut self, id: Rc<str>, text: &str, step: usize) {
        let tour = match Tour::from_json(text) {
            Ok(t) => t,
            Err(e) => {
                self.error = Some(format!(
                    "The tour file {} was not loaded: {e}. The current scenario is kept.",
                    tour_path(&id)
                ));
                return;
            }
        };
        let scenario = tour.scenario.clone();
        let start = TourStart {
            id,
            tour: Rc::new(tour),
            step,
        };
        self.want_library(&scenario, None, Some(start));
    }

    /// The tour's scenario is loaded (`self.base`): go to the step. (The tours the page lists
    /// are checked against their scenarios by the tests, `Tour::check`: the page does not run
    /// a second simulator for it.)
    pub(super) fn start_tour(&mut self, start: TourStart) {
        let last = start.tour.steps.len().saturating_sub(1);
        self.tour = Some(TourState {
            id: start.id,
            tour: start.tour,
            scenario: self.base.clone(),
            step: start.step.min(last),
            following: true,
            autoplay: false,
        });
        self.note(format!(
            "Tour: {}. Next and Back move through its steps.",
            self.tour.as_ref().map_or("", |t| t.tour.title.as_str())
        ));
        self.go_to_step(start.step.min(last), false);
    }

    /// [`super::Msg::TourStep`]: the step `k` of the tour followed, played up to as an
    /// animation when it is later than anything played yet.
    pub(super) fn tour_step(&mut self, k: usize) -> bool {
        match &self.tour {
            Some(t) if t.following && k < t.tour.steps.len() => {
                self.go_to_step(k, true);
                true
            }
            _ => false,
        }
    }

    /// Goes to step `k` (a valid one): its highlight, then its moment: by seeking if it has
    /// been played, else by playing up to it (`animate`) or at once.
    fn go_to_step(&mut self, k: usize, animate: bool) {
        let Some(t) = self.tour.as_mut() else {
            return;
        };
        t.step = k;
        let step = &t.tour.steps[k];
        let to: Micros = ms_to_us(step.at_ms);
        self.selected_op = match step.highlight {
            Some(Highlight::Op(op)) => Some(op),
            _ => None,
        };
        self.stop_at = None;
        if to <= self.horizon.now_us {
            self.seek(Target::Time(to));
        } else if animate {
            self.stop_at = Some(to);
            self.playing = true;
            self.last_frame_ms = None;
            self.skip = None;
        } else {
            self.playing = false;
            let (_, reached) = self.run.advance(
                &self.base,
                &self.user_events,
                self.at,
                to,
                REPLAY_EVENTS,
                false,
            );
            self.at = reached;
            self.refresh();
        }
    }

    /// [`super::Msg::LeaveTour`]: the user experiments; the tour waits at its step.
    pub(super) fn leave_tour(&mut self) -> bool {
        match self.tour.as_mut() {
            Some(t) if t.following => {
                t.following = false;
                self.stop_at = None;
                true
            }
            _ => false,
        }
    }

    /// [`super::Msg::ResumeTour`]: the tour's scenario loaded again, at the step where the user
    /// left.
    pub(super) fn resume_tour(&mut self) -> bool {
        let Some(mut t) = self.tour.clone().filter(|t| !t.following) else {
            return false;
        };
        let speed = self.speed;
        *self = AppState::new((*t.scenario).clone(), Vec::new(), None);
        self.speed = speed;
        self.library_id = Some(t.tour.scenario.as_str().into());
        t.following = true;
        let step = t.step;
        self.tour = Some(t);
        self.note(format!(
            "Back in the tour at step {}: its scenario was loaded again.",
            step + 1
        ));
        self.go_to_step(step, false);
        true
    }

    /// [`super::Msg::TourAutoplay`].
    pub(super) fn tour_autoplay(&mut self, on: bool) -> bool {
        match self.tour.as_mut() {
            Some(t) if t.autoplay != on => {
                t.autoplay = on;
                true
            }
            _ => false,
        }
    }

    /// [`super::Msg::CloseTour`]: the tour ends; the run stays as it is.
    pub(super) fn close_tour(&mut self) -> bool {
        self.stop_at = None;
        self.tour.take().is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::scenarios::DEFAULT_TEXT;
    use crate::state::test_util::*;

    fn file(path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The state with the tour `id` open at `step`, its files given as the page fetches them.
    fn open(id: &str, step: usize) -> Rc<AppState> {
        let mut s = Rc::new(AppState::open("", DEFAULT_TEXT)).reduce(Msg::OpenTour {
            id: id.into(),
            step,
        });
        for _ in 0..2 {
            let Some(p) = s.pending.clone() else { break };
            s = s.reduce(Msg::Fetched {
                path: p.path.to_string(),
                result: Ok(file(&p.path)),
            });
        }
        assert_eq!(s.error, None);
        s
    }

    /// Issue 11, part 2: Next plays up to the next step's moment and stops there; Back seeks
    /// back; each step applies its highlight.
    #[test]
    fn issue11_next_plays_to_the_step_and_back_goes_back() {
        let s = open("quorums-and-a-node-down", 0);
        let t = s.tour.clone().unwrap();
        assert!(t.following);
        // The first step is just after C's crash at 0 ms, so that C is drawn down.
        assert_eq!(s.snapshot.now_us, 5_000);
        assert!(s.snapshot.nodes.iter().any(|n| n.name == "C" && !n.up));
        assert_eq!(s.library_id.as_deref(), Some("default"));
        // Next: played as an animation, frame by frame, stopping at 12 ms exactly.
        let s = s.reduce(Msg::TourStep(1));
        assert!(s.playing);
        let mut s = s.reduce(Msg::Frame(0.0));
        let mut wall = 0.0;
        while s.playing {
            wall += 100.0;
            s = s.reduce(Msg::Frame(wall));
        }
        assert_eq!(s.snapshot.now_us, 12_000);
        assert_eq!(s.tour.as_ref().unwrap().step, 1);
        // A step that highlights an operation selects it.
        let s = play_to(s.reduce(Msg::TourStep(2)), 35_000);
        assert_eq!(s.snapshot.now_us, 35_000);
        assert_eq!(s.selected_op, Some(quorumscope_engine::OpId(1)));
        // Back: time travel to the step before, paused, selection of that step.
        let back = s.reduce(Msg::TourStep(1));
        assert!(!back.playing);
        assert_eq!(back.snapshot.now_us, 12_000);
        assert_eq!(back.selected_op, None);
        assert_eq!(back.snapshot.history.len(), 1);
        assert!(
            back.snapshot.history[0].completed_us.is_none(),
            "the write is in flight again"
        );
    }

    /// Issue 11, part 2: acting leaves the tour; Resume reloads its scenario at that step;
    /// Close ends it.
    #[test]
    fn issue11_leave_experiment_and_resume() {
        let s = open("how-stale", 2);
        assert_eq!(
            s.snapshot.now_us, 140_000,
            "a link to step 3 opens at its moment"
        );
        assert_eq!(s.selected_op, Some(quorumscope_engine::OpId(2)));
        let s = settle(s.reduce(Msg::Configure(ClusterPatch {
            r: Some(ConsistencyLevel::Count(3)),
            ..ClusterPatch::default()
        })));
        let t = s.tour.clone().unwrap();
        assert!(!t.following, "acting on the run leaves the tour");
        assert_eq!(t.step, 2);
        assert_eq!(s.user_events.len(), 1);
        // Next does nothing while left.
        let same = s.clone().reduce(Msg::TourStep(3));
        assert!(Rc::ptr_eq(&same, &s));
        let r = s.reduce(Msg::ResumeTour);
        let t = r.tour.clone().unwrap();
        assert!(t.following);
        assert_eq!(t.step, 2);
        assert!(r.user_events.is_empty(), "the tour's scenario, as it was");
        assert_eq!(r.snapshot.now_us, 140_000);
        assert_eq!(r.library_id.as_deref(), Some("stale-read"));
        let left = r.reduce(Msg::LeaveTour);
        assert!(!left.tour.as_ref().unwrap().following);
        let closed = left.reduce(Msg::CloseTour);
        assert_eq!(closed.tour, None);
    }

    /// Issue 11, part 2: a tour file that cannot be read is refused naming the file; the
    /// current session stays.
    #[test]
    fn issue11_a_bad_tour_names_its_file() {
        let s = Rc::new(AppState::open("", DEFAULT_TEXT)).reduce(Msg::OpenTour {
            id: "how-stale".into(),
            step: 0,
        });
        let bad = s.reduce(Msg::Fetched {
            path: "tours/how-stale.json".into(),
            result: Ok(r#"{"title": "x"}"#.into()),
        });
        let e = bad.error.clone().unwrap();
        assert!(
            e.contains("tours/how-stale.json") && e.contains("description: missing"),
            "{e}"
        );
        assert_eq!(bad.tour, None);
    }
}
