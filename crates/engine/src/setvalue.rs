//! The values of Jepsen's set workload: comma-separated elements, merged by union (what a put
//! with `"merge": "union"` writes).

use crate::version::Value;

/// The elements of a set value: its comma-separated items, trimmed, empty ones left out.
pub fn elements(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|e| !e.is_empty())
}

/// Sorts set elements: numerically when every one is an integer, else lexicographically.
pub(crate) fn sort_elements(items: &mut [String]) {
    let numbers: Option<Vec<i128>> = items.iter().map(|e| e.parse::<i128>().ok()).collect();
    if numbers.is_some() {
        crate::sort::sort_by(items, |a, b| match (a.parse::<i128>(), b.parse::<i128>()) {
            (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
            _ => a.cmp(b),
        });
    } else {
        crate::sort::sort(items);
    }
}

/// The value a put with `"merge": "union"` writes ([`crate::scenario::Merge::Union`]): the union of the elements
/// of every value in `read` (the sibling values of the client's last successful result for the
/// key) and of `add`, sorted (numerically when every element is an integer, else
/// lexicographically) and joined with commas. `union_of(&["1,3".into(), "2".into()], "10")` is
/// `"1,2,3,10"`.
pub fn union_of(read: &[Value], add: &str) -> String {
    let mut items: Vec<String> = read
        .iter()
        .flat_map(|v| elements(v))
        .chain(elements(add))
        .map(str::to_string)
        .collect();
    // Either order puts equal elements side by side, so dropping repeats after sorting leaves
    // each element once.
    sort_elements(&mut items);
    items.dedup();
    items.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(xs: &[&str]) -> Vec<Value> {
        xs.iter().map(|x| Value::from(*x)).collect()
    }

    #[test]
    fn jepsen_set_union_sorts_numbers_numerically() {
        assert_eq!(union_of(&vals(&["1,3", "2,10"]), "9"), "1,2,3,9,10");
        assert_eq!(union_of(&vals(&["3", "1,3"]), "1"), "1,3");
        assert_eq!(union_of(&[], "7"), "7");
        assert_eq!(union_of(&vals(&[" 2 , ,1"]), ""), "1,2");
        assert_eq!(union_of(&vals(&["-1,5"]), "-20"), "-20,-1,5");
    }

    #[test]
    fn jepsen_set_union_sorts_words_lexicographically() {
        assert_eq!(union_of(&vals(&["milk,10"]), "eggs,9"), "10,9,eggs,milk");
        assert_eq!(union_of(&vals(&["b"]), "a"), "a,b");
    }
}
