//! The panel's form: its markup, and reading its fields (a bad one is named).

use super::*;

/// What the form asks for.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ClosedSpec {
    /// Replicas.
    pub n: usize,
    /// Read quorum.
    pub r: usize,
    /// Write quorum.
    pub w: usize,
    /// The latency model.
    pub model: ModelChoice,
    /// Monte Carlo trials.
    pub trials: u64,
}

/// A whole number from `lo` to `hi` in field `name`, or a message naming the field.
pub(super) fn whole(
    fields: &Fields,
    name: &str,
    label: &str,
    lo: u64,
    hi: u64,
) -> Result<u64, String> {
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
pub(super) fn closed_spec(fields: &Fields) -> Result<ClosedSpec, String> {
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

/// The form (sent once: the page keeps what is typed in it).
pub(super) fn form() -> String {
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
