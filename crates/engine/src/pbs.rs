//! PBS t-visibility: the Monte Carlo of Bailis et al.'s WARS model.
//!
//! Source: P. Bailis, S. Venkataraman, M. J. Franklin, J. M. Hellerstein,
//! I. Stoica, "Probabilistically Bounded Staleness for Practical Partial
//! Quorums", PVLDB 5(8), 2012 (VLDB 2012), Section 5 ("Evaluating Dynamo
//! t-visibility"), and its shorter version "Quantifying Eventual Consistency
//! with PBS", Communications of the ACM 57(8), 2014.
//!
//! One trial of [`PbsQuery::run`]:
//!
//! 1. For each of the `n` replicas `i`, draw `W[i]` (write request delay),
//!    `A[i]` (its acknowledgement), `R[i]` (read request delay) and `S[i]`
//!    (read response delay) from the latency of that message class, in that
//!    order, replica 0 first. (For the `wan` model, first draw the write's and
//!    the read's local replica; see [`PbsModel::Wan`].)
//! 2. The write commits at `commit`, the `w`-th smallest `W[i] + A[i]`.
//! 3. A read starts `t` ms after the commit. It takes the `r` replicas with
//!    the smallest `R[i] + S[i]` (ties broken by replica index).
//! 4. Replica `i`'s response has the write if the write reached `i` no later
//!    than the read request: `W[i] <= commit + t + R[i]`. The trial is
//!    consistent at `t` if any of the `r` responses has the write.
//!
//! Each trial's draws are shared by every `t` asked for (common random
//! numbers), so the estimated probability is exactly non-decreasing in `t`,
//! and it is exactly 1 whenever `r + w > n`.

use crate::latency::{Latency, MsgClass};
use crate::rng::SimRng;
use serde::Serialize;

/// The most trials one query may ask for. Each trial keeps one `f64`
/// (8 bytes) until the end, so this bounds memory at 160 MB.
pub const MAX_TRIALS: u64 = 20_000_000;

/// The names accepted by [`pbs_model`], in the paper's order.
pub const MODEL_NAMES: [&str; 4] = ["lnkd-ssd", "lnkd-disk", "ymmr", "wan"];

/// A latency model for the PBS Monte Carlo.
#[derive(Debug, Clone, PartialEq)]
pub enum PbsModel {
    /// Every message's delay is drawn independently from this latency
    /// (per message class when it is a per-message latency). The paper's
    /// `LNKD-SSD`, `LNKD-DISK` and `YMMR` fits are of this kind.
    Iid(Latency),
    /// The paper's `WAN` scenario: each replica sits in its own datacenter.
    /// The write and the read each start in a datacenter chosen uniformly at
    /// random (independently of each other); messages to and from the
    /// replica in that datacenter take `local`'s delay, and every other
    /// replica's messages take `local`'s delay plus `remote_delay_ms`, each
    /// way.
    Wan {
        /// Extra one-way delay to and from a remote datacenter, ms (the paper
        /// uses 75).
        remote_delay_ms: f64,
        /// The delay within a datacenter (the paper uses `LNKD-DISK`).
        local: Latency,
    },
}

impl PbsModel {
    /// The per-message latency inside the model (for `Wan`, the delay within
    /// a datacenter).
    pub fn latency(&self) -> &Latency {
        match self {
            PbsModel::Iid(l) => l,
            PbsModel::Wan { local, .. } => local,
        }
    }

    /// Checks the model's parameters.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            PbsModel::Iid(l) => l.validate(),
            PbsModel::Wan {
                remote_delay_ms,
                local,
            } => {
                if !(remote_delay_ms.is_finite() && *remote_delay_ms >= 0.0) {
                    return Err(format!(
                        "wan needs a remote delay >= 0 ms, got {remote_delay_ms}"
                    ));
                }
                local.validate()
            }
        }
    }
}

/// `pareto(xm, alpha)` with weight `pw`, `exponential(rate)` with weight `ew`.
fn pareto_exp(pw: f64, xm: f64, alpha: f64, ew: f64, rate: f64) -> Latency {
    Latency::Mixture(vec![
        (pw, Latency::Pareto { xm, alpha }),
        (ew, Latency::Exponential { rate }),
    ])
}

