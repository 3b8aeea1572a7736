//! Counting replies against a requirement.

use super::datacenters::{Datacenters, DcId};
use super::level::Requirement;

/// Where more replies are needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    /// From any replica.
    Anywhere,
    /// From replicas of this datacenter.
    In(DcId),
}

/// The replies (acks of a write, responses to a read) a coordinator has counted, each replica
/// once, against what its consistency level requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    /// What the level requires.
    requirement: Requirement,
    /// The replicas counted, in order of arrival.
    counted: Vec<usize>,
    /// How many of them are in each datacenter, by [`DcId`] index.
    per_dc: Vec<u32>,
}

impl Tally {
    /// No reply counted yet.
    pub fn new(requirement: Requirement) -> Tally {
        Tally {
            requirement,
            counted: Vec::new(),
            per_dc: Vec::new(),
        }
    }

    /// What the level requires.
    pub fn requirement(&self) -> &Requirement {
        &self.requirement
    }

    /// Counts a reply from `replica` (a node endpoint of `layout`). Returns false, counting
    /// nothing, for a replica already counted, an endpoint that is not a node, or a node of a
    /// datacenter with n = 0 (it holds no replica, so it cannot be one).
    pub fn ack(&mut self, layout: &Datacenters, replica: usize) -> bool {
        if !layout.is_node(replica) || self.counted.contains(&replica) {
            return false;
        }
        let Some(dc) = layout.dc_of(replica).filter(|&dc| layout.n(dc) > 0) else {
            return false;
        };
        if self.per_dc.len() <= dc.index() {
            self.per_dc.resize(dc.index() + 1, 0);
        }
        self.per_dc[dc.index()] += 1;
        self.counted.push(replica);
        true
    }

    /// The replicas counted, in order of arrival.
    pub fn counted(&self) -> &[usize] {
        &self.counted
    }

    /// How many replies were counted in all.
    pub fn acks(&self) -> u32 {
        self.per_dc.iter().sum()
    }

    /// How many replies were counted from this datacenter.
    pub fn acks_in(&self, dc: DcId) -> u32 {
        self.per_dc.get(dc.index()).copied().unwrap_or(0)
    }

    /// True when the replies counted meet the requirement.
    pub fn is_met(&self) -> bool {
        self.missing().is_empty()
    }

    /// How many more replies are needed, and where; empty when the requirement is met.
    /// Datacenters come in [`DcId`] order.
    pub fn missing(&self) -> Vec<(Where, u32)> {
        match &self.requirement {
            Requirement::Anywhere(k) => {
                let more = k.saturating_sub(self.acks());
                if more == 0 {
                    Vec::new()
                } else {
                    vec![(Where::Anywhere, more)]
                }
            }
            Requirement::PerDatacenter(each) => each
                .iter()
                .enumerate()
                .filter_map(|(i, &k)| {
                    let more = k.saturating_sub(self.per_dc.get(i).copied().unwrap_or(0));
                    let dc = u8::try_from(i).ok().map(DcId::from_index)?;
                    (more > 0).then_some((Where::In(dc), more))
                })
                .collect(),
        }
    }

    /// What is missing in words, for the page: `1 more replica`, `2 more in eu`,
    /// `2 more in us, 1 more in eu`; `nothing` when the requirement is met.
    pub fn describe_missing(&self, layout: &Datacenters) -> String {
        let missing = self.missing();
        if missing.is_empty() {
            return "nothing".to_string();
        }
        missing
            .iter()
            .map(|&(place, more)| match place {
                Where::Anywhere => {
                    format!("{more} more replica{}", if more == 1 { "" } else { "s" })
                }
                Where::In(dc) => format!("{more} more in {}", layout.name(dc)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// True when the requirement is met, or could still be met if every replica in `pending`
    /// (asked, not answered yet, and able to answer) did answer. Replicas already counted,
    /// repeated, or that [`Tally::ack`] would refuse add nothing. With `pending` the reachable replicas and no reply
    /// counted yet, this is the check made before sending (Cassandra's `UnavailableException`
    /// when false).
    pub fn could_still_be_met(
        &self,
        layout: &Datacenters,
        pending: impl IntoIterator<Item = usize>,
    ) -> bool {
        let mut more = self.clone();
        for replica in pending {
            more.ack(layout, replica);
        }
        more.is_met()
    }
}
