//! "The ring" panel's content, drawn in the worker: the nodes' tokens on the consistent-hashing
//! ring, each key used so far at its position, and for the key the user selects its preference
//! list (home replicas, then fallbacks), the clockwise walk that found it, and in words why those
//! nodes hold it and which of them hold it now.
//!
//! The page (`src/components/ring_view.rs`) starts a worker when the visitor first opens the
//! panel and sends [`Request::Ring`](crate::protocol::Request::Ring): the session's scenario file,
//! the position the page shows and the key selected. [`RingPanel`] replays the session to that
//! position and answers with the panel's parts as markup ([`Update`]'s `ring_*` fields). Drawn
//! here rather than in the page: its code cost the page's bundle about 4.6 KB gzipped
//! (BENCHMARKS.md, "Bundle, fourth session").

use std::fmt::Write;

use quorumscope_engine::snapshot::{ring_view, PlacedBy, RingCache, RingKeyView, RingView};
use quorumscope_engine::time::Micros;
use quorumscope_engine::{EndpointId, Scenario, Simulator};

use crate::catch_up;
use crate::protocol::Update;

/// The ring's radius, in the drawing's units (the drawing is 380 units wide, room for three
/// rings of numbers around it).
const R: f64 = 120.0;
/// The radius of a key dot's invisible tap target: 44 CSS px where the drawing is 340 px wide
/// or more (a phone's panel; 380 units over 340 px).
const HIT_R: f64 = 25.0;
/// The closest two numbers of a walk may be, centre to centre, before the later one moves out.
const BADGE_GAP: f64 = 19.0;

/// The nodes' colours on the ring, by node index (again from the first after eight): the
/// Okabe-Ito palette, told apart with the common kinds of colour blindness.
const COLOURS: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a5c2e", "#3a3a3a",
];

/// The colour of node `i`.
pub fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// A point at `frac` of the way round the ring (0 at the top, clockwise) at radius `r`.
pub fn point(frac: f64, r: f64) -> (f64, f64) {
    let (sin, cos) = (std::f64::consts::TAU * frac - std::f64::consts::FRAC_PI_2).sin_cos();
    (r * cos, r * sin)
}

/// How far clockwise `to` is from `from`, as a fraction of the ring in `[0, 1)`.
pub fn ahead(from: f64, to: f64) -> f64 {
    let d = to - from;
    if d < 0.0 {
        d + 1.0
    } else {
        d
    }
}

/// An SVG path along the ring at radius `r`, clockwise from `from` to `to` (fractions of the
/// ring), drawn as two arcs so that none spans more than half the ring.
pub fn arc_path(from: f64, to: f64, r: f64) -> String {
    let span = ahead(from, to);
    let mid = from + span / 2.0;
    let mut d = String::from("M");
    let (x, y) = point(from, r);
    let _ = write!(d, "{} {}", num(x), num(y));
    for end in [mid, from + span] {
        let (x, y) = point(end, r);
        let _ = write!(d, " A{0} {0} 0 0 1 {1} {2}", num(r), num(x), num(y));
    }
    d
}

/// A number of the selected key's walk, drawn outside the ring by the token it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Badge {
    /// Its place in the preference list, from 1.
    pub number: usize,
    /// Whether it numbers a home replica (else a fallback).
    pub home: bool,
    /// The node.
    pub node: EndpointId,
    /// The token's position on the ring.
    pub at: f64,
    /// Where the number is drawn.
    pub x: f64,
    /// Where the number is drawn.
    pub y: f64,
}

/// The numbers of `key`'s walk, one by each node's first token met: just outside the ring, or
/// further out (up to three rings) where an earlier number is closer than `BADGE_GAP`, so that
/// tokens close together still get numbers that can be read.
pub fn badges(ring: &RingView, key: &RingKeyView) -> Vec<Badge> {
    let mut out: Vec<Badge> = Vec::new();
    for (i, &t) in key.met.iter().enumerate() {
        let Some(token) = ring.tokens.get(t) else {
            continue;
        };
        let mut place = point(token.at, R + 20.0);
        for ring_out in 1..3 {
            let near = |(x, y): (f64, f64)| {
                out.iter()
                    .any(|b| (b.x - x) * (b.x - x) + (b.y - y) * (b.y - y) < BADGE_GAP * BADGE_GAP)
            };
            if !near(place) {
                break;
            }
            place = point(token.at, R + 20.0 + BADGE_GAP * ring_out as f64);
        }
        out.push(Badge {
            number: i + 1,
            home: key.homes.contains(&token.node),
            node: token.node,
            at: token.at,
            x: place.0,
            y: place.1,
        });
    }
    out
}

