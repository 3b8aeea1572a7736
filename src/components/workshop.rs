//! `#workshop`: workshop exercises in the page (issue 11, part 4; docs/EXERCISES.md).
//!
//! A visitor opens a set of exercises (the "Start the exercises" button, or a link
//! `#ex=all&n=2`, `#ex=02,05`). Each exercise's file is fetched from `exercises/` and read by
//! the page's worker (the diagram's binary, `quorumscope_diagram::workshop`, in a worker of
//! its own), which also judges the run: whenever the session changes (the scenario loaded or an
//! action of the visitor's) and has then been still for [`JUDGE_AFTER_MS`] (a gloo-timers
//! timeout), the session's scenario file goes to the worker, which runs it until it settles and
//! checks the goal as `qsim check` does, from the run's history and replicas, never from which
//! buttons were pressed. The page's bundle carries neither the exercise reader nor the checker.
//!
//! What the browser keeps (`crate::exercises::Progress`, localStorage): which exercises were
//! solved, how many hints were revealed, and the visitor's run of each (a share link's
//! fragment), so a reload mid-exercise loses nothing.
//!
//! Like the diagram, this is a hook that `App` calls, holding the conversation with its worker,
//! and the worker draws the panel (`quorumscope_diagram::workshop::Desk::html`) from what the
//! page tells it (`DeskState`: the set, the open exercise, the progress, where the run
//! stands); the page inserts it and forwards the clicks on its buttons (`data-act`). Drawn in
//! the page with Yew, the panel cost the bundle about 13 KB gzipped. The run itself stays in
//! the page's reducer, which the hook drives through `on_load` (an exercise's scenario) and
//! `on_link` (a run kept in this browser).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::Array;
use quorumscope_engine::scenario::Event;
use quorumscope_engine::Scenario;
use wasm_bindgen::prelude::*;
use web_sys::Worker;
use yew::prelude::*;

use super::diagram::{get, post, start, OnMessage};
use crate::exercises::{ExerciseSet, Progress, EXERCISES};
use crate::hooks::dom::{act_of, event_element, offer_focus, reveal};

/// How long the session must be still before it is judged, in ms: a burst of actions is
/// judged once.
pub const JUDGE_AFTER_MS: u32 = 400;

/// The exercise's file, relative to the page.
fn file_url(id: &str) -> String {
    format!("exercises/{id}.json")
}

/// The conversation with the worker, and where the open exercise stands.
#[derive(Default)]
struct Desk {
    worker: Option<Worker>,
    /// Its message handler (kept alive as long as the worker).
    on_message: Option<OnMessage>,
    /// The worker said it listens (what was sent before was not heard).
    ready: bool,
    /// The set being worked through; `None` until the visitor opens the exercises.
    set: Option<ExerciseSet>,
    /// Each exercise's file, by index into [`EXERCISES`], once fetched.
    texts: Vec<Option<String>>,
    /// Each exercise's scenario as the worker read it from its file (`None` if the file
    /// could not be read or fetched), once known.
    sheets: Vec<Option<Option<String>>>,
    /// What this browser keeps of the open exercise.
    progress: Progress,
    /// Which exercises were solved in this browser (by index into [`EXERCISES`]).
    solved: Vec<bool>,
    /// The panel's content as the worker last drew it.
    html: AttrValue,
    /// Judgements asked for and not yet answered.
    pending: u32,
    /// The open exercise's scenario is to be loaded once its sheet is known.
    to_load: bool,
    /// The page's scenario when the workshop loaded the exercise's: the run is the exercise's
    /// once the page's scenario is another `Rc` than this one.
    asked_from: Option<Rc<Scenario>>,
    /// The page's run is the open exercise's (judged and kept).
    in_exercise: bool,
    /// The page's session as last seen, and whether it was judged.
    base: Option<Rc<Scenario>>,
    events: Option<Rc<Vec<Event>>>,
    judged: bool,
    /// The timeout that judges the session once it is still.
    timer: Option<Timeout>,
    /// A problem to show in the panel (a bad link, a file that could not be fetched).
    error: Option<String>,
    /// What the worker was last told (see [`Handle::sync_if_changed`]).
    synced: Option<SyncKey>,
    /// The last verdict, for screen readers (a polite live region).
    announce: AttrValue,
    /// The set was just opened: once its panel is drawn in its place (first in the column),
    /// the page scrolls to it and focuses its heading.
    reveal: bool,
    /// The last verdict on the open exercise's run: solved (the page says so by the controls,
    /// where the learner is looking, as well as in the panel).
    solved_now: bool,
}

