//! What each node believes about each peer, updated only by the traffic it sees.

use super::DetectorConfig;
use crate::ids::EndpointId;
use crate::maps::SortedMap;
use crate::time::Micros;

/// One observer's belief about one peer, as the page may show it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeerBelief {
    /// When the observer last received any message from the peer.
    pub last_heard: Option<Micros>,
    /// When the observer sent the oldest request to the peer that nothing has answered since
    /// (a message heard from the peer answers every request sent before it).
    pub oldest_unanswered: Option<Micros>,
    /// Since when the observer suspects the peer, if it does.
    pub suspected_since: Option<Micros>,
    /// When the observer probes the suspected peer next.
    pub next_probe: Option<Micros>,
}

/// A belief that changed: the journal's "A now suspects C" or "A trusts C again".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The endpoint whose belief changed (a node, or a client coordinating its requests).
    pub observer: EndpointId,
    /// The node it is about.
    pub peer: EndpointId,
    /// `true`: the observer now suspects the peer; `false`: it trusts it again.
    pub now_suspected: bool,
    /// When the belief changed, in simulated microseconds.
    pub at: Micros,
}

/// (when, observer, peer) of pending deadlines, in order: a sorted vector (the engine's
/// `SortedMap`, no value), not a `BTreeSet`, whose code would be one more copy in the page.
type Due = SortedMap<(Micros, EndpointId, EndpointId), ()>;

/// The earliest pending deadline of `due`.
fn first(due: &Due) -> Option<(Micros, EndpointId, EndpointId)> {
    due.entries().first().map(|&(key, ())| key)
}

/// The beliefs of every observer about every peer under one [`DetectorConfig`].
///
/// Time is always an argument: the simulator reports the traffic ([`Beliefs::sent_request`],
/// [`Beliefs::heard_from`]) and asks, at [`Beliefs::next_deadline`], which suspicions have become
/// due ([`Beliefs::poll`]) and which probes to send ([`Beliefs::probes_due`]). Observers are
/// endpoints `0..observers` (nodes and clients may both coordinate); peers are nodes
/// `0..peers`. An index out of range, or an observer reporting on itself, is ignored.
///
/// Under [`DetectorConfig::Perfect`] nothing is kept: every method is a no-op, nobody is ever
/// suspected, and [`Beliefs::believes_up`] answers with the truth it is given.
#[derive(Clone, Debug)]
pub struct Beliefs {
    config: DetectorConfig,
    observers: usize,
    peers: usize,
    /// Each observer's beliefs about the peers, allocated when it first sends or hears something
    /// (so a scenario with many clients that never coordinate costs nothing); empty under the
    /// perfect detector.
    table: Vec<Vec<PeerBelief>>,
    /// (when, observer, peer) of every pending suspicion: an unanswered request of a trusted
    /// peer, at its oldest request's time plus `suspect_after`.
    suspicions: Due,
    /// (when, observer, peer) of every suspected peer's next probe.
    probes: Due,
}

impl Beliefs {
    /// Beliefs of `observers` endpoints about `peers` nodes, all trusting everyone.
    pub fn new(config: DetectorConfig, observers: usize, peers: usize) -> Beliefs {
        let table = match config {
            DetectorConfig::Perfect => Vec::new(),
            DetectorConfig::Timeout { .. } => vec![Vec::new(); observers],
        };
        Beliefs {
            config,
            observers,
            peers,
            table,
            suspicions: Due::new(),
            probes: Due::new(),
        }
    }

    /// The configuration these beliefs follow.
    pub fn config(&self) -> DetectorConfig {
        self.config
    }

    /// `(suspect_after, probe_every)` of the timeout detector; a zero probe period counts as one
    /// microsecond, so that probing always moves forward in time.
    fn timeouts(&self) -> Option<(Micros, Micros)> {
        match self.config {
            DetectorConfig::Perfect => None,
            DetectorConfig::Timeout {
                suspect_after,
                probe_every,
            } => Some((suspect_after, probe_every.max(1))),
        }
    }

    /// Where the belief of `observer` about `peer` is kept, if the detector keeps beliefs and
    /// both are in range and different.
    fn slot(&self, observer: EndpointId, peer: EndpointId) -> Option<(usize, usize)> {
        (self.timeouts().is_some() && observer.0 < self.observers && peer.0 < self.peers)
            .then_some((observer.0, peer.0))
            .filter(|_| observer != peer)
    }

