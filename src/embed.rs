//! Embedding the page in another site (issue 11, section 3; docs/EMBED.md): the options of an
//! embedded page, read from the URL's query string, and the links and `<iframe>` snippet that
//! open one.
//!
//! `?embed&panels=cluster,log&autoplay=1&speed=0.05&start=120&height=420#p=default`: the query
//! says how the run is shown, the fragment which run (as for the full page: `#p=<preset id>`,
//! or a share link's `#p=...&z=...` or `#z=...`). A bad parameter never stops the page: its
//! default is used, and the page says what was wrong ([`Embed::problems`]).

use std::fmt;

use quorumscope_engine::number::plain;
use quorumscope_engine::time::{ms_to_us, Micros};

use crate::markup::escaped;
use crate::state::{AppState, Opening, SPEED_RANGE};

/// Which panels an embedded page shows under its time controls and cluster view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panels {
    /// The cluster view only (`panels=cluster`).
    Cluster,
    /// The cluster view and the log of what happened, in words (`panels=cluster,log`).
    ClusterLog,
    /// Every panel of the full page (`panels=all`).
    All,
}

impl Panels {
    /// Every choice, in the order the documentation lists them.
    pub const CHOICES: [Panels; 3] = [Panels::Cluster, Panels::ClusterLog, Panels::All];

    /// The parameter's value for this choice.
    pub fn value(self) -> &'static str {
        match self {
            Panels::Cluster => "cluster",
            Panels::ClusterLog => "cluster,log",
            Panels::All => "all",
        }
    }

    /// The frame height, in CSS px, that shows these panels whole in a frame about 600 px wide
    /// (measured at 600 px wide: 817 px for the cluster, 989 to 1071 px with the log, whose status
    /// line may take two lines; less when wider;
    /// every panel is taller than any frame, which then scrolls). The default of `height`.
    pub fn height(self) -> u32 {
        match self {
            Panels::Cluster => 880,
            Panels::ClusterLog => 1100,
            Panels::All => 1300,
        }
    }

    /// The page's classes for this choice (www/style.css hides what it leaves out).
    pub fn class(self) -> &'static str {
        match self {
            Panels::Cluster => "embed embed-cluster",
            Panels::ClusterLog => "embed embed-log",
            Panels::All => "embed",
        }
    }
}

/// The parameters of an embedded page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `embed`: turns embed mode on.
    Embed,
    /// `panels`: [`Panels`].
    Panels,
    /// `autoplay`: time runs as soon as the page opens.
    Autoplay,
    /// `speed`: simulated ms per wall ms.
    Speed,
    /// `start`: the simulated time, in ms, the page opens at.
    Start,
    /// `height`: the height of the frame, in CSS px.
    Height,
}

impl Param {
    /// Every parameter.
    pub const ALL: [Param; 6] = [
        Param::Embed,
        Param::Panels,
        Param::Autoplay,
        Param::Speed,
        Param::Start,
        Param::Height,
    ];

    /// Its name in the query string.
    pub fn name(self) -> &'static str {
        match self {
            Param::Embed => "embed",
            Param::Panels => "panels",
            Param::Autoplay => "autoplay",
            Param::Speed => "speed",
            Param::Start => "start",
            Param::Height => "height",
        }
    }

    /// What its value must be, in words.
    fn expected(self) -> &'static str {
        match self {
            Param::Embed | Param::Autoplay => "1 or 0 (or true or false)",
            Param::Panels => "cluster, cluster,log or all",
            Param::Speed => "a number from 0.005 to 10 (simulated ms per ms)",
            Param::Start => "a time in ms, 0 or more",
            Param::Height => "a whole number of CSS pixels from 200 to 4000",
        }
    }
}

/// The least and the most [`EmbedOptions::height`].
pub const HEIGHT_RANGE: (u32, u32) = (200, 4000);

/// How an embedded page shows its run.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    /// The panels shown.
    pub panels: Panels,
    /// Whether time runs as soon as the page opens (unless the visitor asked their system for
    /// less motion).
    pub autoplay: bool,
    /// Simulated ms per wall ms; `None`: the scenario's own speed.
    pub speed: Option<f64>,
    /// The simulated time the page opens at, in µs (0: the start of the run).
    pub start: Micros,
    /// The height of the frame the page is shown in, in CSS px (by default the panels'
    /// [`Panels::height`]).
    pub height: u32,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            panels: Panels::ClusterLog,
            autoplay: false,
            speed: None,
            start: 0,
            height: Panels::ClusterLog.height(),
        }
    }
}

