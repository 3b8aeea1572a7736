//! Workshop exercises in the page (issue 11, part 4; docs/EXERCISES.md): which exercises there
//! are, the links that open a set of them (`#ex=...`), and the progress this browser keeps
//! (localStorage). The exercises' files are fetched from `exercises/` when a visitor opens
//! them, and read and judged by the worker (`src/components/workshop.rs`).

/// The exercises in `exercises/`, in order: each file's name without `.json` (a test checks
/// that the folder holds exactly these).
pub const EXERCISES: [&str; 8] = [
    "01-lose-an-acknowledged-write",
    "02-stale-read-with-w-plus-r-at-most-n",
    "03-stale-read-with-overlapping-quorums",
    "04-siblings-and-their-resolution",
    "05-heal-without-reading",
    "06-local-quorum-stale-across-datacenters",
    "07-each-quorum-fails",
    "08-resurrect-a-deleted-value",
];

/// The fragment prefix of an exercise link: `#ex=all`, or `#ex=` and exercises by id or
/// number (`#ex=02,05`), with `&n=K` for the K-th of them (from 1) to open on.
pub const LINK_PREFIX: &str = "ex=";

/// A set of exercises to work through, and the one open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseSet {
    /// The exercises, as indices into [`EXERCISES`], in the link's order.
    pub members: Vec<usize>,
    /// Which of them is open (an index into `members`).
    pub open: usize,
}

impl ExerciseSet {
    /// Every exercise, in order, the first open.
    pub fn all() -> ExerciseSet {
        ExerciseSet {
            members: (0..EXERCISES.len()).collect(),
            open: 0,
        }
    }

    /// The id of the exercise open.
    pub fn id(&self) -> &'static str {
        EXERCISES[self.members[self.open]]
    }

    /// The fragment (without `#`) of a link to this set with this exercise open.
    pub fn fragment(&self) -> String {
        let list = if self.members == ExerciseSet::all().members {
            "all".to_string()
        } else {
            self.members
                .iter()
                .map(|&i| &EXERCISES[i][..2])
                .collect::<Vec<_>>()
                .join(",")
        };
        format!("{LINK_PREFIX}{list}&n={}", self.open + 1)
    }

    /// Reads an exercise link's fragment (with or without `#`): `None` if it is not one, `Err`
    /// naming what is wrong if it is one that cannot be read.
    pub fn from_hash(hash: &str) -> Option<Result<ExerciseSet, String>> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let rest = hash.strip_prefix(LINK_PREFIX)?;
        Some(Self::read(rest))
    }

    fn read(rest: &str) -> Result<ExerciseSet, String> {
        let (list, open) = match rest.split_once('&') {
            Some((list, more)) => {
                let k = more.strip_prefix("n=").ok_or_else(|| {
                    format!("after the exercises it has `{more}`, not `&n=` and a number")
                })?;
                let k: usize = k
                    .parse()
                    .map_err(|_| format!("`n={k}` is not a whole number from 1"))?;
                (list, Some(k))
            }
            None => (rest, None),
        };
        let members = if list == "all" {
            ExerciseSet::all().members
        } else {
            list.split(',')
                .map(|name| {
                    EXERCISES
                        .iter()
                        .position(|id| *id == name || (name.len() == 2 && id.starts_with(name)))
                        .ok_or_else(|| {
                            format!(
                                "it names `{name}`, which is none of the exercises (01 to {:02}, \
                                 or `all`)",
                                EXERCISES.len()
                            )
                        })
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        let open = match open {
            None => 0,
            Some(k) if (1..=members.len()).contains(&k) => k - 1,
            Some(k) => return Err(format!("`n={k}` is past its {} exercise(s)", members.len())),
        };
        Ok(ExerciseSet { members, open })
    }
}

/// What this browser remembers of an exercise (localStorage, so that it survives a reload).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The exercise was solved here once.
    pub solved: bool,
    /// How many of its hints were revealed.
    pub hints: usize,
    /// The visitor's run of it: a share link's fragment (`z=...`) of their session.
    pub session: Option<String>,
}

/// The localStorage key of `field` of exercise `id`.
fn key(id: &str, field: &str) -> String {
    format!("quorumscope.exercise.{id}.{field}")
}

/// The browser's localStorage, if it has one the page may use.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Progress {
    /// What this browser remembers of exercise `id` (nothing, where storage is refused).
    pub fn load(id: &str) -> Progress {
        let Some(s) = storage() else {
            return Progress::default();
        };
        let get = |field| s.get_item(&key(id, field)).ok().flatten();
        Progress {
            solved: get("solved").as_deref() == Some("yes"),
            hints: get("hints").and_then(|h| h.parse().ok()).unwrap_or(0),
            session: get("session"),
        }
    }

    /// Remembers it for exercise `id` (silently not, where storage is refused or full: the
    /// page works on without it).
    pub fn save(&self, id: &str) {
        let Some(s) = storage() else {
            return;
        };
        let _ = s.set_item(&key(id, "solved"), if self.solved { "yes" } else { "no" });
        let _ = s.set_item(&key(id, "hints"), &self.hints.to_string());
        match &self.session {
            Some(session) => {
                let _ = s.set_item(&key(id, "session"), session);
            }
            None => {
                let _ = s.remove_item(&key(id, "session"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_exactly_the_files_of_the_exercises_folder() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/exercises");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
            .collect();
        files.sort();
        assert_eq!(files, EXERCISES.map(str::to_string).to_vec());
    }

    #[test]
    fn exercise_links_read_back_and_bad_ones_say_what_is_wrong() {
        assert_eq!(ExerciseSet::from_hash("#p=default"), None);
        assert_eq!(
            ExerciseSet::from_hash("#ex=all"),
            Some(Ok(ExerciseSet::all()))
        );
        let set = ExerciseSet::from_hash("ex=02,05-heal-without-reading&n=2")
            .unwrap()
            .unwrap();
        assert_eq!(set.members, vec![1, 4]);
        assert_eq!(set.id(), "05-heal-without-reading");
        assert_eq!(set.fragment(), "ex=02,05&n=2");
        assert_eq!(ExerciseSet::from_hash(&set.fragment()), Some(Ok(set)));
        let all = ExerciseSet {
            open: 7,
            ..ExerciseSet::all()
        };
        assert_eq!(all.fragment(), "ex=all&n=8");
        assert_eq!(ExerciseSet::from_hash(&all.fragment()), Some(Ok(all)));

        let error = |hash: &str| ExerciseSet::from_hash(hash).unwrap().unwrap_err();
        assert!(error("ex=09").contains("`09`, which is none of the exercises (01 to 08"));
        assert!(error("ex=all&n=9").contains("`n=9` is past its 8 exercise(s)"));
        assert!(error("ex=01&n=0").contains("past"));
        assert!(error("ex=01&n=x").contains("`n=x` is not a whole number"));
        assert!(error("ex=01&k=1").contains("not `&n=`"));
        assert!(error("ex=").contains("``, which is none"));
    }
}
