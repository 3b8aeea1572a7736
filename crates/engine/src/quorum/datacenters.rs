//! The datacenters of a cluster: who is where, and how many replicas each holds.

use std::fmt;

/// A datacenter: its index in the scenario's `cluster.datacenters` list (0 for the one
/// datacenter of a cluster that lists none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DcId(u8);

impl DcId {
    /// The first datacenter (the only one of a cluster without `datacenters`).
    pub const FIRST: DcId = DcId(0);

    /// The datacenter's index in `cluster.datacenters`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The id of the datacenter at this index (for counting within the module; outside it,
    /// [`Datacenters::dc`] checks the index against a layout).
    pub(super) fn from_index(index: u8) -> DcId {
        DcId(index)
    }
}

/// At most this many datacenters (every one holds a node, so a cluster of 64 nodes has at
/// most 64 of them; the bound only keeps [`DcId`] a byte).
pub const MAX_DATACENTERS: usize = u8::MAX as usize + 1;

/// One entry of `cluster.datacenters` as the scenario reader found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatacenterSpec {
    /// `name`: how partitions and the page call the datacenter.
    pub name: String,
    /// `members`: ids of its nodes and of clients placed in it.
    pub members: Vec<String>,
    /// `n`: how many replicas of every key it holds (0: none, as in Cassandra).
    pub n: u32,
}

/// Where every endpoint is and how many replicas of each key every datacenter holds
/// (Cassandra's NetworkTopologyStrategy). Endpoints are numbered as the simulator numbers
/// them: the nodes first, then the clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datacenters {
    /// Names, by [`DcId`]; one empty name when the scenario lists no datacenter.
    names: Vec<String>,
    /// Replicas of each key, by [`DcId`].
    n: Vec<u32>,
    /// Node endpoints, by [`DcId`], in endpoint order.
    nodes: Vec<Vec<usize>>,
    /// Every endpoint (nodes and clients), by [`DcId`], in endpoint order.
    members: Vec<Vec<usize>>,
    /// The datacenter of every endpoint.
    dc_of: Vec<DcId>,
    /// How many of the endpoints are nodes.
    node_count: usize,
    /// The sum of the datacenters' n.
    total_n: u32,
    /// True when the scenario lists no datacenter.
    implicit: bool,
}

impl Datacenters {
    /// The layout of a cluster without `datacenters`: one datacenter, without a name, holding
    /// every endpoint and `n` replicas of each key. `Err` when `n` is not from 1 to the number
    /// of nodes (path `cluster.n`).
    pub fn single(endpoint_count: usize, node_count: usize, n: u32) -> Result<Self, LayoutError> {
        let node_count = node_count.min(endpoint_count);
        if n == 0 || usize::try_from(n).map_or(true, |n| n > node_count) {
            return Err(LayoutError::SingleN {
                n,
                nodes: node_count,
            });
        }
        Ok(Datacenters::clamped(endpoint_count, node_count, n))
    }

    /// [`Datacenters::single`] that cannot fail: `n` is brought within 1 to the number of nodes
    /// (for a simulator built from a scenario that validation already checked).
    pub fn clamped(endpoint_count: usize, node_count: usize, n: u32) -> Self {
        let node_count = node_count.min(endpoint_count);
        let n = n.min(u32::try_from(node_count).unwrap_or(u32::MAX)).max(1);
        Datacenters {
            names: vec![String::new()],
            n: vec![n],
            nodes: vec![(0..node_count).collect()],
            members: vec![(0..endpoint_count).collect()],
            dc_of: vec![DcId(0); endpoint_count],
            node_count,
            total_n: n,
            implicit: true,
        }
    }

