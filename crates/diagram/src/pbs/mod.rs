//! "How stale, how often?" (issue 12, parts 1 and 3): the page's PBS t-visibility panel, run
//! in the worker so that its drawing, computing, form handling and text cost the page's first
//! load nothing.
//!
//! The page (`src/components/pbs_view.rs`) starts a worker of its own the first time the panel
//! is opened and forwards raw facts: [`Request::Pbs`](crate::protocol::Request::Pbs) with the
//! `data-act` of the button pressed, the values of the panel's named fields, and the session's
//! scenario file when it changed. [`PbsPanel::handle`] parses the form (a bad field gets a
//! message naming it), computes in chunks, reporting progress between them through a callback
//! (the worker posts each as an [`Update`]), and answers with the panel's parts as markup:
//!
//! - the form ([`Update::pbs_form`], sent once: the page keeps what the visitor types);
//! - a status line: progress, what was drawn, or what was wrong ([`Update::pbs_status`]);
//! - the view ([`Update::pbs_view`]): the chart (log time axis, one curve per (n, r, w, model),
//!   the 99% and 99.9% marks), its legend (with a button to remove each curve), the table of
//!   every curve's points (each a button that shows a run), write and read latency
//!   percentiles, k-staleness by the closed form and by Monte Carlo, and the run shown;
//! - a share link's fragment ([`Update::pbs_link`]) when a point is selected: one sampled
//!   trial of the message-level engine at that t as a scenario, which the page opens as it
//!   opens any share link, so that the cluster view and the operation log show the run.
//!
//! Two estimates: the closed WARS model ([`quorumscope_engine::pbs`], 200,000 trials by
//! default, every t from the same trials) and the engine on the session's own cluster with its
//! faults ([`quorumscope_engine::staleness`], far fewer trials: each is a simulated run).

use std::collections::BTreeMap;
use std::fmt::Write;

use quorumscope_engine::latency::Latency;
use quorumscope_engine::number::{fixed, grouped};
use quorumscope_engine::pbs::{
    k_staleness, k_staleness_monte_carlo, p_consistent_at, pbs_model, quantile, PbsModel, PbsQuery,
    PbsSampler, PbsSamples,
};
use quorumscope_engine::staleness::{wilson95, ReadOutcome, StalenessQuery, TrialSample};
use quorumscope_engine::Scenario;

use crate::protocol::Update;
use crate::ring::{colour, escape};

mod chart;
mod form;
mod sample;
mod tables;
#[cfg(test)]
mod tests;

use chart::{chart, legend};
use form::{closed_spec, form, whole};
pub use sample::wars_scenario;
use sample::{explain_sample, outcome_word};
use tables::{points_table, stats_table};

/// The times of the closed model's curves, ms: 50 points on a log grid from 0.01 ms to 10 s.
pub fn grid() -> Vec<f64> {
    (0..GRID_POINTS)
        .map(|i| {
            let e = T_MIN_LOG10 + (T_MAX_LOG10 - T_MIN_LOG10) * i as f64 / (GRID_POINTS - 1) as f64;
            // Rounded to 4 significant digits, so the table reads cleanly.
            let x = 10f64.powf(e);
            let scale = 10f64.powf(3.0 - x.log10().floor());
            (x * scale).round() / scale
        })
        .collect()
}

/// Points of a closed-model curve.
pub const GRID_POINTS: usize = 50;
/// The chart's time axis, log10 of ms.
const T_MIN_LOG10: f64 = -2.0;
const T_MAX_LOG10: f64 = 4.0;
/// The engine's curves take every other point of [`grid`]: each point is a simulated read per
/// trial.
const ENGINE_EVERY: usize = 2;
/// Default trials of the closed model, and the most the page may ask for (each keeps three
/// `f64`: 24 MB at the most).
pub const DEFAULT_TRIALS: u64 = 200_000;
const MAX_TRIALS: u64 = 1_000_000;
/// Default trials of the engine, and the most.
pub const DEFAULT_ENGINE_TRIALS: u64 = 1_000;
const MAX_ENGINE_TRIALS: u64 = 20_000;
/// Trials per progress report.
const CHUNK: u64 = 10_000;
const ENGINE_CHUNK: u64 = 100;
/// The most curves on the chart at once.
pub const MAX_CURVES: usize = 6;
/// k-staleness is shown for k = 1..=K.
const K: u32 = 5;
/// Trials of the k-staleness Monte Carlo (at most).
const K_TRIALS: u64 = 200_000;
/// Trials sampled when a point is selected, to pick a run to show.
const SHOW_TRIALS: u64 = 400;
/// The seed of every computation (the same form gives the same curve).
const SEED: u64 = 2012;

