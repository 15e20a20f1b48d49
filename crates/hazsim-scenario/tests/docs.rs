//! `docs/scenario-file.md`, the reference of the scenario file, kept honest: its examples parse
//! (the complete ones are also checked as `hazsim check` would, from `scenarios/`), the valley
//! example is the shipped file verbatim, and every key of the format is named in it, so the page
//! cannot silently lose a key or keep a stale example.

use hazsim_scenario::{Scenario, ScenarioSpec};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc() -> String {
    let p = root().join("docs/scenario-file.md");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every ```toml fenced block: (line of its opening fence, its text).
fn toml_blocks(doc: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        match &mut open {
            None if line.trim_start().starts_with("```toml") => open = Some((i + 1, String::new())),
            None => {}
            Some(_) if line.trim() == "```" => out.push(open.take().expect("open block")),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(open.is_none(), "a ```toml block is not closed");
    out
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

fn parse(line: usize, what: &str, text: &str) -> ScenarioSpec {
    toml::from_str::<ScenarioSpec>(text).unwrap_or_else(|e| {
        panic!(
            "docs/scenario-file.md:{line}: {what} does not parse as a scenario file: {e}\n{text}"
        )
    })
}

#[test]
fn complete_examples_parse_and_check() {
    let doc = doc();
    let blocks = toml_blocks(&doc);
    let complete: Vec<&(usize, String)> = blocks
        .iter()
        .filter(|(_, t)| first_line(t) == "# complete")
        .collect();
    assert!(
        complete.len() >= 2,
        "docs/scenario-file.md should mark at least 2 complete examples with `# complete`, found {}",
        complete.len()
    );
    for (line, text) in &complete {
        parse(*line, "the complete example", text);
        // Checked against the real terrain and assets, as a file saved in scenarios/.
        let as_file = root().join("scenarios/docs-example.toml");
        if let Err(e) = Scenario::from_toml_str(text, &as_file) {
            panic!("docs/scenario-file.md:{line}: the complete example fails `hazsim check` from scenarios/: {e}");
        }
    }
    // The valley example is scenarios/valley-storm-fire.toml verbatim.
    let valley_path = root().join("scenarios/valley-storm-fire.toml");
    let valley = std::fs::read_to_string(&valley_path).unwrap();
    assert!(
        complete
            .iter()
            .any(|(_, t)| { t.split_once('\n').map(|(_, rest)| rest) == Some(valley.as_str()) }),
        "docs/scenario-file.md should hold {} verbatim in a `# complete` block",
        valley_path.display()
    );
    // Every other example that is a whole file parses as it stands.
    let mut n = 0;
    for (line, text) in &blocks {
        if first_line(text) != "# complete" && first_line(text).starts_with("[scenario]") {
            parse(*line, "the example", text);
            n += 1;
        }
    }
    assert!(n >= 1, "no example starting with [scenario] was found");
}

/// Examples of single sections (`[[hazard]]`, `[terrain]`, `[thresholds.road]`...) parse when
/// put after the smallest `[scenario]` and `[terrain]`.
#[test]
fn section_examples_parse() {
    let doc = doc();
    let mut n = 0;
    for (line, text) in toml_blocks(&doc) {
        let first = first_line(&text);
        if first == "# complete" || first.starts_with("[scenario]") || !first.starts_with('[') {
            continue;
        }
        let mut file = String::from("[scenario]\nname = \"doc\"\nduration = \"1d\"\n\n");
        if !text.lines().any(|l| l.trim() == "[terrain]") {
            file.push_str("[terrain]\ndem = \"dem.tif\"\n\n");
        }
        file.push_str(&text);
        parse(line, "the section example", &file);
        n += 1;
    }
    assert!(n >= 10, "only {n} section examples found");
}

/// Keys of the scenario's own serde types (`spec.rs`), with the names of their variants.
const SPEC_KEYS: &[&str] = &[
    // top level
    "scenario",
    "terrain",
    "hazard",
    "asset_layer",
    "depot",
    "warning",
    "relief",
    "thresholds",
    // [scenario]
    "name",
    "name_zh",
    "start",
    "duration",
    "seed",
    "check_interval",
    // [terrain]
    "dem",
    "fuel",
    "fill_nodata",
    "population_day",
    "population_night",
    // [[hazard]] common keys and kinds
    "id",
    "kind",
    "start",
    "lag",
    "probability",
    "duration",
    "flood",
    "fire",
    "debris",
    // flood
    "rain",
    "breach_start",
    "config",
    "series",
    "design_storm",
    "return_period",
    "peak_ratio",
    "time_step",
    "formula",
    "a",
    "c",
    "b",
    "n",
    // fire
    "ignition",
    "fuel",
    "weather",
    "at",
    "midflame_wind_speed",
    "wind_direction",
    "moisture",
    "one_hour",
    "ten_hour",
    "hundred_hour",
    "live_herb",
    "live_woody",
    // debris
    "method",
    "route",
    "voellmy",
    "release",
    "front_speed",
    "release_depth",
    "dams",
    "points",
    "path",
    "susceptible",
    "by",
    "min_slope",
    "max_critical_rainfall",
    "soil",
    "shalstab",
    "slope",
    "channels",
    // triggers
    "when",
    "of",
    "mm",
    "within",
    "rule",
    "caine-1980",
    "post_fire_rain",
    "rain",
    "probability",
    "min_area",
    "max_area",
    "kf_factor",
    "reservoir_level",
    "above",
    "gauge",
    "field",
    "at",
    "fire_area",
    "ha",
    // [[asset_layer]] and GeoJSON properties
    "path",
    "kind",
    "population",
    "capacity",
    "value",
    // asset kinds
    "residential",
    "school",
    "hospital",
    "care_home",
    "shelter",
    "road",
    "bridge",
    "power",
    "water",
    "command_post",
    "industrial",
    // [thresholds.<kind>]
    "flood_cut_depth",
    "flood_damage_depth",
    "flood_destroy_dv",
    "fire_damage_flame_length",
    "fire_destroy_intensity",
    "debris_damage_pressure",
    "debris_destroy_pressure",
    // [[depot]]
    "name",
    "at",
    // [[warning]]
    "range",
    "delay",
    "lead_time",
    "hazards",
    // [relief]
    "road_speed",
    "offroad_speed",
    "targets",
    "dispatch_delay",
    "fire_closure",
    "passable_depth",
];

/// Keys and variant names inside the engines' configurations that their defaults do not show.
const ENGINE_KEYS: &[&str] = &[
    // flood boundaries, rain, sources, reservoir, breach, infiltration
    "north",
    "east",
    "south",
    "west",
    "closed",
    "free_outflow",
    "critical_outflow",
    "fixed_level",
    "level_hydrograph",
    "none",
    "uniform",
    "x",
    "y",
    "hydrograph",
    "line",
    "region",
    "polygon",
    "level",
    "final_level",
    "formation_time",
    "k_s",
    "psi_f",
    "delta_theta",
    // fire
    "integrated",
    "source",
    "half_and_half",
    "applied",
    "ignored",
    "scott_burgan",
    "behave_plus",
    "per_cell",
    "sigma",
    "min_intensity",
    "embers",
    "distance_per_wind",
    "lateral_sd",
    // debris
    "d8",
    "mfd",
    "exponent",
    "flow-r",
    "flow-py",
    "open",
];

/// The inline code spans (`...`) of the text outside fenced blocks.
fn inline_code(doc: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut fenced = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            for (i, part) in line.split('`').enumerate() {
                if i % 2 == 1 {
                    out.insert(part.to_string());
                }
            }
        }
    }
    out
}

