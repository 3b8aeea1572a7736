//! The tables: latency percentiles and k-staleness of each curve, and every curve's points
//! (each value a button that shows a run).

use super::*;

/// Latency percentiles and k-staleness of each curve.
pub(super) fn stats_table(curves: &[Curve]) -> String {
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
pub(super) fn points_table(curves: &[Curve]) -> String {
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