/// The latency of a closed-model curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelChoice {
    /// The session's scenario's `cluster.latency`.
    Scenario,
    /// LinkedIn Voldemort on SSDs.
    LnkdSsd,
    /// LinkedIn Voldemort on disks.
    LnkdDisk,
    /// Yammer Riak.
    Ymmr,
    /// The paper's WAN model.
    Wan,
}

impl ModelChoice {
    const ALL: [ModelChoice; 5] = [
        ModelChoice::LnkdDisk,
        ModelChoice::LnkdSsd,
        ModelChoice::Ymmr,
        ModelChoice::Wan,
        ModelChoice::Scenario,
    ];

    /// Its value in the form's select.
    fn value(self) -> &'static str {
        match self {
            ModelChoice::Scenario => "scenario",
            ModelChoice::LnkdSsd => "lnkd-ssd",
            ModelChoice::LnkdDisk => "lnkd-disk",
            ModelChoice::Ymmr => "ymmr",
            ModelChoice::Wan => "wan",
        }
    }

    /// How the legend names it.
    fn short(self) -> &'static str {
        match self {
            ModelChoice::Scenario => "this scenario's latency",
            ModelChoice::LnkdSsd => "LNKD-SSD",
            ModelChoice::LnkdDisk => "LNKD-DISK",
            ModelChoice::Ymmr => "YMMR",
            ModelChoice::Wan => "WAN",
        }
    }

    /// The option's text.
    fn option(self) -> &'static str {
        match self {
            ModelChoice::Scenario => "This scenario's latency",
            ModelChoice::LnkdSsd => "LNKD-SSD (LinkedIn, SSDs)",
            ModelChoice::LnkdDisk => "LNKD-DISK (LinkedIn, disks)",
            ModelChoice::Ymmr => "YMMR (Yammer Riak)",
            ModelChoice::Wan => "WAN (a datacenter per replica, +75 ms)",
        }
    }

    fn parse(text: &str) -> Option<ModelChoice> {
        ModelChoice::ALL.into_iter().find(|m| m.value() == text)
    }
}

/// What a curve estimates, and from what.
#[derive(Clone, Debug, PartialEq)]
enum CurveKind {
    /// The closed WARS model.
    Closed {
        n: usize,
        r: usize,
        w: usize,
        model: ModelChoice,
        /// The latency inside the model (for `Wan`, within a datacenter).
        latency: Latency,
        wan: bool,
        trials: u64,
        write_ms: [f64; 3],
        read_ms: [f64; 3],
        k_closed: Vec<f64>,
        k_mc: Vec<f64>,
        k_trials: u64,
    },
    /// The engine on the session's scenario.
    Engine {
        scenario: Box<Scenario>,
        trials: u64,
        committed: u64,
        write_failures: u64,
        first_failure: Option<String>,
        mean_write_ms: Option<f64>,
        nrw: String,
    },
}

/// One point of a curve.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    t_ms: f64,
    p: f64,
    /// The 95% interval (engine curves).
    ci: Option<(f64, f64)>,
}

/// A curve on the chart.
#[derive(Clone, Debug, PartialEq)]
struct Curve {
    id: u32,
    label: String,
    /// At the commit (t = 0).
    p0: f64,
    points: Vec<Point>,
    /// The times at which 99% and 99.9% are reached (`None`: not within the grid).
    t99: Option<f64>,
    t999: Option<f64>,
    kind: CurveKind,
}

impl Curve {
    fn colour(&self) -> &'static str {
        colour(self.id as usize)
    }

    fn is_engine(&self) -> bool {
        matches!(self.kind, CurveKind::Engine { .. })
    }
}

