//! Background ticks: anti-entropy rounds and hinted-handoff checks, and how idle ones wait.

use crate::ids::{EndpointId, KeyId};
use crate::sim::causal::LocalTimer;
use crate::sim::queue::Pending;
use crate::sim::ticks::{phase_at_or_after, TickState};
use crate::sim::{Process, Simulator};
use crate::time::Micros;
use crate::version::KeyState;
use std::cmp::Reverse;

impl Simulator {
    /// Starts a new generation of anti-entropy rounds (older rounds stop at their next tick).
    pub(super) fn start_anti_entropy(&mut self) {
        self.ticks.ae_generation += 1;
        self.ticks.ae.clear();
        self.track_non_tick();
        if let Some(p) = self.settings.anti_entropy_us {
            for node in 0..self.node_count {
                // Spread the nodes' rounds over the period so they do not all fire at once.
                let offset = p * (node as u64 + 1) / (self.node_count as u64 + 1);
                let at = self.now.saturating_add(offset.max(1));
                self.ticks.ae.push(TickState {
                    anchor: at,
                    next: Some(at),
                });
                self.push(
                    at,
                    Pending::AntiEntropyTick(EndpointId(node), self.ticks.ae_generation),
                );
            }
        }
    }

    /// Starts a new generation of hinted-handoff checks (older ones stop at their next tick).
    pub(super) fn start_handoff(&mut self) {
        self.ticks.handoff_generation += 1;
        self.ticks.handoff.clear();
        self.track_non_tick();
        if self.settings.hinted_handoff {
            for node in 0..self.node_count {
                let at = self.now.saturating_add(self.settings.handoff_interval_us);
                self.ticks.handoff.push(TickState {
                    anchor: at,
                    next: Some(at),
                });
                self.push(
                    at,
                    Pending::HandoffTick(EndpointId(node), self.ticks.handoff_generation),
                );
            }
        }
    }

    /// Keeps the times of the queued non-tick events while there are ticks to skip (rebuilt from
    /// the queue when ticks start), and nothing otherwise: a run without background repair pays
    /// nothing for it.
    pub(super) fn track_non_tick(&mut self) {
        let track = self.settings.anti_entropy_us.is_some() || self.settings.hinted_handoff;
        if track && !self.ticks.tracking {
            self.ticks.non_tick = self
                .queue
                .iter()
                .filter(|e| !e.0.what.is_tick())
                .map(|e| Reverse(e.0.at))
                .collect();
        } else if !track {
            self.ticks.non_tick.clear();
        }
        self.ticks.tracking = track;
    }

    /// Brings every node's background ticks that are parked, or waiting past `t`, back to their
    /// first tick at or after `t` (the entry already queued for a later time becomes stale).
    pub(super) fn rearm_ticks(&mut self, t: Micros) {
        for ae in [true, false] {
            let period = self.tick_period(ae);
            let (ticks, generation) = if ae {
                (&mut self.ticks.ae, self.ticks.ae_generation)
            } else {
                (&mut self.ticks.handoff, self.ticks.handoff_generation)
            };
            let Some(p) = period else { continue };
            let mut due = Vec::new();
            for (node, tick) in ticks.iter_mut().enumerate() {
                let at = phase_at_or_after(tick.anchor, p, t);
                if tick.next.is_none_or(|next| at < next) {
                    tick.next = Some(at);
                    due.push((EndpointId(node), at));
                }
            }
            for (node, at) in due {
                let what = if ae {
                    Pending::AntiEntropyTick(node, generation)
                } else {
                    Pending::HandoffTick(node, generation)
                };
                self.push(at, what);
            }
        }
    }

    /// The period of the anti-entropy (`ae`) or handoff ticks now, if they are on.
    pub(super) fn tick_period(&self, ae: bool) -> Option<Micros> {
        if ae {
            self.settings.anti_entropy_us
        } else {
            Some(self.settings.handoff_interval_us)
        }
    }

    /// A background tick of `node`, of generation `g`, due at `at`: an anti-entropy round
    /// (`ae`) or a hinted-handoff check. It runs unless it is idle: its node is down, or no tick
    /// can change anything (no replicas that should agree differ, no hint can reach its home:
    /// the repair part of [`Simulator::is_settled`]). The next tick is one period later; an idle
    /// one instead waits, in phase, for its first tick time at or after the next event that is
    /// not a tick (until then nothing can change), or parks when there is none, until
    /// [`Simulator::schedule`] adds one. Ticks of an older generation, or that a re-arm moved,
    /// do nothing.
    pub(super) fn tick(&mut self, ae: bool, node: EndpointId, g: u32, at: Micros) {
        let (generation, ticks) = if ae {
            (self.ticks.ae_generation, &self.ticks.ae)
        } else {
            (self.ticks.handoff_generation, &self.ticks.handoff)
        };
        if g != generation || ticks.get(node.index()).and_then(|t| t.next) != Some(at) {
            return;
        }
        let idle = !self.topology.is_up(node) || self.ticks_idle();
        if !idle {
            let local = Some(if ae {
                LocalTimer::AntiEntropy
            } else {
                LocalTimer::Handoff
            });
            self.dispatch_timer(node, local, |p, view, out| {
                if let Process::Replica(r) = p {
                    if ae {
                        r.on_anti_entropy_tick(view, out);
                    } else {
                        r.on_handoff_tick(view, out);
                    }
                }
            });
        }
        let next = match self.tick_period(ae) {
            None => None,
            Some(p) if idle => self
                .ticks
                .non_tick
                .peek()
                .map(|t| phase_at_or_after(at, p, t.0)),
            Some(p) => Some(at.saturating_add(p)),
        };
        let ticks = if ae {
            &mut self.ticks.ae
        } else {
            &mut self.ticks.handoff
        };
        ticks[node] = TickState { anchor: at, next };
        if let Some(t) = next {
            let what = if ae {
                Pending::AntiEntropyTick(node, g)
            } else {
                Pending::HandoffTick(node, g)
            };
            self.push(t, what);
        }
    }

    /// Whether no background tick can change anything now (cached until an event that is not
    /// a tick runs: ticks themselves never change it).
    pub(super) fn ticks_idle(&mut self) -> bool {
        match self.ticks.idle_cache {
            Some(idle) => idle,
            None => {
                let idle = self.quiescent();
                self.ticks.idle_cache = Some(idle);
                idle
            }
        }
    }

    pub(super) fn quiescent(&self) -> bool {
        let view_ok = |a: EndpointId, b: EndpointId| self.topology.reachable(a, b);
        if self.settings.hinted_handoff {
            for r in &self.replicas {
                if r.hints.entries().iter().any(|e| view_ok(r.id, e.0 .1)) {
                    return false;
                }
            }
        }
        if self.settings.anti_entropy_us.is_some() {
            let mode = self.settings.versioning;
            let empty = KeyState::new();
            for (k, prefs) in self.keys.prefs().iter().enumerate() {
                let homes = &prefs[..self.settings.n.min(prefs.len())];
                for (i, &a) in homes.iter().enumerate() {
                    for &b in &homes[i + 1..] {
                        if !view_ok(a, b) {
                            continue;
                        }
                        let sa = self.replicas[a]
                            .store
                            .get(KeyId(k as u32))
                            .unwrap_or(&empty);
                        let sb = self.replicas[b]
                            .store
                            .get(KeyId(k as u32))
                            .unwrap_or(&empty);
                        if sa.would_change(mode, sb) || sb.would_change(mode, sa) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }
}