/// Every object key of a JSON value, recursively.
fn keys_of(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                keys_of(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| keys_of(x, out)),
        _ => {}
    }
}

#[test]
fn every_key_is_documented() {
    let doc = doc();
    let mut keys: Vec<String> = SPEC_KEYS
        .iter()
        .chain(ENGINE_KEYS)
        .map(|s| s.to_string())
        .collect();
    // Every key of the engines' configurations, from their defaults: a key added to an engine
    // must be documented here too.
    let defaults = [
        serde_json::to_value(hazsim_flood::FloodConfig::default()).unwrap(),
        serde_json::to_value(hazsim_fire::spread::SpreadConfig::default()).unwrap(),
        serde_json::to_value(hazsim_fire::spread::Spotting::default()).unwrap(),
        serde_json::to_value(hazsim_debris::RunoutParams::default()).unwrap(),
        serde_json::to_value(hazsim_debris::voellmy::VoellmyConfig::default()).unwrap(),
        serde_json::to_value(hazsim_debris::SoilParams::default()).unwrap(),
        serde_json::to_value(hazsim_scenario::spec::ReliefSpec::default()).unwrap(),
    ];
    for d in &defaults {
        keys_of(d, &mut keys);
    }
    // And every key of the complete examples as parsed, with every default filled in.
    for (_, text) in toml_blocks(&doc) {
        if first_line(&text) == "# complete" {
            let spec: ScenarioSpec = toml::from_str(&text).unwrap();
            keys_of(&serde_json::to_value(&spec).unwrap(), &mut keys);
        }
    }
    keys.sort();
    keys.dedup();
    let spans = inline_code(&doc);
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !spans.contains(*k) && !spans.contains(&format!("\"{k}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario-file.md does not name these keys in backticks: {missing:?}"
    );
}