    /// The layout of `cluster.datacenters`. `endpoints` are the names of every endpoint, the
    /// first `node_count` of them the nodes; a client that no datacenter lists belongs to the
    /// first. `Err` names the first bad entry: no datacenter at all, an empty, repeated or
    /// already used name, an unknown member, a member listed twice, a datacenter without a
    /// node, an `n` larger than the datacenter's node count, a node in no datacenter, or every
    /// `n` zero. An `n` of 0 is allowed (the datacenter holds no replica), as in Cassandra.
    pub fn new<S: AsRef<str>>(
        endpoints: &[S],
        node_count: usize,
        specs: &[DatacenterSpec],
    ) -> Result<Self, LayoutError> {
        let node_count = node_count.min(endpoints.len());
        if specs.is_empty() {
            return Err(LayoutError::Empty);
        }
        if specs.len() > MAX_DATACENTERS {
            return Err(LayoutError::TooMany { got: specs.len() });
        }
        // The first endpoint of each name (a linear search: endpoints are few, and a map's code
        // would be one more copy in the page).
        let index = |name: &str| endpoints.iter().position(|e| e.as_ref() == name);
        let mut assigned: Vec<Option<usize>> = vec![None; endpoints.len()];
        let mut names: Vec<String> = Vec::with_capacity(specs.len());
        let mut n = Vec::with_capacity(specs.len());
        let mut nodes = Vec::with_capacity(specs.len());
        let mut total_n: u32 = 0;
        for (i, spec) in specs.iter().enumerate() {
            let name = spec.name.as_str();
            if name.trim().is_empty() {
                return Err(LayoutError::EmptyName { dc: i });
            }
            if names.iter().any(|earlier| earlier == name) {
                return Err(LayoutError::DuplicateName {
                    dc: i,
                    name: name.to_string(),
                });
            }
            if let Some(e) = index(name) {
                return Err(LayoutError::NameTaken {
                    dc: i,
                    name: name.to_string(),
                    node: e < node_count,
                });
            }
            let mut own_nodes = Vec::new();
            for (j, member) in spec.members.iter().enumerate() {
                let Some(e) = index(member.as_str()) else {
                    return Err(LayoutError::UnknownMember {
                        dc: i,
                        member: j,
                        name: member.clone(),
                    });
                };
                if let Some(other) = assigned[e] {
                    return Err(if other == i {
                        LayoutError::ListedTwice {
                            dc: i,
                            member: j,
                            name: member.clone(),
                            datacenter: name.to_string(),
                        }
                    } else {
                        LayoutError::InTwo {
                            dc: i,
                            member: j,
                            name: member.clone(),
                            other: names[other].clone(),
                        }
                    });
                }
                assigned[e] = Some(i);
                if e < node_count {
                    own_nodes.push(e);
                }
            }
            if own_nodes.is_empty() {
                return Err(LayoutError::NoNode {
                    dc: i,
                    name: name.to_string(),
                });
            }
            if usize::try_from(spec.n).map_or(true, |k| k > own_nodes.len()) {
                return Err(LayoutError::NTooLarge {
                    dc: i,
                    name: name.to_string(),
                    n: spec.n,
                    nodes: own_nodes.len(),
                });
            }
            crate::sort::sort(&mut own_nodes);
            total_n = total_n.saturating_add(spec.n);
            names.push(name.to_string());
            n.push(spec.n);
            nodes.push(own_nodes);
        }
        if let Some(e) = (0..node_count).find(|&e| assigned[e].is_none()) {
            return Err(LayoutError::NodeInNone {
                name: endpoints[e].as_ref().to_string(),
            });
        }
        if total_n == 0 {
            return Err(LayoutError::NoReplicas);
        }
        let mut members = vec![Vec::new(); specs.len()];
        let mut dc_of = Vec::with_capacity(endpoints.len());
        for (e, dc) in assigned.iter().enumerate() {
            let dc = dc.unwrap_or(0);
            members[dc].push(e);
            // specs.len() <= MAX_DATACENTERS was checked above, so every index fits.
            dc_of.push(DcId(u8::try_from(dc).unwrap_or(u8::MAX)));
        }
        Ok(Datacenters {
            names,
            n,
            nodes,
            members,
            dc_of,
            node_count,
            total_n,
            implicit: false,
        })
    }

    /// With `cluster.n` also given: `Err` unless it equals the sum of the datacenters' n
    /// (path `cluster.n`).
    pub fn check_total_n(&self, given: u64) -> Result<(), LayoutError> {
        if given == u64::from(self.total_n) {
            Ok(())
        } else {
            Err(LayoutError::TotalMismatch {
                given,
                each: self.n.clone(),
                total: self.total_n,
            })
        }
    }

    /// True when the scenario lists no datacenter (one datacenter without a name).
    pub fn is_implicit(&self) -> bool {
        self.implicit
    }

