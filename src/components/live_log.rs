//! The live log: what happened in the run, in words, at the simulated time it happened, for
//! everyone and for screen readers; and a status line for the page's own notices.

use yew::prelude::*;

/// What [`live_log`] draws from.
pub struct LiveLog<'a> {
    /// The recent lines of the run, oldest first.
    pub lines: &'a [String],
    /// How many lines there have been in all (numbers the lines for stable keys).
    pub total: u64,
    /// Which run the lines tell: a new run gets a new list.
    pub run: u64,
    /// The page's last notice that is not a happening of the run (a reset, a load, a replay
    /// stopped early), if any.
    pub status: Option<&'a str>,
}

/// `#live-log`: a polite live region listing the run's recent happenings, newest first, each
/// stamped with its simulated time; only additions are read out. A new run (a reset, a load, a
/// share link, a versioning replay) gets a new list, so a rebuilt log is not read out as news.
/// Above it, `#live-status` (`role=status`) holds the page's last notice, apart from the run's
/// lines. A function, not a component: a component of its own cost the page's bundle more than
/// its markup (issue 10; BENCHMARKS.md, "Bundle, issue 10, third pass").
pub fn live_log(props: &LiveLog) -> Html {
    let first = props.total.saturating_sub(props.lines.len() as u64);
    // Keyed by the run: a new run's list replaces the old one instead of being diffed into it.
    let list = std::iter::once(html! {
        <ol key={props.run} id="live-log" class="live-log" aria-labelledby="live-log-heading" aria-live="polite"
            aria-relevant="additions" reversed=true>
            { for props.lines.iter().enumerate().rev().map(|(i, line)| html! {
                <li key={first + i as u64}>{ line.clone() }</li>
            }) }
        </ol>
    })
    .collect::<Html>();
    html! {
        <section class="panel live-log-panel" aria-labelledby="live-log-heading">
            <h2 id="live-log-heading">{ "What happened" }</h2>
            <p id="live-status" class="live-status" role="status">
                { props.status.unwrap_or_default().to_string() }
            </p>
            { list }
            if props.lines.is_empty() {
                <p class="empty">{ "Nothing yet: press Play, or send an operation." }</p>
            }
        </section>
    }
}
