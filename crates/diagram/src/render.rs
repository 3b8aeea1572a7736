//! The diagram as SVG text: a window of it (what the page shows), or all of it (the export).
//!
//! Time flows down. The left margin is the time axis (a click on it seeks: it carries
//! `data-act="axis"`, `data-t0-us` and `data-us-per-px`); every operation is a `g.sd-op` with
//! `data-op-id` and `data-act="op:N"` ([`crate::protocol::Act`]), focusable, named; every
//! verdict a `g.sd-v` with the same and its explanation as a `<title>`. Colours are CSS classes (the cluster view's `k-*` kinds), so the page's style
//! sheet colours the window; the export carries its own style sheet.

use crate::causal::CausalSets;
use crate::model::{Arrow, ArrowEnd, BandKind, Diagram, Span};
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, Outcome};
use std::fmt::Write;

/// At most this many arrows, and as many operations and verdicts, are drawn in one window (a
/// window zoomed out over a long run says how many it left out, rather than drawing tens of
/// thousands of shapes).
pub const MAX_ARROWS: usize = 4000;

/// The width of the time axis, left of the lanes, in px.
const AXIS_PX: f64 = 56.0;
/// The height of the lane names, above the lanes, in px.
const HEAD_PX: f64 = 28.0;
/// The narrowest a lane is drawn, in px (narrower screens scroll sideways).
const MIN_LANE_PX: f64 = 52.0;
/// The width of an operation's span, in px.
const SPAN_PX: f64 = 10.0;

/// What part of the diagram to draw, and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// The simulated time at the top.
    pub t0_us: Micros,
    /// The simulated time at the bottom (later than `t0_us`).
    pub t1_us: Micros,
    /// The width available, in px (the lanes share it, each at least 52 px wide).
    pub width_px: f64,
    /// The height of the drawing, in px.
    pub height_px: f64,
    /// The operation selected: its span, its quorum's lanes and the write it should have seen
    /// are highlighted, and every arrow is marked as in its causal past, concurrent with it, or
    /// neither.
    pub selected: Option<OpId>,
    /// The current position (a line across the lanes), when it is in the window.
    pub now_us: Option<Micros>,
}

/// The part of `diagram` that `view` shows, as an `<svg>` element for the page (with its style
/// sheet). `sets` are the selected operation's ([`CausalSets::of`]), when one is.
pub fn render_window(diagram: &Diagram, view: &View, sets: Option<&CausalSets>) -> String {
    draw(diagram, view, sets, MAX_ARROWS, false)
}

/// The whole of `diagram` as a standalone SVG file (with a title), 4 px per
/// simulated ms (at least 400 px, at most 40,000 px high), every arrow drawn.
pub fn export_svg(diagram: &Diagram) -> String {
    let end = diagram.end_us.max(1);
    let height = (end as f64 / 1000.0 * 4.0).clamp(400.0, 40_000.0) + HEAD_PX;
    let view = View {
        t0_us: 0,
        t1_us: end,
        width_px: AXIS_PX + MIN_LANE_PX * 2.0 * diagram.lanes.len() as f64,
        height_px: height,
        selected: None,
        now_us: None,
    };
    draw(diagram, &view, None, usize::MAX, true)
}

