//! The settings panel: n, w, r and the rest of the cluster's settings, applied from now on.
//!
//! Numbers are applied as they are typed, once every field is valid; a bad value is explained
//! beside its field (`.field-error`) and nothing is applied until it is fixed. What is typed
//! stays as typed.

use std::collections::BTreeMap;
use std::rc::Rc;

use quorumscope_engine::scenario::{Cluster, ClusterPatch, ConsistencyLevel, Coordinator, Quorum};
use quorumscope_engine::snapshot::LevelsView;
use quorumscope_engine::version::Versioning;
use quorumscope_engine::{DetectorConfig, Latency, Scenario};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{check_field, field_error, input_field, options, select_field};
use crate::state::{check_patch, Msg, MIN_PERIOD_MS};

/// Properties of [`SettingsPanel`].
#[derive(Properties)]
pub struct SettingsPanelProps {
    /// The settings in force.
    pub cluster: Cluster,
    /// n, w and r in force, resolved to numbers.
    pub nwr: (usize, usize, usize),
    /// The scenario's clients (their clocks can be skewed too).
    pub clients: Vec<String>,
    /// The probability that a message is lost, in force.
    pub drop_rate: f64,
    /// The scenario as loaded (settings are checked against it as the engine will).
    pub base: Rc<Scenario>,
    /// Each datacenter's name and n (empty without datacenters).
    #[prop_or_default]
    pub datacenters: Vec<(String, u32)>,
    /// The levels of w and r in force with what they require.
    pub levels: std::sync::Arc<LevelsView>,
    /// Sends a message to the reducer.
    pub on_msg: Callback<Msg>,
}

/// The loaded scenario is compared by pointer, as [`crate::state::AppState`] does (a new one
/// is a new `Rc`): with the share link's check, the page needs no deep `PartialEq` of scenarios.
impl PartialEq for SettingsPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.base, &other.base)
            && self.cluster == other.cluster
            && self.nwr == other.nwr
            && self.clients == other.clients
            && self.drop_rate == other.drop_rate
            && self.datacenters == other.datacenters
            && self.levels == other.levels
            && self.on_msg == other.on_msg
    }
}

/// The latency forms the panel edits with fields; any other is edited as JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LatencyKind {
    Constant,
    Uniform,
    Json,
}

/// The numbers as typed.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    n: String,
    w: String,
    r: String,
    /// The level chosen for w: a scenario word (`local_quorum`), or `number` for the field.
    w_level: String,
    /// The level chosen for r.
    r_level: String,
    timeout: String,
    anti_entropy: String,
    kind: LatencyKind,
    constant: String,
    min: String,
    max: String,
    skews: Vec<(String, String)>,
    drop_rate: String,
    /// The timeout detector's durations, in ms (its defaults while the detector is perfect).
    suspect_after: String,
    probe: String,
}

/// The timeout detector's durations in ms: those in force, or 300 and 500.
fn detector_ms(d: DetectorConfig) -> (String, String) {
    match d {
        DetectorConfig::Timeout {
            suspect_after,
            probe_every,
        } => (
            num(suspect_after as f64 / 1000.0),
            num(probe_every as f64 / 1000.0),
        ),
        DetectorConfig::Perfect => ("300".into(), "500".into()),
    }
}

/// The timeout detector of these durations as typed, or the field and what is wrong (the
/// engine's own reading, so the page says what a scenario file would be told).
fn timeout_detector(suspect_after: &str, probe: &str) -> Result<DetectorConfig, (String, String)> {
    let (Some(s), Some(p)) = (parse_ms(suspect_after), parse_ms(probe)) else {
        let id = if parse_ms(suspect_after).is_none() {
            "set-suspect-after"
        } else {
            "set-probe"
        };
        return Err((id.to_string(), "Type a number.".to_string()));
    };
    // `{"timeout": {"suspect_after_ms": s, "probe_ms": p}}`, built by hand: `json!` would
    // serialize each number through serde and link an `unwrap` of serde_json's error.
    let mut durations = serde_json::Map::new();
    durations.insert("suspect_after_ms".into(), serde_json::Value::from(s));
    durations.insert("probe_ms".into(), serde_json::Value::from(p));
    let mut json = serde_json::Map::new();
    json.insert("timeout".into(), serde_json::Value::Object(durations));
    DetectorConfig::from_json(&serde_json::Value::Object(json)).map_err(|e| {
        let id = if e.contains("suspect_after_ms") {
            "set-suspect-after"
        } else {
            "set-probe"
        };
        let message = e.split_once(": ").map_or(e.as_str(), |(_, m)| m);
        // The engine's messages begin with an ASCII letter: capitalised without Unicode's case
        // tables (`char::to_uppercase` would link them into the page, about 12 KB raw).
        let mut sentence = message.to_string();
        if let Some(first) = sentence.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        sentence.push('.');
        (id.to_string(), sentence)
    })
}

fn num(x: f64) -> String {
    quorumscope_engine::number::plain(x)
}

fn latency_kind(l: &Latency) -> LatencyKind {
    match l {
        Latency::Constant(_) => LatencyKind::Constant,
        Latency::Uniform { .. } => LatencyKind::Uniform,
        _ => LatencyKind::Json,
    }
}

fn endpoints(props: &SettingsPanelProps) -> Vec<String> {
    props
        .cluster
        .nodes
        .iter()
        .chain(props.clients.iter())
        .cloned()
        .collect()
}