/// A parameter the page could not use, and what it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamError {
    /// A parameter an embedded page does not have (its name).
    Unknown(String),
    /// A known parameter with a value it cannot take (the value as given).
    Bad(Param, String),
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::Unknown(name) => write!(
                f,
                "there is no parameter `{name}` (there are embed, panels, autoplay, speed, start, height)"
            ),
            ParamError::Bad(param, value) => {
                write!(f, "`{}={value}` is not {}", param.name(), param.expected())
            }
        }
    }
}

/// The embed mode of a page: its options, and the parameters it could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct Embed {
    /// The options, with the default for each parameter that could not be used.
    pub options: EmbedOptions,
    /// What was wrong with the parameters, in order.
    pub errors: Vec<ParamError>,
}

impl Embed {
    /// The embed mode of a query string (with or without its `?`): `None` for the full page
    /// (no `embed` parameter, or `embed=0`).
    pub fn from_query(query: &str) -> Option<Embed> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        let (_, on) = pairs.iter().rev().find(|(k, _)| k == "embed")?;
        let mut embed = Embed {
            options: EmbedOptions::default(),
            errors: Vec::new(),
        };
        if flag(on) == Some(false) {
            return None;
        }
        let mut height = None;
        for (name, value) in &pairs {
            let Some(param) = Param::ALL.into_iter().find(|p| p.name() == name) else {
                embed.errors.push(ParamError::Unknown(name.clone()));
                continue;
            };
            let o = &mut embed.options;
            let ok = match param {
                Param::Embed => flag(value).is_some(),
                Param::Panels => Panels::CHOICES
                    .into_iter()
                    .find(|p| p.value() == value)
                    .map(|p| o.panels = p)
                    .is_some(),
                Param::Autoplay => flag(value).map(|b| o.autoplay = b).is_some(),
                Param::Speed => number(value)
                    .filter(|s| (SPEED_RANGE.0..=SPEED_RANGE.1).contains(s))
                    .map(|s| o.speed = Some(s))
                    .is_some(),
                Param::Start => number(value)
                    .filter(|&ms| ms >= 0.0)
                    .map(|ms| o.start = ms_to_us(ms))
                    .is_some(),
                Param::Height => value
                    .parse::<u32>()
                    .ok()
                    .filter(|h| (HEIGHT_RANGE.0..=HEIGHT_RANGE.1).contains(h))
                    .map(|h| height = Some(h))
                    .is_some(),
            };
            if !ok {
                embed.errors.push(ParamError::Bad(param, value.clone()));
            }
        }
        embed.options.height = height.unwrap_or(embed.options.panels.height());
        Some(embed)
    }

    /// The embed mode of the page's own address.
    pub fn from_location() -> Option<Embed> {
        let search = web_sys::window()?.location().search().ok()?;
        Embed::from_query(&search)
    }

    /// What was wrong with the parameters, in one sentence each, or `None` if nothing was.
    pub fn problems(&self) -> Option<String> {
        if self.errors.is_empty() {
            return None;
        }
        let mut text = String::from("This embed's address:");
        for e in &self.errors {
            text.push_str(&format!(" {e}: its default is used."));
        }
        Some(text)
    }

    /// The page's first state: `state` (the run the fragment chose) at the start time, at the
    /// speed asked for, and playing with autoplay unless `reduced_motion`. The document's title
    /// becomes what the page shows, for screen readers ([`frame_title`]).
    pub fn start(&self, mut state: AppState, reduced_motion: bool) -> AppState {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&frame_title(&state.base.name));
        }
        let o = &self.options;
        state.open_with(Opening {
            at: o.start,
            speed: o.speed,
            playing: o.autoplay && !reduced_motion,
        });
        state
    }
}

/// Whether the page is in embed mode (read from its address: scrolling and focus must then
/// never move the page that embeds it).
pub fn embedded() -> bool {
    Embed::from_location().is_some()
}

