//! Geometry of the cluster view: where each node, client and partition zone goes, where a
//! message is along its link, and which zone a dropped point falls in.
//!
//! Pure functions over plain numbers, in SVG user units. The view is laid out for the width it
//! has (a layout without a partition takes all of it), so a user unit is one CSS pixel unless
//! the cluster cannot fit at all; then it is drawn smaller. Unit-tested natively.
//!
//! A node is drawn as a card hanging from its **anchor**: the anchor is the middle of the card's
//! header row, and links and messages run between anchors. A client's anchor is its centre.

use quorumscope_engine::number::clamp;

/// Width of a node card.
pub const CARD_W: f64 = 136.0;
/// Height of a node card's header row (name, state, crash button).
pub const CARD_HEAD: f64 = 32.0;
/// Height of one text line of a node card below its header.
pub const CARD_LINE: f64 = 14.0;
/// The most lines a node card shows below its header.
pub const CARD_MAX_LINES: usize = 5;
/// The lines below its header every node card gets room for, however few it shows: a key's
/// value and clock and one note (a hint, "down", "behind"), so that the view keeps its size
/// while a run fills the cards (issue 8, point 10).
pub const RESERVED_LINES: usize = 3;
/// The smallest tap target, in user units (one CSS pixel each unless the view is scaled
/// down): crash buttons, clients and messages take taps over at least this square, drawn or
/// not (issue 8, point 8).
pub const HIT: f64 = 46.0;
/// How far from a node's header or a client's badge a message is drawn: it leaves and arrives
/// this far from them, so that neither its dot nor its lost mark covers a name or a crash
/// button (issue 8, points 1 and 10).
pub const MESSAGE_CLEAR: f64 = 10.0;
/// Padding at the bottom of a node card.
pub const CARD_PAD: f64 = 6.0;
/// Width of a client glyph.
pub const CLIENT_W: f64 = 88.0;
/// Height of a client glyph.
pub const CLIENT_H: f64 = 30.0;
/// Below this available width the view lays itself out for a phone (portrait, stacked zones).
pub const COMPACT_BELOW: f64 = 640.0;

/// Outer margin of the view.
const MARGIN: f64 = 8.0;
/// Padding inside a zone box.
const ZONE_PAD: f64 = 10.0;
/// Height of a zone box's title row.
const ZONE_TITLE: f64 = 26.0;
/// Space between zone boxes.
const ZONE_GAP: f64 = 12.0;
/// Gap kept between two node cards (more than a crash button's tap target reaches out of its
/// card, plus the quorum tag below a card).
const CARD_GAP: f64 = 22.0;
/// A grid cell for a node card in a partition zone (its height: [`cell_h`]).
const CELL_W: f64 = CARD_W + 8.0;

fn cell_h(lines: usize) -> f64 {
    card_height(lines) + CARD_GAP
}
/// A slot for a client glyph (its tap target is [`HIT`] tall).
const CLIENT_SLOT_W: f64 = CLIENT_W + 10.0;
const CLIENT_SLOT_H: f64 = HIT + 4.0;
/// Width of the side drop zones when there is no partition (wide layout).
const SIDE_ZONE_W: f64 = 156.0;
/// Height of the drop zones when there is no partition (compact layout).
const BOTTOM_ZONE_H: f64 = 86.0;

/// A point.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pt {
    /// Horizontal, growing right.
    pub x: f64,
    /// Vertical, growing down.
    pub y: f64,
}

impl Pt {
    /// The point (x, y).
    pub const fn new(x: f64, y: f64) -> Pt {
        Pt { x, y }
    }

    /// Distance to another point.
    pub fn dist(self, o: Pt) -> f64 {
        let (dx, dy) = (self.x - o.x, self.y - o.y);
        (dx * dx + dy * dy).sqrt()
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether `p` is inside (edges included).
    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }

    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The rectangle grown by `d` on every side.
    pub fn grow(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
}

/// A partition zone's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoneBox {
    /// Its number: 0 is the main zone (the engine's group 0: everyone not cut off).
    pub zone: u32,
    /// Where it is.
    pub rect: Rect,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Width of the view (its viewBox).
    pub width: f64,
    /// Height of the view.
    pub height: f64,
    /// Whether this is the phone layout.
    pub compact: bool,
    /// Whether any endpoint is cut off (zones then hold their members).
    pub partitioned: bool,
    /// The lines below its header each node card has room for (at least [`RESERVED_LINES`]).
    pub lines: usize,
    /// Each node's anchor, in the snapshot's node order.
    pub nodes: Vec<Pt>,
    /// Each client's centre, in the snapshot's client order.
    pub clients: Vec<Pt>,
    /// The zone boxes, zone 0 first; always zones 0, 1 and 2 at least.
    pub zones: Vec<ZoneBox>,
    /// The ring the nodes sit on when there is no partition: centre, horizontal and vertical
    /// radius.
    pub ring: Option<(Pt, f64, f64)>,
    /// With datacenters and no partition: each datacenter's region (by datacenter index), a
    /// box around its node cards with its name in a title row; empty otherwise.
    pub regions: Vec<Rect>,
}

/// How many lines below its header a node's card shows (as [`crate::components::cluster::node_glyph`]
/// draws it): what the layout makes room for.
pub fn card_lines(up: bool, keys: usize, hints: usize) -> usize {
    (usize::from(!up) + 2 * keys + hints).clamp(1, CARD_MAX_LINES)
}

impl Layout {
    /// The anchor of an endpoint by its index in the snapshot's `endpoints` (nodes first, then
    /// clients).
    pub fn endpoint(&self, index: usize) -> Option<Pt> {
        if index < self.nodes.len() {
            Some(self.nodes[index])
        } else {
            self.clients.get(index - self.nodes.len()).copied()
        }
    }

    /// The box of a zone.
    pub fn zone(&self, zone: u32) -> Option<&ZoneBox> {
        self.zones.iter().find(|z| z.zone == zone)
    }
}

/// `x` to one decimal place as SVG attribute text (`12`, `-3.5`). Cheaper, in code and in
/// time, than float formatting, and enough for coordinates in user units.
pub fn num(x: f64) -> String {
    let mut s = String::with_capacity(8);
    push_num(&mut s, x);
    s
}

/// Appends `x` to one decimal place, as [`num`] writes it.
pub fn push_num(out: &mut String, x: f64) {
    use std::fmt::Write;
    let tenths = if x.is_finite() {
        (x * 10.0).round() as i64
    } else {
        0
    };
    if tenths < 0 {
        out.push('-');
    }
    let a = tenths.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if a % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// The rectangle a node card takes at most, hanging from its anchor.
pub fn card_rect(anchor: Pt, lines: usize) -> Rect {
    Rect {
        x: anchor.x - CARD_W / 2.0,
        y: anchor.y - CARD_HEAD / 2.0,
        w: CARD_W,
        h: card_height(lines),
    }
}

/// The height of a node card with `lines` lines below its header (at most [`CARD_MAX_LINES`]).
pub fn card_height(lines: usize) -> f64 {
    CARD_HEAD + lines.min(CARD_MAX_LINES) as f64 * CARD_LINE + CARD_PAD
}

/// The rectangle of a client glyph centred on its anchor.
pub fn client_rect(anchor: Pt) -> Rect {
    Rect {
        x: anchor.x - CLIENT_W / 2.0,
        y: anchor.y - CLIENT_H / 2.0,
        w: CLIENT_W,
        h: CLIENT_H,
    }
}

/// Width of a node's crash button as drawn (a recover button is wider).
pub fn action_w(up: bool) -> f64 {
    if up {
        46.0
    } else {
        58.0
    }
}

/// A node's crash (`up`) or recover button as drawn, relative to its card's anchor: a pill at
/// the right of the header.
pub fn action_rect(up: bool) -> Rect {
    let w = action_w(up);
    Rect {
        x: CARD_W / 2.0 - 5.0 - w,
        y: -12.0,
        w,
        h: 24.0,
    }
}

/// The tap target of a node's crash or recover button, relative to its card's anchor: at least
/// [`HIT`] square around the pill, within the card's width; it reaches a little above the card
/// and into its first line, never as far as another card or client.
pub fn action_hit(up: bool) -> Rect {
    let pill = action_rect(up);
    let w = pill.w.max(HIT) + 2.0;
    Rect {
        x: pill.right() + 1.0 - w,
        y: -HIT / 2.0,
        w,
        h: HIT,
    }
}

/// The tap target of a client, centred on its anchor: its badge, made [`HIT`] tall.
pub fn client_hit(anchor: Pt) -> Rect {
    Rect {
        y: anchor.y - HIT / 2.0,
        h: HIT,
        ..client_rect(anchor)
    }
}

/// What a message keeps clear of at each endpoint, for anchors in the snapshot's endpoint
/// order (nodes first): a node's header with its crash button's tap target, a client's badge
/// with its tap target. (A message may cross the body of a card, below its header.)
pub fn endpoint_rects(anchors: &[Pt], nodes: usize) -> Vec<Rect> {
    anchors
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            if i < nodes {
                Rect {
                    x: a.x - CARD_W / 2.0,
                    y: a.y - HIT / 2.0,
                    w: CARD_W,
                    h: HIT,
                }
            } else {
                client_hit(a)
            }
        })
        .collect()
}