/// What the worker's drawing of the panel depends on: the set, the hints revealed, what was
/// solved, whether the run is the exercise's and is being checked, the error, the worker
/// being ready.
type SyncKey = (
    ExerciseSet,
    usize,
    Vec<bool>,
    (bool, bool),
    Option<String>,
    bool,
);

/// The page's handle on the desk: what the hook's callbacks and futures share.
#[derive(Clone)]
struct Handle {
    desk: Rc<RefCell<Desk>>,
    redraw: UseForceUpdateHandle,
    on_load: Callback<String>,
    on_link: Callback<String>,
}

impl Handle {
    /// Posts request `name` with `fields` (serde's external tagging of
    /// `quorumscope_diagram::protocol::Request`), if the worker listens.
    fn post(&self, name: &str, fields: &[(&str, JsValue)]) -> bool {
        let d = self.desk.borrow();
        let (Some(worker), true) = (&d.worker, d.ready) else {
            return false;
        };
        post(worker, name, fields);
        true
    }

    /// Opens `set` (starting the worker and fetching the files the first time).
    fn start(&self, set: ExerciseSet) {
        {
            let mut d = self.desk.borrow_mut();
            d.error = None;
            if d.texts.is_empty() {
                d.texts = vec![None; EXERCISES.len()];
                d.sheets = vec![None; EXERCISES.len()];
                d.solved = EXERCISES
                    .iter()
                    .map(|id| Progress::load(id).solved)
                    .collect();
            }
            d.set = Some(set);
            d.reveal = true;
        }
        self.start_worker();
        for (i, id) in EXERCISES.iter().enumerate() {
            if self.desk.borrow().texts[i].is_some() {
                continue;
            }
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let url = file_url(id);
                match crate::fetch::text(&url)
                    .await
                    .map_err(|e| format!("{url}: {e}"))
                {
                    Ok(text) => {
                        this.desk.borrow_mut().texts[i] = Some(text.clone());
                        this.post(
                            "Exercise",
                            &[("id", (*id).into()), ("text", text.as_str().into())],
                        );
                    }
                    Err(e) => {
                        let mut d = this.desk.borrow_mut();
                        d.sheets[i] = Some(None);
                        d.error = Some(e);
                    }
                }
                this.after_sheet(i);
            });
        }
        self.open_current();
    }

    /// Starts the worker, once.
    fn start_worker(&self) {
        if self.desk.borrow().worker.is_some() {
            return;
        }
        let this = self.clone();
        let Some((worker, on_message)) = start(Box::new(move |reply| this.receive(&reply))) else {
            self.desk.borrow_mut().error =
                Some("The exercises' checker (a Web Worker) could not be started.".into());
            return;
        };
        let mut d = self.desk.borrow_mut();
        d.worker = Some(worker);
        d.on_message = Some(on_message);
    }

    /// Applies what the worker answered.
    fn receive(&self, u: &JsValue) {
        if get(u, "ready").is_truthy() {
            self.desk.borrow_mut().ready = true;
            // What was fetched before the worker listened is sent again.
            let texts: Vec<(usize, String)> = {
                let d = self.desk.borrow();
                d.texts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| Some((i, t.clone()?)))
                    .collect()
            };
            for (i, text) in texts {
                self.post(
                    "Exercise",
                    &[("id", EXERCISES[i].into()), ("text", text.into())],
                );
            }
            self.desk.borrow_mut().judged = false;
            self.schedule_judging();
        }
        let sheet = get(u, "exercise");
        if sheet.is_object() {
            let id = get(&sheet, "id").as_string().unwrap_or_default();
            if let Some(i) = EXERCISES.iter().position(|e| *e == id) {
                let scenario = get(&sheet, "error")
                    .is_falsy()
                    .then(|| get(&sheet, "scenario").as_string())
                    .flatten();
                self.desk.borrow_mut().sheets[i] = Some(scenario);
                self.after_sheet(i);
            }
        }
        let verdict = get(u, "verdict");
        if verdict.is_object() {
            self.verdict(&verdict);
            self.sync();
        }
        if let Some(html) = get(u, "workshop").as_string() {
            self.desk.borrow_mut().html = html.into();
        }
        self.redraw.force_update();
    }

    /// A verdict on the visitor's run came back: a solution is remembered.
    fn verdict(&self, v: &JsValue) {
        let mut d = self.desk.borrow_mut();
        d.pending = d.pending.saturating_sub(1);
        let Some(id) = d.set.as_ref().map(ExerciseSet::id) else {
            return;
        };
        let solved =
            get(v, "solved").is_truthy() && get(v, "id").as_string().as_deref() == Some(id);
        if d.pending == 0 {
            d.solved_now = solved && d.in_exercise;
            d.announce = if solved {
                "Exercise solved.".into()
            } else {
                "Not solved yet.".into()
            };
        }
        if solved && d.pending == 0 && d.in_exercise {
            d.progress.solved = true;
            d.progress.save(id);
            if let Some(i) = EXERCISES.iter().position(|e| *e == id) {
                d.solved[i] = true;
            }
        }
    }

    /// Tells the worker the page's state of the exercises (it draws the panel anew).
    fn sync(&self) {
        let fields = {
            let d = self.desk.borrow();
            let Some(set) = &d.set else {
                return;
            };
            let phase = if !d.in_exercise {
                "Loading"
            } else if d.pending > 0 || !d.judged {
                "Checking"
            } else {
                "Judged"
            };
            let ids: Array = set
                .members
                .iter()
                .map(|&m| JsValue::from_str(EXERCISES[m]))
                .collect();
            let solved: Array = set
                .members
                .iter()
                .map(|&m| JsValue::from_bool(d.solved.get(m).copied().unwrap_or(false)))
                .collect();
            [
                ("ids", ids.into()),
                ("open", JsValue::from_f64(set.open as f64)),
                ("solved", solved.into()),
                ("hints", JsValue::from_f64(d.progress.hints as f64)),
                ("phase", JsValue::from_str(phase)),
                (
                    "error",
                    d.error.as_deref().map_or(JsValue::NULL, JsValue::from_str),
                ),
            ]
        };
        self.post("Workshop", &fields);
    }

    /// Exercise `i`'s sheet arrived (or failed): load its scenario if it is the one open.
    fn after_sheet(&self, i: usize) {
        let open = {
            let d = self.desk.borrow();
            d.to_load
                && d.set.as_ref().is_some_and(|s| s.members[s.open] == i)
                && d.sheets[i].is_some()
        };
        if open {
            self.load_scenario();
        }
        self.redraw.force_update();
    }

    /// Opens the set's current exercise: its progress, the link in the address bar, and its
    /// run (the visitor's, if this browser kept one; else the exercise's scenario).
    fn open_current(&self) {
        {
            let mut d = self.desk.borrow_mut();
            let Some(set) = d.set.clone() else {
                return;
            };
            d.progress = Progress::load(set.id());
            d.in_exercise = false;
            d.solved_now = false;
            d.to_load = true;
            d.timer = None;
            replace_fragment(&set.fragment());
        }
        let i = self.open_index();
        if self.desk.borrow().sheets[i].is_some() {
            self.load_scenario();
        }
        self.redraw.force_update();
    }

    /// The open exercise's index into [`EXERCISES`].
    fn open_index(&self) -> usize {
        self.desk
            .borrow()
            .set
            .as_ref()
            .map_or(0, |s| s.members[s.open])
    }

    /// Loads the open exercise's run into the page.
    fn load_scenario(&self) {
        let i = self.open_index();
        let (sheet, kept) = {
            let mut d = self.desk.borrow_mut();
            d.to_load = false;
            (d.sheets[i].clone(), d.progress.session.clone())
        };
        let Some(Some(scenario)) = sheet else {
            return;
        };
        if let Some(fragment) = kept {
            self.mark_asked();
            self.on_link.emit(format!("#{fragment}"));
            return;
        }
        let url = match crate::fetch::resolve(&file_url(EXERCISES[i]), &scenario) {
            Ok(url) => url,
            Err(e) => {
                self.desk.borrow_mut().error = Some(e);
                return;
            }
        };
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match crate::fetch::text(&url)
                .await
                .map_err(|e| format!("{url}: {e}"))
            {
                Ok(text) => {
                    this.mark_asked();
                    this.on_load.emit(text);
                }
                Err(e) => this.desk.borrow_mut().error = Some(e),
            }
            this.redraw.force_update();
        });
    }

    /// Notes the page's scenario before the exercise's is loaded.
    fn mark_asked(&self) {
        let mut d = self.desk.borrow_mut();
        d.asked_from = d.base.clone();
    }

    /// The page's session is now (`base`, `events`): once it is the exercise's, judge it when
    /// it has been still for a moment.
    fn saw(&self, base: &Rc<Scenario>, events: &Rc<Vec<Event>>) {
        let changed = {
            let mut d = self.desk.borrow_mut();
            let same = d.base.as_ref().is_some_and(|b| Rc::ptr_eq(b, base))
                && d.events.as_ref().is_some_and(|e| Rc::ptr_eq(e, events));
            d.base = Some(base.clone());
            d.events = Some(events.clone());
            if d.asked_from
                .as_ref()
                .is_some_and(|before| !Rc::ptr_eq(before, base))
            {
                d.asked_from = None;
                d.in_exercise = true;
            }
            if !same {
                d.judged = false;
                d.solved_now = false;
            }
            !same
        };
        if changed {
            self.schedule_judging();
        }
    }

    /// Judges the session after [`JUDGE_AFTER_MS`] of stillness, and keeps it in this browser.
    fn schedule_judging(&self) {
        let this = self.clone();
        let mut d = self.desk.borrow_mut();
        if !d.in_exercise || d.judged {
            return;
        }
        d.timer = Some(Timeout::new(JUDGE_AFTER_MS, move || this.judge()));
    }

    fn judge(&self) {
        let (id, exercise, session) = {
            let d = self.desk.borrow();
            let (Some(set), Some(base), Some(events)) = (&d.set, &d.base, &d.events) else {
                return;
            };
            let Some(exercise) = d.texts[set.members[set.open]].clone() else {
                return;
            };
            let session = crate::state::merged(base, events).to_json_string();
            (set.id(), exercise, session)
        };
        let fragment = crate::scenarios::share_fragment(&session);
        if self.post(
            "Judge",
            &[
                ("id", id.into()),
                ("exercise", exercise.into()),
                ("session", session.as_str().into()),
            ],
        ) {
            let mut d = self.desk.borrow_mut();
            d.pending += 1;
            d.judged = true;
            d.progress.session = Some(fragment);
            d.progress.save(id);
        }
        self.redraw.force_update();
    }

    /// Reveals the open exercise's next hint.
    fn hint(&self) {
        let mut d = self.desk.borrow_mut();
        if let Some(set) = d.set.clone() {
            d.progress.hints += 1;
            d.progress.save(set.id());
        }
        drop(d);
        self.redraw.force_update();
    }

    /// Opens the set's exercise at `k`.
    fn go(&self, k: usize) {
        let moved = {
            let mut d = self.desk.borrow_mut();
            match d.set.as_mut() {
                Some(set) if k < set.members.len() => {
                    set.open = k;
                    true
                }
                _ => false,
            }
        };
        if moved {
            self.open_current();
        }
    }

    /// Starts the open exercise over from its scenario (the run kept here is forgotten).
    fn start_over(&self) {
        {
            let mut d = self.desk.borrow_mut();
            let Some(id) = d.set.as_ref().map(ExerciseSet::id) else {
                return;
            };
            d.progress.session = None;
            d.progress.save(id);
        }
        self.open_current();
    }

    /// Closes the exercises; the run stays as it is.
    fn leave(&self) {
        let mut d = self.desk.borrow_mut();
        d.set = None;
        d.in_exercise = false;
        d.solved_now = false;
        d.asked_from = None;
        d.timer = None;
        d.error = None;
        drop(d);
        replace_fragment("");
        self.redraw.force_update();
    }
}

