//! End-to-end tests of `hazsim run` and `hazsim check`: a storm scenario over a synthetic valley
//! runs and writes its folder; check accepts it; a bad key or a missing hazard reference gives
//! one clear stderr line and exit code 1; `run --help` teaches with examples.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_files, assert_one_line_error, run};

const STORM: &str = r#"[scenario]
name = "CLI storm"
duration = "1h"
check_interval = "5min"

[terrain]
dem = "dem.tif"

[[hazard]]
id = "storm"
kind = "flood"
rain = { series = [["0min", 60.0], ["30min", 0.0]] }
"#;

/// A valley of 60 rows × 41 columns of 10 m, draining south at 2 % with 30 % side slopes, in
/// UTM 16N, written as dem.tif in `dir`.
fn valley(dir: &Path) {
    let z = Array2::from_shape_fn((60, 41), |(r, c)| {
        100.0 + 0.02 * 10.0 * (60 - r) as f32 + 0.3 * 10.0 * (c as f32 - 20.0).abs()
    });
    hazsim_io::write_raster(
        &Raster::new(
            z,
            GeoTransform::north_up(500_000.0, 4_000_600.0, 10.0),
            Crs::epsg(32616),
        ),
        dir.join("dem.tif"),
    )
    .unwrap();
}

/// The valley and a scenario file `name` holding `text`, in a new tempdir.
fn setup(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    valley(dir.path());
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

#[test]
fn run_writes_the_scenario_folder_and_prints_a_summary() {
    let (dir, toml) = setup("storm.toml", STORM);
    let out = dir.path().join("out");
    let o = run(&[
        "run",
        toml.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&o.stderr)
    );
    let folder = out.join("cli-storm");
    assert!(
        stdout.contains(&folder.display().to_string()),
        "stdout lacks the output folder: {stdout}"
    );
    for word in [
        "storm (flood)",
        "started 0s",
        "exposed",
        "warned",
        "roads cut",
    ] {
        assert!(stdout.contains(word), "stdout lacks {word:?}: {stdout}");
    }
    assert!(stdout.lines().count() <= 20, "summary too long: {stdout}");
    assert_files(
        &folder,
        &[
            "impacts.csv",
            "events.jsonl",
            "kpis.json",
            "summary.md",
            "storm.max_depth.tif",
        ],
    );
    let events = std::fs::read_to_string(folder.join("events.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(events.lines().next().unwrap()).unwrap();
    for key in ["t", "kind", "message", "message_zh"] {
        assert!(first.get(key).is_some(), "event lacks {key:?}: {first}");
    }
    let kpis: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("kpis.json")).unwrap()).unwrap();
    assert_eq!(kpis["hazards"][0]["id"], "storm");
    // No temporary folders are left beside the result.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["cli-storm"]);
}

#[test]
fn check_accepts_a_valid_scenario() {
    let (_dir, toml) = setup("storm.toml", STORM);
    let o = run(&["check", toml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.starts_with("ok: CLI storm: 1 hazard"), "{stdout}");
    assert!(stdout.contains("duration 1h"), "{stdout}");
}

#[test]
fn check_names_the_file_line_and_unknown_key() {
    let text = STORM.replace(
        "name = \"CLI storm\"\n",
        "name = \"CLI storm\"\ncolour = 3\n",
    );
    let (_dir, toml) = setup("bad.toml", &text);
    let o = run(&["check", toml.to_str().unwrap()]);
    assert_one_line_error(&o, &["bad.toml", ":3:", "colour"]);
}

#[test]
fn check_names_a_missing_hazard_reference() {
    let text = format!(
        "{STORM}
[[hazard]]
id = \"slide\"
kind = \"debris\"
start = {{ when = \"rain\", of = \"nope\", mm = 10, within = \"1h\" }}
release = {{ points = [[500205.0, 4000395.0]] }}
"
    );
    let (dir, toml) = setup("ref.toml", &text);
    let o = run(&["check", toml.to_str().unwrap()]);
    assert_one_line_error(&o, &["ref.toml", "nope"]);
    // `run` refuses it the same way, and writes nothing.
    let out = dir.path().join("out");
    let o = run(&[
        "run",
        toml.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_one_line_error(&o, &["nope"]);
    assert!(!out.exists());
}

#[test]
fn run_and_check_help_teach_with_examples() {
    let o = run(&["run", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in [
        "Examples",
        "hazsim run",
        "hazsim check",
        "scenario-file.md",
        "impacts.csv",
        "impacts.geojson",
        "events.jsonl",
        "kpis.json",
        "summary.md",
        "scenario.json",
    ] {
        assert!(s.contains(word), "run --help lacks {word:?}");
    }
    let o = run(&["check", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in ["hazsim check", "scenario-file.md"] {
        assert!(s.contains(word), "check --help lacks {word:?}");
    }
}
