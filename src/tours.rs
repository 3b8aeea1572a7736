//! Guided tours in the page: their manifest (`tours/index.json`, built in: the Tours list needs
//! it), where a tour's file is fetched from, and tour links (`#tour=<id>&step=<k>`,
//! docs/TOURS.md).

/// The tours' manifest.
const MANIFEST: &str = include_str!("../tours/index.json");

/// The prefix of a tour link's fragment, after the `#`.
pub const TOUR_PREFIX: &str = "tour=";

/// The tours, as `(id, title)`, in the manifest's order.
pub fn tours() -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(MANIFEST).unwrap_or_default();
    let text = crate::scenarios::manifest_text;
    match value.get("tours") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|t| (text(t, "id"), text(t, "title")))
            .collect(),
        _ => Vec::new(),
    }
}

/// Where the page fetches a tour from (relative to the page).
pub fn tour_path(id: &str) -> String {
    format!("tours/{id}.json")
}

/// The fragment (without `#`) of a link to step `step` (from 0) of the tour `id`:
/// `tour=<id>&step=<step + 1>`.
pub fn tour_fragment(id: &str, step: usize) -> String {
    format!("{TOUR_PREFIX}{id}&step={}", step + 1)
}

/// The tour and step (from 0) of a tour link's fragment (`#tour=<id>` or
/// `#tour=<id>&step=<k>`, `k` from 1; with or without the `#`): `None` if it is no tour link,
/// `Err` saying what is wrong with one that cannot be followed.
///
/// ```
/// use quorumscope::tours::read_tour_link;
/// assert_eq!(read_tour_link("#tour=how-stale&step=3"), Some(Ok(("how-stale".into(), 2))));
/// assert_eq!(read_tour_link("#tour=how-stale"), Some(Ok(("how-stale".into(), 0))));
/// assert!(read_tour_link("#tour=how-stale&step=0").unwrap().is_err());
/// assert_eq!(read_tour_link("#p=default"), None);
/// ```
pub fn read_tour_link(hash: &str) -> Option<Result<(String, usize), String>> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let rest = hash.strip_prefix(TOUR_PREFIX)?;
    let (id, step) = match rest.split_once('&') {
        None => (rest, Ok(0)),
        Some((id, more)) => (
            id,
            match more.strip_prefix("step=").map(str::parse::<usize>) {
                Some(Ok(k)) if k >= 1 => Ok(k - 1),
                _ => Err(format!(
                    "after the tour's name it has `{}`, not `&step=` and a step number from 1",
                    crate::scenarios::shown(more)
                )),
            },
        ),
    };
    if !tours().iter().any(|(t, _)| t == id) {
        return Some(Err(format!(
            "it names a tour `{}` that this page does not have (docs/TOURS.md lists them)",
            crate::scenarios::shown(id)
        )));
    }
    Some(step.map(|s| (id.to_string(), s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue11_tour_links_round_trip_and_bad_ones_say_why() {
        let list = tours();
        assert!(list.len() >= 3, "{list:?}");
        for (i, (id, title)) in list.iter().enumerate() {
            assert!(!title.is_empty());
            // The Tours list writes them into HTML as they are.
            assert!(
                !format!("{id}{title}").contains(['<', '>', '&', '"']),
                "{id}: {title}"
            );
            assert_eq!(
                read_tour_link(&format!("#{}", tour_fragment(id, i))),
                Some(Ok((id.clone(), i)))
            );
        }
        let err = |h: &str| read_tour_link(h).unwrap().unwrap_err();
        assert!(err("#tour=nope").contains("tour `nope`"));
        assert!(err("#tour=how-stale&step=x").contains("`step=x`"));
        assert!(err("#tour=how-stale&zz").contains("not `&step=`"));
    }
}
