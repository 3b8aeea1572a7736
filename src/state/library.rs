//! The scenario library loaded on demand: choosing a library scenario, the file the page is
//! waiting for ([`Pending`]), and what arrives ([`super::Msg::Fetched`]).
//!
//! The reducer never fetches: it says what it waits for ([`AppState::pending`]), the page
//! fetches that path and sends back the text or why it failed. An answer for a path no longer
//! awaited (the user chose another meanwhile) changes nothing; a failed one keeps everything the
//! user had and names the file.

use std::rc::Rc;

use quorumscope_engine::time::Micros;

use super::tour::TourStart;
use super::AppState;
use crate::scenarios::{embedded, scenario_path, Link};

/// A file the page is fetching, and what it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// The path fetched, relative to the page (`scenarios/stale-read.json`).
    pub path: Rc<str>,
    /// What to do with it.
    pub wanted: Wanted,
}

/// What a fetched file is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Wanted {
    /// A library scenario to load, from the picker, a link or a tour.
    Scenario {
        /// Its library id.
        id: Rc<str>,
        /// The link that named it (its actions included), or none when chosen in the picker.
        link: Option<Rc<Link>>,
        /// The tour to start once it is loaded, if it is a tour's scenario.
        tour: Option<Rc<TourStart>>,
        /// Where and how to show the run once it is loaded (an embed's start time, speed and
        /// autoplay), if the page asked for more than the start of the run, paused.
        opening: Option<Opening>,
    },
    /// A tour file, to open at a step (from 0).
    Tour {
        /// The tour's id.
        id: Rc<str>,
        /// The step to open at.
        step: usize,
    },
}

/// How a run is first shown: at which time, at which speed, playing or not (an embedded page's
/// `start`, `speed` and `autoplay`, src/embed.rs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Opening {
    /// The simulated time shown (0: the start of the run).
    pub at: Micros,
    /// Simulated ms per wall ms; `None`: the scenario's own.
    pub speed: Option<f64>,
    /// Whether time runs at once.
    pub playing: bool,
}

impl AppState {
    /// Shows the run as `opening` asks, now, or, while the scenario it is for is still being
    /// fetched (a `#p=<library id>` link), once that scenario has loaded.
    pub fn open_with(&mut self, opening: Opening) {
        if let Some(Pending {
            wanted: Wanted::Scenario { opening: o, .. },
            ..
        }) = &mut self.pending
        {
            *o = Some(opening);
            return;
        }
        if opening.at > 0 {
            self.go_to(opening.at);
        }
        if let Some(speed) = opening.speed {
            self.speed = speed;
        }
        self.playing = opening.playing;
    }

    /// [`super::Msg::Choose`]: a library scenario, loaded at once if it is built in, else
    /// fetched (the page shows it is loading; the current session stays until it arrives; an id
    /// the library does not have fails as a file that is not there).
    pub(super) fn choose(&mut self, id: &str) -> bool {
        self.want_scenario(id, None)
    }

    /// Loads the library scenario `id` (with the actions of `link`, if it came from one) now if
    /// it is built in, or asks for its file.
    pub(super) fn want_scenario(&mut self, id: &str, link: Option<Link>) -> bool {
        self.want_library(id, link, None)
    }

    /// As [`AppState::want_scenario`], then starts `tour` (whose scenario it is) once loaded.
    pub(super) fn want_library(
        &mut self,
        id: &str,
        link: Option<Link>,
        tour: Option<TourStart>,
    ) -> bool {
        if let Some(text) = embedded(id) {
            self.pending = None;
            self.load_library(id, text, link.as_ref(), tour);
            return true;
        }
        let pending = Pending {
            path: scenario_path(id).into(),
            wanted: Wanted::Scenario {
                id: id.into(),
                link: link.map(Rc::new),
                tour: tour.map(Rc::new),
                opening: None,
            },
        };
        if self.pending.as_ref() == Some(&pending) {
            return false;
        }
        self.pending = Some(pending);
        true
    }