    /// The belief in a slot (the default, trusting, one if its row was never written).
    fn get(&self, (observer, peer): (usize, usize)) -> PeerBelief {
        self.table
            .get(observer)
            .and_then(|row| row.get(peer))
            .copied()
            .unwrap_or_default()
    }

    /// The belief in a slot, for writing (its row allocated on first use).
    fn at_mut(&mut self, (observer, peer): (usize, usize)) -> &mut PeerBelief {
        let row = &mut self.table[observer];
        if row.is_empty() {
            row.resize(self.peers, PeerBelief::default());
        }
        &mut row[peer]
    }

    /// The pending suspicion of a belief, if any: its deadline.
    fn suspicion_at(b: &PeerBelief, suspect_after: Micros) -> Option<Micros> {
        match (b.suspected_since, b.oldest_unanswered) {
            (None, Some(sent)) => Some(sent.saturating_add(suspect_after)),
            _ => None,
        }
    }

    /// `observer` sent `peer` a request (anything that expects a reply) at `now`. If nothing is
    /// heard from the peer for `suspect_after` from the oldest such request, the observer will
    /// suspect it.
    pub fn sent_request(&mut self, observer: EndpointId, peer: EndpointId, now: Micros) {
        let (Some(i), Some((suspect_after, _))) = (self.slot(observer, peer), self.timeouts())
        else {
            return;
        };
        let b = self.at_mut(i);
        if b.oldest_unanswered.is_some() {
            return;
        }
        b.oldest_unanswered = Some(now);
        if let Some(at) = Self::suspicion_at(b, suspect_after) {
            self.suspicions.insert((at, observer, peer), ());
        }
    }

    /// `observer` received a message (any message: a reply, a pong, a request of the peer's own)
    /// from `peer` at `now`: every request sent before is answered, and a suspicion ends. Returns
    /// the change if the observer suspected the peer.
    pub fn heard_from(
        &mut self,
        observer: EndpointId,
        peer: EndpointId,
        now: Micros,
    ) -> Option<Change> {
        let i = self.slot(observer, peer)?;
        let (suspect_after, _) = self.timeouts()?;
        let b = self.get(i);
        if let Some(at) = Self::suspicion_at(&b, suspect_after) {
            self.suspicions.remove(&(at, observer, peer));
        }
        if let Some(at) = b.next_probe {
            self.probes.remove(&(at, observer, peer));
        }
        *self.at_mut(i) = PeerBelief {
            last_heard: Some(now),
            ..PeerBelief::default()
        };
        b.suspected_since.map(|_| Change {
            observer,
            peer,
            now_suspected: false,
            at: now,
        })
    }