/// The fraction of the way from `p` to `q` at which the segment leaves `r` (0 when `p` is not
/// inside it).
fn exit_fraction(p: Pt, q: Pt, r: &Rect) -> f64 {
    if !r.contains(p) {
        return 0.0;
    }
    let leave = |from: f64, d: f64, lo: f64, hi: f64| {
        if d > 0.0 {
            (hi - from) / d
        } else if d < 0.0 {
            (lo - from) / d
        } else {
            1.0
        }
    };
    let tx = leave(p.x, q.x - p.x, r.x, r.right());
    let ty = leave(p.y, q.y - p.y, r.y, r.bottom());
    clamp(tx.min(ty), 0.0, 1.0)
}

/// The part of the link from `p` (in `from`) to `q` (in `to`) that a message is drawn on, as
/// fractions of the way (start, end): from where it is [`MESSAGE_CLEAR`] out of `from` to where
/// it comes that near `to` (the rectangles of [`endpoint_rects`]), so that no dot or lost mark
/// covers a card's header or crash button or a client's name (issue 8, point 10). Two endpoints
/// too close for that: the point midway between those two places.
pub fn visible_span(p: Pt, q: Pt, from: &Rect, to: &Rect) -> (f64, f64) {
    let start = exit_fraction(p, q, &from.grow(MESSAGE_CLEAR));
    let end = 1.0 - exit_fraction(q, p, &to.grow(MESSAGE_CLEAR));
    if end > start {
        (start, end)
    } else {
        let mid = clamp((start + end) / 2.0, 0.0, 1.0);
        (mid, mid)
    }
}

/// The sine and cosine of `x`, by their Taylor series after reducing `x` to [-π, π]: plenty for
/// placing nodes, and it keeps the trigonometry of the maths library out of the page's wasm.
pub fn sin_cos(x: f64) -> (f64, f64) {
    use std::f64::consts::{PI, TAU};
    if !x.is_finite() {
        return (0.0, 1.0);
    }
    let x = x - TAU * ((x + PI) / TAU).floor();
    let (mut sin, mut cos) = (0.0, 0.0);
    // Terms x^k / k!, alternating in sign for each of sine and cosine.
    let mut term = 1.0;
    for k in 0..24 {
        match k % 4 {
            0 => cos += term,
            1 => sin += term,
            2 => cos -= term,
            _ => sin -= term,
        }
        term *= x / (k + 1) as f64;
    }
    (sin, cos)
}

/// `n` points on an ellipse around `centre`, the first at the top, going clockwise.
pub fn ring_positions(n: usize, centre: Pt, rx: f64, ry: f64) -> Vec<Pt> {
    (0..n)
        .map(|i| {
            let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            let (sin, cos) = sin_cos(a);
            Pt::new(centre.x + rx * cos, centre.y + ry * sin)
        })
        .collect()
}

/// The smallest ring (horizontal radius at most `max_rx`, wider than tall when it can be) on
/// which `n` full-size node cards do not overlap; `None` when no ring that narrow fits them.
pub fn fit_ring(n: usize, max_rx: f64, lines: usize) -> Option<(f64, f64)> {
    if n <= 1 {
        return Some((0.0, 0.0));
    }
    let aspect = 1.7;
    let mut ry: f64 = 30.0;
    while ry < 800.0 {
        let rx = (ry * aspect).min(max_rx.max(0.0));
        let points = ring_positions(n, Pt::default(), rx, ry);
        let rects: Vec<Rect> = points.iter().map(|&p| padded_card(p, lines)).collect();
        if no_overlap(&rects) {
            return Some((rx, ry));
        }
        ry += 4.0;
    }
    None
}

fn padded_card(p: Pt, lines: usize) -> Rect {
    let r = card_rect(p, lines);
    Rect {
        x: r.x - CARD_GAP / 2.0,
        y: r.y - CARD_GAP / 2.0,
        w: r.w + CARD_GAP,
        h: r.h + CARD_GAP,
    }
}

fn no_overlap(rects: &[Rect]) -> bool {
    (0..rects.len()).all(|i| (i + 1..rects.len()).all(|j| !rects[i].overlaps(&rects[j])))
}

/// `n` anchors in ring order when no ellipse fits the width: down a right-hand column and back
/// up a left-hand one (with an odd count, the first at the top in the middle). Relative to the
/// top centre; returns the anchors and the height they take, cards included.
pub fn column_ring(n: usize, lines: usize) -> (Vec<Pt>, f64) {
    let dx = (CARD_W + CARD_GAP) / 2.0;
    let row = card_height(lines) + CARD_GAP;
    let y0 = CARD_HEAD / 2.0;
    let mut points = Vec::with_capacity(n);
    let first = n % 2;
    if first == 1 {
        points.push(Pt::new(0.0, y0));
    }
    let per_col = (n - first) / 2;
    for i in 0..per_col {
        points.push(Pt::new(dx, y0 + (i + first) as f64 * row));
    }
    for i in (0..per_col).rev() {
        points.push(Pt::new(-dx, y0 + (i + first) as f64 * row));
    }
    let rows = per_col + first;
    let height = if rows == 0 {
        0.0
    } else {
        (rows - 1) as f64 * row + card_height(lines)
    };
    (points, height)
}

/// The nodes' ring for `n` nodes within `max_rx`: anchors relative to a top-centre origin,
/// the width and height it takes (cards included), and the ellipse if it is one.
fn ring_shape(n: usize, max_rx: f64, lines: usize) -> (Vec<Pt>, f64, f64, Option<(f64, f64)>) {
    match fit_ring(n, max_rx, lines) {
        Some((rx, ry)) => {
            let top = CARD_HEAD / 2.0 + ry;
            let points = ring_positions(n, Pt::new(0.0, top), rx, ry);
            let h = 2.0 * ry + card_height(lines);
            (points, 2.0 * rx + CARD_W, h, Some((rx, ry)))
        }
        None => {
            let (points, h) = column_ring(n, lines);
            (points, 2.0 * CARD_W + CARD_GAP, h, None)
        }
    }
}

/// The nodes' ring spread over `room` (its width, cards included): the smallest ring that
/// fits (see [`ring_shape`]), then widened to the room and made taller in proportion (up to
/// `MAX_SPREAD_RY`), so that a wide screen shows a roomy ring rather than a small one beside
/// empty space (issue 8, point 9). Spreading a ring apart keeps its cards apart.
fn ring_spread(n: usize, room: f64, lines: usize) -> (Vec<Pt>, f64, f64, Option<(f64, f64)>) {
    let max_rx = ((room - CARD_W) / 2.0).max(60.0);
    let shape = ring_shape(n, max_rx, lines);
    let Some((rx0, ry0)) = shape.3.filter(|_| n > 2) else {
        return shape;
    };
    let rx = max_rx.max(rx0);
    let ry = ry0.max((rx / 1.9).min(MAX_SPREAD_RY));
    let points = ring_positions(n, Pt::new(0.0, CARD_HEAD / 2.0 + ry), rx, ry);
    (
        points,
        2.0 * rx + CARD_W,
        2.0 * ry + card_height(lines),
        Some((rx, ry)),
    )
}

