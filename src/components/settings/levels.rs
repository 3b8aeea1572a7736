//! Consistency levels in the settings panel: the choices of the level selects, and whether a
//! read at r overlaps a write at w (the quorum condition, and Cassandra's levels across
//! datacenters).

use quorumscope_engine::scenario::ConsistencyLevel;

/// The value of a level select that means "the number in the field".
pub const NUMBER: &str = "number";

/// The choices of a level select: the number, then Cassandra's levels.
pub const LEVELS: [(&str, &str); 7] = [
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