/// `LNKD-SSD`'s one-way delay, used for all of W, A, R, S.
fn lnkd_ssd() -> Latency {
    pareto_exp(0.9122, 0.235, 10.0, 0.0878, 1.66)
}

/// The paper's fitted production latencies as per-message latencies.
///
/// From PBS (VLDB 2012), Section 5, Table "Distribution fits for production
/// latency distributions" (LinkedIn's Voldemort and Yammer's Riak), in ms:
///
/// - `lnkd-ssd` (LinkedIn, SSDs): W = A = R = S = 91.22% Pareto
///   (xm = 0.235, alpha = 10) + 8.78% exponential (λ = 1.66).
/// - `lnkd-disk` (LinkedIn, spinning disks): W = 38% Pareto (xm = 1.05,
///   alpha = 1.51) + 62% exponential (λ = 0.183); A = R = S as `lnkd-ssd`.
/// - `ymmr` (Yammer Riak): W = 93.9% Pareto (xm = 3, alpha = 3.35) + 6.1%
///   exponential (λ = 0.0028); A = R = S = 98.2% Pareto (xm = 1.5,
///   alpha = 3.8) + 1.8% exponential (λ = 0.0217).
///
/// Names are matched ignoring ASCII case. `wan` is not a per-message
/// distribution (its delays depend on which replica is local), so it is
/// `None` here: use [`pbs_model`] for it.
pub fn named_model(name: &str) -> Option<Latency> {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "lnkd-ssd" => Some(lnkd_ssd()),
        "lnkd-disk" => Some(Latency::per_message(
            pareto_exp(0.38, 1.05, 1.51, 0.62, 0.183),
            lnkd_ssd(),
            lnkd_ssd(),
            lnkd_ssd(),
        )),
        "ymmr" => {
            let ars = pareto_exp(0.982, 1.5, 3.8, 0.018, 0.0217);
            Some(Latency::per_message(
                pareto_exp(0.939, 3.0, 3.35, 0.061, 0.0028),
                ars.clone(),
                ars.clone(),
                ars,
            ))
        }
        _ => None,
    }
}

/// The paper's four models for the Monte Carlo: [`named_model`]'s three as
/// [`PbsModel::Iid`], and `wan`.
///
/// `wan` follows PBS (VLDB 2012) Section 5: "reads and writes are routed to
/// random data centers" so one replica's operation is local, the others are
/// delayed by 75 ms each way, with `LNKD-DISK` delays within a datacenter.
pub fn pbs_model(name: &str) -> Option<PbsModel> {
    if name.eq_ignore_ascii_case("wan") {
        return Some(PbsModel::Wan {
            remote_delay_ms: 75.0,
            local: named_model("lnkd-disk")?,
        });
    }
    named_model(name).map(PbsModel::Iid)
}

/// One point of a t-visibility curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PbsPoint {
    /// Time from the write's commit to the read's start, ms.
    pub t_ms: f64,
    /// Fraction of trials in which the read saw the write.
    pub p_consistent: f64,
}

/// The smallest `t` at which a given probability of consistency is reached.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PbsQuantile {
    /// The probability asked for.
    pub p: f64,
    /// The smallest `t` (ms, `>= 0`) at which the estimated probability of
    /// consistency is at least `p`.
    pub t_ms: f64,
}

/// The result of a PBS query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PbsReport {
    /// Replicas.
    pub n: usize,
    /// Read quorum.
    pub r: usize,
    /// Write quorum.
    pub w: usize,
    /// Trials run.
    pub trials: u64,
    /// The seed of the trials' random stream.
    pub seed: u64,
    /// Probability of consistency at each `t` asked for, in the order asked.
    pub points: Vec<PbsPoint>,
    /// For each probability asked for, the `t` that reaches it, in the order
    /// asked (omitted from JSON when none was asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub t_for_p: Vec<PbsQuantile>,
}

