//! "The ring": the nodes' tokens on the consistent-hashing ring, each key used so far at its
//! position, and for the key the user selects its preference list (home replicas, then
//! fallbacks), the clockwise walk that found it, and in words why those nodes hold it and
//! which of them hold it now.
//!
//! A collapsible panel, closed when the page opens, so it never pushes the cluster down. A key
//! is selected with the select beside the ring (keyboard, screen readers, phones) or by
//! clicking or tapping its dot (a 44 px target around it).

use std::sync::Arc;

use quorumscope_engine::snapshot::{Placement, RingKeyView, RingView};
use quorumscope_engine::EndpointId;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::use_select_value;
use crate::layout::{num, sin_cos};

/// The ring's radius, in the drawing's units (the drawing is 300 units wide).
const R: f64 = 100.0;
/// The radius of a key dot's invisible tap target: 44 CSS px and more where the drawing is
/// drawn at its usual width (300 units over at least 300 px).
const HIT_R: f64 = 22.0;

/// The nodes' colours on the ring, by node index (again from the first after eight): the
/// Okabe-Ito palette, told apart with the common kinds of colour blindness.
const COLOURS: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a5c2e", "#3a3a3a",
];

/// The colour of node `i`.
pub fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// Properties of [`RingPanel`].
#[derive(Properties)]
pub struct RingPanelProps {
    /// The ring as the snapshot has it (the same `Arc` while unchanged).
    pub ring: Arc<RingView>,
    /// The key the user selected, if any.
    pub selected: Option<String>,
    /// Selects a key by name.
    pub on_select: Callback<String>,
}

/// The ring is compared by pointer: the snapshot hands out the same `Arc` while it is
/// unchanged, so the panel is not drawn again every frame.
impl PartialEq for RingPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.ring, &other.ring)
            && self.selected == other.selected
            && self.on_select == other.on_select
    }
}

