//! The chart (log time axis, the curves, the 99% and 99.9% marks) and its legend, as SVG and
//! HTML markup.

use super::*;

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
pub(super) fn chart(curves: &[Curve]) -> String {
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
pub(super) fn legend(curves: &[Curve]) -> String {
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