/// A full PBS t-visibility question.
#[derive(Debug, Clone, PartialEq)]
pub struct PbsQuery {
    /// Replicas, `>= 1`.
    pub n: usize,
    /// Read quorum, `1 <= r <= n`.
    pub r: usize,
    /// Write quorum, `1 <= w <= n`.
    pub w: usize,
    /// Message delays.
    pub model: PbsModel,
    /// Number of trials, `1 ..= MAX_TRIALS`.
    pub trials: u64,
    /// Seed of the random stream; the same query and seed give the same
    /// report, to the bit, on every platform.
    pub seed: u64,
    /// Times after commit to evaluate, ms, each finite and `>= 0`.
    pub t_ms: Vec<f64>,
    /// Probabilities for which to find the smallest sufficient `t`, each in
    /// `(0, 1]`.
    pub p: Vec<f64>,
}

impl PbsQuery {
    /// Checks the query; the error names the parameter and what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.n == 0 {
            return Err("n must be at least 1".into());
        }
        if self.r == 0 || self.r > self.n {
            return Err(format!(
                "r must be between 1 and n = {}, got {}",
                self.n, self.r
            ));
        }
        if self.w == 0 || self.w > self.n {
            return Err(format!(
                "w must be between 1 and n = {}, got {}",
                self.n, self.w
            ));
        }
        if self.trials == 0 || self.trials > MAX_TRIALS {
            return Err(format!(
                "trials must be between 1 and {MAX_TRIALS}, got {}",
                self.trials
            ));
        }
        if let Some(t) = self.t_ms.iter().find(|t| !(t.is_finite() && **t >= 0.0)) {
            return Err(format!("each t must be a number of ms >= 0, got {t}"));
        }
        if let Some(p) = self.p.iter().find(|p| !(**p > 0.0 && **p <= 1.0)) {
            return Err(format!("each p must be in (0, 1], got {p}"));
        }
        self.model.validate()
    }

    /// Runs the Monte Carlo (see the module docs) and reports the
    /// probability of consistency at each `t` and the `t` for each `p`.
    pub fn run(&self) -> Result<PbsReport, String> {
        self.validate()?;
        let mut slack = self.slacks();
        slack.sort_unstable_by(f64::total_cmp);
        let trials = self.trials as f64;
        let points = self
            .t_ms
            .iter()
            .map(|&t| PbsPoint {
                t_ms: t,
                p_consistent: slack.partition_point(|&s| s <= t) as f64 / trials,
            })
            .collect();
        let t_for_p = self
            .p
            .iter()
            .map(|&p| {
                // The k-th smallest slack, k = ceil(p * trials), is the
                // smallest t with at least k consistent trials.
                let k = libm::ceil(p * trials).clamp(1.0, trials) as usize;
                PbsQuantile {
                    p,
                    t_ms: slack[k - 1].max(0.0),
                }
            })
            .collect();
        Ok(PbsReport {
            n: self.n,
            r: self.r,
            w: self.w,
            trials: self.trials,
            seed: self.seed,
            points,
            t_for_p,
        })
    }

    /// Each trial's slack: the smallest `t` at which it is consistent, that
    /// is `min` over the first `r` responders of `W[i] - R[i] - commit`
    /// (negative when it is consistent already at `t = 0`).
    fn slacks(&self) -> Vec<f64> {
        let mut out = PbsSamples::default();
        PbsSampler::new(self).sample(self.trials, &mut out);
        out.slack_ms
    }
}

/// What the trials drawn so far say (see [`PbsSampler`]): one entry per trial in each list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PbsSamples {
    /// Each trial's slack: the smallest `t` (ms) at which its read would have seen the write;
    /// negative when it sees it already at the commit.
    pub slack_ms: Vec<f64>,
    /// Each trial's write latency, from the write's start to its commit (the `w`-th smallest
    /// `W[i] + A[i]`), ms.
    pub write_ms: Vec<f64>,
    /// Each trial's read latency, from the read's start to its `r`-th response (the `r`-th
    /// smallest `R[i] + S[i]`), ms.
    pub read_ms: Vec<f64>,
}

/// Draws the trials of a [`PbsQuery`] a chunk at a time, so that a caller (the page's worker)
/// can report progress between chunks. The random stream continues from chunk to chunk:
/// drawing `a` trials then `b` gives exactly the trials that drawing `a + b` at once gives, so
/// the result does not depend on the chunking (tested).
#[derive(Debug, Clone)]
pub struct PbsSampler {
    n: usize,
    r: usize,
    w: usize,
    latency: Latency,
    remote: Option<f64>,
    rng: SimRng,
}

