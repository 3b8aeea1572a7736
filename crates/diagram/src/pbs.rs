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

/// What the form asks for.
#[derive(Clone, Debug, PartialEq)]
struct ClosedSpec {
    n: usize,
    r: usize,
    w: usize,
    model: ModelChoice,
    trials: u64,
}

/// A whole number from `lo` to `hi` in field `name`, or a message naming the field.
fn whole(fields: &Fields, name: &str, label: &str, lo: u64, hi: u64) -> Result<u64, String> {
    let raw = fields.get(name).map(|s| s.trim()).unwrap_or("");
    let digits = raw.replace([',', '_'], "");
    match digits.parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        Ok(v) => Err(format!(
            "{label} must be from {} to {}; got {}.",
            grouped(lo),
            grouped(hi),
            grouped(v)
        )),
        Err(_) if raw.is_empty() => Err(format!("{label} is empty: give a whole number.")),
        Err(_) => Err(format!(
            "{label} must be a whole number from {} to {}; \u{201c}{raw}\u{201d} is not.",
            grouped(lo),
            grouped(hi)
        )),
    }
}

/// Reads the closed-model part of the form.
fn closed_spec(fields: &Fields) -> Result<ClosedSpec, String> {
    let n = whole(fields, "n", "n (replicas)", 1, 64)? as usize;
    let r = whole(fields, "r", "r (read quorum)", 1, 64)? as usize;
    if r > n {
        return Err(format!(
            "r (read quorum) must be from 1 to n = {n}; got {r}."
        ));
    }
    let w = whole(fields, "w", "w (write quorum)", 1, 64)? as usize;
    if w > n {
        return Err(format!(
            "w (write quorum) must be from 1 to n = {n}; got {w}."
        ));
    }
    let trials = whole(fields, "trials", "Trials", 1, MAX_TRIALS)?;
    let model_text = fields.get("model").map(String::as_str).unwrap_or("");
    let model = ModelChoice::parse(model_text)
        .ok_or_else(|| format!("Latency: unknown model \u{201c}{model_text}\u{201d}."))?;
    Ok(ClosedSpec {
        n,
        r,
        w,
        model,
        trials,
    })
}

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

/// A healthy cluster of `n` nodes with client coordination and `latency`, and two clients,
/// `writer` and `reader`: the engine's scenario for a closed-model point.
pub fn wars_scenario(n: usize, r: usize, w: usize, latency: &Latency) -> Result<Scenario, String> {
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            if n <= 26 {
                char::from(b'A' + i as u8).to_string()
            } else {
                format!("N{}", i + 1)
            }
        })
        .collect();
    let nodes_json: Vec<String> = nodes.iter().map(|n| format!("\"{n}\"")).collect();
    let text = format!(
        "{{\"name\": \"A sampled read, n = {n}, r = {r}, w = {w}\", \"seed\": 1, \"cluster\": \
         {{\"nodes\": [{}], \"clients\": [\"writer\", \"reader\"], \"n\": {n}, \"r\": {r}, \
         \"w\": {w}, \"coordinator\": \"client\", \"latency\": {}}}, \"events\": []}}",
        nodes_json.join(", "),
        latency.to_json()
    );
    Scenario::from_json(&text).map_err(|e| e.to_string())
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

fn outcome_word(o: ReadOutcome) -> &'static str {
    match o {
        ReadOutcome::Consistent => "consistent",
        ReadOutcome::Stale => "stale",
        ReadOutcome::Failed => "failed",
    }
}