/// A yes-or-no value: `1`, `true` or nothing for yes, `0` or `false` for no.
fn flag(value: &str) -> Option<bool> {
    match value {
        "" | "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// A finite number, read by the JSON parser the page has anyway (core's float parser would
/// add to the bundle).
fn number(value: &str) -> Option<f64> {
    serde_json::from_str::<f64>(value)
        .ok()
        .filter(|x| x.is_finite())
}

/// A query string's component with its `%XX` escapes and `+` (a space) decoded; a `%` not
/// followed by two hex digits stays as it is (text that does not decode to UTF-8 stays as
/// given).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| {
            bytes
                .get(j)
                .and_then(|&b| (b as char).to_digit(16))
                .map(|d| d as u8)
        };
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The query string (without `?`) of an embedded page with these options; a parameter at its
/// default is left out, `embed` and `panels` never.
pub fn query(o: &EmbedOptions) -> String {
    let mut q = String::from("embed&panels=");
    q.push_str(o.panels.value());
    if o.autoplay {
        q.push_str("&autoplay=1");
    }
    if let Some(speed) = o.speed {
        q.push_str("&speed=");
        q.push_str(&plain(speed));
    }
    if o.start > 0 {
        q.push_str("&start=");
        q.push_str(&plain(o.start as f64 / 1000.0));
    }
    q.push_str("&height=");
    q.push_str(&o.height.to_string());
    q
}

/// `link` (a share link: address, perhaps a query, `#` and the fragment) with its query
/// replaced by `query` (none if empty).
pub fn with_query(link: &str, query: &str) -> String {
    let (address, fragment) = link.split_once('#').unwrap_or((link, ""));
    let page = address.split_once('?').map_or(address, |(page, _)| page);
    let q = if query.is_empty() { "" } else { "?" };
    let hash = if fragment.is_empty() { "" } else { "#" };
    format!("{page}{q}{query}{hash}{fragment}")
}

/// The `<iframe>` that embeds the session of `share_link` (the full page's share link) with
/// these options, titled after the scenario `name` for screen readers.
pub fn snippet(share_link: &str, o: &EmbedOptions, name: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{}\" style=\"border: 0; max-width: 100%\" loading=\"lazy\"></iframe>",
        escaped(&with_query(share_link, &query(o))),
        escaped(&frame_title(name)),
        o.height
    )
}

/// The embed code of the session in `state`, whose full page's share link is `share_link`: it
/// shows the cluster and the log, at the time and the speed of `state`, paused.
pub fn code(share_link: &str, state: &AppState) -> String {
    let options = EmbedOptions {
        speed: Some(state.speed),
        start: state.at.now_us,
        ..EmbedOptions::default()
    };
    snippet(share_link, &options, &state.base.name)
}

