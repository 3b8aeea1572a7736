//! Differential test of quorumscope's dotted version vectors against the `crdts` crate's
//! multi-value register (`crdts::MVReg`, rust-crdt).
//!
//! One key is replicated on a few replicas. A random history interleaves:
//! - reads: a client reads a set of replicas (the merge of their states) and keeps the context;
//! - writes: a client writes a new value, blind or with the context of some earlier read (not
//!   necessarily the latest: clients act on stale reads), and the write reaches a set of
//!   replicas;
//! - syncs: one replica folds another's state into its own (read repair, anti-entropy).
//!
//! Every write is made by a fresh actor, so that `crdts`' per-actor counters and quorumscope's
//! exact dot sets name the same writes. The same history is applied to quorumscope's
//! [`KeyState`] under [`Versioning::Dvv`] (`KeyState::apply` with a `Sibling`, `KeyState::merge`)
//! and to `MVReg` (`write` with the read's context, `CmRDT::apply`, `CvRDT::merge`). After every
//! step, every replica must hold the same set of values in both, with the same causal context,
//! and every read must return the same values and context.

use crdts::ctx::ReadCtx;
use crdts::{CmRDT, CvRDT, MVReg};
use proptest::prelude::*;
use quorumscope_engine::version::{Dot, KeyState, Sibling, VClock, Versioning};
use std::collections::BTreeSet;
use std::sync::Arc;

type Reg = MVReg<String, u32>;
type CrdtClock = crdts::VClock<u32>;

/// One step of a history; replica numbers and read numbers are reduced modulo what exists.
#[derive(Clone, Debug)]
enum Step {
    /// Read the replicas of this bit mask (merged); keep the context.
    Read { mask: u8 },
    /// Write to the replicas of this bit mask, with the context of read `ctx` (modulo the
    /// number of reads so far), or blind.
    Write { mask: u8, ctx: Option<usize> },
    /// Replica `to` merges replica `from`'s state.
    Sync { from: usize, to: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (1u8..16).prop_map(|mask| Step::Read { mask }),
        3 => (1u8..16, proptest::option::weighted(0.8, 0usize..64))
            .prop_map(|(mask, ctx)| Step::Write { mask, ctx }),
        3 => (0usize..4, 0usize..4).prop_map(|(from, to)| Step::Sync { from, to }),
    ]
}

/// The replicas a mask names among `r`; never empty.
fn members(mask: u8, r: usize) -> Vec<usize> {
    let m: Vec<usize> = (0..r).filter(|i| mask & (1 << i) != 0).collect();
    if m.is_empty() {
        vec![mask as usize % r]
    } else {
        m
    }
}

fn ours_values(s: &KeyState) -> Vec<String> {
    s.values().iter().map(|v| v.to_string()).collect()
}

fn theirs_values(r: &Reg) -> Vec<String> {
    let mut v = r.read().val;
    v.sort();
    v
}

fn ours_context(c: &VClock) -> BTreeSet<(u32, u64)> {
    c.dots().into_iter().map(|d| (d.actor, d.counter)).collect()
}

/// A `crdts` clock as the set of dots it stands for: every counter up to each actor's entry.
fn theirs_context(c: &CrdtClock) -> BTreeSet<(u32, u64)> {
    c.iter()
        .flat_map(|d| (1..=d.counter).map(move |n| (*d.actor, n)))
        .collect()
}