/// The diagram's style sheet, in every SVG it draws (the page's window and the export alike:
/// the page's own style sheet carries none of it, so the page's first load does without it).
/// The colours of message kinds are the cluster view's (www/cluster.css, `--k-*`).
const STYLE: &str = ".sd{font:12px sans-serif;background:#fff}\
.sd-lane{stroke:#9aa3b2}.sd-name{text-anchor:middle;font-weight:600}.sd-name.client{font-style:italic}\
.sd-tick{fill:#555;text-anchor:end;font-size:10px}.sd-grid{stroke:#eef0f4}\
.sd-msg{stroke:#9aa3b2;stroke-width:1.5}.sd-x{stroke:#c62828;stroke-width:2;fill:none}\
.sd .k-write{stroke:#2f5fd0}.sd .k-ack{stroke:#1f9d55}.sd .k-read{stroke:#d97706}\
.sd .k-response{stroke:#0f8f8f}.sd .k-repair{stroke:#c026d3}.sd .k-request{stroke:#334155}\
.sd-msg.flying{stroke-dasharray:4 3}.sd-msg.after{opacity:.2}.sd-msg.past{stroke-width:2.5}\
.sd-msg.concurrent{stroke-dasharray:2 2;opacity:.7}\
.sd-op{cursor:pointer}.sd-op rect{fill:#dbe4ff;stroke:#2f5fd0}\
.sd-op.fail rect{fill:#fde2e2;stroke:#c62828}.sd-op.pending rect{fill:#fff;stroke-dasharray:3 2}\
.sd-op.selected rect{fill:#ffe08a;stroke:#1c2330;stroke-width:2.5}\
.sd-op.should-see rect{stroke:#c26a00;stroke-width:3}\
.sd-op:focus{outline:none}.sd-op:focus rect{stroke:#1c2330;stroke-width:3}\
.sd-lane.quorum{stroke:#16a34a;stroke-width:3}.sd-name.quorum{fill:#16a34a}\
.sd-band.down{fill:#c62828;opacity:.18}.sd-band.group{opacity:.14}\
.g-0{fill:#9aa3b2}.g-1{fill:#2f5fd0}.g-2{fill:#d97706}.g-3{fill:#1f9d55}\
.sd-v{cursor:pointer}.sd-v circle{stroke:#fff}.v-stale circle{fill:#c26a00}.v-lost circle{fill:#c62828}\
.v-siblings circle{fill:#7c3aed}.v-repair circle{fill:#c026d3}.sd-vl{font-size:10px}\
.sd-now{stroke:#c62828;stroke-width:2}.sd-axis{cursor:row-resize}.sd-more{fill:#c62828}";

/// The x of lane `lane`'s line.
fn lane_x(lane: usize, lane_px: f64) -> f64 {
    AXIS_PX + (lane as f64 + 0.5) * lane_px
}

/// Writes `text` with `&`, `<`, `>`, `"` and `'` escaped (names and values are the user's): the
/// one escape of the worker's markup (`ring::escape` returns it as a string).
pub(crate) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A number of px with at most one decimal.
fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Simulated µs as ms for a label.
fn ms(us: Micros) -> String {
    let ms = us as f64 / 1000.0;
    if ms == ms.trunc() {
        format!("{} ms", ms as u64)
    } else {
        format!("{ms:.1} ms")
    }
}

/// A tick spacing in µs giving ticks about `min_px` apart at `px_per_us`.
fn tick_step(px_per_us: f64, min_px: f64) -> Micros {
    let mut step: Micros = 100;
    loop {
        for m in [1, 2, 5] {
            if (step * m) as f64 * px_per_us >= min_px {
                return step * m;
            }
        }
        if step > Micros::MAX / 100 {
            return step;
        }
        step *= 10;
    }
}

/// The index of the first item whose `key` is at least `t` in a slice sorted by `key`.
fn first_from<T>(items: &[T], t: Micros, key: impl Fn(&T) -> Micros) -> usize {
    items.partition_point(|i| key(i) < t)
}