/// Names joined for a sentence: `A`, `A and B`, `A, B and C`.
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the panel says of `key`: where it sits, why its home replicas and fallbacks are those
/// nodes, and who holds it now.
pub fn explain(ring: &RingView, key: &RingKeyView) -> String {
    let name = |e: &EndpointId| ring.nodes.get(e.index()).map_or("?", |n| n.as_str());
    let names = |list: &[EndpointId]| list.iter().map(name).collect::<Vec<&str>>();
    let homes = names(&key.homes);
    let percent = (key.at * 100.0).floor() as u32;
    let those = if homes.len() == 1 {
        "that is its home replica"
    } else {
        "those are its home replicas"
    };
    let mut out = match key.placed_by {
        PlacedBy::Ring if !key.by_datacenter.is_empty() => {
            // With datacenters, each datacenter's first n nodes met are its home replicas.
            let met: Vec<&str> = key
                .met
                .iter()
                .filter_map(|&t| ring.tokens.get(t))
                .map(|t| name(&t.node))
                .collect();
            let each: Vec<String> = key
                .by_datacenter
                .iter()
                .map(|d| {
                    format!(
                        "in {} {}",
                        d.datacenter,
                        if d.homes.is_empty() {
                            "none".to_string()
                        } else {
                            and_list(&names(&d.homes))
                        }
                    )
                })
                .collect();
            format!(
                "{} sits at {percent}% of the ring. Walking clockwise it meets {}. Each \
                 datacenter keeps its own replicas, the first of its nodes met: home replicas {}",
                key.key,
                met.join(", then "),
                each.join("; ")
            )
        }
        PlacedBy::Ring => format!(
            "{} sits at {percent}% of the ring. Walking clockwise it meets {}: with n = {} {those}",
            key.key,
            homes.join(", then "),
            ring.n
        ),
        PlacedBy::Pinned => format!(
            "{} would sit at {percent}% of the ring, but the scenario's placement pins its \
             preference list: {}, with n = {} its home replicas",
            key.key,
            and_list(&homes),
            ring.n
        ),
    };
    let fallbacks = names(&key.fallbacks);
    match fallbacks.len() {
        0 => out.push_str("; there is no other node to fall back on."),
        1 => {
            let _ = write!(out, "; {} is a fallback for a sloppy quorum.", fallbacks[0]);
        }
        _ => {
            let _ = write!(
                out,
                "; {} are fallbacks for a sloppy quorum.",
                and_list(&fallbacks)
            );
        }
    }
    if key.copies.is_empty() {
        out.push_str(" No replica holds a copy yet.");
    } else {
        let _ = write!(out, " Copies now: {}", names(&key.copies).join(", "));
        let stale = names(&key.stale);
        match stale.len() {
            0 => out.push('.'),
            1 => {
                let _ = write!(out, " ({} is stale).", stale[0]);
            }
            _ => {
                let _ = write!(out, " ({} are stale).", and_list(&stale));
            }
        }
    }
    for h in &key.hints {
        let _ = write!(
            out,
            " {} keeps a hint for {}.",
            name(&h.holder),
            name(&h.home)
        );
    }
    out
}

/// One line of the numbered preference list: the node, its role, and what it holds.
fn role(key: &RingKeyView, node: EndpointId, home: bool) -> String {
    let role = if home { "home replica" } else { "fallback" };
    let holds = if key.stale.contains(&node) {
        if key.copies.contains(&node) {
            "stale copy"
        } else {
            "no copy (stale)"
        }
    } else if key.copies.contains(&node) {
        "copy"
    } else if key.hints.iter().any(|h| h.holder == node) {
        "a hint"
    } else {
        "nothing"
    };
    format!("{role}, holds {holds}")
}

/// `text` safe inside SVG or HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::render::escape(&mut out, text);
    out
}

/// Appends ` name="x y"`-style point attributes: ` {a}="{x}" {b}="{y}"`.
fn push_xy(out: &mut String, a: &str, b: &str, (x, y): (f64, f64)) {
    let _ = write!(out, " {a}=\"{}\" {b}=\"{}\"", num(x), num(y));
}