impl PbsSampler {
    /// A sampler for `query`'s `n`, `r`, `w`, model and seed (its `trials`, `t_ms` and `p` are
    /// not used). The query must be valid ([`PbsQuery::validate`]); an invalid `r` or `w` is
    /// clamped to `1..=n` so that sampling never panics.
    pub fn new(query: &PbsQuery) -> PbsSampler {
        let n = query.n.max(1);
        let (latency, remote) = match &query.model {
            PbsModel::Iid(l) => (l.clone(), None),
            PbsModel::Wan {
                remote_delay_ms,
                local,
            } => (local.clone(), Some(*remote_delay_ms)),
        };
        PbsSampler {
            n,
            r: query.r.clamp(1, n),
            w: query.w.clamp(1, n),
            latency,
            remote,
            rng: SimRng::new(query.seed),
        }
    }

    /// Draws `count` more trials (see the module docs) and appends what each says to `out`.
    pub fn sample(&mut self, count: u64, out: &mut PbsSamples) {
        let n = self.n;
        let rng = &mut self.rng;
        let latency = &self.latency;
        let remote = self.remote;
        let mut write = vec![0.0; n];
        let mut read = vec![0.0; n];
        let mut write_rtt = vec![0.0; n];
        let mut order: Vec<(f64, usize)> = Vec::with_capacity(n);
        let more = usize::try_from(count).unwrap_or(usize::MAX).min(1 << 26);
        out.slack_ms.reserve(more);
        out.write_ms.reserve(more);
        out.read_ms.reserve(more);
        for _ in 0..count {
            let local =
                remote.map(|_| (rng.below(n as u64) as usize, rng.below(n as u64) as usize));
            order.clear();
            for i in 0..n {
                let mut wi = latency.sample(MsgClass::Write, rng);
                let mut ai = latency.sample(MsgClass::Ack, rng);
                let mut ri = latency.sample(MsgClass::Read, rng);
                let mut si = latency.sample(MsgClass::Response, rng);
                if let (Some(d), Some((local_write, local_read))) = (remote, local) {
                    if i != local_write {
                        wi += d;
                        ai += d;
                    }
                    if i != local_read {
                        ri += d;
                        si += d;
                    }
                }
                write[i] = wi;
                read[i] = ri;
                write_rtt[i] = wi + ai;
                order.push((ri + si, i));
            }
            let (_, commit, _) = write_rtt.select_nth_unstable_by(self.w - 1, f64::total_cmp);
            let commit = *commit;
            let (first, nth, _) = order
                .select_nth_unstable_by(self.r - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let read_latency = nth.0;
            let slack = first
                .iter()
                .chain(core::iter::once(&*nth))
                .map(|&(_, i)| (write[i] - commit) - read[i])
                .fold(f64::INFINITY, f64::min);
            out.slack_ms.push(slack);
            out.write_ms.push(commit);
            out.read_ms.push(read_latency);
        }
    }
}

/// The fraction of `sorted` (ascending slacks, [`PbsSamples::slack_ms`] sorted) that is
/// consistent at `t_ms`: those with slack `<= t_ms`. 0 for no trials.
pub fn p_consistent_at(sorted: &[f64], t_ms: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted.partition_point(|&s| s <= t_ms) as f64 / sorted.len() as f64
}

/// The `p`-quantile of ascending values: the `ceil(p * len)`-th smallest (for slacks, the
/// smallest `t` at which at least a fraction `p` of the trials are consistent, once clamped to
/// `>= 0`). `None` for no values; `p` is clamped to `[0, 1]`.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let len = sorted.len();
    if len == 0 {
        return None;
    }
    let k = libm::ceil(p.clamp(0.0, 1.0) * len as f64).clamp(1.0, len as f64) as usize;
    sorted.get(k - 1).copied()
}