impl Draft {
    fn of(props: &SettingsPanelProps) -> Draft {
        let c = &props.cluster;
        let (constant, min, max) = match &c.latency {
            Latency::Constant(ms) => (num(*ms), num(*ms), num(*ms)),
            Latency::Uniform { min, max } => (num((min + max) / 2.0), num(*min), num(*max)),
            _ => ("10".into(), "5".into(), "15".into()),
        };
        Draft {
            n: props.nwr.0.to_string(),
            w: props.nwr.1.to_string(),
            r: props.nwr.2.to_string(),
            w_level: c.w.word().unwrap_or(NUMBER).to_string(),
            r_level: c.r.word().unwrap_or(NUMBER).to_string(),
            timeout: num(c.timeout_ms),
            anti_entropy: num(c.anti_entropy_ms.unwrap_or(500.0)),
            kind: latency_kind(&c.latency),
            constant,
            min,
            max,
            skews: endpoints(props)
                .into_iter()
                .map(|e| {
                    let v = c.clock_skew_ms.get(&e).copied().unwrap_or(0.0);
                    (e, num(v))
                })
                .collect(),
            drop_rate: num(props.drop_rate),
            suspect_after: detector_ms(c.failure_detector).0,
            probe: detector_ms(c.failure_detector).1,
        }
    }

    /// This draft brought in line with new settings: a field keeps its text when it already
    /// means the value in force, or when it was never applied (`unapplied`: the ids of the
    /// fields that had an error: nothing the user typed is lost to a Reset or a load), and
    /// shows the value in force otherwise.
    fn synced(&self, props: &SettingsPanelProps, unapplied: &[String]) -> Draft {
        let fresh = Draft::of(props);
        let kept = |id: &str, typed: &String, new: &String| -> String {
            match (parse_ms(typed), parse_ms(new)) {
                (Some(a), Some(b)) if a == b => typed.clone(),
                _ if unapplied.iter().any(|u| u == id) => typed.clone(),
                _ => new.clone(),
            }
        };
        let kind_same = self.kind == fresh.kind;
        Draft {
            n: kept("set-n", &self.n, &fresh.n),
            w: kept("set-w", &self.w, &fresh.w),
            r: kept("set-r", &self.r, &fresh.r),
            w_level: if unapplied.iter().any(|u| u == "set-w") {
                self.w_level.clone()
            } else {
                fresh.w_level.clone()
            },
            r_level: if unapplied.iter().any(|u| u == "set-r") {
                self.r_level.clone()
            } else {
                fresh.r_level.clone()
            },
            timeout: kept("set-timeout", &self.timeout, &fresh.timeout),
            anti_entropy: if props.cluster.anti_entropy_ms.is_some() {
                kept(
                    "set-anti-entropy-ms",
                    &self.anti_entropy,
                    &fresh.anti_entropy,
                )
            } else {
                self.anti_entropy.clone()
            },
            kind: fresh.kind,
            constant: if kind_same && fresh.kind == LatencyKind::Constant {
                kept("set-latency-constant", &self.constant, &fresh.constant)
            } else {
                fresh.constant.clone()
            },
            min: if kind_same && fresh.kind == LatencyKind::Uniform {
                kept("set-latency-min", &self.min, &fresh.min)
            } else {
                fresh.min.clone()
            },
            max: if kind_same && fresh.kind == LatencyKind::Uniform {
                kept("set-latency-max", &self.max, &fresh.max)
            } else {
                fresh.max.clone()
            },
            skews: fresh
                .skews
                .iter()
                .map(|(e, v)| {
                    let typed = self.skews.iter().find(|(x, _)| x == e).map(|(_, t)| t);
                    (
                        e.clone(),
                        typed
                            .map(|t| kept(&skew_id(e), t, v))
                            .unwrap_or_else(|| v.clone()),
                    )
                })
                .collect(),
            // A loss rate that is not a probability was never applied: it stays as typed.
            drop_rate: if parse_ms(&self.drop_rate).is_some_and(|p| (0.0..=1.0).contains(&p)) {
                kept("set-drop", &self.drop_rate, &fresh.drop_rate)
            } else {
                self.drop_rate.clone()
            },
            // While the detector is perfect, the durations typed wait for it to be chosen.
            suspect_after: if props.cluster.failure_detector.is_perfect() {
                self.suspect_after.clone()
            } else {
                kept(
                    "set-suspect-after",
                    &self.suspect_after,
                    &fresh.suspect_after,
                )
            },
            probe: if props.cluster.failure_detector.is_perfect() {
                self.probe.clone()
            } else {
                kept("set-probe", &self.probe, &fresh.probe)
            },
        }
    }
}

/// Problems with fields: (element id, message).
type Errors = Vec<(String, String)>;

fn error_of<'a>(errors: &'a Errors, id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(field, _)| field == id)
        .map(|(_, e)| e.as_str())
}

fn parse_count(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|&k| k >= 1)
}

/// A number as typed (read by the JSON parser the page has anyway: core's float parser
/// would add 15 KB to the page).
fn parse_ms(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text.trim())
        .ok()
        .filter(|x| x.is_finite())
}