/// What an embedded page is, for screen readers (its title, and the iframe's): quorumscope
/// and the scenario's name.
pub fn frame_title(name: &str) -> String {
    if name.is_empty() {
        "quorumscope: a simulation of leaderless replication".to_string()
    } else {
        format!("quorumscope simulation: {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Embed {
        Embed::from_query(q).expect("embed mode")
    }

    #[test]
    fn no_embed_parameter_is_the_full_page() {
        assert_eq!(Embed::from_query(""), None);
        assert_eq!(Embed::from_query("?"), None);
        assert_eq!(Embed::from_query("?panels=cluster"), None);
        assert_eq!(Embed::from_query("?embed=0&panels=nope"), None);
        assert_eq!(Embed::from_query("?embed=false"), None);
    }

    #[test]
    fn defaults() {
        for q in ["?embed", "embed", "?embed=1", "?embed=true", "?embed="] {
            let e = parse(q);
            assert_eq!(e.options, EmbedOptions::default(), "{q}");
            assert!(e.errors.is_empty(), "{q}");
            assert_eq!(e.problems(), None);
        }
        assert_eq!(EmbedOptions::default().panels, Panels::ClusterLog);
    }

    #[test]
    fn every_option() {
        let e = parse("?embed&panels=cluster&autoplay=1&speed=0.05&start=120.5&height=420");
        assert_eq!(
            e.options,
            EmbedOptions {
                panels: Panels::Cluster,
                autoplay: true,
                speed: Some(0.05),
                start: 120_500,
                height: 420,
            }
        );
        assert!(e.errors.is_empty());
        assert_eq!(parse("?embed&panels=all").options.panels, Panels::All);
        assert!(!parse("?embed&autoplay=false").options.autoplay);
        assert!(parse("?embed&autoplay").options.autoplay);
    }

    #[test]
    fn escaped_values_are_decoded() {
        let e = parse("?embed&panels=cluster%2Clog&speed=%30.1");
        assert_eq!(e.options.panels, Panels::ClusterLog);
        assert_eq!(e.options.speed, Some(0.1));
        assert_eq!(decode("a+b%41%zz%4"), "a bA%zz%4");
        assert_eq!(decode("%E2%9C%93"), "✓");
    }

    #[test]
    fn bad_values_keep_the_default_and_say_why() {
        let e = parse("?embed&panels=log&autoplay=maybe&speed=fast&start=-3&height=50");
        assert_eq!(e.options, EmbedOptions::default());
        let params: Vec<Param> = e
            .errors
            .iter()
            .map(|e| match e {
                ParamError::Bad(p, _) => *p,
                ParamError::Unknown(n) => panic!("unexpected unknown {n}"),
            })
            .collect();
        assert_eq!(
            params,
            [
                Param::Panels,
                Param::Autoplay,
                Param::Speed,
                Param::Start,
                Param::Height
            ]
        );
        let text = e.problems().expect("problems");
        assert!(
            text.contains("`panels=log` is not cluster, cluster,log or all: its default is used."),
            "{text}"
        );
        assert!(text.contains("`speed=fast` is not a number from 0.005 to 10"));
        assert!(text.contains("`height=50` is not a whole number of CSS pixels from 200 to 4000"));
        // Out of range, and not finite.
        assert_eq!(parse("?embed&speed=20").options.speed, None);
        assert_eq!(parse("?embed&speed=0").options.speed, None);
        assert_eq!(parse("?embed&start=1e999").options.start, 0);
        assert_eq!(parse("?embed&height=4001").options.height, 1100);
        assert_eq!(parse("?embed&height=12.5").errors.len(), 1);
        assert_eq!(
            parse("?embed=2").errors,
            [ParamError::Bad(Param::Embed, "2".into())]
        );
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = parse("?embed&panel=cluster&speed=1");
        assert_eq!(e.errors, [ParamError::Unknown("panel".into())]);
        assert_eq!(e.options.speed, Some(1.0));
        let text = e.problems().expect("problems");
        assert!(
            text.contains("there is no parameter `panel` (there are embed, panels, autoplay, speed, start, height)"),
            "{text}"
        );
        // The list in the message is every parameter there is.
        let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
        assert!(text.contains(&format!("(there are {})", names.join(", "))));
    }

    #[test]
    fn query_round_trips() {
        let options = [
            EmbedOptions::default(),
            EmbedOptions {
                panels: Panels::All,
                autoplay: true,
                speed: Some(0.02),
                start: 1_234_567,
                height: 300,
            },
        ];
        for o in options {
            let q = query(&o);
            let back = parse(&q);
            assert_eq!(back.options, o, "{q}");
            assert!(back.errors.is_empty(), "{q}");
        }
        assert_eq!(
            query(&EmbedOptions::default()),
            "embed&panels=cluster,log&height=1100"
        );
        // Without a height, the frame is as tall as the panels chosen need.
        assert_eq!(parse("?embed&panels=cluster").options.height, 880);
        assert_eq!(parse("?embed&height=500&panels=all").options.height, 500);
    }

    #[test]
    fn links() {
        let share = "https://x.org/qs/?embed&panels=all#p=default&z=abc";
        assert_eq!(with_query(share, ""), "https://x.org/qs/#p=default&z=abc");
        assert_eq!(
            with_query("https://x.org/qs/#p=siblings", "embed"),
            "https://x.org/qs/?embed#p=siblings"
        );
        assert_eq!(
            with_query("https://x.org/", "embed"),
            "https://x.org/?embed"
        );
    }

    #[test]
    fn snippet_is_an_escaped_iframe() {
        let o = EmbedOptions {
            start: 40_000,
            ..EmbedOptions::default()
        };
        let s = snippet("https://x.org/qs/#p=default", &o, "Say \"hi\" & <go>");
        assert_eq!(
            s,
            "<iframe src=\"https://x.org/qs/?embed&amp;panels=cluster,log&amp;start=40&amp;height=1100#p=default\" \
             title=\"quorumscope simulation: Say &quot;hi&quot; &amp; &lt;go&gt;\" width=\"100%\" height=\"1100\" \
             style=\"border: 0; max-width: 100%\" loading=\"lazy\"></iframe>"
        );
        assert_eq!(
            frame_title(""),
            "quorumscope: a simulation of leaderless replication"
        );
    }
}