/// Padding of a datacenter's region around its node cards.
const REGION_PAD: f64 = 8.0;
/// Height of a datacenter region's title row (its name), above its cards.
pub const REGION_TITLE: f64 = 22.0;
/// The least space between two datacenter regions.
const REGION_GAP: f64 = 16.0;
/// The most space put between two regions side by side when the width allows more.
const REGION_SPREAD: f64 = 120.0;

/// `rects` moved by `by`.
fn moved_by(rects: &[Rect], by: Pt) -> Vec<Rect> {
    rects
        .iter()
        .map(|r| Rect {
            x: r.x + by.x,
            y: r.y + by.y,
            ..*r
        })
        .collect()
}

/// The nodes of a cluster of datacenters (`node_dcs`: each node's datacenter index), each
/// datacenter a block of its own: its cards in up to three rows, under a title row, within a
/// region box. Blocks go side by side, spread apart over `room` (their width, cards included),
/// and into rows of blocks when they do not fit. Anchors and regions relative to a top-centre
/// origin; returns them with the width and height taken (and no ellipse).
#[allow(clippy::type_complexity)]
fn dc_blocks(
    n: usize,
    node_dcs: &[usize],
    room: f64,
    lines: usize,
) -> (Vec<Pt>, f64, f64, Option<(f64, f64)>, Vec<Rect>) {
    let dc_of = |i: usize| node_dcs.get(i).copied().unwrap_or(0);
    let count = (0..n).map(dc_of).max().map_or(0, |m| m + 1);
    let members: Vec<Vec<usize>> = (0..count)
        .map(|d| (0..n).filter(|&i| dc_of(i) == d).collect())
        .collect();
    let row_h = card_height(lines) + CARD_GAP;
    // Each block's columns, rows and size.
    let sizes: Vec<(usize, usize, f64, f64)> = members
        .iter()
        .map(|m| {
            let cols = m.len().div_ceil(3).max(1);
            let rows = m.len().div_ceil(cols).max(1);
            let w = cols as f64 * CARD_W + (cols - 1) as f64 * CARD_GAP + 2.0 * REGION_PAD;
            let h = REGION_TITLE + rows as f64 * row_h - CARD_GAP + REGION_PAD;
            (cols, rows, w, h)
        })
        .collect();
    // Rows of blocks that fit the room (at least one block each).
    let mut shelves: Vec<Vec<usize>> = Vec::new();
    let mut used = 0.0;
    for (d, size) in sizes.iter().enumerate() {
        match shelves.last_mut() {
            Some(shelf) if used + REGION_GAP + size.2 <= room => {
                shelf.push(d);
                used += REGION_GAP + size.2;
            }
            _ => {
                shelves.push(vec![d]);
                used = size.2;
            }
        }
    }
    let mut points = vec![Pt::default(); n];
    let mut regions = vec![Rect::default(); count];
    let (mut width, mut y) = (0.0f64, 0.0);
    for shelf in &shelves {
        let sum: f64 = shelf.iter().map(|&d| sizes[d].2).sum();
        let gaps = shelf.len().saturating_sub(1) as f64;
        let gap = if gaps > 0.0 {
            clamp((room - sum) / gaps, REGION_GAP, REGION_SPREAD)
        } else {
            0.0
        };
        let shelf_w = sum + gap * gaps;
        width = width.max(shelf_w);
        let shelf_h = shelf.iter().map(|&d| sizes[d].3).fold(0.0, f64::max);
        let mut x = -shelf_w / 2.0;
        for &d in shelf {
            let (cols, _, w, _) = sizes[d];
            regions[d] = Rect {
                x,
                y,
                w,
                h: shelf_h,
            };
            for (k, &i) in members[d].iter().enumerate() {
                let (row, col) = (k / cols, k % cols);
                points[i] = Pt::new(
                    x + REGION_PAD + col as f64 * (CARD_W + CARD_GAP) + CARD_W / 2.0,
                    y + REGION_TITLE + row as f64 * row_h + CARD_HEAD / 2.0,
                );
            }
            x += w + gap;
        }
        y += shelf_h + REGION_GAP;
    }
    let height = (y - REGION_GAP).max(0.0);
    (points, width, height, None, regions)
}

/// The tallest a spread ring's vertical radius grows (see [`ring_spread`]).
const MAX_SPREAD_RY: f64 = 150.0;

/// Lays out the view for nodes and clients in these partition groups (the engine's groups:
/// 0 is the main one), for an available width in CSS pixels, with room for node cards of
/// `lines` lines (see [`card_lines`]).
pub fn layout(
    node_groups: &[u32],
    client_groups: &[u32],
    avail_width: f64,
    lines: usize,
) -> Layout {
    layout_dcs(node_groups, client_groups, &[], avail_width, lines)
}

/// [`layout`] for a cluster of datacenters: `node_dcs` holds each node's datacenter index
/// (empty: one datacenter). Without a partition each datacenter's nodes are drawn together in a
/// region of their own ([`Layout::regions`]), the regions side by side (in rows when they do
/// not fit the width).
pub fn layout_dcs(
    node_groups: &[u32],
    client_groups: &[u32],
    node_dcs: &[usize],
    avail_width: f64,
    lines: usize,
) -> Layout {
    let lines = lines.clamp(RESERVED_LINES, CARD_MAX_LINES);
    let avail = if avail_width.is_finite() {
        clamp(avail_width, 300.0, 1400.0)
    } else {
        960.0
    };
    let compact = avail < COMPACT_BELOW;
    let partitioned = node_groups.iter().chain(client_groups).any(|&g| g > 0);
    let mut l = if partitioned {
        zoned(node_groups, client_groups, avail, compact, lines)
    } else if compact {
        ring_compact(
            node_groups.len(),
            client_groups.len(),
            node_dcs,
            avail,
            lines,
        )
    } else {
        ring_wide(
            node_groups.len(),
            client_groups.len(),
            node_dcs,
            avail,
            lines,
        )
    };
    l.lines = lines;
    l
}

/// Wide, no partition: clients in a column on the left, the ring of nodes beside them spread
/// over the rest of the width, and the two empty drop zones stacked on the right.
fn ring_wide(n: usize, c: usize, node_dcs: &[usize], avail: f64, lines: usize) -> Layout {
    // Many clients take up to three columns rather than one very tall one.
    let rows_per_col = |ring_h: f64| ((ring_h.max(180.0) / CLIENT_SLOT_H).floor() as usize).max(1);
    let client_cols = |ring_h: f64| c.div_ceil(rows_per_col(ring_h)).clamp(1, 3);
    let client_col_w = |cols: usize| {
        if c > 0 {
            cols as f64 * CLIENT_SLOT_W + 8.0
        } else {
            0.0
        }
    };
    // The main zone takes all the width the drop zones leave.
    let main_w = avail - 2.0 * MARGIN - ZONE_GAP - SIDE_ZONE_W;
    let room = |cols: usize| main_w - 2.0 * ZONE_PAD - client_col_w(cols);
    // First fit the ring beside one column of clients, then make room for more columns.
    let shape = |room: f64| {
        if node_dcs.is_empty() {
            let (points, w, h, ellipse) = ring_spread(n, room, lines);
            (points, w, h, ellipse, Vec::new())
        } else {
            dc_blocks(n, node_dcs, room, lines)
        }
    };
    let (mut points, mut ring_w, mut ring_h, mut ellipse, mut regions) = shape(room(1));
    let cols = client_cols(ring_h);
    if cols > 1 {
        (points, ring_w, ring_h, ellipse, regions) = shape(room(cols));
    }
    let cols = client_cols(ring_h);
    let client_col = client_col_w(cols);
    let client_rows = c.div_ceil(cols);
    let clients_h = client_rows as f64 * CLIENT_SLOT_H;
    let inner_h = ring_h.max(clients_h).max(180.0);
    let main = Rect {
        x: MARGIN,
        y: MARGIN,
        w: main_w.max(2.0 * ZONE_PAD + client_col + ring_w),
        h: ZONE_TITLE + inner_h + ZONE_PAD,
    };
    let body_top = main.y + ZONE_TITLE;
    let ring_room = main.w - 2.0 * ZONE_PAD - client_col;
    let origin = Pt::new(
        main.x + ZONE_PAD + client_col + ring_room / 2.0,
        body_top + (inner_h - ring_h) / 2.0,
    );
    let nodes = points
        .iter()
        .map(|p| Pt::new(origin.x + p.x, origin.y + p.y))
        .collect();
    let cy0 = body_top + (inner_h - clients_h) / 2.0 + CLIENT_SLOT_H / 2.0;
    let clients = (0..c)
        .map(|i| {
            let (col, row) = (i / client_rows.max(1), i % client_rows.max(1));
            Pt::new(
                main.x + ZONE_PAD + (col as f64 + 0.5) * CLIENT_SLOT_W,
                cy0 + row as f64 * CLIENT_SLOT_H,
            )
        })
        .collect();
    let side_h = (main.h - ZONE_GAP) / 2.0;
    let side_x = main.right() + ZONE_GAP;
    let zones = vec![
        ZoneBox {
            zone: 0,
            rect: main,
        },
        ZoneBox {
            zone: 1,
            rect: Rect {
                x: side_x,
                y: main.y,
                w: SIDE_ZONE_W,
                h: side_h,
            },
        },
        ZoneBox {
            zone: 2,
            rect: Rect {
                x: side_x,
                y: main.y + side_h + ZONE_GAP,
                w: SIDE_ZONE_W,
                h: side_h,
            },
        },
    ];
    Layout {
        width: side_x + SIDE_ZONE_W + MARGIN,
        height: main.bottom() + MARGIN,
        compact: false,
        partitioned: false,
        lines,
        nodes,
        clients,
        zones,
        ring: ellipse
            .filter(|_| n > 1)
            .map(|(rx, ry)| (Pt::new(origin.x, origin.y + CARD_HEAD / 2.0 + ry), rx, ry)),
        regions: moved_by(&regions, origin),
    }
}

