//! Helpers shared by the integration tests: run the built `qsim` binary and check how it
//! answered.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `qsim` with these arguments.
pub fn qsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qsim"))
        .args(args)
        .output()
        .expect("cannot start qsim")
}

/// Runs a command that must succeed and returns its JSON output.
pub fn json(args: &[&str]) -> Value {
    let out = qsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    serde_json::from_slice(&out.stdout).expect("stdout is not one JSON document")
}

/// Runs a command that must fail as bad input and returns its stderr line.
pub fn bad(args: &[&str]) -> String {
    let out = qsim(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    let line = stderr
        .strip_suffix('\n')
        .expect("stderr ends with a newline");
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "not one line: {stderr:?}"
    );
    line.to_string()
}

/// A scratch file unique to this call: tests run in parallel threads of one process, and two
/// of them writing the same name would let one read the other's half-written file.
pub fn scratch(name: &str, contents: &str) -> PathBuf {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir()
        .join(format!("qsim-test-{}", std::process::id()))
        .join(call.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The JSON files of a folder of the repository (`scenarios`, `exercises`), sorted.
#[allow(dead_code)] // Not every test file that includes this module lists a folder.
pub fn json_files(folder: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        // A folder's manifest (`scenarios/index.json`) lists its files; it is not one of them.
        .filter(|p| p.file_name().is_some_and(|n| n != "index.json"))
        .collect();
    files.sort();
    files
}
