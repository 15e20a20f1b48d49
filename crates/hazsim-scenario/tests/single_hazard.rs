//! A scenario of one hazard gives the same bits as calling that engine directly with the same
//! inputs, and a scenario gives the same bits at any thread count.

mod common;

use common::*;
use hazsim_grid::{NoProgress, Simulation, Terrain};
use hazsim_scenario::{Scenario, ScenarioResult};

fn run(dir: &std::path::Path, text: &str) -> ScenarioResult {
    let p = dir.join("s.toml");
    std::fs::write(&p, text).unwrap();
    Scenario::from_toml(&p)
        .unwrap_or_else(|e| panic!("{e}"))
        .run(&mut NoProgress)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every field the scenario wrote for `hazard` equals the engine's, bit for bit.
fn same_bits(r: &ScenarioResult, hazard: &str, sim: &dyn Simulation) {
    let mut compared = 0;
    for (h, name, raster) in &r.fields {
        if h != hazard || name == "debris.arrival_time" {
            continue;
        }
        let direct = sim.field(name).unwrap_or_else(|| panic!("{name}"));
        let same = raster
            .data
            .iter()
            .zip(direct.iter())
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "{hazard} {name} differs from the engine run directly");
        compared += 1;
    }
    assert!(compared >= 2, "compared {compared} fields");
}

#[test]
fn flood_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let top = xy(2, 20);
    let text = header("One flood", "1h")
        + &format!(
            r#"
[[hazard]]
id = "f"
kind = "flood"
rain = {{ series = [["0min", 30.0], ["20min", 0.0]] }}

[hazard.config]
inflows = [{{ x = {}, y = {}, hydrograph = [[0.0, 3.0], [1800.0, 6.0]] }}]
boundaries = {{ south = {{ free_outflow = {{}} }} }}
"#,
            top.0, top.1
        );
    let r = run(dir.path(), &text);
    let cfg = hazsim_flood::FloodConfig {
        duration: 3600.0,
        output_interval: Some(300.0),
        rain: hazsim_flood::Rain::Uniform(vec![(0.0, 30.0), (1200.0, 0.0)]),
        inflows: vec![hazsim_flood::PointInflow {
            x: top.0,
            y: top.1,
            hydrograph: vec![(0.0, 3.0), (1800.0, 6.0)],
        }],
        boundaries: hazsim_grid::Edges {
            south: hazsim_flood::Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        ..Default::default()
    };
    let t = Terrain::new(valley()).unwrap();
    let mut sim = hazsim_flood::FloodSimulation::new(&t, cfg).unwrap();
    Simulation::advance(&mut sim, 3600.0, &mut NoProgress).unwrap();
    same_bits(&r, "f", &sim);
}

#[test]
fn fire_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let ign = xy(30, 28);
    let text = header("One fire", "1h")
        + &format!(
            r#"
[[hazard]]
id = "w"
kind = "fire"
ignition = [[{}, {}]]
fuel = "GR2"
weather = [{{ midflame_wind_speed = 2.0, wind_direction = 180.0, moisture = {{ one_hour = 0.06, ten_hour = 0.07, hundred_hour = 0.08, live_herb = 0.6, live_woody = 0.9 }} }},
           {{ at = "30min", midflame_wind_speed = 4.0, wind_direction = 270.0, moisture = {{ one_hour = 0.05, ten_hour = 0.06, hundred_hour = 0.08, live_herb = 0.6, live_woody = 0.9 }} }}]
"#,
            ign.0, ign.1
        );
    let r = run(dir.path(), &text);
    let t = Terrain::new(valley()).unwrap();
    let m = |a: f64, b: f64| hazsim_fire::FuelMoisture::new(a, b, 0.08, 0.6, 0.9).unwrap();
    let weather = hazsim_fire::spread::WeatherStream::new(vec![
        hazsim_fire::spread::WeatherRecord {
            start: 0.0,
            midflame_wind_speed: 2.0,
            wind_direction: 180.0,
            moisture: m(0.06, 0.07),
        },
        hazsim_fire::spread::WeatherRecord {
            start: 1800.0,
            midflame_wind_speed: 4.0,
            wind_direction: 270.0,
            moisture: m(0.05, 0.06),
        },
    ])
    .unwrap();
    let fuels =
        hazsim_fire::spread::Fuels::Uniform(hazsim_fire::FuelModel::by_name("GR2").unwrap());
    let ig = hazsim_fire::spread::Ignition::locate(&t, ign.0, ign.1, 0.0).unwrap();
    let cfg = hazsim_fire::spread::SpreadConfig {
        seed: 3,
        duration: 3600.0,
        ..Default::default()
    };
    let mut sim =
        hazsim_fire::spread::FireSpread::new(&t, &fuels, &weather, &[ig], None, &cfg).unwrap();
    Simulation::advance(&mut sim, 3600.0, &mut NoProgress).unwrap();
    assert!(sim.burned_times().len() > 10);
    same_bits(&r, "w", &sim);
}