/// The panel's state in the worker.
#[derive(Default)]
pub struct PbsPanel {
    /// The session's scenario, as last received.
    scenario: Option<Scenario>,
    /// Why the last scenario received could not be read.
    scenario_error: Option<String>,
    curves: Vec<Curve>,
    next_id: u32,
    /// The point shown as a run: curve id and index, and what the panel says of it.
    shown: Option<(u32, usize, String)>,
    /// The form was sent.
    form_sent: bool,
}

/// A form's fields, by name.
pub type Fields = BTreeMap<String, String>;

/// `p` as a percentage with `places` decimals: `43.72%`.
fn pct(p: f64, places: u32) -> String {
    format!("{}%", fixed(p * 100.0, places))
}

/// A time in ms for the page: 3 significant digits, `0` as such.
fn ms(t: f64) -> String {
    if t <= 0.0 {
        return "0 ms".into();
    }
    let places = if t >= 100.0 {
        0
    } else if t >= 10.0 {
        1
    } else if t >= 1.0 {
        2
    } else {
        3
    };
    format!("{} ms", fixed(t, places))
}

/// What the view says of a curve's marks: `99% at 24.1 ms` or `99% not reached by 10 s`.
fn mark_text(p: &str, t: Option<f64>, engine: bool) -> String {
    match t {
        Some(t) if t <= 0.0 => format!("{p} at commit"),
        Some(t) if engine => format!("{p} by {} (grid)", ms(t)),
        Some(t) => format!("{p} at {}", ms(t)),
        None => format!("{p} not reached by 10 s"),
    }
}

impl PbsPanel {
    /// A panel with no curve.
    pub fn new() -> PbsPanel {
        PbsPanel::default()
    }

    /// Serves one request: `act` is the `data-act` of what was pressed (`open` when the panel
    /// first opens), `fields` the form's values, `scenario` the session's scenario file when it
    /// changed. `progress` receives updates while a curve is computed (the worker posts them).
    pub fn handle(
        &mut self,
        act: &str,
        fields: &Fields,
        scenario: Option<String>,
        progress: &mut dyn FnMut(Update),
    ) -> Update {
        if let Some(text) = scenario {
            match Scenario::from_json(&text) {
                Ok(s) => {
                    self.scenario = Some(s);
                    self.scenario_error = None;
                }
                Err(e) => {
                    self.scenario = None;
                    self.scenario_error = Some(e.to_string());
                }
            }
        }
        let mut update = Update::default();
        if !self.form_sent {
            // At once, before any computing: the form, and with it the panel's styles, which
            // then load while the first curve is computed.
            progress(Update {
                pbs_form: Some(form()),
                ..Update::default()
            });
            self.form_sent = true;
        }
        let result = match act {
            "open" if self.curves.is_empty() => {
                let mut defaults = Fields::new();
                for (k, v) in [
                    ("n", "3"),
                    ("r", "1"),
                    ("w", "1"),
                    ("model", "lnkd-disk"),
                    ("trials", "200000"),
                ] {
                    defaults.insert(k.into(), v.into());
                }
                self.add_closed(&defaults, false, progress)
            }
            "open" => Ok(String::new()),
            "draw" => self.add_closed(fields, false, progress),
            "add" => self.add_closed(fields, true, progress),
            "engine" => self.add_engine(fields, progress),
            _ => {
                if let Some(id) = act.strip_prefix("remove:").and_then(|i| i.parse().ok()) {
                    self.remove(id)
                } else if let Some((id, i)) = act
                    .strip_prefix("pt:")
                    .and_then(|rest| rest.split_once(':'))
                    .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                {
                    self.show(id, i, &mut update)
                } else {
                    Err(format!(
                        "The staleness panel does not know the action \u{201c}{act}\u{201d}."
                    ))
                }
            }
        };
        update.pbs_status = Some(match result {
            Ok(done) => format!(
                "<p class=\"pbs-done\" role=\"status\">{}</p>",
                escape(&done)
            ),
            Err(e) => format!("<p class=\"field-error\" role=\"alert\">{}</p>", escape(&e)),
        });
        // A point's run changes only the run's box: the table is not drawn again, so the value
        // pressed keeps the keyboard's focus.
        update.pbs_run = Some(self.run_box());
        if !act.starts_with("pt:") {
            update.pbs_view = Some(self.view());
        }
        update
    }