/// Compact, no partition: clients in rows on top, the ring below them, and the two empty drop
/// zones side by side at the bottom.
fn ring_compact(n: usize, c: usize, node_dcs: &[usize], avail: f64, lines: usize) -> Layout {
    let main_w = avail - 2.0 * MARGIN;
    let max_rx = (main_w - 2.0 * ZONE_PAD - CARD_W) / 2.0;
    let (points, ring_w, ring_h, ellipse, regions) = if node_dcs.is_empty() {
        let (points, w, h, ellipse) = ring_shape(n, max_rx.max(0.0), lines);
        (points, w, h, ellipse, Vec::new())
    } else {
        dc_blocks(n, node_dcs, main_w - 2.0 * ZONE_PAD, lines)
    };
    let main_w = main_w.max(ring_w + 2.0 * ZONE_PAD);
    let width = main_w + 2.0 * MARGIN;
    let per_row = (((main_w - 2.0 * ZONE_PAD) / CLIENT_SLOT_W).floor() as usize).max(1);
    let client_rows = c.div_ceil(per_row);
    let clients_h = client_rows as f64 * CLIENT_SLOT_H + if c > 0 { 10.0 } else { 0.0 };
    let main = Rect {
        x: MARGIN,
        y: MARGIN,
        w: main_w,
        h: ZONE_TITLE + clients_h + ring_h + ZONE_PAD,
    };
    let centre_x = main.x + main.w / 2.0;
    let clients = grid(c, per_row, CLIENT_SLOT_W, CLIENT_SLOT_H, centre_x)
        .into_iter()
        .map(|p| Pt::new(p.x, p.y + main.y + ZONE_TITLE + CLIENT_SLOT_H / 2.0))
        .collect();
    let origin = Pt::new(centre_x, main.y + ZONE_TITLE + clients_h);
    let nodes = points
        .iter()
        .map(|p| Pt::new(origin.x + p.x, origin.y + p.y))
        .collect();
    let zw = (main_w - ZONE_GAP) / 2.0;
    let zy = main.bottom() + ZONE_GAP;
    let zones = vec![
        ZoneBox {
            zone: 0,
            rect: main,
        },
        ZoneBox {
            zone: 1,
            rect: Rect {
                x: MARGIN,
                y: zy,
                w: zw,
                h: BOTTOM_ZONE_H,
            },
        },
        ZoneBox {
            zone: 2,
            rect: Rect {
                x: MARGIN + zw + ZONE_GAP,
                y: zy,
                w: zw,
                h: BOTTOM_ZONE_H,
            },
        },
    ];
    Layout {
        width,
        height: zy + BOTTOM_ZONE_H + MARGIN,
        compact: true,
        partitioned: false,
        lines,
        nodes,
        clients,
        zones,
        ring: ellipse
            .filter(|_| n > 1)
            .map(|(rx, ry)| (Pt::new(origin.x, origin.y + CARD_HEAD / 2.0 + ry), rx, ry)),
        regions: moved_by(&regions, origin),
    }
}

/// `count` slots in rows of at most `per_row`, each row centred on `centre_x`; row 0 at y = 0,
/// slot centres returned.
fn grid(count: usize, per_row: usize, slot_w: f64, slot_h: f64, centre_x: f64) -> Vec<Pt> {
    let per_row = per_row.max(1);
    (0..count)
        .map(|i| {
            let row = i / per_row;
            let col = i % per_row;
            let in_row = (count - row * per_row).min(per_row);
            let x0 = centre_x - in_row as f64 * slot_w / 2.0;
            Pt::new(x0 + (col as f64 + 0.5) * slot_w, row as f64 * slot_h)
        })
        .collect()
}