/// The drawing inside the ring's `<svg>`, as markup (cheaper in the page's wasm than built
/// nodes): the circle, every token as a tick in its node's colour, every key as a dot with a
/// tap target (`data-key`), and for the `chosen` key its walk (home part, then fallbacks'
/// greyed) with the numbers of its preference list.
pub fn drawing(ring: &RingView, chosen: Option<&RingKeyView>) -> String {
    let mut out = format!("<circle class=\"ring-circle\" r=\"{}\"/>", num(R));
    for t in &ring.tokens {
        out.push_str("<line class=\"ring-token\"");
        push_xy(&mut out, "x1", "y1", point(t.at, R - 7.0));
        push_xy(&mut out, "x2", "y2", point(t.at, R + 7.0));
        let _ = write!(out, " stroke=\"{}\"/>", colour(t.node.index()));
    }
    if let Some(k) = chosen {
        // The walk meets the home replicas first, except with datacenters, where each
        // datacenter's homes are the first of its own nodes met: the home part of the walk
        // ends at the last home replica met.
        let homes = k
            .met
            .iter()
            .rposition(|&t| {
                ring.tokens
                    .get(t)
                    .is_some_and(|t| k.homes.contains(&t.node))
            })
            .map_or(0, |i| i + 1);
        let at = |i: usize| k.met.get(i).and_then(|&t| ring.tokens.get(t)).map(|t| t.at);
        let home_end = homes.checked_sub(1).and_then(at);
        let last = k.met.len().checked_sub(1).and_then(at);
        if let Some(end) = home_end {
            let d = arc_path(k.at, end, R - 16.0);
            let _ = write!(out, "<path class=\"ring-walk-home\" d=\"{d}\"/>");
            if let Some(last) = last.filter(|_| k.met.len() > homes) {
                let d = arc_path(end, last, R - 16.0);
                let _ = write!(out, "<path class=\"ring-walk-fallback\" d=\"{d}\"/>");
            }
        }
        for b in badges(ring, k) {
            let stroke = colour(b.node.index());
            let class = if b.home { "home" } else { "fallback" };
            let _ = write!(out, "<g class=\"ring-number {class}\"><line");
            push_xy(&mut out, "x1", "y1", point(b.at, R + 7.0));
            push_xy(&mut out, "x2", "y2", (b.x, b.y));
            let _ = write!(out, " stroke=\"{stroke}\"/><circle r=\"9\"");
            push_xy(&mut out, "cx", "cy", (b.x, b.y));
            let _ = write!(out, " stroke=\"{stroke}\"/><text");
            push_xy(&mut out, "x", "y", (b.x, b.y + 4.0));
            let _ = write!(out, ">{}</text></g>", b.number);
        }
        out.push_str("<text class=\"ring-key-label\"");
        let (x, y) = point(k.at, R - 34.0);
        push_xy(&mut out, "x", "y", (x, y + 4.0));
        let _ = write!(out, ">{}</text>", escape(&k.key));
    }
    for k in &ring.keys {
        let selected = chosen.is_some_and(|c| c.id == k.id);
        let p = point(k.at, R);
        let _ = write!(
            out,
            "<g class=\"ring-key{}\" data-key=\"{}\"><circle class=\"ring-hit\" r=\"{}\"",
            if selected { " selected" } else { "" },
            escape(&k.key),
            num(HIT_R)
        );
        push_xy(&mut out, "cx", "cy", p);
        let _ = write!(
            out,
            "/><circle class=\"ring-dot\" r=\"{}\"",
            if selected { "6.5" } else { "4.5" }
        );
        push_xy(&mut out, "cx", "cy", p);
        out.push_str("/></g>");
    }
    out
}

/// The numbered preference list of `key` (`#ring-prefs`), as markup: each node with its colour,
/// its role and what it holds.
pub fn prefs_list(ring: &RingView, key: &RingKeyView) -> String {
    let mut out = String::from("<ol id=\"ring-prefs\" class=\"ring-prefs\">");
    let list = key.homes.iter().map(|&e| (e, true));
    for (e, home) in list.chain(key.fallbacks.iter().map(|&e| (e, false))) {
        let _ = write!(out,
            "<li class=\"{}\"><span class=\"swatch\" style=\"background:{}\"></span><strong>{}</strong>: {}</li>",
            if home { "home" } else { "fallback" },
            colour(e.index()),
            escape(ring.nodes.get(e.index()).map_or("?", |n| n.as_str())),
            role(key, e, home)
        );
    }
    out.push_str("</ol>");
    out
}

