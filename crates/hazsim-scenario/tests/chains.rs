//! The four disaster chains (灾害链) of the scenario layer, each run on the synthetic valley and
//! shown to fire in the event log.

mod common;

use common::*;
use hazsim_grid::NoProgress;
use hazsim_scenario::{EventKind, Scenario};

fn run(dir: &std::path::Path, text: &str) -> hazsim_scenario::ScenarioResult {
    let p = dir.join("s.toml");
    std::fs::write(&p, text).unwrap();
    let s = Scenario::from_toml(&p).unwrap_or_else(|e| panic!("{e}"));
    s.run(&mut NoProgress).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(r: &hazsim_scenario::ScenarioResult, k: EventKind) -> Vec<&hazsim_scenario::Event> {
    r.events.iter().filter(|e| e.kind == k).collect()
}

/// Chain 1: a storm floods the valley and, once 20 mm fell within 30 min, releases debris flows
/// from the steep cells (energy-line routing) that reach the road.
#[test]
fn storm_releases_debris_flows() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    write_assets(dir.path());
    let text = header("Storm chain", "2h")
        + r#"
[[asset_layer]]
path = "assets.geojson"

[[hazard]]
id = "storm"
kind = "flood"
rain = { series = [["0min", 60.0], ["1h", 0.0]] }

[hazard.config]
boundaries = { south = { free_outflow = {} } }

[[hazard]]
id = "slides"
kind = "debris"
start = { when = "rain", of = "storm", mm = 20, within = "30min" }
release = { susceptible = { by = "slope", min_slope = 16.0 } }
"#;
    let r = run(dir.path(), &text);
    let trig: Vec<_> = kinds(&r, EventKind::Trigger);
    assert_eq!(trig.len(), 1, "{:?}", r.events);
    // 60 mm/h gives 20 mm in 20 min: the first check at or after that is 20 min.
    assert_eq!(trig[0].t, 1200.0);
    assert_eq!(trig[0].hazard.as_deref(), Some("slides"));
    let starts = kinds(&r, EventKind::HazardStart);
    assert!(starts
        .iter()
        .any(|e| e.hazard.as_deref() == Some("slides") && e.t == 1200.0));
    let rel = kinds(&r, EventKind::Release);
    assert!(!rel.is_empty());
    // The debris reached the valley road, which is then cut.
    let road = r.impacts.iter().find(|i| i.id == "road-1").unwrap();
    assert!(road.debris_arrival_s.is_some(), "{road:?}");
    assert!(road.debris_arrival_s.unwrap() >= 1200.0);
    assert_ne!(road.worst_state, hazsim_scenario::exposure::State::Open);
    let kpi = &r.kpis.hazards;
    assert_eq!(kpi[1].started_at, Some(1200.0));
    assert!(kpi[1].area_ha > 0.0);
    // The flood reached the house in the channel.
    let house = r.impacts.iter().find(|i| i.id == "house-1").unwrap();
    assert!(
        house.flood_arrival_s.is_some() && house.max_flood_depth_m > 0.0,
        "{house:?}"
    );
}