/// Partitioned: one box per zone (0, 1, 2 and any higher group), each holding its clients in
/// rows on top and its nodes in a grid below. Side by side when wide, stacked when compact.
fn zoned(
    node_groups: &[u32],
    client_groups: &[u32],
    avail: f64,
    compact: bool,
    lines: usize,
) -> Layout {
    let max_group = node_groups
        .iter()
        .chain(client_groups)
        .copied()
        .max()
        .unwrap_or(0);
    let zone_count = (max_group.max(2) + 1) as usize;
    let nodes_in: Vec<usize> = (0..zone_count)
        .map(|z| node_groups.iter().filter(|&&g| g as usize == z).count())
        .collect();
    let clients_in: Vec<usize> = (0..zone_count)
        .map(|z| client_groups.iter().filter(|&&g| g as usize == z).count())
        .collect();

    // Columns of node cells per zone.
    let cols: Vec<usize> = if compact {
        let inner = avail - 2.0 * MARGIN - 2.0 * ZONE_PAD;
        vec![((inner / CELL_W).floor() as usize).max(1); zone_count]
    } else {
        let fixed = 2.0 * MARGIN
            + zone_count as f64 * (2.0 * ZONE_PAD)
            + (zone_count - 1) as f64 * ZONE_GAP;
        let budget = (((avail - fixed) / CELL_W).floor() as usize).max(zone_count);
        let mut cols = vec![1usize; zone_count];
        let mut left = budget - zone_count;
        while left > 0 {
            // Give a column to the zone with the most rows of nodes.
            let rows = |z: usize| nodes_in[z].div_ceil(cols[z]);
            let Some(z) = (0..zone_count)
                .filter(|&z| rows(z) > 1)
                .max_by_key(|&z| (rows(z), nodes_in[z]))
            else {
                break;
            };
            cols[z] += 1;
            left -= 1;
        }
        cols
    };

    let zone_inner_w = |z: usize| -> f64 {
        if compact {
            avail - 2.0 * MARGIN - 2.0 * ZONE_PAD
        } else {
            // At least one cell wide, which holds a client too.
            cols[z].min(nodes_in[z].max(1)) as f64 * CELL_W
        }
    };
    let content_h = |z: usize, inner_w: f64| -> (usize, f64) {
        let per_row = ((inner_w / CLIENT_SLOT_W).floor() as usize).max(1);
        let client_rows = clients_in[z].div_ceil(per_row);
        let node_rows = nodes_in[z].div_ceil(cols[z].max(1));
        let h = client_rows as f64 * CLIENT_SLOT_H + node_rows as f64 * cell_h(lines);
        (per_row, h)
    };
    let empty_h = if compact {
        BOTTOM_ZONE_H - ZONE_TITLE - ZONE_PAD
    } else {
        120.0
    };

    let mut rects = Vec::with_capacity(zone_count);
    if compact {
        let mut y = MARGIN;
        for z in 0..zone_count {
            let w = zone_inner_w(z);
            let (_, h) = content_h(z, w);
            let h = ZONE_TITLE + h.max(empty_h) + ZONE_PAD;
            rects.push(Rect {
                x: MARGIN,
                y,
                w: w + 2.0 * ZONE_PAD,
                h,
            });
            y += h + ZONE_GAP;
        }
    } else {
        let h = (0..zone_count)
            .map(|z| content_h(z, zone_inner_w(z)).1)
            .fold(empty_h, f64::max);
        // Zones share out the width their members leave, so the drawing takes all it has.
        let widths: Vec<f64> = (0..zone_count)
            .map(|z| zone_inner_w(z) + 2.0 * ZONE_PAD)
            .collect();
        let used = widths.iter().sum::<f64>() + (zone_count - 1) as f64 * ZONE_GAP;
        let extra = ((avail - 2.0 * MARGIN - used) / zone_count as f64).max(0.0);
        let mut x = MARGIN;
        for w in widths {
            let w = w + extra;
            rects.push(Rect {
                x,
                y: MARGIN,
                w,
                h: ZONE_TITLE + h + ZONE_PAD,
            });
            x += w + ZONE_GAP;
        }
    }

    // Place members.
    let mut nodes = vec![Pt::default(); node_groups.len()];
    let mut clients = vec![Pt::default(); client_groups.len()];
    for (z, rect) in rects.iter().enumerate() {
        let inner_w = rect.w - 2.0 * ZONE_PAD;
        let (per_row, _) = content_h(z, inner_w);
        let centre_x = rect.x + rect.w / 2.0;
        let body_top = rect.y + ZONE_TITLE;
        let members: Vec<usize> = (0..client_groups.len())
            .filter(|&i| client_groups[i] as usize == z)
            .collect();
        let slots = grid(
            members.len(),
            per_row,
            CLIENT_SLOT_W,
            CLIENT_SLOT_H,
            centre_x,
        );
        for (&i, p) in members.iter().zip(slots) {
            clients[i] = Pt::new(p.x, body_top + p.y + CLIENT_SLOT_H / 2.0);
        }
        let node_top = body_top + members.len().div_ceil(per_row) as f64 * CLIENT_SLOT_H;
        let members: Vec<usize> = (0..node_groups.len())
            .filter(|&i| node_groups[i] as usize == z)
            .collect();
        let slots = grid(members.len(), cols[z], CELL_W, cell_h(lines), centre_x);
        for (&i, p) in members.iter().zip(slots) {
            nodes[i] = Pt::new(p.x, node_top + p.y + CARD_GAP / 2.0 + CARD_HEAD / 2.0);
        }
    }
    let zones: Vec<ZoneBox> = rects
        .iter()
        .enumerate()
        .map(|(z, &rect)| ZoneBox {
            zone: z as u32,
            rect,
        })
        .collect();
    let width = zones.iter().map(|z| z.rect.right()).fold(0.0, f64::max) + MARGIN;
    let height = zones.iter().map(|z| z.rect.bottom()).fold(0.0, f64::max) + MARGIN;
    Layout {
        width,
        height,
        compact,
        partitioned: true,
        lines,
        nodes,
        clients,
        zones,
        ring: None,
        regions: Vec::new(),
    }
}

/// Where messages between endpoint `from` and its peer `to` leave (or reach) `from`: a point
/// on its header (a node) or badge (a client), spread by the peer's rank, so that messages sent
/// at once to several peers start apart instead of on one spot. `anchors` holds every
/// endpoint's anchor, the first `nodes` of them nodes; clients only talk to nodes.
pub fn port(anchors: &[Pt], nodes: usize, from: usize, to: usize) -> Pt {
    let Some(&a) = anchors.get(from) else {
        return Pt::default();
    };
    let (rank, peers, half) = if from < nodes {
        let rank = if to < from { to } else { to.saturating_sub(1) };
        (rank, anchors.len().saturating_sub(1), CARD_W / 2.0 - 22.0)
    } else {
        (to, nodes, CLIENT_W / 2.0 - 14.0)
    };
    if peers <= 1 || rank >= peers {
        return a;
    }
    let f = rank as f64 / (peers - 1) as f64;
    Pt::new(a.x - half + 2.0 * half * f, a.y)
}

/// The zone whose box holds `p`, if any.
pub fn zone_at(layout: &Layout, p: Pt) -> Option<u32> {
    layout
        .zones
        .iter()
        .find(|z| z.rect.contains(p))
        .map(|z| z.zone)
}

/// The point a fraction `f` of the way from `a` to `b` (`f` clamped to 0..=1).
pub fn along(a: Pt, b: Pt, f: f64) -> Pt {
    let f = if f.is_nan() { 0.0 } else { clamp(f, 0.0, 1.0) };
    Pt::new(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f)
}

/// How far along its link a message is at `now`: 0 when sent, 1 when it arrives.
pub fn progress(now: u64, sent: u64, arrive: u64) -> f64 {
    if arrive <= sent {
        return if now >= arrive { 1.0 } else { 0.0 };
    }
    clamp(
        now.saturating_sub(sent) as f64 / (arrive - sent) as f64,
        0.0,
        1.0,
    )
}

/// Where to draw a message, as a fraction of its link, and whether it is dead by now.
///
/// A message lost at `lost` stops there and stays while it lingers. With reduced motion, a
/// message still in flight is drawn at its midpoint.
pub fn message_fraction(
    now: u64,
    sent: u64,
    arrive: u64,
    lost: Option<u64>,
    reduced_motion: bool,
) -> (f64, bool) {
    match lost {
        Some(t) if now >= t => (progress(t, sent, arrive), true),
        _ if reduced_motion => (0.5, false),
        _ => (progress(now, sent, arrive), false),
    }
}

/// A 2D affine transform `(a, b, c, d, e, f)` as in SVG and DOMMatrix: it maps (x, y) to
/// (a x + c y + e, b x + d y + f).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    /// Scale x.
    pub a: f64,
    /// Skew y.
    pub b: f64,
    /// Skew x.
    pub c: f64,
    /// Scale y.
    pub d: f64,
    /// Translate x.
    pub e: f64,
    /// Translate y.
    pub f: f64,
}

impl Affine {
    /// Applies the transform to a point.
    pub fn apply(&self, p: Pt) -> Pt {
        Pt::new(
            self.a * p.x + self.c * p.y + self.e,
            self.b * p.x + self.d * p.y + self.f,
        )
    }

    /// The inverse transform, if the matrix is invertible.
    pub fn inverse(&self) -> Option<Affine> {
        let det = self.a * self.d - self.b * self.c;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        Some(Affine {
            a: self.d / det,
            b: -self.b / det,
            c: -self.c / det,
            d: self.a / det,
            e: (self.c * self.f - self.d * self.e) / det,
            f: (self.b * self.e - self.a * self.f) / det,
        })
    }
}

/// The SVG point under a screen (client) point, given the SVG's screen transform
/// (`getScreenCTM()`); the point unchanged if the transform cannot be inverted.
pub fn screen_to_svg(screen_ctm: Affine, client: Pt) -> Pt {
    screen_ctm.inverse().map_or(client, |m| m.apply(client))
}