    /// How many datacenters.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always false: a layout has at least one datacenter.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The datacenters, in the order of `cluster.datacenters`.
    pub fn ids(&self) -> impl Iterator<Item = DcId> + '_ {
        (0..self.names.len()).filter_map(|i| u8::try_from(i).ok().map(DcId))
    }

    /// The datacenter at this index of `cluster.datacenters`, if there is one.
    pub fn dc(&self, index: usize) -> Option<DcId> {
        (index < self.names.len())
            .then(|| u8::try_from(index).ok().map(DcId))
            .flatten()
    }

    /// The datacenter of this name (as a `partition` group may name it); `None` for any name
    /// when the scenario lists no datacenter.
    pub fn dc_named(&self, name: &str) -> Option<DcId> {
        if self.implicit {
            return None;
        }
        self.names
            .iter()
            .position(|x| x == name)
            .and_then(|i| self.dc(i))
    }

    /// The datacenter's name (empty for the one datacenter of a cluster that lists none, or
    /// for a [`DcId`] of another layout).
    pub fn name(&self, dc: DcId) -> &str {
        self.names.get(dc.index()).map_or("", String::as_str)
    }

    /// How many replicas of each key the datacenter holds (0 for a [`DcId`] of another layout).
    pub fn n(&self, dc: DcId) -> u32 {
        self.n.get(dc.index()).copied().unwrap_or(0)
    }

    /// N: the sum of the datacenters' n, the replicas of each key in the whole cluster.
    pub fn total_n(&self) -> u32 {
        self.total_n
    }

    /// The datacenter's nodes, in endpoint order.
    pub fn nodes_in(&self, dc: DcId) -> &[usize] {
        self.nodes.get(dc.index()).map_or(&[], Vec::as_slice)
    }

    /// Every endpoint of the datacenter (its nodes, then its clients), in endpoint order.
    pub fn members(&self, dc: DcId) -> &[usize] {
        self.members.get(dc.index()).map_or(&[], Vec::as_slice)
    }

    /// The datacenter of an endpoint (node or client); `None` for an endpoint out of range.
    pub fn dc_of(&self, endpoint: usize) -> Option<DcId> {
        self.dc_of.get(endpoint).copied()
    }

    /// True when both endpoints are in the same datacenter (a message between them takes
    /// `latency`; otherwise `wan_latency`). False if either is out of range.
    pub fn same_dc(&self, a: usize, b: usize) -> bool {
        matches!((self.dc_of(a), self.dc_of(b)), (Some(x), Some(y)) if x == y)
    }

    /// True when the endpoint is a node (not a client, and in range).
    pub fn is_node(&self, endpoint: usize) -> bool {
        endpoint < self.node_count
    }

    /// How many endpoints are nodes.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// How many endpoints (nodes and clients).
    pub fn endpoint_count(&self) -> usize {
        self.dc_of.len()
    }
}

/// Bad input in `cluster.datacenters` (or a `cluster.n` that disagrees with it). Its
/// [`Display`](fmt::Display) is one line: the field's path, a colon, what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// `datacenters` is an empty list.
    Empty,
    /// More datacenters than [`MAX_DATACENTERS`].
    TooMany {
        /// How many were listed.
        got: usize,
    },
    /// A datacenter's name is empty or blank.
    EmptyName {
        /// Index in `datacenters`.
        dc: usize,
    },
    /// Two datacenters have the same name.
    DuplicateName {
        /// Index of the second one.
        dc: usize,
        /// The name.
        name: String,
    },
    /// A datacenter is named like a node or a client.
    NameTaken {
        /// Index in `datacenters`.
        dc: usize,
        /// The name.
        name: String,
        /// True if a node has it, false if a client.
        node: bool,
    },
    /// A member is neither a node nor a client.
    UnknownMember {
        /// Index of the datacenter.
        dc: usize,
        /// Index in its `members`.
        member: usize,
        /// The id.
        name: String,
    },
    /// A member is listed twice in the same datacenter.
    ListedTwice {
        /// Index of the datacenter.
        dc: usize,
        /// Index of the second listing in `members`.
        member: usize,
        /// The id.
        name: String,
        /// The datacenter's name.
        datacenter: String,
    },
    /// A node or client is a member of two datacenters.
    InTwo {
        /// Index of the second datacenter.
        dc: usize,
        /// Index in its `members`.
        member: usize,
        /// The id.
        name: String,
        /// The first datacenter's name.
        other: String,
    },
    /// A datacenter has clients only.
    NoNode {
        /// Index of the datacenter.
        dc: usize,
        /// Its name.
        name: String,
    },
    /// A datacenter's `n` is larger than its node count.
    NTooLarge {
        /// Index of the datacenter.
        dc: usize,
        /// Its name.
        name: String,
        /// Its `n`.
        n: u32,
        /// Its node count.
        nodes: usize,
    },
    /// A node is a member of no datacenter.
    NodeInNone {
        /// The node's id.
        name: String,
    },
    /// Every datacenter has `n` = 0.
    NoReplicas,
    /// `cluster.n` is given and differs from the sum of the datacenters' n.
    TotalMismatch {
        /// `cluster.n`.
        given: u64,
        /// Each datacenter's n.
        each: Vec<u32>,
        /// Their sum.
        total: u32,
    },
    /// Without datacenters, `n` is not from 1 to the number of nodes.
    SingleN {
        /// `cluster.n`.
        n: u32,
        /// The number of nodes.
        nodes: usize,
    },
}