    /// The earliest time at which [`Beliefs::poll`] or [`Beliefs::probes_due`] has something to
    /// return, or `None` if nothing is pending (no unanswered request, no suspected peer). Before
    /// it, both return nothing; at it, at least one returns something.
    pub fn next_deadline(&self) -> Option<Micros> {
        let s = first(&self.suspicions).map(|(at, _, _)| at);
        let p = first(&self.probes).map(|(at, _, _)| at);
        match (s, p) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The suspicions due by `now`, in order of time (then observer, then peer). Each is dated
    /// when it became due (its oldest unanswered request plus `suspect_after`), and its first
    /// probe is due `probe_every` after that.
    pub fn poll(&mut self, now: Micros) -> Vec<Change> {
        let Some((_, probe_every)) = self.timeouts() else {
            return Vec::new();
        };
        let mut changes = Vec::new();
        while let Some((at, observer, peer)) = first(&self.suspicions) {
            if at > now {
                break;
            }
            self.suspicions.remove(&(at, observer, peer));
            let next = at.saturating_add(probe_every);
            let b = self.at_mut((observer.0, peer.0));
            b.suspected_since = Some(at);
            b.next_probe = Some(next);
            self.probes.insert((next, observer, peer), ());
            changes.push(Change {
                observer,
                peer,
                now_suspected: true,
                at,
            });
        }
        changes
    }

    /// The probes due by `now`, as (observer, peer), in order of time (then observer, then
    /// peer): the caller sends each a ping, and the peer's answer is reported to
    /// [`Beliefs::heard_from`]. Each pair's next probe is the first one on its `probe_every`
    /// rhythm after `now`, so a late call sends one probe, not a burst.
    pub fn probes_due(&mut self, now: Micros) -> Vec<(EndpointId, EndpointId)> {
        let Some((_, probe_every)) = self.timeouts() else {
            return Vec::new();
        };
        let mut due = Vec::new();
        while let Some((at, observer, peer)) = first(&self.probes) {
            if at > now {
                break;
            }
            self.probes.remove(&(at, observer, peer));
            due.push((at, observer, peer));
        }
        for &(at, observer, peer) in &due {
            let periods = (now - at) / probe_every + 1;
            let next = at.saturating_add(probe_every.saturating_mul(periods));
            self.at_mut((observer.0, peer.0)).next_probe = Some(next);
            self.probes.insert((next, observer, peer), ());
        }
        due.into_iter().map(|(_, o, p)| (o, p)).collect()
    }

    /// Whether `observer` believes `peer` is up. `reachable` is the truth (whether the two can
    /// talk now): the perfect detector answers with it; the timeout detector ignores it and
    /// answers whether the observer does not suspect the peer.
    pub fn believes_up(&self, observer: EndpointId, peer: EndpointId, reachable: bool) -> bool {
        match self.config {
            DetectorConfig::Perfect => reachable,
            DetectorConfig::Timeout { .. } => !self.suspects(observer, peer),
        }
    }

    /// Whether no belief is still to change for a reason the caller cannot rule out: no request
    /// awaits its answer from a trusted peer (its suspicion is still to come, or the answer), and
    /// every suspicion is of a peer that `reachable(observer, peer)` says cannot be reached now
    /// (so its probes can only go unanswered). Always `true` under the perfect detector.
    pub fn settled(&self, reachable: impl Fn(EndpointId, EndpointId) -> bool) -> bool {
        self.suspicions.is_empty()
            && self
                .probes
                .entries()
                .iter()
                .all(|&((_, observer, peer), ())| !reachable(observer, peer))
    }

    /// Whether `observer` suspects `peer` (never under the perfect detector).
    pub fn suspects(&self, observer: EndpointId, peer: EndpointId) -> bool {
        self.slot(observer, peer)
            .is_some_and(|i| self.get(i).suspected_since.is_some())
    }

    /// The peers `observer` suspects, in index order (none under the perfect detector): what the
    /// page marks as seen from the selected node.
    pub fn suspects_of(&self, observer: EndpointId) -> impl Iterator<Item = EndpointId> + '_ {
        let row: &[PeerBelief] = self.table.get(observer.0).map_or(&[], Vec::as_slice);
        row.iter()
            .enumerate()
            .filter(|(_, b)| b.suspected_since.is_some())
            .map(|(peer, _)| EndpointId(peer))
    }

    /// The belief of `observer` about `peer`, or `None` under the perfect detector, out of range
    /// or about itself.
    pub fn belief(&self, observer: EndpointId, peer: EndpointId) -> Option<PeerBelief> {
        self.slot(observer, peer).map(|i| self.get(i))
    }

    /// `observer` lost its beliefs (it crashed: they live in memory) and trusts everyone again;
    /// returns the suspicions that ended, dated `now`, in peer order.
    pub fn forget(&mut self, observer: EndpointId, now: Micros) -> Vec<Change> {
        let mut changes = Vec::new();
        let Some((suspect_after, _)) = self.timeouts() else {
            return changes;
        };
        if self.table.get(observer.0).is_none_or(Vec::is_empty) {
            return changes;
        }
        for peer in (0..self.peers).map(EndpointId) {
            let i = (observer.0, peer.0);
            let b = self.get(i);
            if let Some(at) = Self::suspicion_at(&b, suspect_after) {
                self.suspicions.remove(&(at, observer, peer));
            }
            if let Some(at) = b.next_probe {
                self.probes.remove(&(at, observer, peer));
            }
            if b.suspected_since.is_some() {
                changes.push(Change {
                    observer,
                    peer,
                    now_suspected: false,
                    at: now,
                });
            }
            *self.at_mut(i) = PeerBelief::default();
        }
        changes
    }
}