/// The change the draft asks for (only what differs from the settings in force), and what is
/// wrong with it: fields that are not numbers, then whatever the engine would refuse.
fn evaluate(draft: &Draft, props: &SettingsPanelProps) -> (ClusterPatch, Errors) {
    let c = &props.cluster;
    let mut errors = Errors::new();
    let mut patch = ClusterPatch::default();
    let mut number = |id: &str, text: &str| {
        let v = parse_ms(text);
        if v.is_none() {
            errors.push((id.to_string(), "Type a number.".to_string()));
        }
        v
    };

    let timeout = number("set-timeout", &draft.timeout);
    let anti_entropy = c
        .anti_entropy_ms
        .and_then(|_| number("set-anti-entropy-ms", &draft.anti_entropy));
    let latency = match draft.kind {
        LatencyKind::Constant => {
            number("set-latency-constant", &draft.constant).map(Latency::Constant)
        }
        LatencyKind::Uniform => {
            let (min, max) = (
                number("set-latency-min", &draft.min),
                number("set-latency-max", &draft.max),
            );
            min.zip(max).map(|(min, max)| Latency::Uniform { min, max })
        }
        LatencyKind::Json => None,
    };
    let mut skews = BTreeMap::new();
    let mut skews_ok = true;
    for (e, text) in &draft.skews {
        match number(&skew_id(e), text) {
            Some(0.0) => {}
            Some(v) => {
                skews.insert(e.clone(), v);
            }
            None => skews_ok = false,
        }
    }
    // With datacenters n is theirs (the field is read-only); a level chosen for w or r
    // replaces its number.
    let dcs = !props.datacenters.is_empty();
    let nwr = [
        ("set-n", &draft.n, props.nwr.0, dcs),
        ("set-w", &draft.w, props.nwr.1, draft.w_level != NUMBER),
        ("set-r", &draft.r, props.nwr.2, draft.r_level != NUMBER),
    ]
    .map(|(id, text, current, unused)| {
        if unused {
            return (None, current);
        }
        let k = parse_count(text);
        if k.is_none() {
            errors.push((
                id.to_string(),
                "Type a whole number of at least 1.".to_string(),
            ));
        }
        (k, current)
    });

    // When n changes, w and r are set too, as the numbers shown (not words like "quorum").
    let n_changes = nwr[0].0.is_some_and(|n| n != nwr[0].1);
    let count = |(k, current): (Option<usize>, usize)| {
        k.filter(|&k| k != current || n_changes).map(Quorum::Count)
    };
    patch.n = count(nwr[0]);
    let level = |q: Option<Quorum>| {
        q.map(|q| ConsistencyLevel::Count(u32::try_from(q.resolve(0)).unwrap_or(u32::MAX)))
    };
    let word =
        |text: &str, now: ConsistencyLevel| ConsistencyLevel::from_word(text).filter(|l| *l != now);
    // A number typed where a level is in force replaces the level, even one that requires
    // that many replicas now.
    let number_for = |(k, current): (Option<usize>, usize), now: ConsistencyLevel| {
        let was_level = !matches!(now, ConsistencyLevel::Count(_));
        level(count((k, if was_level { 0 } else { current })))
    };
    patch.w = word(&draft.w_level, c.w).or(number_for(nwr[1], c.w));
    patch.r = word(&draft.r_level, c.r).or(number_for(nwr[2], c.r));
    patch.timeout_ms = timeout.filter(|&t| t != c.timeout_ms);
    patch.anti_entropy_ms = anti_entropy
        .filter(|&p| Some(p) != c.anti_entropy_ms)
        .map(Some);
    patch.latency = latency.filter(|l| *l != c.latency);
    let unchanged = skews.len() == c.clock_skew_ms.values().filter(|v| **v != 0.0).count()
        && skews.iter().all(|(k, v)| c.clock_skew_ms.get(k) == Some(v));
    if skews_ok && !unchanged {
        patch.clock_skew_ms = Some(skews);
    }
    if !c.failure_detector.is_perfect() {
        match timeout_detector(&draft.suspect_after, &draft.probe) {
            Ok(d) if d != c.failure_detector => patch.failure_detector = Some(d),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() && patch != ClusterPatch::default() {
        if let Err(e) = check_patch(c, &props.clients, &props.base, &patch) {
            let (path, message) = e.split_once(": ").unwrap_or(("", &e));
            let field = match path.trim_start_matches("cluster.") {
                f @ ("n" | "w" | "r") => format!("set-{f}"),
                "timeout_ms" => "set-timeout".into(),
                "anti_entropy_ms" => "set-anti-entropy-ms".into(),
                "latency" => "set-latency".into(),
                f if f.starts_with("clock_skew_ms.") => skew_id(&f["clock_skew_ms.".len()..]),
                f if f.starts_with("placement") => "set-n".into(),
                _ => "general".into(),
            };
            errors.push((field, format!("{message}. Not applied.")));
        }
    }
    (patch, errors)
}

/// The value of a level select that means "the number in the field".
const NUMBER: &str = "number";

/// The choices of a level select: the number, then Cassandra's levels.
const LEVELS: [(&str, &str); 7] = [
    (NUMBER, "number"),
    ("one", "ONE"),
    ("quorum", "QUORUM"),
    ("all", "ALL"),
    ("local_one", "LOCAL_ONE"),
    ("local_quorum", "LOCAL_QUORUM"),
    ("each_quorum", "EACH_QUORUM"),
];

/// What a level asks of replicas when coordinated in datacenter `home`, for datacenters of
/// these `n`: (replicas needed in each datacenter, replicas needed in all), counted as
/// Cassandra counts (contract section 4).
fn needs(level: ConsistencyLevel, ns: &[u32], home: usize) -> (Vec<u32>, u32) {
    let total: u32 = ns.iter().sum();
    let majority = |n: u32| n / 2 + 1;
    let mut each = vec![0; ns.len()];
    let anywhere = match level {
        ConsistencyLevel::One => 1,
        ConsistencyLevel::Quorum => majority(total),
        ConsistencyLevel::All => total,
        ConsistencyLevel::Count(k) => k,
        ConsistencyLevel::LocalOne | ConsistencyLevel::LocalQuorum => {
            if let (Some(e), Some(&n)) = (each.get_mut(home), ns.get(home)) {
                *e = if level == ConsistencyLevel::LocalOne {
                    1
                } else {
                    majority(n)
                };
            }
            0
        }
        ConsistencyLevel::EachQuorum => {
            for (e, &n) in each.iter_mut().zip(ns) {
                *e = if n > 0 { majority(n) } else { 0 };
            }
            0
        }
    };
    (each, anywhere)
}

/// Whether a write and a read with these needs can be answered by disjoint sets of replicas:
/// each takes what it needs in every datacenter, then what it still needs anywhere from the
/// replicas left.
fn can_miss(w: &(Vec<u32>, u32), r: &(Vec<u32>, u32), ns: &[u32]) -> bool {
    let mut slack = 0u32;
    for (i, &n) in ns.iter().enumerate() {
        let used = w.0[i].saturating_add(r.0[i]);
        if used > n {
            return false;
        }
        slack += n - used;
    }
    let extra = |x: &(Vec<u32>, u32)| x.1.saturating_sub(x.0.iter().sum());
    extra(w).saturating_add(extra(r)) <= slack
}

/// Whether every read at `r` overlaps every write at `w` whatever datacenters coordinate them
/// (`dcs`: each datacenter's name and n; one unnamed entry without datacenters), and what that
/// means: with local levels, the pair of datacenters where they need not overlap ("a
/// LOCAL_QUORUM write in us and a LOCAL_ONE read in eu need not overlap").
pub fn level_overlap(
    w: ConsistencyLevel,
    r: ConsistencyLevel,
    dcs: &[(String, u32)],
) -> (bool, String) {
    let ns: Vec<u32> = dcs.iter().map(|d| d.1).collect();
    // A miss across datacenters first: the one local levels are about.
    let mut miss = None;
    for same in [false, true] {
        for a in 0..ns.len() {
            for b in 0..ns.len() {
                if miss.is_none()
                    && (a == b) == same
                    && can_miss(&needs(w, &ns, a), &needs(r, &ns, b), &ns)
                {
                    miss = Some((a, b));
                }
            }
        }
    }
    let name = |l: ConsistencyLevel| match l {
        ConsistencyLevel::Count(k) => format!("{k}-replica"),
        l => l.cassandra_name(),
    };
    let place = |l: ConsistencyLevel, d: usize| match dcs.get(d) {
        Some((dc, _)) if l.is_local() && dcs.len() > 1 => format!(" in {dc}"),
        _ => String::new(),
    };
    match miss {
        None => (
            true,
            "Every read overlaps every write: a read sees the latest acknowledged write."
                .to_string(),
        ),
        Some((a, b)) => (
            false,
            format!(
                "A {} write{} and a {} read{} need not overlap: a read may miss the latest write.",
                name(w),
                place(w, a),
                name(r),
                place(r, b)
            ),
        ),
    }
}

/// The quorum condition for n, w, r, in words: (holds, headline, meaning).
pub fn quorum_condition(n: usize, w: usize, r: usize) -> (bool, String, &'static str) {
    if w + r > n {
        (
            true,
            format!("w + r > n: {w} + {r} = {} > {n}", w + r),
            "Every read quorum overlaps every write quorum: a read sees the latest acknowledged write.",
        )
    } else {
        (
            false,
            format!("w + r ≤ n: {w} + {r} = {} ≤ {n}", w + r),
            "A read may miss the latest write: stale reads are possible.",
        )
    }
}

/// The settings panel.
#[function_component(SettingsPanel)]
pub fn settings_panel(props: &SettingsPanelProps) -> Html {
    let draft = use_state(|| Draft::of(props));
    let json_text =
        use_state(|| quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json()));
    let json_error = use_state(|| None::<String>);
    // The latency JSON the settings in force gave the text area, and the ids of the fields that
    // had an error at the last render (text never applied, kept through a change of settings).
    let json_shown = use_mut_ref(|| {
        quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json())
    });
    let unapplied = use_mut_ref(Vec::<String>::new);

    // Keep the draft in line with the settings in force when they change (a loaded scenario,
    // a reset, a scenario's own configure event, or a change applied from here).
    {
        let draft = draft.clone();
        let json_text = json_text.clone();
        let deps = (
            props.cluster.clone(),
            props.nwr,
            props.drop_rate,
            props.clients.clone(),
        );
        let synced = draft.synced(props, &unapplied.borrow());
        let latency_json =
            quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json());
        let json_shown = json_shown.clone();
        use_effect_with(deps, move |_| {
            if *draft != synced {
                draft.set(synced);
            }
            // JSON typed and not applied yet stays as typed.
            let edited = *json_text != *json_shown.borrow();
            if !edited {
                json_text.set(latency_json.clone());
            }
            *json_shown.borrow_mut() = latency_json;
        });
    }

    let (_, errors) = evaluate(&draft, props);
    *unapplied.borrow_mut() = errors.iter().map(|(id, _)| id.clone()).collect();

    // Any edit: keep the text, and apply the whole draft if it is valid.
    let edit = {
        let (draft, on_msg) = (draft.clone(), props.on_msg.clone());
        let snapshot = (
            props.cluster.clone(),
            props.nwr,
            props.clients.clone(),
            props.drop_rate,
            props.base.clone(),
            props.datacenters.clone(),
            props.levels.clone(),
        );
        move |change: Box<dyn Fn(&mut Draft)>| {
            let mut next = (*draft).clone();
            change(&mut next);
            let props = SettingsPanelProps {
                cluster: snapshot.0.clone(),
                nwr: snapshot.1,
                clients: snapshot.2.clone(),
                drop_rate: snapshot.3,
                base: snapshot.4.clone(),
                datacenters: snapshot.5.clone(),
                levels: snapshot.6.clone(),
                on_msg: on_msg.clone(),
            };
            let (patch, errors) = evaluate(&next, &props);
            let drop_changed = parse_ms(&next.drop_rate)
                .filter(|p| (0.0..=1.0).contains(p) && *p != props.drop_rate);
            let drop_ok = parse_ms(&next.drop_rate).is_some_and(|p| (0.0..=1.0).contains(&p));
            draft.set(next);
            if errors.is_empty() && patch != ClusterPatch::default() {
                on_msg.emit(Msg::Configure(patch));
            }
            if drop_ok {
                if let Some(p) = drop_changed {
                    on_msg.emit(Msg::SetDropRate(p));
                }
            }
        }
    };
    let text_input = |set: fn(&mut Draft, String)| {
        let edit = edit.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            edit(Box::new(move |d: &mut Draft| set(d, value.clone())));
        })
    };

    let on_n = text_input(|d, v| d.n = v);
    let on_w = text_input(|d, v| {
        d.w = v;
        d.w_level = NUMBER.to_string();
    });
    let on_r = text_input(|d, v| {
        d.r = v;
        d.r_level = NUMBER.to_string();
    });
    let level_select = |set: fn(&mut Draft, String)| {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            edit(Box::new(move |d: &mut Draft| set(d, value.clone())));
        })
    };
    let on_w_level = level_select(|d, v| d.w_level = v);
    let on_r_level = level_select(|d, v| d.r_level = v);
    let on_timeout = text_input(|d, v| d.timeout = v);
    let on_anti_entropy = text_input(|d, v| d.anti_entropy = v);
    let on_constant = text_input(|d, v| d.constant = v);
    let on_min = text_input(|d, v| d.min = v);
    let on_max = text_input(|d, v| d.max = v);
    let on_drop = text_input(|d, v| d.drop_rate = v);
    let on_suspect_after = text_input(|d, v| d.suspect_after = v);
    let on_probe = text_input(|d, v| d.probe = v);
    let on_kind = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let kind = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "constant" => LatencyKind::Constant,
                "uniform" => LatencyKind::Uniform,
                _ => LatencyKind::Json,
            };
            edit(Box::new(move |d: &mut Draft| d.kind = kind));
        })
    };
    let on_skew = |endpoint: String| {
        let edit = edit.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let endpoint = endpoint.clone();
            edit(Box::new(move |d: &mut Draft| {
                for (name, text) in d.skews.iter_mut() {
                    if *name == endpoint {
                        *text = value.clone();
                    }
                }
            }));
        })
    };

    let on_msg = props.on_msg.clone();
    let configure = move |patch: ClusterPatch| on_msg.emit(Msg::Configure(patch));
    let on_versioning = props.on_msg.reform(|e: Event| {
        Msg::SetVersioning(
            match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "vv" => Versioning::Vv,
                "lww" => Versioning::Lww,
                _ => Versioning::Dvv,
            },
        )
    });
    let on_coordinator = {
        let configure = configure.clone();
        Callback::from(move |e: Event| {
            let coordinator = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "replica" => Coordinator::Replica,
                _ => Coordinator::Client,
            };
            configure(ClusterPatch {
                coordinator: Some(coordinator),
                ..ClusterPatch::default()
            })
        })
    };
    let checkbox = |set: fn(&mut ClusterPatch, bool)| {
        let configure = configure.clone();
        Callback::from(move |e: Event| {
            let mut patch = ClusterPatch::default();
            set(
                &mut patch,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            );
            configure(patch)
        })
    };
    let on_read_repair = checkbox(|p, v| p.read_repair = Some(v));
    let on_sloppy = checkbox(|p, v| p.sloppy_quorum = Some(v));
    let on_handoff = checkbox(|p, v| p.hinted_handoff = Some(v));
    let on_anti_entropy_toggle = {
        let (configure, draft) = (configure.clone(), draft.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let period = parse_ms(&draft.anti_entropy)
                .filter(|p| *p >= MIN_PERIOD_MS)
                .unwrap_or(500.0);
            configure(ClusterPatch {
                anti_entropy_ms: Some(on.then_some(period)),
                ..ClusterPatch::default()
            })
        })
    };
    let on_detector = {
        let (configure, draft) = (configure.clone(), draft.clone());
        Callback::from(move |e: Event| {
            let timeout = e.target_unchecked_into::<HtmlSelectElement>().value() == "timeout";
            let detector = if timeout {
                // The durations typed, or the defaults while they are not valid.
                timeout_detector(&draft.suspect_after, &draft.probe).unwrap_or(
                    DetectorConfig::Timeout {
                        suspect_after: 300_000,
                        probe_every: 500_000,
                    },
                )
            } else {
                DetectorConfig::Perfect
            };
            configure(ClusterPatch {
                failure_detector: Some(detector),
                ..ClusterPatch::default()
            })
        })
    };
    let on_json_input = {
        let (json_text, json_error) = (json_text.clone(), json_error.clone());
        Callback::from(move |e: InputEvent| {
            json_text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            json_error.set(None);
        })
    };
    let on_json_apply = {
        let (json_text, json_error, configure) =
            (json_text.clone(), json_error.clone(), configure.clone());
        let (cluster, clients, base) = (
            props.cluster.clone(),
            props.clients.clone(),
            props.base.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let parsed = serde_json::from_str::<serde_json::Value>(&json_text)
                .map_err(|e| format!("not JSON: {e}"))
                .and_then(|v| Latency::from_json(&v));
            match parsed {
                Ok(latency) => {
                    let patch = ClusterPatch {
                        latency: Some(latency),
                        ..ClusterPatch::default()
                    };
                    match check_patch(&cluster, &clients, &base, &patch) {
                        Ok(()) => {
                            json_error.set(None);
                            configure(patch);
                        }
                        Err(e) => json_error.set(Some(e)),
                    }
                }
                Err(e) => json_error.set(Some(format!("Latency: {e}. Not applied."))),
            }
        })
    };

    let versioning_ref = use_node_ref();
    let coordinator_ref = use_node_ref();
    let kind_ref = use_node_ref();
    let detector_ref = use_node_ref();
    let detector = if props.cluster.failure_detector.is_perfect() {
        "perfect"
    } else {
        "timeout"
    };
    super::use_select_value(detector_ref.clone(), detector.to_string());
    let versioning = match props.cluster.versioning {
        Versioning::Dvv => "dvv",
        Versioning::Vv => "vv",
        Versioning::Lww => "lww",
    };
    super::use_select_value(versioning_ref.clone(), versioning.to_string());
    let coordinator = match props.cluster.coordinator {
        Coordinator::Client => "client",
        Coordinator::Replica => "replica",
    };
    super::use_select_value(coordinator_ref.clone(), coordinator.to_string());
    let kind = match draft.kind {
        LatencyKind::Constant => "constant",
        LatencyKind::Uniform => "uniform",
        LatencyKind::Json => "json",
    };
    super::use_select_value(kind_ref.clone(), kind.to_string());

    let err = |field: &str| error_of(&errors, field);
    let number = |id: &'static str,
                  label: &'static str,
                  value: &String,
                  oninput: Callback<InputEvent>,
                  help: Option<&'static str>| {
        input_field(
            AttrValue::Static(id),
            AttrValue::Static(label),
            "number",
            value,
            "any",
            help,
            err(id),
            true,
            oninput,
        )
    };

    // The quorum condition of the numbers as typed once they are valid (they are applied as
    // they are typed); while one is not, that of the numbers in force.
    let nwr_error = ["set-n", "set-w", "set-r"]
        .iter()
        .any(|f| error_of(&errors, f).is_some());
    let shown = match (
        parse_count(&draft.n),
        parse_count(&draft.w),
        parse_count(&draft.r),
    ) {
        (Some(n), Some(w), Some(r)) if !nwr_error => (n, w, r),
        _ => props.nwr,
    };
    let (w_now, r_now) = (props.cluster.w, props.cluster.r);
    let counts = matches!(w_now, ConsistencyLevel::Count(_))
        && matches!(r_now, ConsistencyLevel::Count(_))
        && draft.w_level == NUMBER
        && draft.r_level == NUMBER;
    let (holds, headline, meaning) = if counts {
        let (holds, headline, meaning) = quorum_condition(shown.0, shown.1, shown.2);
        (holds, headline, meaning.to_string())
    } else {
        // Levels: what each requires (the snapshot's arithmetic), and whether they overlap.
        let dcs = if props.datacenters.is_empty() {
            vec![(
                String::new(),
                u32::try_from(props.nwr.0).unwrap_or(u32::MAX),
            )]
        } else {
            props.datacenters.clone()
        };
        let (holds, meaning) = level_overlap(w_now, r_now, &dcs);
        let headline = format!(
            "w: {} · r: {}",
            props.levels.w_arithmetic, props.levels.r_arithmetic
        );
        (holds, headline, meaning)
    };
    let w_level_ref = use_node_ref();
    let r_level_ref = use_node_ref();
    super::use_select_value(w_level_ref.clone(), draft.w_level.clone());
    super::use_select_value(r_level_ref.clone(), draft.r_level.clone());
    let per_dc = (!props.datacenters.is_empty()).then(|| {
        let each: Vec<String> = props
            .datacenters
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        format!("set per datacenter: {}", each.join(" + "))
    });

    let c = &props.cluster;
    let nwr_field = |id: &'static str, label: &'static str, value: &String, help, oninput| {
        input_field(
            AttrValue::Static(id),
            AttrValue::Static(label),
            "number",
            value,
            "1",
            Some(help),
            err(id),
            false,
            oninput,
        )
    };
    html! {
        <section class="panel settings-panel" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ "Settings" }</h2>
            <p class="hint">
                { "Changes apply from now on, to operations that start later; they are recorded \
                   in the share link." }
            </p>
            <div class="nwr">
                if let Some(note) = &per_dc {
                    <div class="field">
                        <label for="set-n">{ "n" }</label>
                        <input id="set-n" type="number" readonly=true value={draft.n.clone()}
                               aria-describedby="set-n-help" />
                        <span class="unit" id="set-n-help">{ note.clone() }</span>
                    </div>
                } else {
                    { nwr_field("set-n", "n", &draft.n, "replicas per key", on_n) }
                }
                { nwr_field("set-w", "w", &draft.w, "acks a write needs", on_w) }
                { nwr_field("set-r", "r", &draft.r, "replies a read needs", on_r) }
                <span class="nwr-levels-hint">{ "or a consistency level:" }</span>
                { select_field("set-w-level", "w level", w_level_ref, &options(&LEVELS), &draft.w_level, on_w_level) }
                { select_field("set-r-level", "r level", r_level_ref, &options(&LEVELS), &draft.r_level, on_r_level) }
            </div>
            { field_error("set-n", err("set-n")) }
            { field_error("set-w", err("set-w")) }
            { field_error("set-r", err("set-r")) }
            <p id="quorum-condition" class={classes!("quorum-condition", if holds { "holds" } else { "fails" })}>
                <strong>{ headline }</strong>{ " — " }{ meaning }
            </p>
            { select_field("set-versioning", "Versioning", versioning_ref, &options(&[
                ("dvv", "dvv: dotted version vectors"),
                ("vv", "vv: version vectors"),
                ("lww", "lww: last write wins"),
              ]), versioning, on_versioning) }
            <p class="hint">
                { "dvv keeps concurrent writes as siblings; vv too, plus false conflicts; lww \
                   keeps the write with the latest timestamp and silently discards the others. \
                   A run cannot switch midway: changing it replays the run from 0 ms with the \
                   same actions, up to now." }
            </p>
            { select_field("set-coordinator", "Coordinator", coordinator_ref, &options(&[
                ("client", "client: the client coordinates"),
                ("replica", "replica: a replica coordinates"),
              ]), coordinator, on_coordinator) }
            <p class="hint">
                { "Client: the client sends to the replicas and counts their replies. Replica: \
                   the client asks one replica of the key, which does it (Dynamo, Riak, \
                   Cassandra)." }
            </p>
            { check_field("set-read-repair", "Read repair",
                "a read writes the newest value back to replicas that answered with older ones",
                c.read_repair, on_read_repair) }
            <details class="more-settings">
                <summary>{ "More: anti-entropy, sloppy quorum, timeout, failure detector, latency, clock skew, message loss" }</summary>
                { check_field("set-anti-entropy", "Anti-entropy",
                    "replicas periodically compare hash trees of their keys and copy what differs",
                    c.anti_entropy_ms.is_some(), on_anti_entropy_toggle) }
                if c.anti_entropy_ms.is_some() {
                    { number("set-anti-entropy-ms", "Anti-entropy period (ms)", &draft.anti_entropy, on_anti_entropy,
                        Some("how often each replica compares its keys with a peer; at least 10 ms")) }
                }
                { check_field("set-sloppy", "Sloppy quorum",
                    "when home replicas are unreachable, write to the next nodes instead",
                    c.sloppy_quorum, on_sloppy) }
                { check_field("set-handoff", "Hinted handoff",
                    "those nodes hand the value back home later",
                    c.hinted_handoff, on_handoff) }
                { number("set-timeout", "Timeout (ms)", &draft.timeout, on_timeout,
                    Some("how long a coordinator waits for its quorum")) }
                { select_field("set-detector", "Failure detector", detector_ref, &options(&[
                    ("perfect", "Perfect (knows at once)"),
                    ("timeout", "Timeout (suspects after silence)"),
                  ]), detector, on_detector) }
                <p class="hint">
                    { "Perfect: every node knows at once who is down. Timeout (Dynamo 4.8): a \
                       node or client suspects a node only after a request to it goes \
                       unanswered, avoids it, and pings it until it answers again." }
                </p>
                if !c.failure_detector.is_perfect() {
                    <div class="pair">
                        { number("set-suspect-after", "Suspect after (ms)", &draft.suspect_after, on_suspect_after,
                            Some("silence after a request before its node is suspected")) }
                        { number("set-probe", "Probe every (ms)", &draft.probe, on_probe,
                            Some("how often a suspected node is pinged")) }
                    </div>
                }
                { select_field("set-latency", "Latency", kind_ref, &options(&[
                    ("constant", "constant: every message takes the same time"),
                    ("uniform", "uniform: anywhere between two delays"),
                    ("json", "advanced: any form, as JSON"),
                  ]), kind, on_kind) }
                { field_error("set-latency", err("set-latency")) }
                if draft.kind == LatencyKind::Constant {
                    { number("set-latency-constant", "Delay (ms)", &draft.constant, on_constant, None) }
                }
                if draft.kind == LatencyKind::Uniform {
                    <div class="pair">
                        { number("set-latency-min", "Smallest delay (ms)", &draft.min, on_min, None) }
                        { number("set-latency-max", "Largest delay (ms)", &draft.max, on_max, None) }
                    </div>
                }
                if draft.kind == LatencyKind::Json {
                    <div class="field">
                        <label for="set-latency-json">{ "Latency (JSON)" }</label>
                        <textarea id="set-latency-json" rows="3" spellcheck="false"
                                  value={(*json_text).clone()} oninput={on_json_input}
                                  aria-invalid={json_error.is_some().then_some("true")}
                                  aria-describedby={if json_error.is_some() { "set-latency-json-help set-latency-json-error" } else { "set-latency-json-help" }} />
                        <p class="hint" id="set-latency-json-help">
                            { "As in a scenario file: {\"constant\": 10}, {\"uniform\": [5, 15]}, {\"exponential\": {\"rate\": 0.1}}, {\"pareto\": {\"xm\": 5, \"alpha\": 2}}, {\"mixture\": [[0.9, L], [0.1, L]]}, or {\"write\": L, \"ack\": L, \"read\": L, \"response\": L}." }
                        </p>
                        { field_error("set-latency-json", json_error.as_deref()) }
                        <button type="button" onclick={on_json_apply}>{ "Apply latency" }</button>
                    </div>
                }
                <fieldset class="skews">
                    <legend>{ "Clock skew (ms)" }</legend>
                    <p class="hint">
                        { "Added to each clock. Under last-write-wins a write's timestamp is its \
                           coordinator's clock: the client's with client coordination, the \
                           coordinating node's with replica coordination." }
                    </p>
                    <div class="skew-grid">
                        { for draft.skews.iter().map(|(e, v)| {
                            let id = skew_id(e);
                            let error = err(&id);
                            input_field(AttrValue::from(id.clone()), AttrValue::from(format!("Clock skew of {e}")),
                                        "number", v, "any", None, error, true, on_skew(e.clone()))
                        }) }
                    </div>
                </fieldset>
                { input_field(AttrValue::Static("set-drop"), AttrValue::Static("Message loss"), "number", &draft.drop_rate, "0.05",
                    Some("probability that each message is lost, from 0 to 1"),
                    (!parse_ms(&draft.drop_rate).is_some_and(|p| (0.0..=1.0).contains(&p)))
                        .then_some("Message loss is a probability: a number from 0 to 1."),
                    true, on_drop) }
            </details>
            { field_error("set-general", err("general")) }
        </section>
    }
}