fn draw(
    diagram: &Diagram,
    view: &View,
    sets: Option<&CausalSets>,
    cap: usize,
    standalone: bool,
) -> String {
    let lanes = diagram.lanes.len().max(1);
    let lane_px = ((view.width_px - AXIS_PX) / lanes as f64).max(MIN_LANE_PX);
    let width = AXIS_PX + lane_px * lanes as f64;
    let height = view.height_px.max(HEAD_PX + 10.0);
    let (t0, t1) = (view.t0_us, view.t1_us.max(view.t0_us + 1));
    let px_per_us = (height - HEAD_PX) / (t1 - t0) as f64;
    let y = |t: Micros| HEAD_PX + (t as f64 - t0 as f64) * px_per_us;
    let clip_y = |t: Micros| y(t.clamp(t0, t1));
    let selected = view.selected.and_then(|op| diagram.span(op));

    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sd\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" data-t0-us=\"{t0}\" data-t1-us=\"{t1}\">",
        w = px(width),
        h = px(height),
    );
    if standalone {
        s.push_str("<title>quorumscope: space-time diagram of a run</title>");
    }
    s.push_str("<style>");
    s.push_str(STYLE);
    s.push_str("</style>");
    s.push_str(
        "<defs><marker id=\"sd-head\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L8,4L0,8z\" fill=\"context-stroke\"/>\
         </marker></defs>",
    );

    // The time axis: a click target for seeking, with ticks.
    let _ = write!(
        s,
        "<rect class=\"sd-axis\" data-act=\"axis\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" \
         fill=\"transparent\" data-t0-us=\"{t0}\" data-us-per-px=\"{}\"/>",
        px(HEAD_PX),
        px(AXIS_PX),
        px(height - HEAD_PX),
        1.0 / px_per_us,
    );
    let step = tick_step(px_per_us, 48.0);
    let mut t = t0.div_ceil(step) * step;
    while t <= t1 {
        let ty = px(y(t));
        let _ = write!(
            s,
            "<line class=\"sd-grid\" x1=\"{a}\" x2=\"{w}\" y1=\"{ty}\" y2=\"{ty}\"/>\
             <text class=\"sd-tick\" x=\"{x}\" y=\"{ty}\" dy=\"4\">{}</text>",
            ms(t),
            a = px(AXIS_PX),
            w = px(width),
            x = px(AXIS_PX - 6.0),
        );
        t += step;
    }

    // Bands: crashes, and the groups of a partition.
    for b in &diagram.bands {
        let to = b.to_us.unwrap_or(diagram.end_us);
        if to < t0 || b.from_us > t1 {
            continue;
        }
        let class = match b.kind {
            BandKind::Down => "down".to_string(),
            BandKind::Group(g) => format!("group g-{}", g % 4),
        };
        let title = match b.kind {
            BandKind::Down => format!("{} is down", diagram.lanes[b.lane].name),
            BandKind::Group(g) => format!("partition: group {g}"),
        };
        let _ = write!(
            s,
            "<rect class=\"sd-band {class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>",
            px(lane_x(b.lane, lane_px) - lane_px * 0.3),
            px(clip_y(b.from_us)),
            px(lane_px * 0.6),
            px((clip_y(to) - clip_y(b.from_us)).max(1.0)),
        );
        escape(&mut s, &title);
        s.push_str("</title></rect>");
    }

    // Lanes and their names.
    for (i, lane) in diagram.lanes.iter().enumerate() {
        let x = px(lane_x(i, lane_px));
        let quorum = selected.is_some_and(|sp| sp.quorum.contains(&i));
        let _ = write!(
            s,
            "<line class=\"sd-lane{}\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"sd-name{}{}\" x=\"{x}\" y=\"18\">",
            if quorum { " quorum" } else { "" },
            px(HEAD_PX),
            px(height),
            if lane.client { " client" } else { "" },
            if quorum { " quorum" } else { "" },
        );
        escape(&mut s, &lane.name);
        s.push_str("</text>");
    }

    // Operations.
    let spans = &diagram.spans;
    let first = first_from(spans, t0.saturating_sub(diagram.max_span_us), |sp| {
        sp.from_us
    });
    let mut ops_drawn = 0usize;
    let mut left_out = 0usize;
    for sp in spans[first..].iter().take_while(|sp| sp.from_us <= t1) {
        let to = sp.to_us.unwrap_or(diagram.end_us);
        if to < t0 {
            continue;
        }
        if ops_drawn == cap {
            left_out += 1;
            continue;
        }
        ops_drawn += 1;
        span(&mut s, sp, to, view, selected, lane_px, &clip_y);
    }

    // Messages.
    let arrows = &diagram.arrows;
    let first = first_from(arrows, t0.saturating_sub(diagram.max_arrow_us), |a| {
        a.sent_us
    });
    let mut drawn = 0usize;
    for a in arrows[first..].iter().take_while(|a| a.sent_us <= t1) {
        if a.end_us < t0 {
            continue;
        }
        if drawn == cap {
            left_out += 1;
            continue;
        }
        drawn += 1;
        arrow(&mut s, a, sets, lane_px, &y);
    }

    // Verdicts.
    let verdicts = &diagram.verdicts;
    let first = first_from(verdicts, t0, |v| v.at_us);
    for v in verdicts[first..]
        .iter()
        .take_while(|v| v.at_us <= t1)
        .take(cap)
    {
        let (x, vy) = (lane_x(v.lane, lane_px) + SPAN_PX, y(v.at_us));
        let _ = write!(
            s,
            "<g class=\"sd-v v-{k}\" data-op-id=\"{op}\" data-act=\"op:{op}\"><circle cx=\"{x}\" cy=\"{vy}\" r=\"5\"/>\
             <text class=\"sd-vl\" x=\"{tx}\" y=\"{vy}\" dy=\"3\">{k}</text><title>",
            k = v.kind.name(),
            op = v.op.0,
            x = px(x),
            vy = px(vy),
            tx = px(x + 8.0),
        );
        escape(&mut s, &v.text);
        s.push_str("</title></g>");
    }

    if let Some(now) = view.now_us.filter(|&n| n >= t0 && n <= t1) {
        let ny = px(y(now));
        let _ = write!(
            s,
            "<line class=\"sd-now\" x1=\"{}\" x2=\"{}\" y1=\"{ny}\" y2=\"{ny}\"/>",
            px(AXIS_PX),
            px(width)
        );
    }
    if left_out > 0 {
        let _ = write!(
            s,
            "<text class=\"sd-more\" x=\"{}\" y=\"{}\">{left_out} more messages and operations here: zoom in to see them</text>",
            px(AXIS_PX + 4.0),
            px(height - 6.0)
        );
    }
    s.push_str("</svg>");
    s
}