    /// Computes a closed-model curve from the form and adds it (`keep`) or replaces every
    /// curve with it.
    fn add_closed(
        &mut self,
        fields: &Fields,
        keep: bool,
        progress: &mut dyn FnMut(Update),
    ) -> Result<String, String> {
        let spec = closed_spec(fields)?;
        if keep && self.curves.len() >= MAX_CURVES {
            return Err(format!(
                "At most {MAX_CURVES} curves: remove one before adding another."
            ));
        }
        let (model, latency) = match spec.model {
            ModelChoice::Scenario => {
                let s = self.session()?;
                if !s.cluster.datacenters.is_empty() {
                    return Err("Latency: this scenario's cluster spans datacenters, and the \
                                closed model has one latency for every message. Choose one of \
                                the paper's models, or press \u{201c}Simulate this scenario\u{201d}."
                        .into());
                }
                let l = s.cluster.latency.clone();
                (PbsModel::Iid(l.clone()), l)
            }
            m => {
                let model = pbs_model(m.value()).ok_or("internal: a paper's model is missing")?;
                let l = model.latency().clone();
                (model, l)
            }
        };
        let label = format!(
            "n={} r={} w={} {}",
            spec.n,
            spec.r,
            spec.w,
            spec.model.short()
        );
        let query = PbsQuery {
            n: spec.n,
            r: spec.r,
            w: spec.w,
            model,
            trials: spec.trials,
            seed: SEED,
            t_ms: Vec::new(),
            p: Vec::new(),
        };
        query.validate()?;
        let mut sampler = PbsSampler::new(&query);
        let mut samples = PbsSamples::default();
        let mut done = 0;
        while done < spec.trials {
            let step = CHUNK.min(spec.trials - done);
            sampler.sample(step, &mut samples);
            done += step;
            if done < spec.trials {
                progress(progress_update(&label, done, spec.trials, "trials"));
            }
        }
        let PbsSamples {
            mut slack_ms,
            mut write_ms,
            mut read_ms,
        } = samples;
        for v in [&mut slack_ms, &mut write_ms, &mut read_ms] {
            v.sort_unstable_by(f64::total_cmp);
        }
        let points = grid()
            .into_iter()
            .map(|t| Point {
                t_ms: t,
                p: p_consistent_at(&slack_ms, t),
                ci: None,
            })
            .collect();
        let reach = |p: f64| {
            quantile(&slack_ms, p)
                .map(|t| t.max(0.0))
                .filter(|&t| t <= 1e4)
        };
        let pcts = |v: &[f64]| [0.5, 0.99, 0.999].map(|p| quantile(v, p).unwrap_or(0.0));
        let k_trials = K_TRIALS.min(spec.trials);
        let k_closed = (1..=K)
            .map(|k| k_staleness(spec.n, spec.r, spec.w, k))
            .collect::<Result<Vec<f64>, String>>()?;
        let k_mc = k_staleness_monte_carlo(spec.n, spec.r, spec.w, K, k_trials, SEED)?;
        let curve = Curve {
            id: self.next_id,
            label: label.clone(),
            p0: p_consistent_at(&slack_ms, 0.0),
            points,
            t99: reach(0.99),
            t999: reach(0.999),
            kind: CurveKind::Closed {
                n: spec.n,
                r: spec.r,
                w: spec.w,
                model: spec.model,
                latency,
                wan: spec.model == ModelChoice::Wan,
                trials: spec.trials,
                write_ms: pcts(&write_ms),
                read_ms: pcts(&read_ms),
                k_closed,
                k_mc,
                k_trials,
            },
        };
        self.push(curve, keep);
        Ok(format!(
            "Drew {label} from {} trials.",
            grouped(spec.trials)
        ))
    }

    /// The session's scenario, or why there is none.
    fn session(&self) -> Result<&Scenario, String> {
        match (&self.scenario, &self.scenario_error) {
            (Some(s), _) => Ok(s),
            (None, Some(e)) => Err(format!("This scenario cannot be read: {e}.")),
            (None, None) => Err("The page has not sent its scenario yet.".into()),
        }
    }

    /// Adds `curve`, or replaces every curve with it.
    fn push(&mut self, curve: Curve, keep: bool) {
        if !keep {
            self.curves.clear();
            self.shown = None;
        }
        self.next_id += 1;
        self.curves.push(curve);
    }