/// The probability that a read sees one of the last `k` versions, for non-expiring quorums
/// (PBS, VLDB 2012, Section 3.2 "k-staleness"): each write reaches a uniformly random set of
/// `w` of the `n` replicas and stays only there (no anti-entropy, no read repair), and a read
/// asks a uniformly random set of `r`. The read misses one write with probability
/// `C(n-w, r) / C(n, r)`, and the last `k` independently, so the answer is
/// `1 - (C(n-w, r) / C(n, r))^k`; it is 1 when `r + w > n`.
///
/// Errors (one line naming the parameter) when `n`, `r`, `w` or `k` is out of range.
pub fn k_staleness(n: usize, r: usize, w: usize, k: u32) -> Result<f64, String> {
    check_nrw(n, r, w)?;
    if k == 0 {
        return Err("k must be at least 1".into());
    }
    // C(n-w, r) / C(n, r) = prod_{i<r} (n-w-i) / (n-i), 0 once n-w-i reaches 0.
    let mut miss = 1.0;
    for i in 0..r {
        let left = n.saturating_sub(w + i);
        miss *= left as f64 / (n - i) as f64;
    }
    Ok(1.0 - libm::pow(miss, f64::from(k)))
}

/// The most versions back [`k_staleness_monte_carlo`] reports.
pub const MAX_K: u32 = 64;

/// [`k_staleness`] for `k = 1..=k_max`, estimated by Monte Carlo instead of the closed form:
/// each of `trials` trials draws `k_max` write quorums (the most recent first) and one read
/// quorum, each a uniformly random subset of the `n` replicas (partial Fisher-Yates on the
/// seeded `SimRng`), and counts, for each `k`, whether the read quorum meets one of the `k`
/// most recent write quorums. Agrees with the closed form within sampling error (tested).
pub fn k_staleness_monte_carlo(
    n: usize,
    r: usize,
    w: usize,
    k_max: u32,
    trials: u64,
    seed: u64,
) -> Result<Vec<f64>, String> {
    check_nrw(n, r, w)?;
    if n > 64 {
        return Err(format!("n must be at most 64, got {n}"));
    }
    if k_max == 0 || k_max > MAX_K {
        return Err(format!("k must be between 1 and {MAX_K}, got {k_max}"));
    }
    if trials == 0 || trials > MAX_TRIALS {
        return Err(format!(
            "trials must be between 1 and {MAX_TRIALS}, got {trials}"
        ));
    }
    let mut rng = SimRng::new(seed);
    let mut replicas: Vec<u8> = (0..n as u8).collect();
    let mut subset = |size: usize, rng: &mut SimRng| -> u64 {
        let mut mask = 0u64;
        for i in 0..size {
            let j = i + rng.below((n - i) as u64) as usize;
            replicas.swap(i, j);
            mask |= 1u64 << replicas[i];
        }
        mask
    };
    // hits[j]: trials whose most recent write met by the read is the (j+1)-th most recent.
    let mut hits = vec![0u64; k_max as usize];
    for _ in 0..trials {
        let writes: Vec<u64> = (0..k_max).map(|_| subset(w, &mut rng)).collect();
        let read = subset(r, &mut rng);
        if let Some(j) = writes.iter().position(|&q| q & read != 0) {
            hits[j] += 1;
        }
    }
    let mut seen = 0u64;
    Ok(hits
        .iter()
        .map(|h| {
            seen += h;
            seen as f64 / trials as f64
        })
        .collect())
}

/// Checks `n >= 1` and `1 <= r, w <= n`, naming the one that is not.
fn check_nrw(n: usize, r: usize, w: usize) -> Result<(), String> {
    if n == 0 {
        return Err("n must be at least 1".into());
    }
    if r == 0 || r > n {
        return Err(format!("r must be between 1 and n = {n}, got {r}"));
    }
    if w == 0 || w > n {
        return Err(format!("w must be between 1 and n = {n}, got {w}"));
    }
    Ok(())
}