/// Runs a history on `r` replicas; returns a description of the first disagreement.
fn run(r: usize, steps: &[Step]) -> Result<(), String> {
    let mut ours: Vec<KeyState> = vec![KeyState::new(); r];
    let mut theirs: Vec<Reg> = vec![MVReg::new(); r];
    let mut reads: Vec<(VClock, CrdtClock)> = Vec::new();
    let mut next_actor: u32 = 0;
    for (i, st) in steps.iter().enumerate() {
        match st {
            Step::Read { mask } => {
                let mut o = KeyState::new();
                let mut t: Reg = MVReg::new();
                for m in members(*mask, r) {
                    o.merge(Versioning::Dvv, &ours[m]);
                    t.merge(theirs[m].clone());
                }
                let (ov, tv) = (ours_values(&o), theirs_values(&t));
                if ov != tv {
                    return Err(format!("step {i} {st:?}: read {ov:?} vs MVReg {tv:?}"));
                }
                let tctx = t.read().add_clock;
                if ours_context(&o.context()) != theirs_context(&tctx) {
                    return Err(format!(
                        "step {i} {st:?}: read context {:?} vs MVReg {:?}",
                        ours_context(&o.context()),
                        theirs_context(&tctx)
                    ));
                }
                reads.push((o.context(), tctx));
            }
            Step::Write { mask, ctx } => {
                let actor = next_actor;
                next_actor += 1;
                let value = format!("v{actor}");
                let (seen, their_ctx) = match ctx {
                    Some(k) if !reads.is_empty() => reads[k % reads.len()].clone(),
                    _ => (VClock::new(), CrdtClock::new()),
                };
                let w = Arc::new(Sibling {
                    dot: Dot::new(actor, 1),
                    seen,
                    timestamp: 0,
                    value: Some(value.as_str().into()),
                });
                let read_ctx = ReadCtx {
                    add_clock: their_ctx.clone(),
                    rm_clock: their_ctx,
                    val: (),
                };
                let op = theirs[0].write(value, read_ctx.derive_add_ctx(actor));
                for m in members(*mask, r) {
                    ours[m].apply(Versioning::Dvv, &w);
                    theirs[m].apply(op.clone());
                }
            }
            Step::Sync { from, to } => {
                let (from, to) = (from % r, to % r);
                let o = ours[from].clone();
                ours[to].merge(Versioning::Dvv, &o);
                let t = theirs[from].clone();
                theirs[to].merge(t);
            }
        }
        for m in 0..r {
            let (ov, tv) = (ours_values(&ours[m]), theirs_values(&theirs[m]));
            if ov != tv {
                return Err(format!(
                    "after step {i} {st:?}: replica {m} holds {ov:?}, MVReg {tv:?}"
                ));
            }
            let (oc, tc) = (
                ours_context(&ours[m].context()),
                theirs_context(&theirs[m].read().add_clock),
            );
            if oc != tc {
                return Err(format!(
                    "after step {i} {st:?}: replica {m} context {oc:?}, MVReg {tc:?}"
                ));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// rust-crdt's MVReg and quorumscope's dvv keep the same siblings and contexts on every
    /// replica, through any interleaving of reads, context-carrying or blind writes, and
    /// replica syncs.
    #[test]
    fn crdts_mvreg_differential_dvv_agrees_on_every_read(
        r in 2usize..=4,
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        if let Err(e) = run(r, &steps) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The example of `crdts::MVReg`'s documentation: two writes made from the same empty read are
/// concurrent, so a replica that has both keeps both; a write with the context of a read of both
/// then replaces them. The same history through the differential harness.
#[test]
fn crdts_mvreg_doc_concurrent_writes_are_both_kept_then_replaced() {
    let steps = [
        Step::Read { mask: 0b01 },
        Step::Write {
            mask: 0b01,
            ctx: Some(0),
        },
        Step::Write {
            mask: 0b10,
            ctx: Some(0),
        },
        Step::Sync { from: 1, to: 0 },
        Step::Read { mask: 0b01 },
        Step::Write {
            mask: 0b01,
            ctx: Some(1),
        },
        Step::Sync { from: 0, to: 1 },
    ];
    run(2, &steps).unwrap();
    // Check the outcome itself, not only the agreement.
    let mut a = KeyState::new();
    let mut b = KeyState::new();
    let w = |actor: u32, seen: &VClock| {
        Arc::new(Sibling {
            dot: Dot::new(actor, 1),
            seen: seen.clone(),
            timestamp: 0,
            value: Some(format!("v{actor}").as_str().into()),
        })
    };
    a.apply(Versioning::Dvv, &w(0, &VClock::new()));
    b.apply(Versioning::Dvv, &w(1, &VClock::new()));
    a.merge(Versioning::Dvv, &b);
    assert_eq!(ours_values(&a), ["v0", "v1"]);
    let ctx = a.context();
    a.apply(Versioning::Dvv, &w(2, &ctx));
    b.merge(Versioning::Dvv, &a);
    assert_eq!(ours_values(&b), ["v2"]);
}
