//! One replica node in the cluster view: a card with its name, whether it is up, its keys with
//! their values (siblings as separate chips), clocks and stale marks, the hints it holds, and
//! its crash / recover button.

use quorumscope_engine::snapshot::{NodeView, ReplicaKeyView, SuspicionView};
use std::fmt::Write;
use yew::prelude::*;

use super::shapes::{rect, text, titled};
use crate::components::class_list;

use crate::layout::{self, num, Pt, CARD_HEAD, CARD_LINE, CARD_MAX_LINES, CARD_W};

/// How a node takes part in the operation selected in the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// It acknowledged the write the selected read should overlap (or, for a selected put,
    /// acknowledged that put).
    pub write: bool,
    /// It answered the selected read.
    pub read: bool,
}

/// Properties of [`NodeGlyph`].
#[derive(Properties, PartialEq)]
pub struct NodeGlyphProps {
    /// The node.
    pub node: NodeView,
    /// Its index among the endpoints.
    pub index: usize,
    /// Where its anchor is (the middle of its header).
    pub at: Pt,
    /// Its part in the selected operation.
    #[prop_or_default]
    pub highlight: Highlight,
    /// Whether there is a partition (its zone is then said in its description).
    #[prop_or_default]
    pub partitioned: bool,
    /// Whether it is being dragged.
    #[prop_or_default]
    pub dragging: bool,
    /// The focused node or client, when it suspects this node is down: the card is marked
    /// "suspected by A".
    #[prop_or_default]
    pub suspected_by: Option<String>,
    /// Its datacenter's name and index (for its colour), when there are datacenters.
    #[prop_or_default]
    pub dc: Option<(AttrValue, usize)>,
}

