//! The title and the explanation for newcomers.

use yew::prelude::*;

/// The header's markup: static, so cheaper in the page's wasm as text than as built nodes or a
/// component of its own (issue 10; BENCHMARKS.md, "Bundle, issue 10, third pass").
const INTRO: &str = "<header class=\"intro\">\
<h1>quorumscope</h1>\
<p class=\"tagline\">Dynamo-style leaderless replication, simulated in your browser</p>\
<p class=\"explainer\">Databases such as Dynamo, Riak and Cassandra keep each key on <em>n</em> \
replica nodes and have no leader: a client's write succeeds once <em>w</em> replicas \
acknowledge it, a read once <em>r</em> replicas answer. When w\u{a0}+\u{a0}r\u{a0}&gt;\u{a0}n \
every read quorum overlaps every write quorum, so a read reaches a replica that has the latest \
write. Press <strong>Play</strong> to watch the scenario's messages travel; crash nodes, drag \
them apart, and write and read yourself; select an operation in the log to see its quorums.</p>\
</header>";

/// The page's header: its title and a few sentences on what leaderless replication is and
/// what to do first.
pub fn intro() -> Html {
    Html::from_html_unchecked(AttrValue::Static(INTRO))
}