    /// [`super::Msg::Fetched`]: the file at `path` arrived (its text) or could not be fetched
    /// (why). Ignored unless it is the one awaited.
    pub(super) fn fetched(&mut self, path: &str, result: Result<String, String>) -> bool {
        let Some(pending) = self.pending.take_if(|p| &*p.path == path) else {
            return false;
        };
        let text = match result {
            Ok(text) => text,
            Err(why) => {
                self.error = Some(format!(
                    "The file {path} could not be loaded ({why}); the current scenario is kept."
                ));
                return true;
            }
        };
        match pending.wanted {
            Wanted::Scenario {
                id,
                link,
                tour,
                opening,
            } => {
                let loaded =
                    self.load_library(&id, &text, link.as_deref(), tour.map(|t| (*t).clone()));
                if let (true, Some(opening)) = (loaded, opening) {
                    self.open_with(opening);
                }
            }
            Wanted::Tour { id, step } => self.tour_arrived(id, &text, step),
        }
        true
    }

    /// Loads the text of the library file `id` (with a link's actions), or says what is wrong
    /// with it, naming the file, and keeps the current scenario.
    /// Whether it was loaded.
    fn load_library(
        &mut self,
        id: &str,
        file: &str,
        link: Option<&Link>,
        tour: Option<TourStart>,
    ) -> bool {
        let path = scenario_path(id);
        let text = match link.map(|l| l.scenario_text(file)) {
            Some(Err(e)) => Err(e),
            Some(Ok(t)) => Ok(t),
            None => Ok(file.to_string()),
        };
        let loaded = match text {
            Ok(text) => self.load_from(&text, Some(&path)),
            Err(e) => {
                self.error = Some(format!(
                    "The scenario file {path} was not loaded: {e}. The current one is kept."
                ));
                false
            }
        };
        if !loaded {
            return false;
        }
        // A link with actions opens a scenario of its own (the file with the actions in): it is
        // shared whole, not named.
        let actions = matches!(
            link,
            Some(Link::Library {
                events: Some(_),
                ..
            })
        );
        self.library_id = (!actions).then(|| id.into());
        // A link that only names a library scenario loads it as the picker does (and says so);
        // one with actions is someone's session.
        if actions {
            self.note("Opened the scenario of a share link.".to_string());
        }
        if let Some(start) = tour {
            self.start_tour(start);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Opening;
    use crate::scenarios::DEFAULT_TEXT;
    use crate::state::test_util::*;
    use crate::state::AppState;

    fn file(id: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/scenarios/{id}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// An embed of a library scenario that is fetched (`?embed&start=120&speed=0.05&autoplay
    /// #p=siblings`) opens that scenario at the start time, at the speed and playing, as it
    /// does a built-in one: the opening waits for the file, and a failed fetch changes nothing.
    #[test]
    fn an_opening_waits_for_the_fetched_scenario() {
        let opening = Opening {
            at: 120_000,
            speed: Some(0.05),
            playing: true,
        };
        let mut waiting = (*state(DEFAULT_TEXT)).clone();
        waiting.want_scenario("siblings", None);
        waiting.open_with(opening);
        assert_eq!(
            waiting.at.now_us, 0,
            "nothing moves before the file is there"
        );
        assert!(!waiting.playing);
        let mut failed = waiting.clone();
        failed.fetched("scenarios/siblings.json", Err("404".into()));
        assert_eq!((failed.at.now_us, failed.playing), (0, false));
        waiting.fetched("scenarios/siblings.json", Ok(file("siblings")));
        assert_eq!(waiting.library_id.as_deref(), Some("siblings"));
        assert_eq!(waiting.at.now_us, 120_000);
        assert_eq!(waiting.speed, 0.05);
        assert!(waiting.playing);
        // A built-in scenario is shown so at once, still named by its library id.
        let mut now = AppState::open("#p=default", DEFAULT_TEXT);
        now.open_with(opening);
        assert_eq!((now.at.now_us, now.playing), (120_000, true));
        assert_eq!(now.library_id.as_deref(), Some("default"));
    }

    /// Issue 11, part 1: a library scenario that is not built in is fetched: the state says
    /// which file it waits for, loads it when it comes, and names the library scenario in its
    /// share link; the default loads at once.
    #[test]
    fn issue11_choosing_a_library_scenario_fetches_it() {
        let s = state(THREE).reduce(put("milk", ContextChoice::Last));
        let waiting = s.clone().reduce(Msg::Choose("stale-read".into()));
        let pending = waiting.pending.clone().expect("waits for the file");
        assert_eq!(&*pending.path, "scenarios/stale-read.json");
        assert_eq!(waiting.base, s.base, "the session stays until it arrives");
        assert_eq!(waiting.user_events, s.user_events);
        // An answer for another file changes nothing.
        let other = waiting.clone().reduce(Msg::Fetched {
            path: "scenarios/siblings.json".into(),
            result: Ok(file("siblings")),
        });
        assert!(Rc::ptr_eq(&other, &waiting));
        let loaded = waiting.reduce(Msg::Fetched {
            path: "scenarios/stale-read.json".into(),
            result: Ok(file("stale-read")),
        });
        assert_eq!(loaded.pending, None);
        assert_eq!(loaded.base.name, "Partition: stale read with w = r = 1");
        assert_eq!(loaded.library_id.as_deref(), Some("stale-read"));
        assert_eq!(loaded.error, None);
        assert_eq!(
            crate::scenarios::session_fragment(
                loaded.library_id.as_deref(),
                &loaded.user_events,
                &loaded.session_scenario()
            ),
            "p=stale-read"
        );
        // A new versioning mode makes it a scenario of the user's own.
        let v = loaded.reduce(Msg::SetVersioning(Versioning::Lww));
        assert_eq!(v.library_id, None);

        let d = state(THREE).reduce(Msg::Choose("default".into()));
        assert_eq!(d.pending, None);
        assert_eq!(d.library_id.as_deref(), Some("default"));
        assert_eq!(
            d.base.to_json_string(),
            Scenario::from_json(DEFAULT_TEXT).unwrap().to_json_string()
        );
    }

    /// Issue 11, part 1: a fetch that fails, or a file that is not a scenario, keeps the
    /// session and names the file.
    #[test]
    fn issue11_a_failed_fetch_keeps_the_session_and_names_the_file() {
        let s = state(THREE).reduce(put("milk", ContextChoice::Last));
        let failed = s
            .clone()
            .reduce(Msg::Choose("clock-skew".into()))
            .reduce(Msg::Fetched {
                path: "scenarios/clock-skew.json".into(),
                result: Err("the server answered 404 Not Found".into()),
            });
        let e = failed.error.clone().unwrap();
        assert!(
            e.contains("scenarios/clock-skew.json") && e.contains("404"),
            "{e}"
        );
        assert_eq!(failed.user_events, s.user_events);
        assert_eq!(failed.pending, None);
        let bad = s
            .clone()
            .reduce(Msg::Choose("clock-skew".into()))
            .reduce(Msg::Fetched {
                path: "scenarios/clock-skew.json".into(),
                result: Ok("<html>not here</html>".into()),
            });
        let e = bad.error.clone().unwrap();
        assert!(
            e.contains("scenarios/clock-skew.json was not loaded"),
            "{e}"
        );
        assert_eq!(bad.base, s.base);
        let none = s.reduce(Msg::Choose("nope".into()));
        assert_eq!(
            none.pending.as_ref().unwrap().path.as_ref(),
            "scenarios/nope.json"
        );
    }

    /// Issue 11, part 1: a `#p=<id>` link of a fetched scenario opens the default, waits for
    /// the file, then shows it (with the link's actions, if any).
    #[test]
    fn issue11_a_link_to_a_fetched_scenario_opens_it() {
        let s = Rc::new(AppState::open("#p=wan-cut", DEFAULT_TEXT));
        assert_eq!(s.error, None);
        let path = s.pending.as_ref().unwrap().path.clone();
        assert_eq!(&*path, "scenarios/wan-cut.json");
        let s = s.reduce(Msg::Fetched {
            path: path.to_string(),
            result: Ok(file("wan-cut")),
        });
        assert_eq!(s.library_id.as_deref(), Some("wan-cut"));
        // It names only the library's scenario: loaded as the picker loads it.
        assert!(s
            .status
            .as_deref()
            .unwrap()
            .starts_with("Loaded the scenario"));
        // With actions, through a hashchange.
        let s = settle(s.reduce(Msg::Crash("A".into())));
        let frag = crate::scenarios::session_fragment(
            s.library_id.as_deref(),
            &s.user_events,
            &s.session_scenario(),
        );
        assert!(frag.starts_with("p=wan-cut&z="), "{frag}");
        let o = state(THREE).reduce(Msg::OpenLink(format!("#{frag}")));
        let o = o.reduce(Msg::Fetched {
            path: "scenarios/wan-cut.json".into(),
            result: Ok(file("wan-cut")),
        });
        assert_eq!(
            o.session_scenario().to_json_string(),
            s.session_scenario().to_json_string()
        );
        assert_eq!(
            o.library_id, None,
            "the file with actions in is shared whole"
        );
        assert_eq!(
            o.status.as_deref(),
            Some("Opened the scenario of a share link.")
        );
    }
}