/// A point at `frac` of the way round the ring (0 at the top, clockwise) at radius `r`.
pub fn point(frac: f64, r: f64) -> (f64, f64) {
    let (sin, cos) = sin_cos(std::f64::consts::TAU * frac - std::f64::consts::FRAC_PI_2);
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
    d.push_str(&format!("{} {}", num(x), num(y)));
    for end in [mid, from + span] {
        let (x, y) = point(end, r);
        d.push_str(&format!(" A{0} {0} 0 0 1 {1} {2}", num(r), num(x), num(y)));
    }
    d
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
    let mut out = match key.placement {
        Placement::Ring => format!(
            "{} sits at {percent}% of the ring. Walking clockwise it meets {}: with n = {} {those}",
            key.key,
            homes.join(", then "),
            ring.n
        ),
        Placement::Pinned => format!(
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
        1 => out.push_str(&format!(
            "; {} is a fallback for a sloppy quorum.",
            fallbacks[0]
        )),
        _ => out.push_str(&format!(
            "; {} are fallbacks for a sloppy quorum.",
            and_list(&fallbacks)
        )),
    }
    if key.copies.is_empty() {
        out.push_str(" No replica holds a copy yet.");
    } else {
        out.push_str(&format!(" Copies now: {}", names(&key.copies).join(", ")));
        let stale = names(&key.stale);
        match stale.len() {
            0 => out.push('.'),
            1 => out.push_str(&format!(" ({} is stale).", stale[0])),
            _ => out.push_str(&format!(" ({} are stale).", and_list(&stale))),
        }
    }
    for h in &key.hints {
        out.push_str(&format!(
            " {} keeps a hint for {}.",
            name(&h.holder),
            name(&h.home)
        ));
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

/// `The ring` (`#ring-panel`): a `<details>` with the ring drawn as an SVG (`role="img"`,
/// labelled), a select `Key on the ring` (`#ring-key`), the explanation (`#ring-explanation`)
/// and the numbered preference list (`#ring-prefs`) of the selected key.
#[function_component(RingPanel)]
pub fn ring_panel(props: &RingPanelProps) -> Html {
    let ring = &props.ring;
    let select = use_node_ref();
    let chosen = props.selected.as_deref().and_then(|k| ring.key(k)).cloned();
    use_select_value(
        select.clone(),
        chosen
            .as_ref()
            .map_or_else(String::new, |k| k.key.to_string()),
    );
    let onchange = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if !s.value().is_empty() {
                    on_select.emit(s.value());
                }
            }
        })
    };
    let name = |e: EndpointId| ring.nodes.get(e.index()).cloned().unwrap_or_default();

    let ticks = ring.tokens.iter().map(|t| {
        let (x1, y1) = point(t.at, R - 7.0);
        let (x2, y2) = point(t.at, R + 7.0);
        html! {
            <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)}
                  stroke={colour(t.node.index())} class="ring-token" />
        }
    });
    let dots = ring.keys.iter().map(|k| {
        let (x, y) = point(k.at, R);
        let on_select = props.on_select.clone();
        let key = k.key.to_string();
        let selected = chosen.as_ref().is_some_and(|c| c.id == k.id);
        html! {
            <g class={classes!("ring-key", selected.then_some("selected"))} data-key={key.clone()}
               onclick={move |_: MouseEvent| on_select.emit(key.clone())}>
                <circle class="ring-hit" cx={num(x)} cy={num(y)} r={num(HIT_R)} />
                <circle class="ring-dot" cx={num(x)} cy={num(y)} r={if selected { "6.5" } else { "4.5" }} />
            </g>
        }
    });
    // The selected key's walk: its home part, then its fallbacks' (greyed), and the number of
    // each node's first token met.
    let walk = chosen.as_ref().map(|k| {
        let homes = k.homes.len();
        let at = |i: usize| k.met.get(i).and_then(|&t| ring.tokens.get(t)).map(|t| t.at);
        let home_end = homes.checked_sub(1).and_then(at);
        let last = k.met.len().checked_sub(1).and_then(at);
        let (kx, ky) = point(k.at, R + 16.0);
        html! {
            <g class="ring-walk">
                if let Some(end) = home_end {
                    <path class="ring-walk-home" d={arc_path(k.at, end, R - 16.0)} />
                }
                if let (Some(from), Some(end)) = (home_end, last) {
                    if k.met.len() > homes {
                        <path class="ring-walk-fallback" d={arc_path(from, end, R - 16.0)} />
                    }
                }
                { for k.met.iter().enumerate().filter_map(|(i, &t)| {
                    let token = ring.tokens.get(t)?;
                    let (x, y) = point(token.at, R + 20.0);
                    let class = if i < homes { "ring-number home" } else { "ring-number fallback" };
                    Some(html! {
                        <g class={class}>
                            <circle cx={num(x)} cy={num(y)} r="9" stroke={colour(token.node.index())} />
                            <text x={num(x)} y={num(y + 4.0)}>{ (i + 1).to_string() }</text>
                        </g>
                    })
                }) }
                <text class="ring-key-label" x={num(kx)} y={num(ky + 4.0)}>{ k.key.to_string() }</text>
            </g>
        }
    });
    let label = match &chosen {
        Some(k) => format!(
            "The ring: {} tokens of {} nodes; the key {} at {}% of the ring.",
            ring.tokens.len(),
            ring.nodes.len(),
            k.key,
            (k.at * 100.0).floor() as u32
        ),
        None => format!(
            "The ring: {} tokens of {} nodes, and {} keys.",
            ring.tokens.len(),
            ring.nodes.len(),
            ring.keys.len()
        ),
    };

    html! {
        <details class="panel ring-panel" id="ring-panel">
            <summary>{ "The ring" }</summary>
            <p class="hint">
                { "Each node owns eight tokens on the ring (its colour); a key sits where the hash \
                   of its name falls, and its preference list is the nodes met walking clockwise \
                   from there: the first n are its home replicas, the rest fallbacks." }
            </p>
            <div class="ring-body">
                <svg class="ring-svg" viewBox="-150 -150 300 300" role="img" aria-label={label}>
                    <circle class="ring-circle" r={num(R)} />
                    { for ticks }
                    { walk.unwrap_or_default() }
                    { for dots }
                </svg>
                <div class="ring-side">
                    <div class="field">
                        <label for="ring-key">{ "Key on the ring" }</label>
                        <select id="ring-key" ref={select} onchange={onchange}>
                            <option value="" disabled=true selected={chosen.is_none()}>
                                { if ring.keys.is_empty() { "No key used yet" } else { "Choose a key" } }
                            </option>
                            { for ring.keys.iter().map(|k| html! {
                                <option value={k.key.to_string()}>{ k.key.to_string() }</option>
                            }) }
                        </select>
                    </div>
                    if ring.more_keys > 0 {
                        <p class="hint">{ format!("and {} more keys, not shown", ring.more_keys) }</p>
                    }
                    <p id="ring-explanation" class="ring-explanation" aria-live="polite">
                        { match &chosen {
                            Some(k) => explain(ring, k),
                            None if ring.keys.is_empty() => "Keys appear here once an operation uses them.".to_string(),
                            None => "Choose a key, or click its dot, to see which nodes hold it and why.".to_string(),
                        } }
                    </p>
                    if let Some(k) = &chosen {
                        <ol id="ring-prefs" class="ring-prefs">
                            { for k.homes.iter().map(|&e| (e, true)).chain(k.fallbacks.iter().map(|&e| (e, false))).map(|(e, home)| html! {
                                <li class={if home { "home" } else { "fallback" }}>
                                    <span class="swatch" style={format!("background:{}", colour(e.index()))} />
                                    <strong>{ name(e) }</strong>{ format!(": {}", role(k, e, home)) }
                                </li>
                            }) }
                        </ol>
                    }
                    <ul class="ring-legend" aria-label="Node colours">
                        { for ring.nodes.iter().enumerate().map(|(i, n)| html! {
                            <li><span class="swatch" style={format!("background:{}", colour(i))} />{ n.clone() }</li>
                        }) }
                    </ul>
                </div>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::snapshot::{HintHolder, TokenView};
    use quorumscope_engine::KeyId;

    fn ring(placement: Placement) -> (RingView, RingKeyView) {
        let key = RingKeyView {
            id: KeyId(0),
            key: "cart".into(),
            at: 0.375,
            placement,
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
        let (view, key) = ring(Placement::Ring);
        assert_eq!(
            explain(&view, &key),
            "cart sits at 37% of the ring. Walking clockwise it meets B, then A, then C: with \
             n = 3 those are its home replicas; D and E are fallbacks for a sloppy quorum. \
             Copies now: A, B (C is stale). D keeps a hint for C."
        );
    }

    /// A pinned key says so instead of the walk.
    #[test]
    fn pinned_explanation_says_the_placement_pins_it() {
        let (view, mut key) = ring(Placement::Pinned);
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
        let (_, key) = ring(Placement::Ring);
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

    #[test]
    fn names_are_joined_for_sentences() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }
}