/// The element id of the clock skew field of an endpoint.
fn skew_id(endpoint: &str) -> String {
    let id: String = endpoint
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("set-skew-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsistencyLevel::*;

    fn dcs(each: &[(&str, u32)]) -> Vec<(String, u32)> {
        each.iter().map(|(n, k)| (n.to_string(), *k)).collect()
    }

    /// Cassandra's arithmetic (contract section 4): with two datacenters of 3, QUORUM is 4 of
    /// 6, LOCAL_QUORUM 2 of the coordinator's 3, EACH_QUORUM 2 + 2.
    #[test]
    fn cassandra_levels_need_what_the_contract_counts() {
        let ns = [3, 3];
        assert_eq!(needs(Quorum, &ns, 0), (vec![0, 0], 4));
        assert_eq!(needs(LocalQuorum, &ns, 1), (vec![0, 2], 0));
        assert_eq!(needs(EachQuorum, &ns, 0), (vec![2, 2], 0));
        assert_eq!(needs(LocalOne, &ns, 0), (vec![1, 0], 0));
        assert_eq!(needs(All, &ns, 0), (vec![0, 0], 6));
        assert_eq!(needs(Count(2), &ns, 1), (vec![0, 0], 2));
        assert_eq!(needs(EachQuorum, &[3, 2], 0), (vec![2, 2], 0));
        assert_eq!(needs(Quorum, &[3, 2], 0), (vec![0, 0], 3));
    }

    /// Issue 9: local levels overlap within a datacenter, not across the WAN; the page names
    /// the pair of datacenters where they need not.
    #[test]
    fn cassandra_local_levels_need_not_overlap_across_datacenters() {
        let two = dcs(&[("us", 3), ("eu", 3)]);
        let (holds, why) = level_overlap(LocalQuorum, LocalOne, &two);
        assert!(!holds);
        assert_eq!(
            why,
            "A LOCAL_QUORUM write in us and a LOCAL_ONE read in eu need not overlap: a read may miss the latest write."
        );
        // LOCAL_QUORUM + LOCAL_QUORUM overlaps within a datacenter only.
        let (holds, why) = level_overlap(LocalQuorum, LocalQuorum, &two);
        assert!(
            !holds && why.contains("write in us and a LOCAL_QUORUM read in eu"),
            "{why}"
        );
        // QUORUM (4 of 6) + QUORUM, EACH_QUORUM + LOCAL_QUORUM always overlap.
        assert!(level_overlap(Quorum, Quorum, &two).0);
        assert!(level_overlap(EachQuorum, LocalQuorum, &two).0);
        assert!(level_overlap(LocalQuorum, EachQuorum, &two).0);
        // ONE + ONE misses within one datacenter, and says so without a place.
        let (holds, why) = level_overlap(One, One, &two);
        assert!(!holds);
        assert!(
            why.starts_with("A ONE write and a ONE read need not overlap"),
            "{why}"
        );
        // Numbers count anywhere: 4 + 3 > 6 overlaps, 3 + 3 does not.
        assert!(level_overlap(Count(4), Count(3), &two).0);
        let (holds, why) = level_overlap(Count(3), Count(3), &two);
        assert!(
            !holds && why.starts_with("A 3-replica write and a 3-replica read"),
            "{why}"
        );
        // Without datacenters the local levels are their plain forms.
        let one = dcs(&[("", 3)]);
        assert!(level_overlap(LocalQuorum, LocalQuorum, &one).0);
        assert!(!level_overlap(LocalOne, Quorum, &one).0);
    }
}
