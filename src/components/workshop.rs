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
//! Like the diagram, this is a hook that `App` calls, holding the conversation with its worker;
//! the run itself stays in the page's reducer, which the hook drives through `on_load` (an
//! exercise's scenario) and `on_link` (a run kept in this browser).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Object, Reflect};
use quorumscope_engine::scenario::Event;
use quorumscope_engine::Scenario;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use crate::exercises::{ExerciseSet, Progress, EXERCISES};

/// The worker's loader (the diagram's worker binary also reads and judges exercises).
const WORKER: &str = "diagram/diagram-loader.js";

/// How long the session must be still before it is judged, in ms: a burst of actions is
/// judged once.
pub const JUDGE_AFTER_MS: u32 = 400;

/// Reads field `key` of a JS object.
fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JS array of strings as a `Vec`.
fn strings(v: &JsValue) -> Vec<String> {
    v.dyn_ref::<Array>()
        .map(|a| a.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}

/// An exercise as the worker read it from its file.
#[derive(Clone, Debug, Default, PartialEq)]
struct Sheet {
    title: String,
    task: String,
    scenario: String,
    goal: Vec<String>,
    hints: Vec<String>,
    explanation: String,
}

impl Sheet {
    /// The worker's `ExerciseView` (`quorumscope_diagram::workshop`).
    fn read(v: &JsValue) -> Result<Sheet, String> {
        if let Some(e) = get(v, "error").as_string() {
            return Err(e);
        }
        let text = |k| get(v, k).as_string().unwrap_or_default();
        Ok(Sheet {
            title: text("title"),
            task: text("task"),
            scenario: text("scenario"),
            goal: strings(&get(v, "goal")),
            hints: strings(&get(v, "hints")),
            explanation: text("explanation"),
        })
    }
}

/// The exercise's file, relative to the page.
fn file_url(id: &str) -> String {
    format!("exercises/{id}.json")
}

/// The conversation with the worker, and where the open exercise stands.
#[derive(Default)]
struct Desk {
    worker: Option<Worker>,
    /// Its message handler (kept alive as long as the worker).
    on_message: Option<Closure<dyn Fn(MessageEvent)>>,
    /// The worker said it listens (what was sent before was not heard).
    ready: bool,
    /// The set being worked through; `None` until the visitor opens the exercises.
    set: Option<ExerciseSet>,
    /// Each exercise's file, by index into [`EXERCISES`], once fetched.
    texts: Vec<Option<String>>,
    /// Each exercise as the worker read it (or why it could not be).
    sheets: Vec<Option<Result<Sheet, String>>>,
    /// What this browser keeps of the open exercise.
    progress: Progress,
    /// Which exercises were solved in this browser (by index into [`EXERCISES`]).
    solved: Vec<bool>,
    /// The last verdict on the visitor's run: each condition's state, or why it could not be
    /// judged.
    verdict: Option<Result<Vec<bool>, String>>,
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
}

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
    fn post(&self, name: &str, fields: &[(&str, &str)]) -> bool {
        let d = self.desk.borrow();
        let (Some(worker), true) = (&d.worker, d.ready) else {
            return false;
        };
        let inner = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&inner, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        let outer = Object::new();
        let _ = Reflect::set(&outer, &JsValue::from_str(name), &inner);
        worker.post_message(&outer).is_ok()
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
        }
        self.start_worker();
        for (i, id) in EXERCISES.iter().enumerate() {
            if self.desk.borrow().texts[i].is_some() {
                continue;
            }
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::fetch::text(&file_url(id)).await {
                    Ok(text) => {
                        this.desk.borrow_mut().texts[i] = Some(text.clone());
                        this.post("Exercise", &[("id", id), ("text", &text)]);
                    }
                    Err(e) => this.desk.borrow_mut().sheets[i] = Some(Err(e)),
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
        let Ok(worker) = Worker::new(WORKER) else {
            self.desk.borrow_mut().error =
                Some("The exercises' checker (a Web Worker) could not be started.".into());
            return;
        };
        let this = self.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            this.receive(&e.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
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
                self.post("Exercise", &[("id", EXERCISES[i]), ("text", &text)]);
            }
            self.desk.borrow_mut().judged = false;
            self.schedule_judging();
        }
        let sheet = get(u, "exercise");
        if sheet.is_object() {
            let id = get(&sheet, "id").as_string().unwrap_or_default();
            if let Some(i) = EXERCISES.iter().position(|e| *e == id) {
                self.desk.borrow_mut().sheets[i] = Some(Sheet::read(&sheet));
                self.after_sheet(i);
            }
        }
        let verdict = get(u, "verdict");
        if verdict.is_object() {
            self.verdict(&verdict);
        }
        self.redraw.force_update();
    }

    /// A verdict on the visitor's run came back.
    fn verdict(&self, v: &JsValue) {
        let mut d = self.desk.borrow_mut();
        d.pending = d.pending.saturating_sub(1);
        let open = d.set.as_ref().map(ExerciseSet::id);
        if get(v, "id").as_string().as_deref() != open {
            return;
        }
        if let Some(e) = get(v, "error").as_string() {
            d.verdict = Some(Err(e));
            return;
        }
        let met: Vec<bool> = get(v, "met")
            .dyn_ref::<Array>()
            .map(|a| a.iter().map(|b| b.is_truthy()).collect())
            .unwrap_or_default();
        d.verdict = Some(Ok(met));
        if get(v, "solved").is_truthy() && d.pending == 0 && d.in_exercise {
            let id = open.unwrap_or_default();
            d.progress.solved = true;
            d.progress.save(id);
            if let Some(i) = EXERCISES.iter().position(|e| *e == id) {
                d.solved[i] = true;
            }
        }
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
            d.verdict = None;
            d.in_exercise = false;
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
        let Some(Ok(sheet)) = sheet else {
            return;
        };
        if let Some(fragment) = kept {
            self.mark_asked();
            self.on_link.emit(format!("#{fragment}"));
            return;
        }
        let url = match crate::fetch::resolve(&file_url(EXERCISES[i]), &sheet.scenario) {
            Ok(url) => url,
            Err(e) => {
                self.desk.borrow_mut().error = Some(e);
                return;
            }
        };
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match crate::fetch::text(&url).await {
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
            &[("id", id), ("exercise", &exercise), ("session", &session)],
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
        d.asked_from = None;
        d.timer = None;
        d.error = None;
        drop(d);
        replace_fragment("");
        self.redraw.force_update();
    }
}

/// Puts `fragment` in the address bar without a new history entry (nor a `hashchange`).
fn replace_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = if fragment.is_empty() {
            web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default()
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

/// `#workshop`: see the [module documentation](self). `base` and `events` are the page's
/// session; `on_load` loads a scenario file's text, `on_link` opens a share link's fragment.
#[hook]
pub fn use_workshop(
    base: Rc<Scenario>,
    events: Rc<Vec<Event>>,
    on_load: Callback<String>,
    on_link: Callback<String>,
) -> Html {
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

    let d = handle.desk.borrow();
    let error = d.error.as_ref().map(|e| {
        html! { <p class="field-error" role="alert">{ e.clone() }</p> }
    });
    let Some(set) = d.set.clone() else {
        let start = {
            let handle = handle.clone();
            Callback::from(move |_: MouseEvent| handle.start(ExerciseSet::all()))
        };
        return html! {
            <section class="panel workshop" id="workshop" aria-labelledby="workshop-heading">
                <h2 id="workshop-heading">{ "Workshop exercises" }</h2>
                <p class="hint">
                    { format!("{} exercises that check themselves: each gives a goal (lose an \
                       acknowledged write, make a read stale, ...), and the page checks your run \
                       against it as you go, with hints if you want them.", EXERCISES.len()) }
                </p>
                { for error }
                <button type="button" id="workshop-start" onclick={start}>
                    { "Start the exercises" }
                </button>
            </section>
        };
    };
    let i = set.members[set.open];
    let sheet = d.sheets[i].clone();
    let heading = match &sheet {
        Some(Ok(s)) => format!(
            "Exercise {} of {}: {}",
            set.open + 1,
            set.members.len(),
            s.title
        ),
        _ => format!("Exercise {} of {}", set.open + 1, set.members.len()),
    };
    let cb = |f: fn(&Handle)| {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| f(&handle))
    };
    let go = |k: usize| {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| handle.go(k))
    };
    let body = match &sheet {
        None => html! { <p class="hint">{ "Loading the exercise…" }</p> },
        Some(Err(e)) => html! { <p class="field-error" role="alert">{ e.clone() }</p> },
        Some(Ok(s)) => {
            let met = match &d.verdict {
                Some(Ok(met)) => met.clone(),
                _ => Vec::new(),
            };
            let held = met.iter().filter(|m| **m).count();
            let solved_now = !met.is_empty() && held == met.len();
            let verdict = if d.pending > 0 || (d.in_exercise && !d.judged) {
                "Checking your run…".to_string()
            } else {
                match &d.verdict {
                    _ if !d.in_exercise => "Loading the exercise's scenario…".to_string(),
                    Some(Err(e)) => e.clone(),
                    Some(Ok(_)) if solved_now => {
                        "Solved: every condition holds in your run.".to_string()
                    }
                    Some(Ok(_)) => format!(
                        "Not solved yet: {held} of {} condition(s) hold in your run{}.",
                        met.len(),
                        if d.progress.solved {
                            " (you solved it before, in this browser)"
                        } else {
                            ""
                        }
                    ),
                    None => "Checking your run…".to_string(),
                }
            };
            let shown = d.progress.hints.min(s.hints.len());
            html! { <>
                <p class="workshop-task">{ s.task.clone() }</p>
                <h3>{ "Goal" }</h3>
                <ul class="workshop-goal">
                    { for s.goal.iter().enumerate().map(|(k, text)| {
                        let ok = met.get(k).copied().unwrap_or(false);
                        html! {
                            <li data-met={if ok { "yes" } else { "no" }}>
                                <span aria-hidden="true">{ if ok { "✓ " } else { "○ " } }</span>
                                { text.clone() }
                                <span class="visually-hidden">{ if ok { " (holds)" } else { " (not yet)" } }</span>
                            </li>
                        }
                    }) }
                </ul>
                <p id="workshop-verdict" role="status" aria-live="polite"
                   data-solved={if solved_now { "yes" } else { "no" }}>{ verdict }</p>
                <p class="hint">
                    { "Your run is checked as qsim check checks a file: played until it settles, \
                       from what clients saw and what replicas hold." }
                </p>
                if solved_now || d.progress.solved {
                    <div class="workshop-explanation">
                        <h3>{ "Why it works" }</h3>
                        <p>{ s.explanation.clone() }</p>
                    </div>
                }
                if !s.hints.is_empty() {
                    <ol class="workshop-hints" aria-label="Hints">
                        { for s.hints.iter().take(shown).map(|h| html! { <li>{ h.clone() }</li> }) }
                    </ol>
                    <button type="button" id="workshop-hint" disabled={shown >= s.hints.len()}
                            onclick={cb(Handle::hint)}>
                        { if shown >= s.hints.len() {
                            "No more hints".to_string()
                        } else {
                            format!("Show a hint ({} of {})", shown + 1, s.hints.len())
                        } }
                    </button>
                }
            </> }
        }
    };
    let list = set.members.iter().enumerate().map(|(k, &m)| {
        let title = match &d.sheets[m] {
            Some(Ok(s)) => s.title.clone(),
            _ => EXERCISES[m].to_string(),
        };
        let done = d.solved.get(m).copied().unwrap_or(false);
        html! {
            <li data-solved={if done { "yes" } else { "no" }}>
                <button type="button" class="link-button"
                        aria-current={(k == set.open).then_some("step")} onclick={go(k)}>
                    { format!("{:02}. {title}", m + 1) }
                </button>
                if done { <span>{ " ✓" }<span class="visually-hidden">{ " solved" }</span></span> }
            </li>
        }
    });
    html! {
        <section class="panel workshop" id="workshop" aria-labelledby="workshop-heading">
            <h2 id="workshop-heading">{ heading }</h2>
            { for error }
            { body }
            <div class="workshop-nav">
                <button type="button" disabled={set.open == 0}
                        onclick={go(set.open.saturating_sub(1))}>{ "Previous exercise" }</button>
                <button type="button" disabled={set.open + 1 >= set.members.len()}
                        onclick={go(set.open + 1)}>{ "Next exercise" }</button>
                <button type="button" onclick={cb(Handle::start_over)}>{ "Start over" }</button>
                <button type="button" onclick={cb(Handle::leave)}>{ "Leave the exercises" }</button>
            </div>
            <ol class="workshop-list" aria-label="Exercises">{ for list }</ol>
        </section>
    }
}