    /// Simulates the session's cluster with the engine and adds its curve.
    fn add_engine(
        &mut self,
        fields: &Fields,
        progress: &mut dyn FnMut(Update),
    ) -> Result<String, String> {
        let trials = whole(fields, "etrials", "Simulated trials", 1, MAX_ENGINE_TRIALS)?;
        if self.curves.len() >= MAX_CURVES {
            return Err(format!(
                "At most {MAX_CURVES} curves: remove one before adding another."
            ));
        }
        let scenario = self.session()?.clone();
        let ts: Vec<f64> = grid().into_iter().step_by(ENGINE_EVERY).collect();
        let label_base = if scenario.name.is_empty() {
            "This scenario".to_string()
        } else {
            scenario.name.clone()
        };
        let mut label = format!("{label_base}, simulated");
        let mut consistent = vec![0u64; ts.len() + 1];
        let (mut committed, mut failures, mut write_ms_sum) = (0u64, 0u64, 0.0);
        let mut first_failure = None;
        let mut nrw = String::new();
        let mut all_t = vec![0.0];
        all_t.extend_from_slice(&ts);
        let mut done = 0;
        let mut chunk = 0;
        while done < trials {
            let step = ENGINE_CHUNK.min(trials - done);
            let q = StalenessQuery {
                trials: step,
                seed: SEED.wrapping_add(chunk),
                t_ms: all_t.clone(),
                at_ms: None,
                key: None,
                writer: None,
                reader: None,
            };
            let rep = q.run(&scenario)?;
            if nrw.is_empty() {
                nrw = format!("n={} r={} w={}", rep.n, rep.r, rep.w);
                label = format!("{label_base}, simulated ({nrw})");
            }
            committed += rep.committed;
            failures += rep.write_failures;
            if first_failure.is_none() {
                first_failure = rep.first_write_failure.clone();
            }
            write_ms_sum += rep.mean_write_ms.unwrap_or(0.0) * rep.committed as f64;
            for (c, p) in consistent.iter_mut().zip(&rep.points) {
                *c += p.consistent;
            }
            done += step;
            chunk += 1;
            if done < trials {
                progress(progress_update(&label, done, trials, "simulated trials"));
            }
        }
        let p_of = |c: u64| {
            if committed == 0 {
                0.0
            } else {
                c as f64 / committed as f64
            }
        };
        let points: Vec<Point> = ts
            .iter()
            .zip(&consistent[1..])
            .map(|(&t, &c)| Point {
                t_ms: t,
                p: p_of(c),
                ci: Some(wilson95(c, committed)),
            })
            .collect();
        let first_at = |p: f64| {
            if p_of(consistent[0]) >= p {
                return Some(0.0);
            }
            points.iter().find(|pt| pt.p >= p).map(|pt| pt.t_ms)
        };
        let curve = Curve {
            id: self.next_id,
            label: label.clone(),
            p0: p_of(consistent[0]),
            t99: (committed > 0).then(|| first_at(0.99)).flatten(),
            t999: (committed > 0).then(|| first_at(0.999)).flatten(),
            points,
            kind: CurveKind::Engine {
                scenario: Box::new(scenario),
                trials,
                committed,
                write_failures: failures,
                first_failure,
                mean_write_ms: (committed > 0).then(|| write_ms_sum / committed as f64),
                nrw,
            },
        };
        if committed == 0 {
            return Err(format!(
                "Simulated {label}: none of the {} probe writes committed ({}), so there is no \
                 curve to draw.",
                grouped(trials),
                curve_failure(&curve)
            ));
        }
        self.push(curve, true);
        Ok(format!(
            "Simulated {label}: {} trials, {} writes committed.",
            grouped(trials),
            grouped(committed)
        ))
    }

    /// Removes curve `id`.
    fn remove(&mut self, id: u32) -> Result<String, String> {
        let Some(i) = self.curves.iter().position(|c| c.id == id) else {
            return Err("That curve is no longer on the chart.".into());
        };
        let c = self.curves.remove(i);
        if self.shown.as_ref().is_some_and(|s| s.0 == id) {
            self.shown = None;
        }
        Ok(format!("Removed {}.", c.label))
    }