/// The nodes an endpoint suspects, in words: `C (since 330 ms), D (since 410 ms)`.
pub fn suspects_words(suspects: &[SuspicionView]) -> String {
    suspects
        .iter()
        .map(|s| {
            format!(
                "{} (since {} ms)",
                s.node,
                crate::state::short_ms(s.since_us)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The short line a card shows for an endpoint's suspicions: `suspects: C, D`.
pub fn suspects_line(suspects: &[SuspicionView]) -> String {
    let names: Vec<&str> = suspects.iter().map(|s| s.node.as_str()).collect();
    format!("suspects: {}", names.join(", "))
}

/// What a card says of a replica that is stale only because a write to it is in flight.
pub const BEHIND: &str = "behind: write on its way";

/// Monospace value text: about this many user units per character.
const MONO_CHAR: f64 = 6.7;
/// Sans key names: about this many user units per character.
const SANS_CHAR: f64 = 6.6;
/// Inner padding of the card.
const PAD: f64 = 7.0;

/// One line of a card below its header.
enum Line {
    /// A key and its sibling values; `full` says the key in full (also for its clock line).
    Values {
        full: String,
        key: String,
        chips: Vec<Chip>,
        more: usize,
    },
    /// A key's clock (`full` in full, for its tooltip), and whether the replica is stale for it
    /// (or only behind: a write to it is on its way, and the line says so instead of the clock).
    Clock {
        full: String,
        text: String,
        stale: bool,
        behind: bool,
    },
    /// A hint, or a note; `full` is the hint in full when `text` cuts it.
    Note {
        text: String,
        class: &'static str,
        full: Option<String>,
    },
}

struct Chip {
    text: String,
    deleted: bool,
    x: f64,
    w: f64,
}

/// The value shown for a sibling: its value, or a tombstone.
fn sibling_text(value: &Option<String>) -> (&str, bool) {
    match value {
        Some(v) => (v.as_str(), false),
        None => ("deleted", true),
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else if max == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn value_line(k: &ReplicaKeyView) -> Line {
    let inner = CARD_W - 2.0 * PAD;
    let key = clip(&k.key, 8);
    let mut x = key.chars().count() as f64 * SANS_CHAR + 6.0;
    let mut chips = Vec::new();
    let mut more = k.more_siblings;
    for (i, s) in k.siblings.iter().enumerate() {
        let (text, deleted) = sibling_text(&s.value);
        // Room left, keeping space for a "+k" counter if more siblings follow.
        let follow = i + 1 < k.siblings.len() || k.more_siblings > 0;
        let left = inner - x - if follow { 24.0 } else { 0.0 };
        let max_chars = ((left - 8.0) / MONO_CHAR).floor();
        if max_chars < 2.0 {
            more = k.siblings.len() - i + k.more_siblings;
            break;
        }
        let text = clip(text, max_chars as usize);
        let w = text.chars().count() as f64 * MONO_CHAR + 8.0;
        chips.push(Chip {
            text,
            deleted,
            x,
            w,
        });
        x += w + 3.0;
    }
    Line::Values {
        full: key_words(k),
        key,
        chips,
        more,
    }
}

/// A key as a replica holds it, in full: `cart = milk | eggs (2 siblings) [clock alice:1]`,
/// and `; stale` when it is. The tooltip of its lines on a card, and part of the node's
/// description (issue 8, point 6: nothing cut off without a way to read it whole).
pub fn key_words(k: &ReplicaKeyView) -> String {
    let values: Vec<&str> = k
        .siblings
        .iter()
        .map(|s| sibling_text(&s.value).0)
        .collect();
    let mut t = if values.is_empty() {
        format!("{} = nothing yet", k.key)
    } else {
        format!("{} = {}", k.key, values.join(" | "))
    };
    if k.more_siblings > 0 {
        let _ = write!(t, " | {} more", k.more_siblings);
    }
    let count = values.len() + k.more_siblings;
    if count > 1 {
        let _ = write!(t, " ({count} siblings)");
    }
    if !k.siblings.is_empty() {
        let _ = write!(t, " [clock {}]", k.clock);
    }
    t
}

fn lines(node: &NodeView) -> Vec<Line> {
    let mut out = Vec::new();
    if !node.up {
        out.push(Line::Note {
            text: "down: crashed".to_string(),
            class: "cv-down",
            full: None,
        });
    }
    if !node.suspects.is_empty() {
        // Its failure detector's beliefs (Dynamo section 4.8), which may be wrong.
        out.push(Line::Note {
            text: clip(&suspects_line(&node.suspects), 21),
            class: "cv-suspects",
            full: Some(format!(
                "{} suspects {}",
                node.name,
                suspects_words(&node.suspects)
            )),
        });
    }
    for k in &node.keys {
        out.push(value_line(k));
        let clock = if k.siblings.is_empty() {
            "nothing yet".to_string()
        } else if k.clock.starts_with("ts=") {
            k.clock.clone()
        } else {
            format!("clock {}", k.clock)
        };
        out.push(Line::Clock {
            full: key_words(k)
                + if k.behind {
                    "; behind: write on its way"
                } else if k.stale {
                    "; stale"
                } else {
                    ""
                },
            text: clip(&clock, if k.stale { 12 } else { 19 }),
            stale: k.stale && !k.behind,
            behind: k.behind,
        });
    }
    for h in &node.hints {
        let full = format!("hint for {}: {}={}", h.for_node, h.key, h.values.join("|"));
        out.push(Line::Note {
            text: clip(&full, 21),
            class: "cv-hint-line",
            full: Some(full),
        });
    }
    if out.is_empty() {
        out.push(Line::Note {
            text: "no data".to_string(),
            class: "cv-empty",
            full: None,
        });
    }
    if out.len() > CARD_MAX_LINES {
        // Whole keys (value and clock lines) only, then what is left out.
        let down = usize::from(!node.up) + usize::from(!node.suspects.is_empty());
        let shown_keys = (CARD_MAX_LINES - 1 - down) / 2;
        let hidden_keys = node.keys.len().saturating_sub(shown_keys) + node.more_keys;
        out.truncate(down + 2 * shown_keys.min(node.keys.len()));
        let text = if hidden_keys > 0 {
            format!("+{hidden_keys} more (focus for all)")
        } else {
            "+ more (focus for all)".to_string()
        };
        out.push(Line::Note {
            text,
            class: "cv-more",
            full: None,
        });
    }
    out
}

/// What a node holds, in words: its accessible description and its details when focused.
pub fn describe(node: &NodeView, partitioned: bool) -> String {
    let mut s = String::from(if node.up { "up" } else { "down (crashed)" });
    if partitioned {
        if node.group == 0 {
            s.push_str(", in the main zone");
        } else {
            let _ = write!(s, ", cut off in zone {}", node.group);
        }
    }
    if node.keys.is_empty() {
        s.push_str(", holds nothing");
    } else {
        let held: Vec<String> = node.keys.iter().map(key_words).collect();
        s.push_str(", holds ");
        s.push_str(&held.join(", "));
        if node.more_keys > 0 {
            let _ = write!(s, " and {} more keys", node.more_keys);
        }
    }
    let marked = |behind: bool| -> Vec<&str> {
        node.keys
            .iter()
            .filter(|k| k.stale && k.behind == behind)
            .map(|k| k.key.as_str())
            .collect()
    };
    for (keys, word) in [(marked(false), "stale"), (marked(true), BEHIND)] {
        if keys.len() == 1 && node.keys.len() == 1 {
            let _ = write!(s, "; {word}");
        } else if !keys.is_empty() {
            let _ = write!(s, "; {word} for {}", keys.join(", "));
        }
    }
    if !node.hints.is_empty() {
        let hints: Vec<String> = node
            .hints
            .iter()
            .map(|h| {
                let more = match h.more_values {
                    0 => String::new(),
                    n => format!(" | {n} more"),
                };
                format!(
                    "{} = {}{more} for {}",
                    h.key,
                    h.values.join(" | "),
                    h.for_node
                )
            })
            .collect();
        let _ = write!(s, "; keeps hints: {}", hints.join(", "));
        if node.more_hints > 0 {
            let _ = write!(s, " and {} more", node.more_hints);
        }
    }
    if !node.suspects.is_empty() {
        let _ = write!(
            s,
            "; {} suspects {}",
            node.name,
            suspects_words(&node.suspects)
        );
    }
    s
}

/// A replica node: a card that can be focused and dragged (`role=button`, named `Node A`), and
/// beside it in the DOM its crash / recover button. Events are handled by the cluster view.
#[function_component(NodeGlyph)]
pub fn node_glyph(props: &NodeGlyphProps) -> Html {
    let node = &props.node;
    let lines = lines(node);
    let h = layout::card_height(lines.len());
    let x0 = -CARD_W / 2.0;
    let y0 = -CARD_HEAD / 2.0;
    let stale = node.keys.iter().any(|k| k.stale && !k.behind);
    let behind = node.keys.iter().any(|k| k.behind);
    let hl = props.highlight;
    let class = class_list(
        "cv-node",
        &[
            (!node.up).then_some("down"),
            stale.then_some("stale"),
            behind.then_some("behind"),
            props.dragging.then_some("dragging"),
            hl.write.then_some("hl-write"),
            hl.read.then_some("hl-read"),
            props.suspected_by.is_some().then_some("suspected"),
        ],
    );
    let ring = |offset: f64, class: &'static str| {
        rect(
            Some(class),
            x0 - offset,
            y0 - offset,
            CARD_W + 2.0 * offset,
            h + 2.0 * offset,
            8.0 + offset,
        )
    };
    let tag = match (hl.write, hl.read) {
        (true, true) => Some("in both"),
        (true, false) => Some("wrote"),
        (false, true) => Some("answered"),
        _ => None,
    };
    let action = if node.up { "crash" } else { "recover" };
    let action_label = format!(
        "{} {}",
        if node.up { "Crash" } else { "Recover" },
        node.name
    );
    let pill = layout::action_rect(node.up);
    let hit = layout::action_hit(node.up);

    let line_html = lines.iter().enumerate().map(|(i, line)| {
        let y = CARD_HEAD / 2.0 + CARD_LINE * (i as f64 + 0.5) + 2.0;
        let ty = y + 4.0;
        match line {
            Line::Values {
                full,
                key,
                chips,
                more,
            } => titled(
                "cv-values",
                full.clone(),
                html! {
                    <>
                    { text(Some("cv-key"), x0 + PAD, ty, false, key.clone().into()) }
                    { for chips.iter().map(|c| html! {
                        <g class={class_list("cv-chip", &[c.deleted.then_some("deleted")])}>
                            { rect(None, x0 + PAD + c.x, y - 6.5, c.w, 13.0, 3.0) }
                            { text(None, x0 + PAD + c.x + 4.0, ty, false, c.text.clone().into()) }
                        </g>
                    }) }
                    if *more > 0 {
                        <text class="cv-more" x={num(CARD_W / 2.0 - PAD)} y={num(ty)}
                              text-anchor="end">{ format!("+{more}") }</text>
                    }
                    </>
                },
            ),
            Line::Clock {
                full, behind: true, ..
            } => titled(
                "cv-behind-badge",
                full.clone(),
                html! {
                    <>
                    { rect(None, x0 + PAD, y - 6.0, CARD_W - 2.0 * PAD, 12.0, 6.0) }
                    { text(None, 0.0, y + 3.0, true, BEHIND.into()) }
                    </>
                },
            ),
            Line::Clock {
                full,
                text: clock,
                stale,
                ..
            } => titled(
                "cv-clock-line",
                full.clone(),
                html! {
                    <>
                    { text(Some("cv-clock"), x0 + PAD + 2.0, ty, false, clock.clone().into()) }
                    if *stale {
                        <g class="cv-stale-badge">
                            { rect(None, CARD_W / 2.0 - PAD - 36.0, y - 6.0, 36.0, 12.0, 6.0) }
                            { text(None, CARD_W / 2.0 - PAD - 18.0, y + 3.5, true, "stale".into()) }
                        </g>
                    }
                    </>
                },
            ),
            Line::Note { text, class, full } => html! {
                <text class={*class} x={num(x0 + PAD)} y={num(ty)}>
                    if let Some(full) = full { <title>{ full.clone() }</title> }
                    { text.clone() }
                </text>
            },
        }
    });

    html! {
        <g class={class} transform={format!("translate({} {})", num(props.at.x), num(props.at.y))}>
            <g class="cv-node-body" role="button" tabindex="0"
               aria-label={format!("Node {}", node.name)}
               aria-description={{
                   let mut d = describe(node, props.partitioned);
                   if let Some((dc, _)) = &props.dc {
                       let _ = write!(d, "; in datacenter {dc}");
                   }
                   if let Some(by) = &props.suspected_by {
                       let _ = write!(d, "; suspected by {by}");
                   }
                   d
               }}
               data-node={node.name.clone()}
               data-drag={node.name.clone()}
               data-group={node.group.to_string()}>
                if hl.read { { ring(7.0, "cv-ring-read") } }
                if hl.write { { ring(if hl.read { 3.0 } else { 4.0 }, "cv-ring-write") } }
                if props.suspected_by.is_some() { { ring(10.0, "cv-ring-suspected") } }
                { rect(Some("cv-card"), x0, y0, CARD_W, h, 8.0) }
                { rect(Some("cv-head"), x0, y0, CARD_W, CARD_HEAD, 8.0) }
                <circle class="cv-status" cx={num(x0 + PAD + 5.0)} cy="0" r="5" />
                { text(Some("cv-name"), x0 + PAD + 15.0, 5.0, false, node.name.clone().into()) }
                if let Some((dc, d)) = &props.dc {
                    { super::client_glyph::dc_tag(dc, *d, x0 + PAD + 22.0 + node.name.chars().count().min(6) as f64 * 8.0, 0.0) }
                }
                { for line_html }
                if let Some(by) = &props.suspected_by {
                    // Above the card: what the focused endpoint believes of this node.
                    { titled(
                        "cv-suspected-mark",
                        format!("{by} suspects {} is down", node.name),
                        text(None, 0.0, y0 - 14.0, true, format!("suspected by {by}").into()),
                    ) }
                }
                if let Some(tag) = tag {
                    // On the card's bottom edge, below its last line.
                    <g class="cv-tag">
                        { rect(None, -(tag.len() as f64 * 6.2 + 12.0) / 2.0, y0 + h - 3.0,
                               tag.len() as f64 * 6.2 + 12.0, 15.0, 7.5) }
                        { text(None, 0.0, y0 + h + 8.0, true, tag.into()) }
                    </g>
                }
            </g>
            <g class={class_list("cv-action", &[Some(action)])} role="button" tabindex="0"
               aria-label={action_label}
               data-action={action} data-target={node.name.clone()}>
                { rect(Some("cv-hit"), hit.x, hit.y, hit.w, hit.h, 0.0) }
                { rect(Some("cv-pill"), pill.x, pill.y, pill.w, pill.h, 12.0) }
                { text(None, pill.x + pill.w / 2.0, 4.0, true, action.into()) }
            </g>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::snapshot::{HintView, SiblingView};

    fn key(name: &str, values: &[Option<&str>], stale: bool) -> ReplicaKeyView {
        ReplicaKeyView {
            key: name.to_string(),
            home: true,
            siblings: values
                .iter()
                .map(|v| SiblingView {
                    value: v.map(str::to_string),
                    dot: "alice:1".to_string(),
                    seen: "{}".to_string(),
                    timestamp_ms: "0".to_string(),
                })
                .collect(),
            more_siblings: 0,
            clock: "alice:1".to_string(),
            stale,
            behind: false,
        }
    }

    fn node(keys: Vec<ReplicaKeyView>, hints: Vec<HintView>) -> NodeView {
        NodeView {
            name: "A".to_string(),
            up: true,
            group: 0,
            keys,
            more_keys: 0,
            hints,
            more_hints: 0,
            suspects: Vec::new(),
        }
    }

    #[test]
    fn dynamo_s4_8_a_card_and_its_description_say_whom_the_node_suspects() {
        let mut n = node(vec![], vec![]);
        n.suspects = vec![
            SuspicionView {
                node: "C".to_string(),
                since_us: 310_000,
            },
            SuspicionView {
                node: "D".to_string(),
                since_us: 412_500,
            },
        ];
        assert_eq!(
            describe(&n, false),
            "up, holds nothing; A suspects C (since 310 ms), D (since 412.5 ms)"
        );
        let texts: Vec<String> = lines(&n)
            .into_iter()
            .filter_map(|l| match l {
                Line::Note {
                    text,
                    class: "cv-suspects",
                    ..
                } => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["suspects: C, D"]);
    }

    #[test]
    fn the_description_names_values_siblings_and_staleness() {
        let n = node(vec![key("cart", &[Some("milk")], true)], vec![]);
        assert_eq!(
            describe(&n, false),
            "up, holds cart = milk [clock alice:1]; stale"
        );
        let mut n = node(
            vec![
                key("cart", &[Some("milk"), Some("eggs")], false),
                key("x", &[None], true),
            ],
            vec![HintView {
                key: "cart".to_string(),
                for_node: "C".to_string(),
                values: vec!["milk".to_string()],
                more_values: 0,
            }],
        );
        n.up = false;
        n.group = 2;
        let d = describe(&n, true);
        assert!(
            d.starts_with(
                "down (crashed), cut off in zone 2, holds cart = milk | eggs (2 siblings)"
            ),
            "{d}"
        );
        assert!(d.contains("x = deleted"), "{d}");
        assert!(d.contains("; stale for x"), "{d}");
        assert!(d.ends_with("; keeps hints: cart = milk for C"), "{d}");
        assert_eq!(describe(&node(vec![], vec![]), false), "up, holds nothing");
    }

    /// Issue 8, point 3: a replica stale only because a write to it is in flight says so,
    /// on its card and in its description, instead of plain "stale".
    #[test]
    fn a_replica_whose_write_is_on_its_way_is_behind_not_stale() {
        let mut k = key("cart", &[], true);
        k.behind = true;
        let n = node(vec![k], vec![]);
        assert_eq!(
            describe(&n, false),
            "up, holds cart = nothing yet; behind: write on its way"
        );
        let l = lines(&n);
        assert!(matches!(
            l[1],
            Line::Clock {
                behind: true,
                stale: false,
                ..
            }
        ));
        let n = node(
            vec![key("a", &[Some("v")], true), {
                let mut b = key("b", &[], true);
                b.behind = true;
                b
            }],
            vec![],
        );
        let d = describe(&n, false);
        assert!(
            d.ends_with("; stale for a; behind: write on its way for b"),
            "{d}"
        );
    }

    #[test]
    fn a_card_never_has_more_lines_than_fit() {
        let keys = (0..6)
            .map(|i| key(&format!("k{i}"), &[Some("v")], false))
            .collect();
        let l = lines(&node(keys, vec![]));
        assert_eq!(l.len(), CARD_MAX_LINES);
        match l.last().unwrap() {
            Line::Note { text, .. } => assert!(text.starts_with("+4 more"), "{text}"),
            _ => panic!("the last line says what is hidden"),
        }
        assert_eq!(lines(&node(vec![], vec![])).len(), 1, "\"no data\"");
        let keys = (0..6)
            .map(|i| key(&format!("k{i}"), &[Some("v")], false))
            .collect();
        let mut down = node(keys, vec![]);
        down.up = false;
        let l = lines(&down);
        assert_eq!(
            l.len(),
            4,
            "down, one key (value and clock), what is left out"
        );
        assert!(matches!(&l[0], Line::Note { text, .. } if text == "down: crashed"));
        assert!(matches!(&l[3], Line::Note { text, .. } if text.starts_with("+5 more")));
    }

    #[test]
    fn the_layout_makes_room_for_every_line() {
        let hint = HintView {
            key: "cart".to_string(),
            for_node: "C".to_string(),
            values: vec!["milk".to_string()],
            more_values: 0,
        };
        for keys in 0..4 {
            for hints in 0..3 {
                for up in [true, false] {
                    let mut n = node(
                        (0..keys)
                            .map(|i| key(&format!("k{i}"), &[Some("v")], false))
                            .collect(),
                        vec![hint.clone(); hints],
                    );
                    n.up = up;
                    let drawn = lines(&n).len();
                    let room = layout::card_lines(up, keys, hints);
                    assert!(
                        drawn <= room,
                        "keys={keys} hints={hints} up={up}: {drawn} > {room}"
                    );
                    if room < CARD_MAX_LINES {
                        assert_eq!(drawn, room, "keys={keys} hints={hints} up={up}");
                    }
                }
            }
        }
    }

    #[test]
    fn issue8_cut_lines_keep_their_whole_text_for_the_tooltip() {
        let long = "oat milk from the shop on the corner";
        let n = node(
            vec![key("shopping-list", &[Some(long), Some("eggs")], true)],
            vec![HintView {
                key: "shopping-list".to_string(),
                for_node: "C".to_string(),
                values: vec![long.to_string()],
                more_values: 0,
            }],
        );
        let l = lines(&n);
        let whole = format!("shopping-list = {long} | eggs (2 siblings) [clock alice:1]");
        match &l[0] {
            Line::Values {
                full, key, chips, ..
            } => {
                assert_eq!(full, &whole);
                assert!(key.ends_with('…') && chips.iter().all(|c| c.text != long));
            }
            _ => panic!("a value line first"),
        }
        match &l[1] {
            Line::Clock { full, .. } => assert_eq!(full, &format!("{whole}; stale")),
            _ => panic!("then its clock"),
        }
        match &l[2] {
            Line::Note { text, full, .. } => {
                assert!(text.ends_with('…'));
                assert_eq!(
                    full.as_deref(),
                    Some(format!("hint for C: shopping-list={long}").as_str())
                );
            }
            _ => panic!("then the hint"),
        }
    }

    #[test]
    fn siblings_become_chips_that_fit_the_card() {
        let k = key(
            "cart",
            &[Some("milk"), Some("a very long value indeed"), Some("z")],
            false,
        );
        let Line::Values { chips, more, .. } = value_line(&k) else {
            panic!("a value line")
        };
        assert!(chips.len() >= 2, "{}", chips.len());
        assert_eq!(chips[0].text, "milk");
        let right = chips.iter().map(|c| c.x + c.w).fold(0.0, f64::max);
        assert!(right <= CARD_W - 2.0 * PAD, "{right}");
        assert_eq!(chips.len() + more, 3);
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