/// Writes one operation's span.
fn span(
    s: &mut String,
    sp: &Span,
    to: Micros,
    view: &View,
    selected: Option<&Span>,
    lane_px: f64,
    clip_y: &impl Fn(Micros) -> f64,
) {
    let outcome = match (sp.outcome, sp.to_us) {
        (_, None) => "pending",
        (Outcome::Ok, _) => "ok",
        _ => "fail",
    };
    let mark = if view.selected == Some(sp.op) {
        " selected"
    } else if selected.is_some_and(|sel| sel.should_see == Some(sp.op)) {
        " should-see"
    } else {
        ""
    };
    let (top, bottom) = (clip_y(sp.from_us), clip_y(to));
    let _ = write!(
        s,
        "<g class=\"sd-op {outcome}{mark}\" data-op-id=\"{op}\" data-act=\"op:{op}\" tabindex=\"0\" role=\"button\" \
         aria-pressed=\"{pressed}\" aria-label=\"operation {op}: ",
        op = sp.op.0,
        pressed = view.selected == Some(sp.op),
    );
    escape(s, &sp.label);
    let _ = write!(
        s,
        ", {outcome}, {} to {}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/></g>",
        ms(sp.from_us),
        sp.to_us.map_or("now".to_string(), ms),
        px(lane_x(sp.lane, lane_px) - SPAN_PX / 2.0),
        px(top),
        px(SPAN_PX),
        px((bottom - top).max(3.0)),
    );
}

/// Writes one message's arrow (and a cross where a lost one died).
fn arrow(
    s: &mut String,
    a: &Arrow,
    sets: Option<&CausalSets>,
    lane_px: f64,
    y: &impl Fn(Micros) -> f64,
) {
    let (x1, y1) = (lane_x(a.from, lane_px), y(a.sent_us));
    let (x2, y2) = (lane_x(a.to, lane_px), y(a.end_us));
    // A lost message ends where it died, and one in flight where it is now: partway along
    // the line to its receiver, by time.
    let part = |x2: f64| {
        let whole = a.arrive_us.saturating_sub(a.sent_us).max(1) as f64;
        x1 + (x2 - x1) * ((a.end_us - a.sent_us) as f64 / whole).min(1.0)
    };
    let (x2, end) = match a.end {
        ArrowEnd::Received => (x2, " marker-end=\"url(#sd-head)\""),
        ArrowEnd::Lost | ArrowEnd::InFlight => (part(x2), ""),
    };
    let causal = match sets {
        Some(sets) if sets.past.contains(&a.sent_index) => " past",
        Some(sets) if sets.concurrent.contains(&a.sent_index) => " concurrent",
        Some(_) => " after",
        None => "",
    };
    let state = match a.end {
        ArrowEnd::Received => "",
        ArrowEnd::Lost => " lost",
        ArrowEnd::InFlight => " flying",
    };
    let _ = write!(
        s,
        "<line class=\"sd-msg k-{}{state}{causal}\" data-msg-id=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{end}/>",
        a.kind.family(),
        a.msg.0,
        px(x1),
        px(y1),
        px(x2),
        px(y2),
    );
    if a.end == ArrowEnd::Lost {
        let _ = write!(
            s,
            "<path class=\"sd-x\" data-msg-id=\"{}\" d=\"M{},{}l8,8m0,-8l-8,8\"/>",
            a.msg.0,
            px(x2 - 4.0),
            px(y2 - 4.0),
        );
    }
}