/// The SVG point under a screen point for an SVG drawn in `bounds` (its client rectangle) with
/// a viewBox of `view_w` by `view_h` and the default `preserveAspectRatio="xMidYMid meet"`.
pub fn client_to_view(bounds: Rect, view_w: f64, view_h: f64, client: Pt) -> Pt {
    if bounds.w <= 0.0 || bounds.h <= 0.0 || view_w <= 0.0 || view_h <= 0.0 {
        return client;
    }
    let scale = (bounds.w / view_w).min(bounds.h / view_h);
    let ox = bounds.x + (bounds.w - view_w * scale) / 2.0;
    let oy = bounds.y + (bounds.h - view_h * scale) / 2.0;
    Pt::new((client.x - ox) / scale, (client.y - oy) / scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    fn node_cards(l: &Layout) -> Vec<Rect> {
        l.nodes
            .iter()
            .map(|&p| card_rect(p, CARD_MAX_LINES))
            .collect()
    }

    fn no_overlaps(rects: &[Rect]) -> bool {
        no_overlap(rects)
    }

    fn inside(outer: &Rect, inner: &Rect) -> bool {
        inner.x >= outer.x - 1e-9
            && inner.y >= outer.y - 1e-9
            && inner.right() <= outer.right() + 1e-9
            && inner.bottom() <= outer.bottom() + 1e-9
    }

    #[test]
    fn ring_positions_start_at_the_top_and_go_clockwise() {
        let p = ring_positions(4, Pt::new(100.0, 100.0), 50.0, 30.0);
        assert_eq!(p.len(), 4);
        assert!(close(p[0].x, 100.0) && close(p[0].y, 70.0), "{:?}", p[0]);
        assert!(close(p[1].x, 150.0) && close(p[1].y, 100.0), "{:?}", p[1]);
        assert!(close(p[2].x, 100.0) && close(p[2].y, 130.0), "{:?}", p[2]);
        assert!(close(p[3].x, 50.0) && close(p[3].y, 100.0), "{:?}", p[3]);
        assert_eq!(
            ring_positions(1, Pt::new(5.0, 6.0), 0.0, 0.0),
            [Pt::new(5.0, 6.0)]
        );
        assert!(ring_positions(0, Pt::default(), 1.0, 1.0).is_empty());
    }

    #[test]
    fn ring_cards_never_overlap_and_stay_inside_the_main_zone() {
        for &width in &[390.0, 800.0, 1100.0] {
            for n in 1..=12 {
                for c in [0, 2, 5, 20] {
                    let l = layout(&vec![0; n], &vec![0; c], width, CARD_MAX_LINES);
                    assert!(!l.partitioned);
                    let cards = node_cards(&l);
                    assert!(no_overlaps(&cards), "n={n} c={c} width={width}");
                    let main = l.zone(0).unwrap().rect;
                    for card in &cards {
                        assert!(
                            inside(&main, card),
                            "n={n} width={width}: {card:?} in {main:?}"
                        );
                    }
                    for &client in &l.clients {
                        let r = client_rect(client);
                        assert!(inside(&main, &r), "client {r:?} in {main:?}");
                        assert!(cards.iter().all(|card| !card.overlaps(&r)), "n={n} c={c}");
                    }
                    assert!(l.zones.iter().all(|z| z.rect.right() <= l.width));
                    assert!(l.zones.iter().all(|z| z.rect.bottom() <= l.height));
                }
            }
        }
    }

    fn moved(r: Rect, by: Pt) -> Rect {
        Rect {
            x: r.x + by.x,
            y: r.y + by.y,
            ..r
        }
    }

    fn groups_of(n: usize, split: bool) -> Vec<u32> {
        (0..n as u32)
            .map(|i| if split { i % 3 } else { 0 })
            .collect()
    }

    #[test]
    fn issue8_the_view_takes_the_width_it_has_whatever_the_cards_hold() {
        // Point 9: the drawing uses its room; point 10: growing cards never rescale it.
        for width in [390.0, 700.0, 724.0, 1000.0, 1300.0] {
            for n in [2, 3, 5, 8] {
                for split in [false, true] {
                    if split && width < COMPACT_BELOW {
                        continue; // stacked zones: as wide as the screen, tested below
                    }
                    let groups = groups_of(n, split);
                    let widths: Vec<f64> = (1..=CARD_MAX_LINES)
                        .map(|lines| layout(&groups, &[0, 0, 0], width, lines).width)
                        .collect();
                    for &w in &widths {
                        assert!(
                            (w - width).abs() < 1e-6,
                            "n={n} split={split} width={width}: drawn {w} wide"
                        );
                    }
                }
            }
            let l = layout(&[0, 1, 2], &[0], width, CARD_MAX_LINES);
            assert!(l.width <= width + 1e-6);
        }
    }

    #[test]
    fn issue8_the_view_keeps_its_height_while_cards_fill_up_to_the_reserved_lines() {
        for width in [390.0, 1000.0] {
            for split in [false, true] {
                let groups = groups_of(5, split);
                let heights: Vec<f64> = (1..=RESERVED_LINES)
                    .map(|lines| layout(&groups, &[0, 0], width, lines).height)
                    .collect();
                assert!(heights.windows(2).all(|h| h[0] == h[1]), "{heights:?}");
                let l = layout(&groups, &[0, 0], width, 1);
                assert_eq!(l.lines, RESERVED_LINES);
            }
        }
    }

    #[test]
    fn issue8_a_wide_ring_spreads_over_the_main_zone() {
        // The default scenario at 1280 px: three nodes, three clients, about 724 px of room.
        let l = layout(&[0, 0, 0], &[0, 0, 0], 724.0, 2);
        let main = l.zone(0).unwrap().rect;
        let mut boxes = node_cards(&l);
        boxes.extend(l.clients.iter().map(|&c| client_rect(c)));
        let left = boxes.iter().map(|r| r.x).fold(f64::MAX, f64::min);
        let right = boxes.iter().map(|r| r.right()).fold(f64::MIN, f64::max);
        assert!(
            right - left >= 0.65 * l.width,
            "the cluster spans {} of {}",
            right - left,
            l.width
        );
        assert!(
            main.w >= 0.7 * l.width,
            "main zone {} of {}",
            main.w,
            l.width
        );
        // Still no overlaps, and the ring is a ring.
        assert!(no_overlaps(&boxes));
        let (_, rx, ry) = l.ring.unwrap();
        assert!(rx > ry && ry > 0.0, "rx={rx} ry={ry}");
    }

    #[test]
    fn issue8_tap_targets_are_large_and_apart() {
        const { assert!(HIT >= 44.0) };
        for up in [true, false] {
            let hit = action_hit(up);
            assert!(hit.w >= HIT && hit.h >= HIT, "{hit:?}");
            let pill = action_rect(up);
            assert!(inside(&hit, &pill), "the pill is inside its target");
            let card = card_rect(Pt::default(), 1);
            assert!(
                hit.x >= card.x && hit.right() <= card.right(),
                "within the card's width"
            );
        }
        for width in [390.0, 700.0, 1000.0] {
            for n in 1..=9 {
                for split in [false, true] {
                    let groups = groups_of(n, split);
                    let clients = [0, 0, 0, 0, 1];
                    let l = layout(&groups, &clients, width, RESERVED_LINES);
                    let cards: Vec<Rect> = l.nodes.iter().map(|&p| card_rect(p, l.lines)).collect();
                    let client_hits: Vec<Rect> = l.clients.iter().map(|&c| client_hit(c)).collect();
                    assert!(no_overlaps(&client_hits), "n={n} width={width}");
                    for (i, &a) in l.nodes.iter().enumerate() {
                        for up in [true, false] {
                            let hit = moved(action_hit(up), a);
                            let others = cards
                                .iter()
                                .enumerate()
                                .filter(|&(j, _)| j != i)
                                .map(|(_, r)| r)
                                .chain(client_hits.iter());
                            for other in others {
                                assert!(
                                    !hit.overlaps(other),
                                    "n={n} split={split} width={width}: crash {i} on {other:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn issue8_messages_are_drawn_clear_of_headers_and_badges() {
        let a = Pt::new(100.0, 100.0);
        let b = Pt::new(500.0, 100.0);
        let (ra, rb) = (card_rect(a, 3), client_rect(b));
        let ends = endpoint_rects(&[a, b], 1);
        assert_eq!(ends[1], client_hit(b));
        assert!(ends[0].contains(Pt::new(a.x, ra.y)) && ends[0].h == HIT);
        let (s, e) = visible_span(a, b, &ra, &rb);
        let start = along(a, b, s);
        let end = along(a, b, e);
        assert!(
            (start.x - (ra.right() + MESSAGE_CLEAR)).abs() < 1e-9,
            "{start:?}"
        );
        assert!((end.x - (rb.x - MESSAGE_CLEAR)).abs() < 1e-9, "{end:?}");
        // Every point of the span, the lost mark's too, is clear of both.
        for i in 0..=10 {
            let p = along(a, b, s + (e - s) * i as f64 / 10.0);
            let mark = Rect {
                x: p.x - 8.0,
                y: p.y - 8.0,
                w: 16.0,
                h: 16.0,
            };
            assert!(!mark.overlaps(&ra) && !mark.overlaps(&rb), "{p:?}");
        }
        // Diagonal, out of a card's bottom.
        let c = Pt::new(300.0, 400.0);
        let (s, _) = visible_span(a, c, &ra, &card_rect(c, 3));
        let p = along(a, c, s);
        assert!(
            p.y >= ra.bottom() + MESSAGE_CLEAR - 1e-9 || p.x >= ra.right() + MESSAGE_CLEAR - 1e-9
        );
        // Too close for any clear span: one point midway.
        let d = Pt::new(130.0, 100.0);
        let (s, e) = visible_span(a, d, &ra, &card_rect(d, 3));
        assert_eq!(s, e);
        assert!((s - 0.5).abs() < 1e-9, "{s}");
        // In every layout, from every port to every other, the span is clear of both ends.
        for width in [390.0, 1000.0] {
            let l = layout(&[0, 0, 0, 0, 0], &[0, 0], width, 3);
            let anchors: Vec<Pt> = l.nodes.iter().chain(&l.clients).copied().collect();
            let rects = endpoint_rects(&anchors, 5);
            for i in 0..anchors.len() {
                for j in 0..anchors.len() {
                    if i == j || (i >= 5 && j >= 5) {
                        continue;
                    }
                    let (p, q) = (port(&anchors, 5, i, j), port(&anchors, 5, j, i));
                    let (s, e) = visible_span(p, q, &rects[i], &rects[j]);
                    if s == e {
                        continue;
                    }
                    for f in [s, e] {
                        let at = along(p, q, f);
                        for r in [&rects[i], &rects[j]] {
                            assert!(
                                !r.grow(MESSAGE_CLEAR - 0.01).contains(at),
                                "{i}->{j} at {at:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_phone_gets_the_compact_layout_no_wider_than_its_screen() {
        let l = layout(&[0; 5], &[0; 2], 390.0, CARD_MAX_LINES);
        assert!(l.compact);
        assert!(l.width <= 390.0, "width {}", l.width);
        let wide = layout(&[0; 5], &[0; 2], 1000.0, CARD_MAX_LINES);
        assert!(!wide.compact);
        assert!(wide.width <= 1000.0, "width {}", wide.width);
        // Any cluster fits the width it is given, partitioned or not.
        for width in [330.0, 390.0, 700.0, 1100.0] {
            for n in 1..=12 {
                let l = layout(&vec![0; n], &[0, 0, 0], width, CARD_MAX_LINES);
                assert!(l.width <= width, "n={n}: {} > {width}", l.width);
                let groups: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
                let l = layout(&groups, &[0, 1, 0], width, CARD_MAX_LINES);
                assert!(l.width <= width, "partitioned n={n}: {} > {width}", l.width);
            }
        }
    }

    #[test]
    fn cards_with_fewer_lines_pack_closer_without_overlapping() {
        for width in [390.0, 1000.0] {
            for n in [3, 5, 9] {
                let mut last = 0.0;
                for lines in 1..=CARD_MAX_LINES {
                    for groups in [vec![0; n], (0..n as u32).map(|i| i % 3).collect()] {
                        let l = layout(&groups, &[0, 0], width, lines);
                        let cards: Vec<Rect> =
                            l.nodes.iter().map(|&p| card_rect(p, lines)).collect();
                        assert!(no_overlaps(&cards), "n={n} lines={lines} width={width}");
                        for (i, &g) in groups.iter().enumerate() {
                            let zone = l.zone(g).unwrap().rect;
                            assert!(inside(&zone, &cards[i]), "n={n} lines={lines}");
                        }
                    }
                    let h = layout(&vec![0; n], &[0, 0], width, lines).height;
                    assert!(h >= last, "taller cards, taller view");
                    last = h;
                }
                let short = layout(&vec![0; n], &[0, 0], width, 2).height;
                let tall = layout(&vec![0; n], &[0, 0], width, CARD_MAX_LINES).height;
                assert!(short < tall, "n={n} width={width}: {short} vs {tall}");
            }
        }
    }

    #[test]
    fn without_a_partition_there_are_still_two_empty_drop_zones() {
        for width in [390.0, 1000.0] {
            let l = layout(&[0, 0, 0], &[0, 0], width, CARD_MAX_LINES);
            let zones: Vec<u32> = l.zones.iter().map(|z| z.zone).collect();
            assert_eq!(zones, [0, 1, 2]);
            let boxes: Vec<Rect> = l.zones.iter().map(|z| z.rect).collect();
            assert!(no_overlaps(&boxes), "{boxes:?}");
            assert!(l.ring.is_some());
        }
    }

    #[test]
    fn a_partition_puts_each_member_inside_its_zone_box() {
        let nodes = [0, 1, 0, 2, 1];
        let clients = [0, 1];
        for width in [390.0, 700.0, 1100.0] {
            let l = layout(&nodes, &clients, width, CARD_MAX_LINES);
            assert!(l.partitioned);
            assert_eq!(l.zones.len(), 3);
            for (i, &g) in nodes.iter().enumerate() {
                let zone = l.zone(g).unwrap().rect;
                assert!(
                    inside(&zone, &card_rect(l.nodes[i], CARD_MAX_LINES)),
                    "node {i} width {width}"
                );
                assert_eq!(zone_at(&l, l.nodes[i]), Some(g));
            }
            for (i, &g) in clients.iter().enumerate() {
                let zone = l.zone(g).unwrap().rect;
                assert!(inside(&zone, &client_rect(l.clients[i])), "client {i}");
            }
            let mut all = node_cards(&l);
            all.extend(l.clients.iter().map(|&c| client_rect(c)));
            assert!(no_overlaps(&all), "width {width}");
            let boxes: Vec<Rect> = l.zones.iter().map(|z| z.rect).collect();
            assert!(no_overlaps(&boxes));
        }
    }

    #[test]
    fn a_partition_into_more_groups_shows_a_box_for_each() {
        let l = layout(&[0, 1, 2, 3], &[3], 1000.0, CARD_MAX_LINES);
        let zones: Vec<u32> = l.zones.iter().map(|z| z.zone).collect();
        assert_eq!(zones, [0, 1, 2, 3]);
        assert_eq!(zone_at(&l, l.clients[0]), Some(3));
        // Everyone cut off from the main zone: it is still there to drag back into.
        let l = layout(&[1, 1], &[2], 390.0, CARD_MAX_LINES);
        assert_eq!(l.zones.len(), 3);
        assert!(l.zone(0).unwrap().rect.h > 0.0);
    }

    #[test]
    fn zone_hit_testing() {
        let l = layout(&[0, 0, 0], &[0], 1000.0, CARD_MAX_LINES);
        let z1 = l.zone(1).unwrap().rect;
        let z2 = l.zone(2).unwrap().rect;
        let mid = |r: Rect| Pt::new(r.x + r.w / 2.0, r.y + r.h / 2.0);
        assert_eq!(zone_at(&l, mid(z1)), Some(1));
        assert_eq!(zone_at(&l, mid(z2)), Some(2));
        assert_eq!(zone_at(&l, l.nodes[0]), Some(0));
        assert_eq!(zone_at(&l, Pt::new(z1.x, z1.y)), Some(1), "edges count");
        assert_eq!(zone_at(&l, Pt::new(-5.0, -5.0)), None);
        assert_eq!(zone_at(&l, Pt::new(l.width + 1.0, 10.0)), None);
        // Between the boxes: nowhere.
        let main = l.zone(0).unwrap().rect;
        assert_eq!(
            zone_at(&l, Pt::new((main.right() + z1.x) / 2.0, z1.y + 5.0)),
            None
        );
    }

    #[test]
    fn endpoints_index_nodes_then_clients() {
        let l = layout(&[0, 0], &[0], 1000.0, CARD_MAX_LINES);
        assert_eq!(l.endpoint(0), Some(l.nodes[0]));
        assert_eq!(l.endpoint(1), Some(l.nodes[1]));
        assert_eq!(l.endpoint(2), Some(l.clients[0]));
        assert_eq!(l.endpoint(3), None);
    }

    #[test]
    fn messages_to_several_peers_leave_from_distinct_ports() {
        // Three nodes, two clients, in a row.
        let anchors: Vec<Pt> = (0..5).map(|i| Pt::new(i as f64 * 200.0, 0.0)).collect();
        // alice (3) to A, B, C: spread across her badge, left to right, inside it.
        let out: Vec<Pt> = (0..3).map(|j| port(&anchors, 3, 3, j)).collect();
        assert!(out.windows(2).all(|w| w[1].x - w[0].x >= 30.0), "{out:?}");
        assert!(out.iter().all(|p| client_rect(anchors[3]).contains(*p)));
        // Node B (1) to its four peers: four distinct points on its header.
        let out: Vec<Pt> = [0, 2, 3, 4]
            .iter()
            .map(|&j| port(&anchors, 3, 1, j))
            .collect();
        assert!(out.windows(2).all(|w| w[1].x > w[0].x + 20.0), "{out:?}");
        assert!(out.iter().all(|p| card_rect(anchors[1], 0).contains(*p)));
        // The way back arrives where it left.
        assert_eq!(port(&anchors, 3, 0, 3), port(&anchors, 3, 0, 3));
        // A lone peer, or an unknown endpoint: the anchor itself.
        let two = [Pt::new(1.0, 2.0), Pt::new(5.0, 6.0)];
        assert_eq!(port(&two, 2, 0, 1), two[0]);
        assert_eq!(port(&two, 2, 7, 1), Pt::default());
    }

    #[test]
    fn sine_and_cosine_match_the_library() {
        for i in -400..=400 {
            let x = i as f64 * 0.037;
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-9, "sin {x}: {s} vs {}", x.sin());
            assert!((c - x.cos()).abs() < 1e-9, "cos {x}: {c} vs {}", x.cos());
        }
    }

    #[test]
    fn numbers_for_attributes() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(f64::NAN), "0");
        let mut s = String::from("M");
        push_num(&mut s, 1.25);
        assert_eq!(s, "M1.3");
    }

    #[test]
    fn interpolation_along_a_link() {
        let a = Pt::new(0.0, 0.0);
        let b = Pt::new(100.0, 50.0);
        assert_eq!(along(a, b, 0.0), a);
        assert_eq!(along(a, b, 1.0), b);
        assert_eq!(along(a, b, 0.5), Pt::new(50.0, 25.0));
        assert_eq!(along(a, b, 2.0), b, "clamped");
        assert_eq!(along(a, b, -1.0), a, "clamped");
        assert_eq!(along(a, b, f64::NAN), a);
    }

    #[test]
    fn progress_follows_simulated_time() {
        assert_eq!(progress(1_000, 1_000, 11_000), 0.0);
        assert_eq!(progress(6_000, 1_000, 11_000), 0.5);
        assert_eq!(progress(11_000, 1_000, 11_000), 1.0);
        assert_eq!(progress(20_000, 1_000, 11_000), 1.0);
        assert_eq!(progress(500, 1_000, 11_000), 0.0, "not sent yet");
        assert_eq!(progress(5, 5, 5), 1.0, "instant message");
    }

    #[test]
    fn lost_messages_stop_where_they_die_and_reduced_motion_holds_the_midpoint() {
        // In flight: moves.
        assert_eq!(
            message_fraction(3_000, 0, 10_000, None, false),
            (0.3, false)
        );
        // Doomed (dies at 5 ms) but not dead yet: still moving.
        assert_eq!(
            message_fraction(3_000, 0, 10_000, Some(5_000), false),
            (0.3, false)
        );
        // Dead: stays at the point of loss.
        assert_eq!(
            message_fraction(8_000, 0, 10_000, Some(5_000), false),
            (0.5, true)
        );
        assert_eq!(
            message_fraction(9_000, 0, 10_000, Some(2_000), true),
            (0.2, true)
        );
        // Reduced motion: the midpoint, whatever the time.
        assert_eq!(message_fraction(1_000, 0, 10_000, None, true), (0.5, false));
        assert_eq!(message_fraction(9_000, 0, 10_000, None, true), (0.5, false));
    }

    #[test]
    fn screen_points_map_back_to_view_coordinates() {
        // An SVG drawn at half size, 20 px right and 30 px down.
        let ctm = Affine {
            a: 0.5,
            b: 0.0,
            c: 0.0,
            d: 0.5,
            e: 20.0,
            f: 30.0,
        };
        let p = screen_to_svg(ctm, Pt::new(70.0, 80.0));
        assert!(close(p.x, 100.0) && close(p.y, 100.0), "{p:?}");
        // The inverse undoes a rotation with scale and translation.
        let m = Affine {
            a: 0.0,
            b: 2.0,
            c: -2.0,
            d: 0.0,
            e: 5.0,
            f: -7.0,
        };
        let q = Pt::new(3.0, 4.0);
        let back = m.inverse().unwrap().apply(m.apply(q));
        assert!(close(back.x, q.x) && close(back.y, q.y), "{back:?}");
        // A degenerate matrix leaves the point alone.
        let flat = Affine {
            a: 0.0,
            b: 0.0,
            c: 0.0,
            d: 0.0,
            e: 0.0,
            f: 0.0,
        };
        assert_eq!(screen_to_svg(flat, q), q);
    }

    #[test]
    fn client_rect_scaling_matches_the_view_box() {
        // A 1000 x 500 viewBox drawn 500 px wide and 250 px tall at (10, 20).
        let bounds = Rect {
            x: 10.0,
            y: 20.0,
            w: 500.0,
            h: 250.0,
        };
        let p = client_to_view(bounds, 1000.0, 500.0, Pt::new(260.0, 145.0));
        assert!(close(p.x, 500.0) && close(p.y, 250.0), "{p:?}");
        // Letterboxed: a box twice as tall as the drawing centres it vertically.
        let tall = Rect {
            x: 0.0,
            y: 0.0,
            w: 500.0,
            h: 500.0,
        };
        let p = client_to_view(tall, 1000.0, 500.0, Pt::new(0.0, 125.0));
        assert!(close(p.x, 0.0) && close(p.y, 0.0), "{p:?}");
    }

    /// Issue 9: each datacenter is drawn as a region holding exactly its node cards; regions
    /// never overlap, stay inside the main zone, keep clear of the clients, and keep their
    /// size while the cards fill (layout shift 0).
    #[test]
    fn issue9_each_datacenter_is_a_region_around_its_own_cards() {
        for width in [390.0, 700.0, 1000.0, 1280.0] {
            for dcs in [
                vec![0, 0, 0, 1, 1, 1],
                vec![0, 0, 0, 1, 1],
                vec![0, 0, 1, 1, 2, 2],
                vec![0, 1, 0, 1],
                vec![0, 0, 0, 0, 0, 1, 1, 1, 1],
            ] {
                let n = dcs.len();
                let l = layout_dcs(&vec![0; n], &[0, 0], &dcs, width, CARD_MAX_LINES);
                let count = dcs.iter().max().unwrap() + 1;
                assert_eq!(l.regions.len(), count, "width={width} {dcs:?}");
                assert_eq!(l.ring, None);
                let cards = node_cards(&l);
                assert!(no_overlaps(&cards), "width={width} {dcs:?}");
                assert!(no_overlaps(&l.regions), "width={width} {dcs:?}");
                let main = l.zone(0).unwrap().rect;
                for (i, card) in cards.iter().enumerate() {
                    for (d, region) in l.regions.iter().enumerate() {
                        assert_eq!(
                            inside(region, card),
                            d == dcs[i],
                            "width={width} {dcs:?}: card {i} and region {d}"
                        );
                    }
                }
                for region in &l.regions {
                    assert!(
                        inside(&main, region),
                        "width={width} {region:?} in {main:?}"
                    );
                    // Room for the name above the first card.
                    assert!(cards
                        .iter()
                        .all(|c| c.y >= region.y + REGION_TITLE - 1e-9 || !inside(region, c)));
                    for &client in &l.clients {
                        assert!(!client_rect(client).overlaps(region), "width={width}");
                    }
                }
                let heights: Vec<f64> = (1..=RESERVED_LINES)
                    .map(|lines| layout_dcs(&vec![0; n], &[0, 0], &dcs, width, lines).height)
                    .collect();
                assert!(heights.windows(2).all(|h| h[0] == h[1]), "{heights:?}");
            }
        }
        // A partition draws zones, not regions; without datacenters there are none.
        let cut = layout_dcs(&[1, 1, 1, 2, 2, 2], &[1, 2], &[0, 0, 0, 1, 1, 1], 1000.0, 3);
        assert!(cut.partitioned && cut.regions.is_empty());
        assert!(layout(&[0; 6], &[0, 0], 1000.0, 3).regions.is_empty());
    }
}
