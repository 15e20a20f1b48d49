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

/// Chain 2: a fire burns the steep valley sides; a storm an hour later gives a peak 15-min rain
/// whose Staley et al. (2017) M1 likelihood passes 0.5 in the channels below the burn, and
/// post-fire debris flows start there.
#[test]
fn fire_then_storm_gives_post_fire_debris_flows() {
    let dir = tempfile::tempdir().unwrap();
    hazsim_io::write_raster(&valley_with(0.5, 0.25), dir.path().join("dem.tif")).unwrap();
    let ign = xy(20, 30);
    let text = header("Post-fire chain", "3h")
        + &format!(
            r#"
[[hazard]]
id = "fire"
kind = "fire"
ignition = [[{}, {}]]
fuel = "GR4"
weather = [{{ midflame_wind_speed = 3.0, wind_direction = 90.0, moisture = {{ one_hour = 0.04, ten_hour = 0.05, hundred_hour = 0.06, live_herb = 0.3, live_woody = 0.6 }} }}]

[[hazard]]
id = "storm"
kind = "flood"
start = "1h"
rain = {{ series = [["0min", 40.0], ["30min", 0.0]] }}

[[hazard]]
id = "post-fire"
kind = "debris"
start = {{ when = "post_fire_rain", fire = "fire", rain = "storm", probability = 0.5, min_area = 5000 }}
release = {{ susceptible = {{ by = "channels" }} }}
route = {{ travel_angle = 8.0 }}
"#,
            ign.0, ign.1
        );
    let r = run(dir.path(), &text);
    let trig = kinds(&r, EventKind::Trigger);
    assert_eq!(trig.len(), 1, "{:#?}", r.events);
    assert_eq!(trig[0].hazard.as_deref(), Some("post-fire"));
    // Not before the storm: the trigger needs the storm's rain.
    assert!(trig[0].t > 3600.0, "{}", trig[0].t);
    let rel = kinds(&r, EventKind::Release);
    assert!(!rel.is_empty());
    let fire = &r.kpis.hazards[0];
    assert!(fire.area_ha > 1.0, "{fire:?}");
    let debris = &r.kpis.hazards[2];
    assert!(debris.area_ha > 0.0, "{debris:?}");
    // The release cells are channel cells: every released cell has upslope area >= 5000 m2.
    let len = r.field("post-fire", "debris.susceptibility").unwrap();
    assert!(len.data.iter().any(|&v| v > 0.0));
}

/// Chain 3: inflow fills a reservoir behind a dam; when its level passes 114.5 m the breach
/// opens and the flood wave runs down the valley to the house.
#[test]
fn reservoir_level_starts_a_dam_breach() {
    let dir = tempfile::tempdir().unwrap();
    let mut dem = valley();
    for c in 0..COLS {
        dem.data[[15, c]] += 8.0; // the dam, 8 m above the valley floor at row 15
    }
    hazsim_io::write_raster(&dem, dir.path().join("dem.tif")).unwrap();
    write_assets(dir.path());
    let poly = |r0: usize, r1: usize, c0: usize, c1: usize| {
        let (x0, y0) = (X0 + c0 as f64 * CELL, Y0 - r0 as f64 * CELL);
        let (x1, y1) = (X0 + c1 as f64 * CELL, Y0 - r1 as f64 * CELL);
        format!("[[[{x0}, {y0}], [{x1}, {y0}], [{x1}, {y1}], [{x0}, {y1}]]]")
    };
    let top = xy(2, 20);
    let text = header("Breach chain", "2h")
        + &format!(
            r#"
[[asset_layer]]
path = "assets.geojson"

[[hazard]]
id = "dam"
kind = "flood"
breach_start = {{ when = "reservoir_level", above = 114.5 }}

[hazard.config]
inflows = [{{ x = {}, y = {}, hydrograph = [[0.0, 5.0], [900.0, 5.0], [960.0, 0.0]] }}]
reservoir = {{ region = {{ polygon = {} }}, level = 114.0 }}
breach = {{ region = {{ polygon = {} }}, final_level = 105.0, start = 0.0, formation_time = 600.0 }}
boundaries = {{ south = {{ free_outflow = {{}} }} }}
"#,
            top.0,
            top.1,
            poly(3, 15, 5, 36),
            poly(15, 16, 18, 23)
        );
    let r = run(dir.path(), &text);
    let breach = kinds(&r, EventKind::BreachStart);
    assert_eq!(breach.len(), 1, "{:#?}", r.events);
    let tb = breach[0].t;
    assert!(tb > 0.0 && tb <= 3600.0, "{tb}");
    // The wave reaches the house downstream only after the breach.
    let house = r.impacts.iter().find(|i| i.id == "house-1").unwrap();
    let arr = house
        .flood_arrival_s
        .expect("the flood wave reaches the house");
    assert!(arr > tb, "house flooded at {arr} s, breach at {tb} s");
    // The same scenario with the breach held shut leaves the house dry.
    let dry = text.replace("above = 114.5", "above = 999.0");
    let r2 = run(dir.path(), &dry);
    assert!(kinds(&r2, EventKind::BreachStart).is_empty());
    let house2 = r2.impacts.iter().find(|i| i.id == "house-1").unwrap();
    assert!(house2.flood_arrival_s.is_none(), "{house2:?}");
}

/// Chain 4: a Voellmy debris flow from the east slope stops in the channel; its deposit raises
/// the river's bed (mass exact in the flood engine), and water ponds behind it.
#[test]
fn debris_deposit_dams_the_river() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let top = xy(1, 20);
    let pts: Vec<String> = (28..32)
        .flat_map(|r| (26..29).map(move |c| xy(r, c)))
        .map(|(x, y)| format!("[{x}, {y}]"))
        .collect();
    let text = |dams: bool| {
        header("Barrier chain", "90min")
            + &format!(
                r#"
[[hazard]]
id = "river"
kind = "flood"

[hazard.config]
inflows = [{{ x = {}, y = {}, hydrograph = [[0.0, 4.0]] }}]
boundaries = {{ south = {{ free_outflow = {{}} }} }}

[[hazard]]
id = "slide"
kind = "debris"
method = "voellmy"
start = "30min"
release = {{ points = [{}] }}
release_depth = 6.0
{}

[hazard.voellmy]
mu = 0.25
xi = 400.0
"#,
                top.0,
                top.1,
                pts.join(", "),
                if dams { "dams = \"river\"" } else { "" }
            )
    };
    let r = run(dir.path(), &text(true));
    let dep = kinds(&r, EventKind::BarrierDeposit);
    assert!(!dep.is_empty(), "{:#?}", r.events);

    assert!(dep[0].t >= 1800.0);
    let free = run(dir.path(), &text(false));
    assert!(kinds(&free, EventKind::BarrierDeposit).is_empty());
    // Upstream of the deposit (row 17 of the channel; the deposit reaches up to row 20) the
    // water stands deeper than without it.
    let d_dam = r.field("river", "flood.max_depth").unwrap().data[[17, 20]];
    let d_free = free.field("river", "flood.max_depth").unwrap().data[[17, 20]];
    eprintln!("dammed {d_dam} m, free {d_free} m");
    assert!(d_dam > d_free + 0.2, "dammed {d_dam} m, free {d_free} m");
}