impl Handle {
    /// Tells the worker the page's state of the exercises if it changed since it was last
    /// told (or the worker has just started), and says a new verdict to screen readers.
    fn sync_if_changed(&self) {
        let key = {
            let d = self.desk.borrow();
            d.set.as_ref().map(|set| {
                let phase = (d.in_exercise, d.pending > 0 || !d.judged);
                (
                    set.clone(),
                    d.progress.hints,
                    d.solved.clone(),
                    phase,
                    d.error.clone(),
                    d.ready,
                )
            })
        };
        let changed = {
            let mut d = self.desk.borrow_mut();
            let changed = d.synced != key;
            d.synced = key;
            changed
        };
        if changed {
            self.sync();
        }
    }

    /// A click on one of the panel's buttons (its `data-act`).
    fn act(&self, act: &str) {
        let open = self.desk.borrow().set.as_ref().map_or(0, |s| s.open);
        match act {
            "hint" => self.hint(),
            "prev" => self.go(open.saturating_sub(1)),
            "next" => self.go(open + 1),
            "over" => self.start_over(),
            "leave" => self.leave(),
            _ => {
                if let Some(k) = act.strip_prefix("go:").and_then(|k| k.parse().ok()) {
                    self.go(k);
                }
            }
        }
    }
}

/// Puts `fragment` in the address bar without a new history entry (nor a `hashchange`).
fn replace_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = if fragment.is_empty() {
            // The path and the query (an embed's options) stay; only the fragment goes.
            let location = web_sys::window().map(|w| w.location());
            let part = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
                location
                    .as_ref()
                    .and_then(|l| f(l).ok())
                    .unwrap_or_default()
            };
            format!(
                "{}{}",
                part(web_sys::Location::pathname),
                part(web_sys::Location::search)
            )
        } else {
            format!("#{fragment}")
        };
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The fragment of the page's address.
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
    }
}

