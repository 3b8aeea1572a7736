//! The rules between a scenario's fields, checked after reading.

use crate::number::plain;
use crate::quorum::{Datacenters, DcId, Placement};
use crate::scenario::error::ScenarioError;
use crate::scenario::model::{
    Action, Cluster, Names, Scenario, MAX_MAX_SIBLINGS, MAX_MS, MAX_NODES,
};

impl Scenario {
    /// Checks every rule of the contract that the types alone do not.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let c = &self.cluster;
        if c.nodes.is_empty() || c.nodes.len() > MAX_NODES {
            return Err(ScenarioError::new(
                "cluster.nodes",
                format!(
                    "a cluster has 1 to {MAX_NODES} nodes, this one has {}",
                    c.nodes.len()
                ),
            ));
        }
        let mut nodes = Names::default();
        for (i, id) in c.nodes.iter().enumerate() {
            if id.trim().is_empty() {
                return Err(ScenarioError::new(
                    format!("cluster.nodes[{i}]"),
                    "a node id cannot be empty",
                ));
            }
            if !nodes.insert(id.as_str()) {
                return Err(ScenarioError::new(
                    format!("cluster.nodes[{i}]"),
                    format!("node `{id}` is listed twice"),
                ));
            }
        }
        let mut declared = Names::default();
        for (i, id) in c.clients.iter().enumerate() {
            let path = format!("cluster.clients[{i}]");
            if id.trim().is_empty() {
                return Err(ScenarioError::new(path, "a client id cannot be empty"));
            }
            if nodes.contains(id.as_str()) {
                return Err(ScenarioError::new(
                    path,
                    format!("`{id}` is a node; clients must have names of their own"),
                ));
            }
            if !declared.insert(id.as_str()) {
                return Err(ScenarioError::new(
                    path,
                    format!("client `{id}` is listed twice"),
                ));
            }
        }
        for (key, list) in &c.placement {
            let path = format!("cluster.placement.{key}");
            let mut seen = Names::default();
            for id in list {
                if !nodes.contains(id.as_str()) {
                    return Err(ScenarioError::new(&path, format!("`{id}` is not a node")));
                }
                if !seen.insert(id.as_str()) {
                    return Err(ScenarioError::new(
                        &path,
                        format!("node `{id}` is listed twice"),
                    ));
                }
            }
        }
        let clients = self.clients();
        let mut client_set = Names::default();
        for id in &clients {
            client_set.insert(id);
        }
        validate_settings(c, "cluster", &nodes, &client_set)?;
        // Every name a partition may use: nodes, clients, then the datacenters' members.
        let layout = layout_of(
            c,
            c.n.resolve(c.nodes.len()),
            &nodes,
            &client_set,
            "cluster",
        )?;
        let endpoints: Vec<&str> = nodes.iter().chain(client_set.iter()).collect();
        if !(1..=MAX_MAX_SIBLINGS).contains(&c.max_siblings) {
            return Err(ScenarioError::new(
                "cluster.max_siblings",
                format!(
                    "must be a whole number from 1 to {MAX_MAX_SIBLINGS}, got {}",
                    c.max_siblings
                ),
            ));
        }
        let mut current = c.clone();
        let mut last = 0.0f64;
        for (i, e) in self.events.iter().enumerate() {
            let path = format!("events[{i}]");
            if !e.at.is_finite() || e.at < 0.0 || e.at > MAX_MS {
                return Err(ScenarioError::new(
                    format!("{path}.at"),
                    format!(
                        "time must be a number of ms from 0 to {}, got {}",
                        plain(MAX_MS),
                        plain(e.at)
                    ),
                ));
            }
            if e.at < last {
                return Err(ScenarioError::new(
                    format!("{path}.at"),
                    format!(
                        "events must be in order of time: {} comes after an event at {}",
                        plain(e.at),
                        plain(last)
                    ),
                ));
            }
            last = e.at;
            let action = e.action.name();
            if let Some(client) = e.action.client() {
                if client.trim().is_empty() {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.client"),
                        "a client id cannot be empty",
                    ));
                }
                if nodes.contains(client) {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.client"),
                        format!("`{client}` is a node; clients must have names of their own"),
                    ));
                }
            }
            if let Some(key) = e.action.key() {
                if key.is_empty() {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.key"),
                        "a key cannot be empty",
                    ));
                }
            }
            match &e.action {
                Action::Crash(id) | Action::Recover(id) if !nodes.contains(id.as_str()) => {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}"),
                        format!("`{id}` is not a node of the cluster"),
                    ));
                }
                Action::Partition(groups) => {
                    // The group each endpoint was put in so far.
                    let mut group_of: Vec<Option<usize>> = vec![None; endpoints.len()];
                    for (g, group) in groups.iter().enumerate() {
                        for (m, id) in group.iter().enumerate() {
                            // A datacenter's name stands for all of its members (a client no
                            // datacenter lists is in the first), as the simulator reads it.
                            let members: Vec<&str> =
                                match layout.dc_named(id).filter(|_| !layout.is_implicit()) {
                                    Some(dc) => layout
                                        .members(dc)
                                        .iter()
                                        .filter_map(|&e| endpoints.get(e).copied())
                                        .collect(),
                                    None if nodes.contains(id.as_str())
                                        || client_set.contains(id.as_str()) =>
                                    {
                                        vec![id.as_str()]
                                    }
                                    None => {
                                        return Err(ScenarioError::new(
                                            format!("{path}.partition[{g}][{m}]"),
                                            if c.datacenters.is_empty() {
                                                format!(
                                                    "`{id}` is neither a node nor a client of \
                                                     this scenario"
                                                )
                                            } else {
                                                format!(
                                                    "`{id}` is neither a node, a client nor a \
                                                     datacenter of this scenario"
                                                )
                                            },
                                        ));
                                    }
                                };
                            for member in members {
                                let Some(e) = endpoints.iter().position(|&x| x == member) else {
                                    continue;
                                };
                                match group_of[e] {
                                    Some(other) if other != g => {
                                        return Err(ScenarioError::new(
                                            format!("{path}.partition[{g}][{m}]"),
                                            format!("`{member}` is in two groups"),
                                        ));
                                    }
                                    _ => group_of[e] = Some(g),
                                }
                            }
                        }
                    }
                }
                Action::DropRate(p) if !(0.0..=1.0).contains(p) => {
                    return Err(ScenarioError::new(
                        format!("{path}.drop_rate"),
                        format!("a probability between 0 and 1, got {}", plain(*p)),
                    ));
                }
                Action::Configure(patch) => {
                    current = patch.apply_to(&current);
                    validate_settings(&current, &format!("{path}.configure"), &nodes, &client_set)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The datacenter layout of a cluster whose `n` resolves to `n`: its `datacenters`, checked
/// (every node in exactly one, members known, each `n` within its node count, the top-level
/// `n` equal to their sum), or one datacenter holding everything.
fn layout_of(
    c: &Cluster,
    n: usize,
    nodes: &Names,
    clients: &Names,
    prefix: &str,
) -> Result<Datacenters, ScenarioError> {
    // A `configure` may only get `n` wrong: its path is the event's, not `cluster.n`.
    let at = |path: String| match path.strip_prefix("cluster.") {
        Some(field) if prefix != "cluster" && field == "n" => format!("{prefix}.n"),
        _ => path,
    };
    if c.datacenters.is_empty() {
        return Datacenters::single(nodes.len() + clients.len(), nodes.len(), n as u32)
            .map_err(|e| ScenarioError::new(at(e.path()), e.message()));
    }
    let endpoints: Vec<&str> = nodes.iter().chain(clients.iter()).collect();
    let layout = Datacenters::new(&endpoints, nodes.len(), &c.datacenters)
        .map_err(|e| ScenarioError::new(at(e.path()), e.message()))?;
    layout
        .check_total_n(n as u64)
        .map_err(|e| ScenarioError::new(at(e.path()), e.message()))?;
    Ok(layout)
}

/// Checks the settings of a cluster (at the start, or after a `configure` event whose path is
/// `prefix`).
fn validate_settings(
    c: &Cluster,
    prefix: &str,
    nodes: &Names,
    clients: &Names,
) -> Result<(), ScenarioError> {
    let count = c.nodes.len();
    let n = c.n.resolve(count);
    // With datacenters their own rules come first: `n` is their sum.
    let layout = if c.datacenters.is_empty() {
        None
    } else {
        Some(layout_of(c, n, nodes, clients, prefix)?)
    };
    if n > count {
        return Err(ScenarioError::new(
            format!("{prefix}.n"),
            format!("n = {n} is larger than the number of nodes ({count})"),
        ));
    }
    let layout = match layout {
        Some(layout) => layout,
        None => layout_of(c, n, nodes, clients, prefix)?,
    };
    for (field, level) in [("w", c.w), ("r", c.r)] {
        if layout.is_implicit() {
            let k = level.requirement(&layout, DcId::FIRST).total() as usize;
            if k > n {
                return Err(ScenarioError::new(
                    format!("{prefix}.{field}"),
                    format!("{field} = {k} is larger than n = {n}"),
                ));
            }
        } else {
            // Met by some coordinator, and by every datacenter a client coordinates from (a
            // `local_` level in a datacenter that keeps no replica never is).
            let at = format!("{prefix}.{field}");
            let to_error = |e: crate::quorum::LevelError| ScenarioError::new(e.path(), e.message());
            level.can_be_met(&layout, &at).map_err(to_error)?;
            for i in 0..clients.len() {
                if let Some(dc) = layout.dc_of(nodes.len() + i) {
                    level.can_be_met_in(&layout, dc, &at).map_err(to_error)?;
                }
            }
        }
    }
    let positive = |field: &str, v: f64| -> Result<(), ScenarioError> {
        if !v.is_finite() || v <= 0.0 || v > MAX_MS {
            Err(ScenarioError::new(
                format!("{prefix}.{field}"),
                format!(
                    "must be a number of ms above 0 and at most {}, got {}",
                    plain(MAX_MS),
                    plain(v)
                ),
            ))
        } else {
            Ok(())
        }
    };
    positive("timeout_ms", c.timeout_ms)?;
    positive("handoff_interval_ms", c.handoff_interval_ms)?;
    if let Some(ae) = c.anti_entropy_ms {
        positive("anti_entropy_ms", ae)?;
    }
    for (name, skew) in &c.clock_skew_ms {
        if !nodes.contains(name.as_str())
            && !clients.contains(name.as_str())
            && !c.clients.contains(name)
        {
            return Err(ScenarioError::new(
                format!("{prefix}.clock_skew_ms.{name}"),
                format!("`{name}` is neither a node nor a client of this scenario"),
            ));
        }
        if !skew.is_finite() || skew.abs() > MAX_MS {
            return Err(ScenarioError::new(
                format!("{prefix}.clock_skew_ms.{name}"),
                format!("must be a number of ms between -{0} and {0}", plain(MAX_MS)),
            ));
        }
    }
    for (key, list) in &c.placement {
        if !layout.is_implicit() {
            // Each datacenter's homes are the first of its nodes the list names: it must name
            // as many as the datacenter keeps replicas.
            let walk: Vec<usize> = list
                .iter()
                .filter_map(|name| nodes.iter().position(|x| x == name))
                .collect();
            let placed = Placement::new(&layout, &walk);
            for dc in layout.ids() {
                let named = placed
                    .homes()
                    .iter()
                    .filter(|&&e| layout.dc_of(e) == Some(dc))
                    .count();
                if (named as u32) < layout.n(dc) {
                    return Err(ScenarioError::new(
                        format!("cluster.placement.{key}"),
                        format!(
                            "the placement of `{key}` names {named} node{} of datacenter `{}`, \
                             which keeps n = {} replicas of each key",
                            if named == 1 { "" } else { "s" },
                            layout.name(dc),
                            layout.n(dc)
                        ),
                    ));
                }
            }
        }
        if list.len() < n {
            let path = if prefix == "cluster" {
                format!("cluster.placement.{key}")
            } else {
                format!("{prefix}.n")
            };
            return Err(ScenarioError::new(
                path,
                format!(
                    "the placement of `{key}` lists {} nodes, but each key needs its n = {n} home replicas first",
                    list.len()
                ),
            ));
        }
    }
    Ok(())
}