#[test]
fn routing_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let pts = [xy(10, 30), xy(12, 8)];
    let text = header("One debris flow", "30min")
        + &format!(
            r#"
[[hazard]]
id = "d"
kind = "debris"
release = {{ points = [[{}, {}], [{}, {}]] }}
"#,
            pts[0].0, pts[0].1, pts[1].0, pts[1].1
        );
    let r = run(dir.path(), &text);
    let t = Terrain::new(valley()).unwrap();
    let release = hazsim_debris::Release::Points(pts.to_vec());
    let mut sim = hazsim_debris::RoutingSimulation::new(&t, release, Default::default()).unwrap();
    Simulation::advance(&mut sim, 1800.0, &mut NoProgress).unwrap();
    same_bits(&r, "d", &sim);
}

#[test]
fn voellmy_matches_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let cells = [(10usize, 30usize), (10, 31), (11, 30), (11, 31)];
    let pts: Vec<String> = cells
        .iter()
        .map(|&(r, c)| xy(r, c))
        .map(|(x, y)| format!("[{x}, {y}]"))
        .collect();
    let text = header("One Voellmy flow", "10min")
        + &format!(
            r#"
[[hazard]]
id = "v"
kind = "debris"
method = "voellmy"
release = {{ points = [{}] }}
release_depth = 3.0
"#,
            pts.join(", ")
        );
    let r = run(dir.path(), &text);
    let t = Terrain::new(valley()).unwrap();
    let mut depth = t.dem().map(|_| 0.0f32);
    for &(rr, c) in &cells {
        depth.data[[rr, c]] = 3.0;
    }
    let cfg = hazsim_debris::voellmy::VoellmyConfig {
        duration: 600.0,
        output_interval: Some(300.0),
        ..hazsim_debris::voellmy::VoellmyConfig::new(hazsim_debris::voellmy::VoellmyRelease::Depth(
            depth,
        ))
    };
    let mut sim = hazsim_debris::voellmy::VoellmySimulation::new(&t, cfg).unwrap();
    Simulation::advance(&mut sim, 600.0, &mut NoProgress).unwrap();
    same_bits(&r, "v", &sim);
}

/// The storm chain gives the same fields and events with one thread and with two.
#[test]
fn any_thread_count_gives_the_same_bits() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let ign = xy(30, 30);
    let text = header("Threads", "1h")
        + &format!(
            r#"
[[hazard]]
id = "storm"
kind = "flood"
rain = {{ series = [["0min", 60.0], ["40min", 0.0]] }}

[[hazard]]
id = "fire"
kind = "fire"
ignition = [[{}, {}]]
fuel = "GR2"
weather = [{{ midflame_wind_speed = 3.0, wind_direction = 200.0, moisture = {{ one_hour = 0.06, ten_hour = 0.07, hundred_hour = 0.08, live_herb = 0.6, live_woody = 0.9 }} }}]
config = {{ seed = 11, ros_noise = {{ per_cell = {{ sigma = 0.3 }} }} }}

[[hazard]]
id = "slides"
kind = "debris"
start = {{ when = "rain", of = "storm", mm = 15, within = "30min" }}
probability = 0.7
release = {{ susceptible = {{ by = "slope", min_slope = 16.0 }} }}
"#,
            ign.0, ign.1
        );
    let p = dir.path().join("s.toml");
    std::fs::write(&p, &text).unwrap();
    let s = Scenario::from_toml(&p).unwrap_or_else(|e| panic!("{e}"));
    let in_pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| s.run(&mut NoProgress).unwrap())
    };
    let (a, b) = (in_pool(1), in_pool(2));
    assert_eq!(a.fields.len(), b.fields.len());
    for ((h, n, x), (_, _, y)) in a.fields.iter().zip(&b.fields) {
        assert!(
            x.data
                .iter()
                .zip(y.data.iter())
                .all(|(p, q)| p.to_bits() == q.to_bits()),
            "{h} {n}"
        );
    }
    assert_eq!(a.events, b.events);
    assert_eq!(a.impacts, b.impacts);
}