/// What [`use_workshop`] gives the page.
pub struct WorkshopView {
    /// The panel.
    pub panel: Html,
    /// Whether a set of exercises is open (the page then shows the panel first).
    pub open: bool,
    /// Whether the last verdict on the open exercise's run was: solved.
    pub solved: bool,
}

/// `#workshop`: see the [module documentation](self). `base` and `events` are the page's
/// session; `on_load` loads a scenario file's text, `on_link` opens a share link's fragment.
/// Returns the panel and where the open exercise stands.
#[hook]
pub fn use_workshop(
    base: Rc<Scenario>,
    events: Rc<Vec<Event>>,
    on_load: Callback<String>,
    on_link: Callback<String>,
) -> WorkshopView {
    let desk: Rc<RefCell<Desk>> = use_mut_ref(Desk::default);
    let redraw = use_force_update();
    let handle = Handle {
        desk,
        redraw,
        on_load,
        on_link,
    };
    handle.saw(&base, &events);

    // An exercise link opens its set, when the page opens and when pasted into the address bar.
    {
        let handle = handle.clone();
        use_effect_with((), move |_| {
            let open = move |h: &Handle| match ExerciseSet::from_hash(&location_hash()) {
                None => {}
                Some(Ok(set)) => h.start(set),
                Some(Err(e)) => {
                    h.desk.borrow_mut().error = Some(format!("This exercise link: {e}."));
                    h.redraw.force_update();
                }
            };
            open(&handle);
            let listener = web_sys::window()
                .map(|window| EventListener::new(&window, "hashchange", move |_| open(&handle)));
            move || drop(listener)
        });
    }

    handle.sync_if_changed();

    // A set just opened moves its panel to the top of the column, far from the button on a
    // phone: once the worker has drawn it there, it is scrolled to and focused (the button that
    // opened it is gone). The section is focused, not its heading: the worker's markup inside it
    // is replaced at each verdict, and a focused heading with it.
    {
        let desk = handle.desk.clone();
        use_effect(move || {
            let mut d = desk.borrow_mut();
            if d.reveal && !d.html.is_empty() && (d.in_exercise || d.error.is_some()) {
                d.reveal = false;
                let panel = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| doc.get_element_by_id("workshop"));
                if let Some(p) = panel {
                    reveal(&p);
                    offer_focus(p.unchecked_ref());
                }
            }
        });
    }

    let d = handle.desk.borrow();
    if d.set.is_none() {
        let start = {
            let handle = handle.clone();
            Callback::from(move |_: MouseEvent| handle.start(ExerciseSet::all()))
        };
        return WorkshopView {
            panel: html! {
                <section class="panel workshop" id="workshop" aria-labelledby="workshop-heading">
                    <h2 id="workshop-heading">{ "Workshop exercises" }</h2>
                    <p class="hint">
                        { "Eight exercises that check themselves: each sets a goal (lose an \
                           acknowledged write, make a read stale, ...), and the page checks your run \
                           against it as you go, with hints if you want them." }
                    </p>
                    if let Some(e) = &d.error {
                        <p class="field-error" role="alert">{ e.clone() }</p>
                    }
                    <button type="button" id="workshop-start" onclick={start}>
                        { "Start the exercises" }
                    </button>
                </section>
            },
            open: false,
            solved: false,
        };
    }
    let onclick = {
        let handle = handle.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(act) = event_element(&e).and_then(|el| act_of(&el)) else {
                return;
            };
            handle.act(&act);
        })
    };
    WorkshopView {
        panel: html! {
            <section class="panel workshop" id="workshop" aria-labelledby="workshop-heading"
                     tabindex="-1" onclick={onclick}>
                if d.html.is_empty() {
                    <h2 id="workshop-heading">{ "Workshop exercises" }</h2>
                    if let Some(e) = &d.error {
                        <p class="field-error" role="alert">{ e.clone() }</p>
                    } else {
                        <p class="hint">{ "Loading the exercises…" }</p>
                    }
                } else {
                    { Html::from_html_unchecked(d.html.clone()) }
                }
                <p class="visually-hidden" role="status" aria-live="polite">{ d.announce.clone() }</p>
            </section>
        },
        open: true,
        solved: d.solved_now,
    }
}
