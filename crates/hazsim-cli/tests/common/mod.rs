//! Helpers shared by the CLI integration tests.

use std::path::Path;
use std::process::{Command, Output};

/// Run the `hazsim` binary with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hazsim"))
        .args(args)
        .output()
        .expect("run hazsim")
}

/// Asserts a failed run (exit code 1) with exactly one stderr line that contains every `needle`.
pub fn assert_one_line_error(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "expected failure, got success");
    assert_eq!(o.status.code(), Some(1), "expected exit 1");
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "stderr should be one line: {err}");
    assert!(lines[0].starts_with("hazsim: error: "), "{err}");
    for n in needles {
        assert!(lines[0].contains(n), "stderr lacks {n:?}: {err}");
    }
}

/// Asserts that every file in `names` exists (as a file) in `dir`. (Not every test binary that
/// includes this module uses it.)
#[allow(dead_code)]
pub fn assert_files(dir: &Path, names: &[&str]) {
    for name in names {
        let p = dir.join(name);
        assert!(p.is_file(), "{} missing", p.display());
    }
}