    /// Samples trials of the engine at point `i` of curve `id` and shows one as a run: a
    /// stale one when the sample has any.
    fn show(&mut self, id: u32, i: usize, update: &mut Update) -> Result<String, String> {
        let curve = self
            .curves
            .iter()
            .find(|c| c.id == id)
            .ok_or("That curve is no longer on the chart.")?;
        let point = curve
            .points
            .get(i)
            .ok_or("That point is not on the curve.")?;
        let t = point.t_ms;
        let (scenario, trials, closed) = match &curve.kind {
            CurveKind::Closed { wan: true, .. } => {
                let why = "The paper's WAN model puts each replica in a datacenter of its own and \
                    starts each write and each read in a datacenter chosen at random; the \
                    engine's clients sit in fixed datacenters, so a WAN point cannot be replayed \
                    as a run. Choose a point of another curve, or open a scenario with \
                    datacenters (the library's \u{201c}Two datacenters\u{201d}) and simulate it.";
                self.shown = Some((id, i, why.to_string()));
                return Err("A WAN point cannot be shown as a run (see below).".into());
            }
            CurveKind::Closed {
                n, r, w, latency, ..
            } => (wars_scenario(*n, *r, *w, latency)?, SHOW_TRIALS, true),
            CurveKind::Engine { scenario, .. } => {
                ((**scenario).clone(), DEFAULT_ENGINE_TRIALS, false)
            }
        };
        let q = StalenessQuery {
            trials,
            seed: SEED,
            t_ms: vec![t],
            at_ms: None,
            key: None,
            writer: None,
            reader: None,
        };
        let sample = q.sample_at(&scenario, t)?;
        let text = explain_sample(&curve.label, point, &sample, closed);
        let Some(run) = sample.shown else {
            self.shown = Some((id, i, text));
            return Err(
                "No sampled write committed at this point: there is no run to show.".into(),
            );
        };
        let mut file = run.scenario.clone();
        file.name = format!(
            "A {} read {} after the commit",
            outcome_word(run.outcome),
            ms(t)
        );
        file.description = text.clone();
        update.pbs_link = Some(quorumscope_link::share_fragment(&file.to_json_string()));
        self.shown = Some((id, i, text));
        Ok(format!(
            "Opened trial {} in the cluster view: press Play to watch it.",
            run.index + 1
        ))
    }

    /// The view: chart, legend, table of points, latency and k-staleness, the run shown.
    fn view(&self) -> String {
        let mut out = String::new();
        if self.curves.is_empty() {
            out.push_str("<p class=\"hint\">No curve yet: fill in the form and press \u{201c}Draw\u{201d}.</p>");
            return out;
        }
        out.push_str(
            "<p class=\"hint\" id=\"pbs-caption\">Up: the chance that a read sees the write; \
             across: how long after the commit the read starts (log scale). Rings mark where \
             each curve reaches 99% and 99.9%. Press a point, or a value in the table below, to \
             watch one sampled read at that moment in the cluster view.</p>",
        );
        out.push_str(&chart(&self.curves));
        out.push_str(&legend(&self.curves));
        out.push_str(&stats_table(&self.curves));
        out.push_str(&points_table(&self.curves));
        out
    }

    /// The box saying which run is shown (`#pbs-run`), or nothing.
    fn run_box(&self) -> String {
        match &self.shown {
            Some((_, _, text)) => format!(
                "<div id=\"pbs-run\" class=\"pbs-run\"><h3>The run shown</h3><p>{}</p></div>",
                escape(text)
            ),
            None => String::new(),
        }
    }
}

/// Why an engine curve's first probe write failed.
fn curve_failure(curve: &Curve) -> &str {
    match &curve.kind {
        CurveKind::Engine {
            first_failure: Some(why),
            ..
        } => why,
        _ => "no reason given",
    }
}

/// A progress report while computing `label`.
fn progress_update(label: &str, done: u64, total: u64, what: &str) -> Update {
    Update {
        pbs_status: Some(format!(
            "<p class=\"pbs-progress\" role=\"status\">Computing {}: {} of {} {what}\u{2026} \
             <progress max=\"{total}\" value=\"{done}\"></progress></p>",
            escape(label),
            grouped(done),
            grouped(total)
        )),
        ..Update::default()
    }
}