/// What the panel says of a sampled point: how common each outcome was, and the run shown.
fn explain_sample(label: &str, point: &Point, s: &TrialSample, closed: bool) -> String {
    let t = ms(point.t_ms);
    let mut out = format!(
        "{label}, t = {t}: the curve says {} consistent. ",
        pct(point.p, 2)
    );
    if closed {
        out.push_str(
            "The run below is a trial of the message-level engine on a healthy cluster with the \
             same n, r, w and latency (its draws are not the closed model's, but agree with \
             them in distribution). ",
        );
    }
    let _ = write!(
        out,
        "Of {} sampled writes that committed, the read {t} later was stale in {} ({}), \
         consistent in {} and failed in {}. ",
        grouped(s.committed),
        grouped(s.stale),
        pct(
            if s.committed == 0 {
                0.0
            } else {
                s.stale as f64 / s.committed as f64
            },
            1
        ),
        grouped(s.consistent),
        grouped(s.failed)
    );
    let Some(run) = &s.shown else {
        return out;
    };
    let kind = match run.outcome {
        ReadOutcome::Stale => "a stale read",
        ReadOutcome::Consistent if s.stale == 0 => {
            "a consistent read (the sample had no stale one)"
        }
        ReadOutcome::Consistent => "a consistent read",
        ReadOutcome::Failed => "a failed read",
    };
    let _ = write!(
        out,
        "Shown: trial {}, {kind}. The client {} puts the key {} at {}; the write commits at \
         {}. The client {} reads it at {}",
        run.index + 1,
        run.writer,
        run.key,
        ms(run.write_at_ms),
        ms(run.commit_ms),
        run.reader,
        ms(run.read_at_ms)
    );
    let who = crate::ring::and_list(
        &run.responders
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    match run.outcome {
        ReadOutcome::Stale => {
            let _ = write!(
                out,
                " and takes its answer from {who}, which the write had not reached when the read \
                 request arrived: stale."
            );
        }
        ReadOutcome::Consistent => {
            let _ = write!(
                out,
                " and takes its answer from {who}, one of which already had the write: consistent."
            );
        }
        ReadOutcome::Failed => out.push_str(", but no quorum answers in time: failed."),
    }
    out.push_str(" The operation log explains the read once it has run.");
    out
}

/// The form (sent once: the page keeps what is typed in it).
fn form() -> String {
    let mut out = String::from(
        // The panel's styles, loaded with its first markup (not in the page's first load).
        "<link rel=\"stylesheet\" href=\"diagram/pbs.css\"><p class=\"hint\">Probabilistically \
         bounded staleness (Bailis et al., VLDB 2012): a write goes to all n replicas and \
         commits once w have acknowledged it; a read t ms later asks all n and takes the first \
         r answers. The curve is the chance that the read returns the write, from many random \
         trials with the paper's measured network and disk delays. With r + w > n it is always \
         100%.</p><div id=\"pbs-fields\" data-fields=\"n r w trials model etrials\" \
         class=\"pbs-form\" role=\"group\" aria-label=\"Curve to draw\">",
    );
    for (name, label, value) in [
        ("n", "n (replicas)", "3"),
        ("r", "r (read quorum)", "1"),
        ("w", "w (write quorum)", "1"),
        ("trials", "Trials", "200000"),
    ] {
        let _ = write!(
            out,
            "<div class=\"field\"><label for=\"pbs-{name}\">{label}</label><input id=\"pbs-{name}\" \
             name=\"{name}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" \
             value=\"{value}\"></div>"
        );
    }
    out.push_str(
        "<div class=\"field\"><label for=\"pbs-model\">Latency</label><select id=\"pbs-model\" \
         name=\"model\">",
    );
    for m in ModelChoice::ALL {
        let _ = write!(
            out,
            "<option value=\"{}\"{}>{}</option>",
            m.value(),
            if m == ModelChoice::LnkdDisk {
                " selected"
            } else {
                ""
            },
            m.option()
        );
    }
    out.push_str(
        "</select></div><div class=\"pbs-buttons\"><button type=\"button\" data-act=\"draw\">Draw\
         </button><button type=\"button\" data-act=\"add\">Add curve</button></div></div>\
         <div class=\"pbs-form\" role=\"group\" aria-label=\"This scenario, simulated\"><div \
         class=\"field\"><label for=\"pbs-etrials\">Simulated trials</label><input \
         id=\"pbs-etrials\" name=\"etrials\" type=\"text\" inputmode=\"numeric\" \
         autocomplete=\"off\" value=\"1000\"></div><div class=\"pbs-buttons\"><button \
         type=\"button\" data-act=\"engine\">Simulate this scenario</button></div><p \
         class=\"hint\">The message-level engine runs this scenario's own cluster, faults and \
         settings included: each trial is a whole simulated write and read, so it runs far fewer \
         trials (25 points, a 95% interval each) and takes longer.</p></div>",
    );
    out
}

/// The chart's plot area, in the drawing's units.
const X0: f64 = 52.0;
const X1: f64 = 606.0;
const Y0: f64 = 14.0;
const Y1: f64 = 250.0;

fn x_of(t: f64) -> f64 {
    let e = if t > 0.0 { t.log10() } else { T_MIN_LOG10 };
    let f = ((e - T_MIN_LOG10) / (T_MAX_LOG10 - T_MIN_LOG10)).clamp(0.0, 1.0);
    X0 + f * (X1 - X0)
}

fn y_of(p: f64) -> f64 {
    Y1 - p.clamp(0.0, 1.0) * (Y1 - Y0)
}

fn n1(x: f64) -> String {
    fixed(x, 1)
}

/// The chart (`role="img"`, named and described).
fn chart(curves: &[Curve]) -> String {
    let mut desc = String::from(
        "Probability that a read sees the last committed write, against the time since the \
         commit, on a log time axis from 0.01 ms to 10 s.",
    );
    for c in curves {
        let _ = write!(
            desc,
            " {}: {} at commit; {}; {}.",
            c.label,
            pct(c.p0, 1),
            mark_text("99%", c.t99, c.is_engine()),
            mark_text("99.9%", c.t999, c.is_engine())
        );
    }
    let mut out = format!(
        "<svg class=\"pbs-chart\" width=\"100%\" viewBox=\"0 0 640 298\" role=\"img\" \
         aria-labelledby=\"pbs-chart-title\" aria-describedby=\"pbs-chart-desc\">\
         <title id=\"pbs-chart-title\">t-visibility: P(consistent read) vs time since commit</title>\
         <desc id=\"pbs-chart-desc\">{}</desc>",
        escape(&desc)
    );
    // Axes and grid.
    for (i, p) in [0.0, 0.25, 0.5, 0.75, 1.0].iter().enumerate() {
        let y = n1(y_of(*p));
        let _ = write!(
            out,
            "<line class=\"pbs-grid\" x1=\"{X0}\" x2=\"{X1}\" y1=\"{y}\" y2=\"{y}\"/>\
             <text class=\"pbs-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}%</text>",
            X0 - 6.0,
            n1(y_of(*p) + 4.0),
            i * 25
        );
    }
    for (e, label) in [
        (-2, "0.01"),
        (-1, "0.1"),
        (0, "1"),
        (1, "10"),
        (2, "100"),
        (3, "1 000"),
        (4, "10 000"),
    ] {
        let x = n1(x_of(10f64.powi(e)));
        let _ = write!(
            out,
            "<line class=\"pbs-grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{Y0}\" y2=\"{Y1}\"/>\
             <text class=\"pbs-tick\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
            Y1 + 18.0
        );
    }
    let _ = write!(
        out,
        "<text class=\"pbs-axis\" x=\"{}\" y=\"292\" text-anchor=\"middle\">time since commit (ms, \
         log scale)</text>",
        (X0 + X1) / 2.0
    );
    for c in curves {
        let colour = c.colour();
        // The 99% and 99.9% marks: a dashed line down to the axis, a ring on the curve.
        for (p, t, label, dy) in [(0.99, c.t99, "99%", -4.0), (0.999, c.t999, "99.9%", -16.0)] {
            if let Some(t) = t {
                let x = n1(x_of(t));
                let _ = write!(
                    out,
                    "<g class=\"pbs-mark\"><line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{Y1}\" \
                     stroke=\"{colour}\"/><circle cx=\"{x}\" cy=\"{}\" r=\"5\" stroke=\"{colour}\"/>\
                     <text x=\"{x}\" y=\"{}\" fill=\"{colour}\">{label}</text></g>",
                    n1(y_of(p)),
                    n1(y_of(p)),
                    n1(Y1 + dy)
                );
            }
        }
        let dash = if c.is_engine() {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let mut d = String::new();
        for (i, pt) in c.points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { " L" },
                n1(x_of(pt.t_ms)),
                n1(y_of(pt.p))
            );
        }
        let _ = write!(
            out,
            "<path class=\"pbs-curve\" d=\"{d}\" stroke=\"{colour}\"{dash}/>"
        );
        for (i, pt) in c.points.iter().enumerate() {
            let (x, y) = (n1(x_of(pt.t_ms)), n1(y_of(pt.p)));
            let _ = write!(
                out,
                "<g class=\"pbs-pt\" data-act=\"pt:{}:{i}\"><circle class=\"pbs-hit\" cx=\"{x}\" \
                 cy=\"{y}\" r=\"9\"/><circle class=\"pbs-dot\" cx=\"{x}\" cy=\"{y}\" r=\"2\" \
                 fill=\"{colour}\"/></g>",
                c.id,
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The legend: each curve's colour, name, marks and a button that removes it.
fn legend(curves: &[Curve]) -> String {
    let mut out = String::from("<ul class=\"pbs-legend\" aria-label=\"Curves\">");
    for c in curves {
        let line = if c.is_engine() { "dashed" } else { "solid" };
        let _ = write!(
            out,
            "<li><span class=\"pbs-swatch {line}\" style=\"border-color:{}\"></span>\
             <span><strong>{}</strong>: {} at commit; {}; {}.</span> <button type=\"button\" \
             data-act=\"remove:{}\" aria-label=\"Remove {}\">Remove</button></li>",
            c.colour(),
            escape(&c.label),
            pct(c.p0, 1),
            escape(&mark_text("99%", c.t99, c.is_engine())),
            escape(&mark_text("99.9%", c.t999, c.is_engine())),
            c.id,
            escape(&c.label)
        );
    }
    out.push_str("</ul>");
    out
}

/// Latency percentiles and k-staleness of each curve.
fn stats_table(curves: &[Curve]) -> String {
    let mut out = String::from(
        "<p class=\"hint\">k = 1 to 5: the probability that a read returns one of the last k \
         versions, by the closed form / by Monte Carlo, for quorums that never expire. The table \
         scrolls sideways on a narrow screen.</p><div class=\"pbs-scroll\"><table \
         class=\"pbs-stats\"><caption>Latency and k-staleness</caption><thead><tr><th scope=\"col\">Curve</th>\
         <th scope=\"col\">Write latency p50 / p99 / p99.9</th><th scope=\"col\">Read latency \
         p50 / p99 / p99.9</th>",
    );
    for k in 1..=K {
        let _ = write!(out, "<th scope=\"col\">k = {k}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for c in curves {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(&c.label));
        match &c.kind {
            CurveKind::Closed {
                write_ms,
                read_ms,
                k_closed,
                k_mc,
                ..
            } => {
                let three = |v: &[f64; 3]| v.iter().map(|&t| ms(t)).collect::<Vec<_>>().join(" / ");
                let _ = write!(
                    out,
                    "<td>{}</td><td>{}</td>",
                    three(write_ms),
                    three(read_ms)
                );
                for (a, b) in k_closed.iter().zip(k_mc) {
                    let _ = write!(out, "<td>{} / {}</td>", pct(*a, 2), pct(*b, 2));
                }
            }
            CurveKind::Engine {
                trials,
                committed,
                write_failures,
                first_failure,
                mean_write_ms,
                nrw,
                ..
            } => {
                let mut text = format!(
                    "Simulated with {nrw}: {} trials, {} writes committed",
                    grouped(*trials),
                    grouped(*committed)
                );
                if let Some(m) = mean_write_ms {
                    let _ = write!(text, " (mean {} to commit)", ms(*m));
                }
                if *write_failures > 0 {
                    let _ = write!(
                        text,
                        ", {} failed ({})",
                        grouped(*write_failures),
                        first_failure.as_deref().unwrap_or("no reason given")
                    );
                }
                text.push_str(". Percentiles and k-staleness are the closed model's.");
                let _ = write!(out, "<td colspan=\"{}\">{}</td>", 2 + K, escape(&text));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// Every curve's points: a row per t, a column per curve, each value a button that shows a
/// sampled run at that point.
fn points_table(curves: &[Curve]) -> String {
    let mut out = String::from(
        "<div class=\"pbs-scroll pbs-points\"><table id=\"pbs-table\"><caption>P(consistent read) \
         by time since commit; press a value to see a sampled run there</caption><thead><tr>\
         <th scope=\"col\">t</th>",
    );
    for c in curves {
        let _ = write!(
            out,
            "<th scope=\"col\"><span class=\"pbs-swatch\" style=\"border-color:{}\"></span>{}</th>",
            c.colour(),
            escape(&c.label)
        );
    }
    out.push_str("</tr></thead><tbody><tr><th scope=\"row\">at commit</th>");
    for c in curves {
        let _ = write!(out, "<td>{}</td>", pct(c.p0, 2));
    }
    out.push_str("</tr>");
    for (row, t) in grid().into_iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", ms(t));
        for c in curves {
            let found = c
                .points
                .iter()
                .enumerate()
                .find(|(_, p)| (p.t_ms - t).abs() <= 1e-9 * t.max(1.0));
            match found {
                Some((i, p)) => {
                    let mut value = pct(p.p, 2);
                    if let Some((lo, hi)) = p.ci {
                        let _ = write!(value, " [{}, {}]", pct(lo, 1), pct(hi, 1));
                    }
                    let _ = write!(
                        out,
                        "<td><button type=\"button\" class=\"pbs-cell\" data-act=\"pt:{}:{i}\" \
                         aria-label=\"{}: {value} at {}; show a run\">{value}\
                         </button></td>",
                        c.id,
                        escape(&c.label),
                        ms(t)
                    );
                }
                None => out.push_str("<td>\u{2014}</td>"),
            }
        }
        let _ = row;
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn form_of(n: &str, r: &str, w: &str, model: &str, trials: &str) -> Fields {
        fields(&[
            ("n", n),
            ("r", r),
            ("w", w),
            ("model", model),
            ("trials", trials),
            ("etrials", "150"),
        ])
    }

    const THREE: &str = r#"{"name": "Three", "seed": 1, "cluster": {"nodes": ["A", "B", "C"],
        "n": 3, "r": 1, "w": 1, "latency": {"exponential": {"rate": 1}}},
        "events": [{"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
                   {"at": 50, "get": {"client": "bob", "key": "k"}}]}"#;

    fn handle(
        p: &mut PbsPanel,
        act: &str,
        f: &Fields,
        scenario: Option<&str>,
    ) -> (Update, Vec<Update>) {
        let mut progress = Vec::new();
        let u = p.handle(act, f, scenario.map(str::to_string), &mut |u| {
            progress.push(u)
        });
        (u, progress)
    }

    #[test]
    fn the_grid_is_log_spaced_from_0_01_ms_to_10_s() {
        let g = grid();
        assert_eq!(g.len(), 50);
        assert_eq!(g[0], 0.01);
        assert_eq!(g[49], 10_000.0);
        assert!(g.windows(2).all(|w| w[1] > w[0] * 1.2 && w[1] < w[0] * 1.4));
    }

    /// Opening draws the paper's N = 3, R = W = 1, LNKD-DISK curve with progress on the way,
    /// the 99% and 99.9% marks, a legend, the points table and the statistics.
    #[test]
    fn opening_draws_the_default_curve_with_progress_marks_legend_and_table() {
        let mut p = PbsPanel::new();
        let (u, progress) = handle(&mut p, "open", &Fields::new(), Some(THREE));
        assert_eq!(
            progress.len(),
            20,
            "the form first, then a report per 10,000 trials but the last"
        );
        let first = progress[1].pbs_status.clone().unwrap_or_default();
        assert!(first.contains("10,000 of 200,000 trials"), "{first}");
        assert!(first.contains("<progress"), "{first}");
        assert_eq!(u.pbs_form, None, "sent before computing");
        let form = progress[0].pbs_form.clone().unwrap_or_default();
        assert!(form.contains("href=\"diagram/pbs.css\""));
        assert!(form.contains("<label for=\"pbs-n\">n (replicas)</label>"));
        assert!(form.contains("data-act=\"add\">Add curve"));
        let status = u.pbs_status.unwrap_or_default();
        assert!(
            status.contains("Drew n=3 r=1 w=1 LNKD-DISK from 200,000 trials."),
            "{status}"
        );
        let view = u.pbs_view.unwrap_or_default();
        assert!(view.contains("role=\"img\" aria-labelledby=\"pbs-chart-title\""));
        // The paper: 43.9% at commit and 99.9% at 45.5 ms; these 200,000 trials (seed 2012):
        // 43.5% (its standard error is 0.11 points) and 47.3 ms.
        assert!(
            view.contains(
                "n=3 r=1 w=1 LNKD-DISK: 43.5% at commit; 99% at 22.0 ms; 99.9% at 47.3 ms."
            ),
            "{view}"
        );
        assert_eq!(view.matches("class=\"pbs-mark\"").count(), 2);
        assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
        assert_eq!(view.matches("<li><span class=\"pbs-swatch").count(), 1);
        assert!(view.contains("aria-label=\"Remove n=3 r=1 w=1 LNKD-DISK\""));
        // 50 rows of points, each a button; k-staleness by both estimates (n=3, r=w=1: 1/3).
        assert_eq!(view.matches("class=\"pbs-cell\"").count(), 50);
        assert!(view.contains("<td>33.33% / 33."), "{view}");
        // Opening again keeps the curve and computes nothing.
        let (again, progress) = handle(&mut p, "open", &Fields::new(), None);
        assert!(progress.is_empty());
        assert_eq!(again.pbs_form, None, "the form is sent once");
        assert_eq!(
            again
                .pbs_view
                .unwrap_or_default()
                .matches("class=\"pbs-curve\"")
                .count(),
            1
        );
    }

    #[test]
    fn add_keeps_curves_draw_replaces_them_and_remove_takes_one_out() {
        let mut p = PbsPanel::new();
        handle(
            &mut p,
            "draw",
            &form_of("3", "1", "1", "lnkd-ssd", "5000"),
            Some(THREE),
        );
        let (u, _) = handle(&mut p, "add", &form_of("3", "2", "1", "ymmr", "5000"), None);
        let view = u.pbs_view.unwrap_or_default();
        assert_eq!(view.matches("class=\"pbs-curve\"").count(), 2);
        assert_eq!(view.matches("<li><span class=\"pbs-swatch").count(), 2);
        assert!(view.contains("n=3 r=1 w=1 LNKD-SSD") && view.contains("n=3 r=2 w=1 YMMR"));
        assert_eq!(view.matches("class=\"pbs-cell\"").count(), 100);
        let (u, _) = handle(&mut p, "remove:0", &Fields::new(), None);
        let view = u.pbs_view.unwrap_or_default();
        assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
        assert!(!view.contains("LNKD-SSD"));
        let (u, _) = handle(
            &mut p,
            "draw",
            &form_of("5", "1", "1", "scenario", "5000"),
            None,
        );
        let view = u.pbs_view.unwrap_or_default();
        assert_eq!(view.matches("class=\"pbs-curve\"").count(), 1);
        assert!(
            view.contains("n=5 r=1 w=1 this scenario&#39;s latency"),
            "{view}"
        );
        // A strict quorum is consistent at commit, and 99% is reached there.
        let (u, _) = handle(&mut p, "draw", &form_of("3", "2", "2", "wan", "5000"), None);
        let view = u.pbs_view.unwrap_or_default();
        assert!(
            view.contains("100.0% at commit; 99% at commit; 99.9% at commit"),
            "{view}"
        );
    }

    #[test]
    fn bad_fields_are_named_and_nothing_is_drawn() {
        let mut p = PbsPanel::new();
        let cases = [
            (
                form_of("0", "1", "1", "ymmr", "10"),
                "n (replicas) must be from 1 to 64; got 0.",
            ),
            (
                form_of("three", "1", "1", "ymmr", "10"),
                "n (replicas) must be a whole number from 1 to 64; \u{201c}three\u{201d} is not.",
            ),
            (
                form_of("3", "4", "1", "ymmr", "10"),
                "r (read quorum) must be from 1 to n = 3; got 4.",
            ),
            (
                form_of("3", "1", "9", "ymmr", "10"),
                "w (write quorum) must be from 1 to n = 3; got 9.",
            ),
            (
                form_of("3", "1", "1", "ymmr", ""),
                "Trials is empty: give a whole number.",
            ),
            (
                form_of("3", "1", "1", "ymmr", "2,000,000"),
                "Trials must be from 1 to 1,000,000; got 2,000,000.",
            ),
            (
                form_of("3", "1", "1", "gauss", "10"),
                "Latency: unknown model \u{201c}gauss\u{201d}.",
            ),
            (
                form_of("3", "1", "-1", "ymmr", "10"),
                "w (write quorum) must be a whole number from 1 to 64; \u{201c}-1\u{201d} is not.",
            ),
        ];
        for (f, message) in cases {
            let (u, progress) = handle(&mut p, "add", &f, Some(THREE));
            assert!(
                progress.iter().all(|u| u.pbs_status.is_none()),
                "nothing computed"
            );
            let status = u.pbs_status.unwrap_or_default();
            assert!(status.contains("role=\"alert\""), "{status}");
            assert!(
                status.contains(&escape(message)),
                "{status} should say {message}"
            );
            assert!(!u.pbs_view.unwrap_or_default().contains("pbs-curve"));
        }
        let (u, _) = handle(&mut p, "what", &Fields::new(), None);
        assert!(u
            .pbs_status
            .unwrap_or_default()
            .contains("does not know the action"));
        // Datacenters: the closed model cannot take this scenario's latency.
        let dcs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/wan-cut.json"
        ))
        .unwrap();
        let (u, _) = handle(
            &mut p,
            "add",
            &form_of("3", "1", "1", "scenario", "10"),
            Some(&dcs),
        );
        assert!(u
            .pbs_status
            .unwrap_or_default()
            .contains("spans datacenters"));
        let (u, _) = handle(
            &mut p,
            "add",
            &form_of("3", "1", "1", "scenario", "10"),
            Some("{"),
        );
        assert!(u
            .pbs_status
            .unwrap_or_default()
            .contains("This scenario cannot be read"));
    }

    /// Part 3: selecting a point samples engine trials there and opens one (a stale one when
    /// there is one) as a share link whose scenario replays to the same outcome.
    #[test]
    fn selecting_a_point_opens_a_sampled_run_that_replays_to_its_outcome() {
        let mut p = PbsPanel::new();
        handle(
            &mut p,
            "draw",
            &form_of("3", "1", "1", "lnkd-disk", "20000"),
            Some(THREE),
        );
        // Point 20 of the grid: about 2.5 ms, where LNKD-DISK is about 70% consistent.
        let (u, _) = handle(&mut p, "pt:0:20", &Fields::new(), None);
        let link = u.pbs_link.expect("a link to open");
        let json = quorumscope_link::read_link(&link, |_| false)
            .expect("a share link")
            .expect("readable");
        let quorumscope_link::Link::Scenario(text) = json else {
            panic!("a whole scenario")
        };
        let scenario = Scenario::from_json(&text).unwrap();
        assert!(
            scenario.name.starts_with("A stale read "),
            "{}",
            scenario.name
        );
        assert_eq!(
            quorumscope_engine::staleness::replay_trial(&scenario),
            Ok(ReadOutcome::Stale)
        );
        assert_eq!(u.pbs_view, None, "the chart and table are not drawn again");
        let run = u.pbs_run.unwrap_or_default();
        assert!(run.contains("id=\"pbs-run\""));
        assert!(run.contains("Shown: trial "), "{run}");
        assert!(run.contains("a stale read"), "{run}");
        // A WAN point says why it cannot be shown.
        handle(&mut p, "add", &form_of("3", "1", "1", "wan", "5000"), None);
        let (u, _) = handle(&mut p, "pt:1:20", &Fields::new(), None);
        assert_eq!(u.pbs_link, None);
        assert!(u.pbs_run.unwrap_or_default().contains("cannot be replayed"));
        // Removing the curve shown takes its run's box away.
        let (u, _) = handle(&mut p, "remove:1", &Fields::new(), None);
        assert_eq!(u.pbs_run.as_deref(), Some(""));
    }

    /// The engine's curve of the session's scenario, with progress, a 95% interval per point
    /// and every other point of the grid; a point of it opens a run of that scenario.
    #[test]
    fn simulating_the_scenario_adds_an_engine_curve() {
        let mut p = PbsPanel::new();
        let (u, progress) = handle(
            &mut p,
            "engine",
            &form_of("3", "1", "1", "ymmr", "10"),
            Some(THREE),
        );
        assert_eq!(progress.len(), 2, "the form, then one report");
        let status = u.pbs_status.unwrap_or_default();
        assert!(
            status.contains(
                "Simulated Three, simulated (n=3 r=1 w=1): 150 trials, 150 writes committed."
            ),
            "{status}"
        );
        let view = u.pbs_view.unwrap_or_default();
        assert!(view.contains("stroke-dasharray"));
        assert_eq!(view.matches("class=\"pbs-cell\"").count(), 25);
        assert!(view.contains("Simulated with n=3 r=1 w=1: 150 trials"));
        let (u, _) = handle(&mut p, "pt:0:3", &Fields::new(), None);
        assert!(u.pbs_link.is_some());
        // wan-cut.json's first put is an EACH_QUORUM write with the WAN link cut: no probe write
        // commits, the panel says why and draws nothing.
        let cut = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/wan-cut.json"
        ))
        .unwrap();
        let (u, _) = handle(&mut p, "engine", &fields(&[("etrials", "20")]), Some(&cut));
        let status = u.pbs_status.unwrap_or_default();
        assert!(
            status.contains("none of the 20 probe writes committed (quorum unreachable"),
            "{status}"
        );
        assert_eq!(
            u.pbs_view
                .unwrap_or_default()
                .matches("class=\"pbs-curve\"")
                .count(),
            1
        );
        let (u, _) = handle(&mut p, "engine", &fields(&[("etrials", "0")]), None);
        assert!(u
            .pbs_status
            .unwrap_or_default()
            .contains("Simulated trials must be from 1 to 20,000; got 0."));
    }
}