/// The nodes' colours, as markup.
fn legend(ring: &RingView) -> String {
    let mut out = String::from("<ul class=\"ring-legend\" aria-label=\"Node colours\">");
    for (i, n) in ring.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            colour(i),
            escape(n)
        );
    }
    out.push_str("</ul>");
    out
}

/// `x` to one decimal place, without a trailing `.0` (as the page writes coordinates).
fn num(x: f64) -> String {
    let tenths = if x.is_finite() {
        (x * 10.0).round() as i64
    } else {
        0
    };
    let mut out = String::new();
    if tenths < 0 {
        out.push('-');
    }
    let a = tenths.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if a % 10 != 0 {
        let _ = write!(out, ".{}", a % 10);
    }
    out
}

/// The ring's `<svg>` (`role="img"`), labelled with what it shows.
fn svg(ring: &RingView, chosen: Option<&RingKeyView>) -> String {
    let label = match chosen {
        Some(k) => format!(
            "The ring: {} tokens of {} nodes; the key {} at {}% of the ring.",
            ring.tokens.len(),
            ring.nodes.len(),
            k.key,
            (k.at * 100.0).floor() as u32
        ),
        None => format!(
            "The ring: {} tokens of {} nodes, and {} key{}.",
            ring.tokens.len(),
            ring.nodes.len(),
            ring.keys.len(),
            if ring.keys.len() == 1 { "" } else { "s" }
        ),
    };
    format!(
        "<svg class=\"ring-svg\" viewBox=\"-190 -190 380 380\" role=\"img\" aria-label=\"{}\">{}</svg>",
        escape(&label),
        drawing(ring, chosen)
    )
}

/// The options of the select `Key on the ring`: a disabled first one (chosen while no key is),
/// then every key shown.
fn options(ring: &RingView, chosen: Option<&RingKeyView>) -> String {
    let mut out = format!(
        "<option value=\"\" disabled{}>{}</option>",
        if chosen.is_none() { " selected" } else { "" },
        if ring.keys.is_empty() {
            "No key used yet"
        } else {
            "Choose a key"
        }
    );
    for k in &ring.keys {
        let key = escape(&k.key);
        let _ = write!(out, "<option value=\"{key}\">{key}</option>");
    }
    out
}

/// The panel's parts for `ring` with the key named `selected` chosen (if it is on the ring).
pub fn parts(ring: &RingView, selected: Option<&str>) -> Update {
    let chosen = selected.and_then(|k| ring.key(k));
    let explanation = match chosen {
        Some(k) => explain(ring, k),
        None if ring.keys.is_empty() => "Keys appear here once an operation uses them.".into(),
        None => "Choose a key, or click its dot, to see which nodes hold it and why.".into(),
    };
    let more = if ring.more_keys > 0 {
        format!(
            "<p class=\"hint\">and {} more keys, not shown</p>",
            ring.more_keys
        )
    } else {
        String::new()
    };
    let mut rest = chosen.map_or_else(String::new, |k| prefs_list(ring, k));
    rest.push_str(&legend(ring));
    Update {
        synced: true,
        ring_svg: Some(svg(ring, chosen)),
        ring_options: Some(options(ring, chosen)),
        ring_more: Some(more),
        ring_explanation: Some(explanation),
        ring_rest: Some(rest),
        ring_chosen: Some(chosen.map_or_else(String::new, |k| k.key.to_string())),
        ..Update::default()
    }
}

/// The ring panel's state in the worker: the session's run, replayed to the page's position.
#[derive(Default)]
pub struct RingPanel {
    /// The session's scenario file last received, read.
    scenario: Option<Scenario>,
    /// Its run, at the position last asked for (`None` until then, and after a new scenario).
    sim: Option<Simulator>,
    /// The ring of that run, placed again only when a key is first used.
    cache: RingCache,
}