/// `text` between backticks, on one line (control characters written as escapes).
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::from("`");
    out.push_str(&crate::text::one_line(text));
    out.push('`');
    out
}

impl LayoutError {
    /// The field: `cluster.datacenters`, `cluster.datacenters[1].members[2]`, `cluster.n`, ...
    pub fn path(&self) -> String {
        let at = |dc: &usize, field: &str| format!("cluster.datacenters[{dc}].{field}");
        match self {
            LayoutError::Empty
            | LayoutError::TooMany { .. }
            | LayoutError::NodeInNone { .. }
            | LayoutError::NoReplicas => "cluster.datacenters".to_string(),
            LayoutError::EmptyName { dc }
            | LayoutError::DuplicateName { dc, .. }
            | LayoutError::NameTaken { dc, .. } => at(dc, "name"),
            LayoutError::UnknownMember { dc, member, .. }
            | LayoutError::ListedTwice { dc, member, .. }
            | LayoutError::InTwo { dc, member, .. } => at(dc, &format!("members[{member}]")),
            LayoutError::NoNode { dc, .. } => at(dc, "members"),
            LayoutError::NTooLarge { dc, .. } => at(dc, "n"),
            LayoutError::TotalMismatch { .. } | LayoutError::SingleN { .. } => {
                "cluster.n".to_string()
            }
        }
    }

    /// What was wrong, in one line, without the path.
    pub fn message(&self) -> String {
        match self {
            LayoutError::Empty => {
                "lists no datacenter; list at least one, or leave the field out (one datacenter holding every node)".to_string()
            }
            LayoutError::TooMany { got } => {
                format!("at most {MAX_DATACENTERS} datacenters, got {got}")
            }
            LayoutError::EmptyName { .. } => "a datacenter name cannot be empty".to_string(),
            LayoutError::DuplicateName { name, .. } => {
                format!("datacenter {} is listed twice", quoted(name))
            }
            LayoutError::NameTaken { name, node, .. } => format!(
                "{} is already the name of a {}; a datacenter needs a name of its own (a partition group may name it)",
                quoted(name),
                if *node { "node" } else { "client" }
            ),
            LayoutError::UnknownMember { name, .. } => {
                format!("{} is neither a node nor a client", quoted(name))
            }
            LayoutError::ListedTwice {
                name, datacenter, ..
            } => format!(
                "{} is listed twice in datacenter {}",
                quoted(name),
                quoted(datacenter)
            ),
            LayoutError::InTwo { name, other, .. } => format!(
                "{} is already a member of datacenter {}",
                quoted(name),
                quoted(other)
            ),
            LayoutError::NoNode { name, .. } => format!(
                "datacenter {} has no node; every datacenter needs at least one",
                quoted(name)
            ),
            LayoutError::NTooLarge { name, n, nodes, .. } => format!(
                "{n} replicas do not fit in datacenter {}, which has {nodes} node{}",
                quoted(name),
                if *nodes == 1 { "" } else { "s" }
            ),
            LayoutError::NodeInNone { name } => format!(
                "node {} is a member of no datacenter; every node belongs to exactly one",
                quoted(name)
            ),
            LayoutError::NoReplicas => {
                "every datacenter has n = 0, so no replica would hold a key; give one of them n >= 1"
                    .to_string()
            }
            LayoutError::TotalMismatch { given, each, total } => {
                let sum = each
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ");
                if each.len() > 1 {
                    format!(
                        "must equal the sum of the datacenters' n ({sum} = {total}), got {given}; or leave it out"
                    )
                } else {
                    format!(
                        "must equal the datacenter's n ({total}), got {given}; or leave it out"
                    )
                }
            }
            LayoutError::SingleN { n, nodes } => {
                format!("must be from 1 to the number of nodes ({nodes}), got {n}")
            }
        }
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message())
    }
}

impl std::error::Error for LayoutError {}