/// PBS t-visibility for an i.i.d. latency: the probability that a read
/// started `t` ms after a write commits sees it, for each `t` in `t_ms`,
/// estimated from `trials` trials of the WARS model with `n` replicas, read
/// quorum `r` and write quorum `w` (see the module docs).
///
/// Errors (one line, naming the parameter) when `n`, `r`, `w`, `trials`, a
/// `t` or the latency is out of range.
pub fn t_visibility(
    n: usize,
    r: usize,
    w: usize,
    latency: &Latency,
    trials: u64,
    t_ms: &[f64],
    seed: u64,
) -> Result<PbsReport, String> {
    PbsQuery {
        n,
        r,
        w,
        model: PbsModel::Iid(latency.clone()),
        trials,
        seed,
        t_ms: t_ms.to_vec(),
        p: Vec::new(),
    }
    .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(n: usize, r: usize, w: usize, model: PbsModel, trials: u64) -> PbsQuery {
        PbsQuery {
            n,
            r,
            w,
            model,
            trials,
            seed: 1,
            t_ms: vec![0.0],
            p: vec![],
        }
    }

    #[test]
    fn constant_latencies_give_exact_answers() {
        // W = 10, A = R = S = 1: commit at 11, read request arrives at
        // 11 + t + 1, the write arrived at 10 <= 12 + t: always consistent.
        let fast_write = Latency::per_message(
            Latency::Constant(10.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
        );
        let mut q = query(3, 1, 1, PbsModel::Iid(fast_write), 100);
        q.t_ms = vec![0.0, 5.0];
        let rep = q.run().unwrap();
        assert!(rep.points.iter().all(|p| p.p_consistent == 1.0));
    }

    #[test]
    fn slack_is_min_over_first_r_responders() {
        // One replica only: slack = W - R - (W + A) = -(R + A) < 0.
        let l = Latency::per_message(
            Latency::Constant(3.0),
            Latency::Constant(2.0),
            Latency::Constant(1.0),
            Latency::Constant(1.0),
        );
        let q = query(1, 1, 1, PbsModel::Iid(l), 4);
        assert_eq!(q.slacks(), vec![-3.0; 4]);
    }

    #[test]
    fn validation_messages_name_the_parameter() {
        let l = PbsModel::Iid(Latency::Constant(1.0));
        let bad = |f: &dyn Fn(&mut PbsQuery)| {
            let mut q = query(3, 1, 1, l.clone(), 10);
            f(&mut q);
            q.run().unwrap_err()
        };
        assert_eq!(bad(&|q| q.n = 0), "n must be at least 1");
        assert_eq!(bad(&|q| q.r = 4), "r must be between 1 and n = 3, got 4");
        assert_eq!(bad(&|q| q.w = 0), "w must be between 1 and n = 3, got 0");
        assert_eq!(
            bad(&|q| q.trials = 0),
            "trials must be between 1 and 20000000, got 0"
        );
        assert_eq!(
            bad(&|q| q.t_ms = vec![1.0, -1.0]),
            "each t must be a number of ms >= 0, got -1"
        );
        assert_eq!(bad(&|q| q.p = vec![0.0]), "each p must be in (0, 1], got 0");
        assert_eq!(
            bad(&|q| q.model = PbsModel::Iid(Latency::Constant(-1.0))),
            "constant needs a number of ms >= 0, got -1"
        );
    }

    #[test]
    fn quantile_is_smallest_sufficient_t() {
        let model = pbs_model("lnkd-disk").unwrap();
        let mut q = query(3, 1, 1, model, 20_000);
        q.p = vec![0.5, 0.9, 0.999, 1.0];
        let rep = q.run().unwrap();
        // Evaluating the curve at each reported t must reach its p, and just
        // below it must not.
        for qt in &rep.t_for_p {
            let mut at = q.clone();
            at.p.clear();
            at.t_ms = vec![qt.t_ms];
            let p_at = at.run().unwrap().points[0].p_consistent;
            assert!(p_at >= qt.p, "{qt:?}: p(t) = {p_at}");
            if qt.t_ms > 0.0 {
                at.t_ms = vec![qt.t_ms * (1.0 - 1e-12)];
                let p_below = at.run().unwrap().points[0].p_consistent;
                assert!(p_below < qt.p, "{qt:?}: p just below = {p_below}");
            }
        }
    }

    #[test]
    fn names_are_case_insensitive_and_unknown_names_are_none() {
        assert_eq!(named_model("LNKD-SSD"), named_model("lnkd-ssd"));
        assert!(named_model("lnkd-ssd").is_some());
        assert!(named_model("wan").is_none());
        assert!(named_model("gauss").is_none());
        for name in MODEL_NAMES {
            let m = pbs_model(name).unwrap();
            assert_eq!(m.validate(), Ok(()), "{name}");
        }
        assert!(pbs_model("WAN").is_some());
        assert!(pbs_model("lan").is_none());
    }

    #[test]
    fn chunks_give_the_same_trials_as_one_run() {
        let mut q = query(3, 1, 2, pbs_model("wan").unwrap(), 0);
        q.seed = 9;
        let mut whole = PbsSamples::default();
        PbsSampler::new(&q).sample(1000, &mut whole);
        let mut parts = PbsSamples::default();
        let mut s = PbsSampler::new(&q);
        for c in [1, 99, 400, 500] {
            s.sample(c, &mut parts);
        }
        assert_eq!(whole, parts);
        q.trials = 1000;
        assert_eq!(q.slacks(), whole.slack_ms);
        // Latencies: a write waits for its w-th ack, a read for its r-th response.
        assert!(whole.write_ms.iter().all(|&w| w > 0.0));
        assert!(whole.read_ms.iter().all(|&r| r > 0.0));
    }

    #[test]
    fn latencies_are_order_statistics_of_the_delays() {
        // Constant delays: W + A = 4 for every replica, R + S = 2.
        let l = Latency::per_message(
            Latency::Constant(3.0),
            Latency::Constant(1.0),
            Latency::Constant(0.5),
            Latency::Constant(1.5),
        );
        let mut out = PbsSamples::default();
        PbsSampler::new(&query(5, 2, 3, PbsModel::Iid(l), 0)).sample(3, &mut out);
        assert_eq!(out.write_ms, vec![4.0; 3]);
        assert_eq!(out.read_ms, vec![2.0; 3]);
        // slack = W - commit - R = 3 - 4 - 0.5.
        assert_eq!(out.slack_ms, vec![-1.5; 3]);
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&sorted, 0.5), Some(2.0));
        assert_eq!(quantile(&sorted, 0.99), Some(4.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(p_consistent_at(&sorted, 2.5), 0.5);
        assert_eq!(p_consistent_at(&[], 2.5), 0.0);
    }

    /// PBS (VLDB 2012), Section 3.2: k-staleness of non-expiring quorums,
    /// `1 - (C(n-w, r) / C(n, r))^k`, checked against hand-computed values and against the
    /// Monte Carlo within sampling error.
    #[test]
    fn pbs_s3_2_k_staleness_closed_form_and_monte_carlo_agree() {
        // n = 3, r = w = 1: a read misses a write with probability 2/3.
        let p1 = k_staleness(3, 1, 1, 1).unwrap();
        assert!((p1 - 1.0 / 3.0).abs() < 1e-12, "{p1}");
        let p3 = k_staleness(3, 1, 1, 3).unwrap();
        assert!((p3 - (1.0 - 8.0 / 27.0)).abs() < 1e-12, "{p3}");
        // n = 5, r = 2, w = 1: C(4,2)/C(5,2) = 6/10.
        assert!((k_staleness(5, 2, 1, 2).unwrap() - (1.0 - 0.36)).abs() < 1e-12);
        // A strict quorum always meets the last write.
        assert_eq!(k_staleness(3, 2, 2, 1), Ok(1.0));
        assert_eq!(k_staleness(0, 1, 1, 1), Err("n must be at least 1".into()));
        assert_eq!(
            k_staleness(3, 4, 1, 1),
            Err("r must be between 1 and n = 3, got 4".into())
        );
        assert_eq!(k_staleness(3, 1, 1, 0), Err("k must be at least 1".into()));
        let trials = 200_000u64;
        for (n, r, w) in [(3, 1, 1), (5, 1, 2), (10, 2, 3), (3, 2, 2), (64, 3, 5)] {
            let mc = k_staleness_monte_carlo(n, r, w, 5, trials, 3).unwrap();
            assert_eq!(mc.len(), 5);
            for (i, &est) in mc.iter().enumerate() {
                let exact = k_staleness(n, r, w, i as u32 + 1).unwrap();
                let se = (exact * (1.0 - exact) / trials as f64).sqrt();
                assert!(
                    (est - exact).abs() <= 4.5 * se + 1e-12,
                    "n={n} r={r} w={w} k={}: MC {est} vs closed {exact} (se {se})",
                    i + 1
                );
            }
        }
        assert!(k_staleness_monte_carlo(3, 1, 1, 0, 10, 0).is_err());
        assert!(k_staleness_monte_carlo(3, 1, 1, 1, 0, 0).is_err());
    }
}