impl RingPanel {
    /// The ring at the page's position (`now_us`, with `events` engine events processed), with
    /// the key `selected` chosen; `scenario` is the session's scenario file when it changed.
    pub fn sync(
        &mut self,
        scenario: Option<String>,
        now_us: Micros,
        events: u64,
        selected: Option<&str>,
    ) -> Update {
        if let Some(text) = scenario {
            match Scenario::from_json(&text) {
                Ok(s) => self.scenario = Some(s),
                Err(e) => {
                    return Update {
                        synced: true,
                        error: Some(format!("the ring cannot read the session: {e}")),
                        ..Update::default()
                    }
                }
            }
            self.sim = None;
        }
        let Some(scenario) = &self.scenario else {
            return Update {
                synced: true,
                error: Some("the ring has no session to show yet".into()),
                ..Update::default()
            };
        };
        // Forward from where the run is; from the start when the page went back in time.
        let mut sim = match self.sim.take() {
            Some(sim) => sim,
            None => {
                self.cache = RingCache::default();
                Simulator::new(scenario.clone())
            }
        };
        if !catch_up(&mut sim, now_us, events) {
            self.cache = RingCache::default();
            sim = Simulator::new(scenario.clone());
            catch_up(&mut sim, now_us, events);
        }
        let update = parts(&ring_view(&sim, &mut self.cache), selected);
        self.sim = Some(sim);
        update
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::Panel;
    use crate::protocol::Request;
    use quorumscope_engine::snapshot::{HintHolder, TokenView};
    use quorumscope_engine::KeyId;

    fn ring(placed_by: PlacedBy) -> (RingView, RingKeyView) {
        let key = RingKeyView {
            id: KeyId(0),
            key: "cart".into(),
            at: 0.375,
            placed_by,
            homes: vec![EndpointId(1), EndpointId(0), EndpointId(2)],
            fallbacks: vec![EndpointId(3), EndpointId(4)],
            met: Vec::new(),
            by_datacenter: Vec::new(),
            copies: vec![EndpointId(0), EndpointId(1)],
            stale: vec![EndpointId(2)],
            hints: vec![HintHolder {
                holder: EndpointId(3),
                home: EndpointId(2),
            }],
        };
        let view = RingView {
            nodes: ["A", "B", "C", "D", "E"].map(String::from).to_vec(),
            tokens: vec![TokenView {
                at: 0.5,
                node: EndpointId(0),
            }],
            n: 3,
            keys: vec![key.clone()],
            more_keys: 0,
        };
        (view, key)
    }

    /// Dynamo section 4.3 in words: the walk names the home replicas in the ring's order, the
    /// fallbacks after them, then the copies, the stale home replica and the hint.
    #[test]
    fn dynamo_s4_3_explanation_names_homes_in_walk_order_then_copies() {
        let (view, key) = ring(PlacedBy::Ring);
        assert_eq!(
            explain(&view, &key),
            "cart sits at 37% of the ring. Walking clockwise it meets B, then A, then C: with \
             n = 3 those are its home replicas; D and E are fallbacks for a sloppy quorum. \
             Copies now: A, B (C is stale). D keeps a hint for C."
        );
    }

    /// Contract section 4: with datacenters the walk meets the nodes in ring order, and each
    /// datacenter's home replicas are the first of its own nodes met.
    #[test]
    fn contract_s4_explanation_names_each_datacenters_home_replicas() {
        let (mut view, mut key) = ring(PlacedBy::Ring);
        view.tokens = (0..5)
            .map(|i| TokenView {
                at: 0.1 * (i + 1) as f64,
                node: EndpointId([3, 1, 0, 4, 2][i]),
            })
            .collect();
        key.met = vec![0, 1, 2, 3, 4];
        key.homes = vec![EndpointId(3), EndpointId(1), EndpointId(0), EndpointId(4)];
        key.fallbacks = vec![EndpointId(2)];
        key.by_datacenter = vec![
            quorumscope_engine::snapshot::DatacenterList {
                datacenter: "us".into(),
                homes: vec![EndpointId(1), EndpointId(0)],
                fallbacks: vec![EndpointId(2)],
            },
            quorumscope_engine::snapshot::DatacenterList {
                datacenter: "eu".into(),
                homes: vec![EndpointId(3), EndpointId(4)],
                fallbacks: Vec::new(),
            },
        ];
        let text = explain(&view, &key);
        assert!(
            text.starts_with(
                "cart sits at 37% of the ring. Walking clockwise it meets D, then B, then A, \
                 then E, then C. Each datacenter keeps its own replicas, the first of its nodes \
                 met: home replicas in us B and A; in eu D and E; C is a fallback"
            ),
            "{text}"
        );
        // The numbers mark home replicas by who they are, not by their place in the walk.
        let homes: Vec<bool> = badges(&view, &key).iter().map(|b| b.home).collect();
        assert_eq!(homes, [true, true, true, true, false]);
    }

    /// A pinned key says so instead of the walk.
    #[test]
    fn pinned_explanation_says_the_placement_pins_it() {
        let (view, mut key) = ring(PlacedBy::Pinned);
        key.copies.clear();
        key.stale.clear();
        key.hints.clear();
        key.fallbacks.truncate(1);
        let text = explain(&view, &key);
        assert!(
            text.starts_with(
                "cart would sit at 37% of the ring, but the scenario's placement pins its \
                 preference list: B, A and C, with n = 3 its home replicas; D is a fallback"
            ),
            "{text}"
        );
        assert!(text.ends_with("No replica holds a copy yet."), "{text}");
        assert!(!text.contains("clockwise"));
    }

    #[test]
    fn roles_say_what_each_node_holds() {
        let (_, key) = ring(PlacedBy::Ring);
        assert_eq!(role(&key, EndpointId(0), true), "home replica, holds copy");
        assert_eq!(
            role(&key, EndpointId(2), true),
            "home replica, holds no copy (stale)"
        );
        assert_eq!(role(&key, EndpointId(3), false), "fallback, holds a hint");
        assert_eq!(role(&key, EndpointId(4), false), "fallback, holds nothing");
    }

    /// Positions: 0 at the top, a quarter at the right (clockwise on a screen, y down).
    #[test]
    fn points_go_clockwise_from_the_top() {
        let close =
            |(x, y): (f64, f64), (a, b): (f64, f64)| (x - a).abs() < 1e-9 && (y - b).abs() < 1e-9;
        assert!(close(point(0.0, 10.0), (0.0, -10.0)));
        assert!(close(point(0.25, 10.0), (10.0, 0.0)));
        assert!(close(point(0.5, 10.0), (0.0, 10.0)));
        assert!((ahead(0.9, 0.1) - 0.2).abs() < 1e-12);
        assert_eq!(ahead(0.1, 0.3), 0.3 - 0.1);
    }

    /// A walk across the top of the ring (from 90% to 10%) is drawn clockwise through the top,
    /// in two arcs of under half the ring each.
    #[test]
    fn arcs_go_clockwise_in_two_halves() {
        let d = arc_path(0.9, 0.1, 10.0);
        assert_eq!(d.matches(" A10 10 0 0 1 ").count(), 2, "{d}");
        assert!(d.contains(" A10 10 0 0 1 0 -10 "), "through the top: {d}");
    }

    /// Tokens close together get their numbers on rings further out, never on top of each
    /// other; a lone token's number stays just outside the ring.
    #[test]
    fn numbers_of_close_tokens_move_out_and_do_not_overlap() {
        let (mut view, mut key) = ring(PlacedBy::Ring);
        view.tokens = [0.30, 0.301, 0.302, 0.6, 0.9]
            .iter()
            .enumerate()
            .map(|(i, &at)| TokenView {
                at,
                node: EndpointId(i),
            })
            .collect();
        key.met = vec![0, 1, 2, 3, 4];
        let b = badges(&view, &key);
        assert_eq!(
            b.iter().map(|b| b.number).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(
            b.iter().map(|b| b.home).collect::<Vec<_>>(),
            [true, true, true, false, false]
        );
        for (i, x) in b.iter().enumerate() {
            for y in &b[..i] {
                let d = ((x.x - y.x).powi(2) + (x.y - y.y).powi(2)).sqrt();
                assert!(
                    d >= BADGE_GAP - 1e-9,
                    "{} and {} are {d} apart",
                    x.number,
                    y.number
                );
            }
        }
        let radius = |b: &Badge| (b.x * b.x + b.y * b.y).sqrt();
        assert!((radius(&b[0]) - (R + 20.0)).abs() < 1e-9);
        assert!(radius(&b[1]) > radius(&b[0]));
        assert!(radius(&b[2]) > radius(&b[1]));
        assert!((radius(&b[3]) - (R + 20.0)).abs() < 1e-9);
    }

    /// The drawing: a tick per token in its node's colour, a dot and a tap target per key
    /// (names escaped), and for the chosen key its walk and numbers.
    #[test]
    fn drawing_has_ticks_dots_and_the_chosen_walk() {
        let (mut view, mut key) = ring(PlacedBy::Ring);
        view.tokens = (0..5)
            .map(|i| TokenView {
                at: 0.1 + 0.15 * i as f64,
                node: EndpointId(i),
            })
            .collect();
        key.met = vec![1, 0, 2, 3, 4];
        key.key = "a<b\"c".into();
        view.keys = vec![key.clone()];
        let plain = drawing(&view, None);
        assert_eq!(plain.matches("<line class=\"ring-token\"").count(), 5);
        assert!(plain.contains(&format!("stroke=\"{}\"", colour(3))));
        assert_eq!(plain.matches("data-key=\"a&lt;b&quot;c\"").count(), 1);
        assert!(!plain.contains("ring-walk") && !plain.contains("ring-number"));
        let chosen = drawing(&view, Some(&key));
        assert_eq!(chosen.matches("class=\"ring-number home\"").count(), 3);
        assert_eq!(chosen.matches("class=\"ring-number fallback\"").count(), 2);
        assert!(chosen.contains("ring-walk-home") && chosen.contains("ring-walk-fallback"));
        assert!(chosen.contains(">a&lt;b&quot;c</text>"));
        assert!(chosen.contains("class=\"ring-key selected\""));
        let list = prefs_list(&view, &key);
        assert_eq!(list.matches("<li class=\"home\">").count(), 3);
        assert!(list.contains("<strong>D</strong>: fallback, holds a hint"));
    }

    #[test]
    fn names_are_joined_for_sentences() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }

    const RUN: &str = r#"{"seed": 1, "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
        "latency": {"constant": 5}},
        "events": [{"at": 1, "put": {"client": "c1", "key": "k", "value": "v1"}}]}"#;

    fn ask(panel: &mut Panel, scenario: Option<&str>, now_us: u64, key: Option<&str>) -> Update {
        panel.handle(Request::Ring {
            scenario: scenario.map(str::to_string),
            now_us,
            now_events: u64::MAX,
            selected: key.map(str::to_string),
        })
    }

    /// The worker replays the session to the page's position, forward and back, and draws the
    /// ring there: no key before the put, the key with its copies after it.
    #[test]
    fn ring_requests_replay_to_the_position_and_draw_the_key() {
        let mut panel = Panel::new();
        let start = ask(&mut panel, Some(RUN), 0, Some("k"));
        assert!(start.synced);
        assert_eq!(start.error, None);
        assert_eq!(
            start.ring_explanation.as_deref(),
            Some("Keys appear here once an operation uses them.")
        );
        assert_eq!(start.ring_chosen.as_deref(), Some(""));
        let svg = start.ring_svg.unwrap_or_default();
        assert!(
            svg.contains("aria-label=\"The ring: 24 tokens of 3 nodes, and 0 keys.\""),
            "{svg}"
        );
        assert!(start
            .ring_options
            .is_some_and(|o| o.contains("selected>No key used yet</option>")));

        let after = ask(&mut panel, None, 100_000, Some("k"));
        assert_eq!(after.ring_chosen.as_deref(), Some("k"));
        let text = after.ring_explanation.unwrap_or_default();
        assert_eq!(
            text,
            "k sits at 8% of the ring. Walking clockwise it meets B, then C, then A: with n = 3 \
             those are its home replicas; there is no other node to fall back on. Copies now: \
             B, C, A."
        );
        assert!(after
            .ring_options
            .is_some_and(|o| o.contains("<option value=\"k\">k</option>")));
        assert!(after
            .ring_rest
            .is_some_and(|r| r.contains("id=\"ring-prefs\"")));

        // Back in time: replayed from the start.
        let back = ask(&mut panel, None, 0, Some("k"));
        assert_eq!(back.ring_chosen.as_deref(), Some(""));

        let bad = ask(&mut Panel::new(), Some("{"), 0, None);
        assert!(bad.synced);
        assert!(bad.error.is_some_and(|e| e.contains("malformed JSON")));
    }
}
