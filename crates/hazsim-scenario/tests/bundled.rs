//! The bundled example scenarios (`scenarios/*.toml`, on the real DEM of
//! `scenarios/data/jacksboro_utm16n.tif`) run and their disaster chains fire: the valley
//! storm-and-fire (rain-triggered slides and post-fire debris flows), the gorge dam breach and
//! the valley barrier lake.

use hazsim_grid::NoProgress;
use hazsim_scenario::{Event, EventKind, Scenario, ScenarioResult};
use std::path::PathBuf;

fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
}

/// Runs scenario text as if it were the bundled file `name` (relative paths from its folder).
fn run_text(name: &str, text: &str) -> ScenarioResult {
    let path = scenario_path(name);
    let s = Scenario::from_toml_str(text, &path).unwrap_or_else(|e| panic!("{e}"));
    let t0 = std::time::Instant::now();
    let r = s.run(&mut NoProgress).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{name}: ran in {:.1} s", t0.elapsed().as_secs_f64());
    r
}

/// The bundled file `name` and the result of running it.
fn run_file(name: &str) -> (String, ScenarioResult) {
    let text = std::fs::read_to_string(scenario_path(name)).unwrap();
    let r = run_text(name, &text);
    (text, r)
}

fn of_kind(r: &ScenarioResult, k: EventKind) -> Vec<&Event> {
    r.events.iter().filter(|e| e.kind == k).collect()
}

fn for_hazard<'a>(events: &[&'a Event], id: &str) -> Vec<&'a Event> {
    events
        .iter()
        .copied()
        .filter(|e| e.hazard.as_deref() == Some(id))
        .collect()
}

/// `scenarios/valley-storm-fire.toml`: the storm starts at 8 h; its rain passes the Caine (1980)
/// threshold and releases shallow slides, and on the ridge fire's burn it passes the Staley et al.
/// (2017) likelihood and releases post-fire debris flows.
#[test]
fn valley_storm_fire_releases_slides_and_post_fire_flows() {
    // The file as bundled, cut to 9 h (both chains fire by 8 h 25 min) to keep the test short;
    // `hazsim run` and the demo run it whole.
    let text = std::fs::read_to_string(scenario_path("valley-storm-fire.toml")).unwrap();
    let short = text.replace("duration = \"16h\"", "duration = \"9h\"");
    assert_ne!(short, text, "the valley scenario's duration line changed");
    let r = run_text("valley-storm-fire.toml", &short);
    let storm_start = 8.0 * 3600.0;
    let trig = of_kind(&r, EventKind::Trigger);
    let rel = of_kind(&r, EventKind::Release);
    for id in ["storm-slides", "post-fire-flows"] {
        let t = for_hazard(&trig, id);
        assert_eq!(t.len(), 1, "{id}: {:#?}", r.events);
        // The rain that triggers them is the storm's: not before it starts.
        assert!(t[0].t >= storm_start, "{id} triggered at {} s", t[0].t);
        let rl = for_hazard(&rel, id);
        assert!(!rl.is_empty(), "{id} released nothing: {:#?}", r.events);
        assert!(rl[0].t >= t[0].t, "{id} released before its trigger");
        let cells = rl
            .iter()
            .map(|e| e.values["cells"].as_u64().unwrap())
            .sum::<u64>();
        assert!(cells > 0, "{id}");
    }
    for h in &r.kpis.hazards {
        assert!(h.started_at.is_some(), "{h:?}");
    }
}

/// `scenarios/chain-dam-breach.toml`: the inflow raises the gorge reservoir from 333.8 m past
/// 334.3 m, the breach starts, and its wave reaches the Valley Road and the Lakeside homes
/// downstream after it. With the breach held shut (the same file, a trigger level that is never
/// reached) the reservoir only spills over its crest, later, and the Lakeside homes stay dry.
#[test]
fn dam_breach_wave_reaches_lakeside() {
    let name = "chain-dam-breach.toml";
    let (text, r) = run_file(name);
    let breach = of_kind(&r, EventKind::BreachStart);
    assert_eq!(breach.len(), 1, "{:#?}", r.events);
    assert_eq!(breach[0].hazard.as_deref(), Some("gorge-dam"));
    let tb = breach[0].t;
    // Not at the start (the level starts 0.5 m below the trigger) and well within the run.
    assert!((600.0..=5400.0).contains(&tb), "breach at {tb} s");
    let impact = |r: &ScenarioResult, id: &str| r.impacts.iter().find(|i| i.id == id).cloned();
    let lake = impact(&r, "res-lake").unwrap();
    let road = impact(&r, "road-valley").unwrap();
    let lake_arr = lake
        .flood_arrival_s
        .expect("the wave reaches the Lakeside homes");
    let road_arr = road
        .flood_arrival_s
        .expect("the wave reaches the Valley Road");
    eprintln!(
        "breach {tb} s; Valley Road {road_arr:.0} s; Lakeside homes {lake_arr:.0} s, {:.2} m",
        lake.max_flood_depth_m
    );
    assert!(road_arr > tb && lake_arr > tb, "{road:?} {lake:?}");
    assert!(lake.max_flood_depth_m > 0.3, "{lake:?}");
    let arrivals = of_kind(&r, EventKind::Arrival);
    assert!(arrivals
        .iter()
        .any(|e| e.asset.as_deref() == Some("res-lake") && e.t > tb));

    let shut = text.replace("above = 334.3", "above = 999.0");
    assert_ne!(shut, text, "the breach trigger level moved in {name}");
    let r2 = run_text(name, &shut);
    assert!(of_kind(&r2, EventKind::BreachStart).is_empty());
    let lake2 = impact(&r2, "res-lake").unwrap();
    assert!(lake2.flood_arrival_s.is_none(), "{lake2:?}");
    if let Some(road2) = impact(&r2, "road-valley").unwrap().flood_arrival_s {
        assert!(
            road2 > road_arr,
            "road {road2} s without the breach, {road_arr} s with it"
        );
    }
}

/// `scenarios/chain-barrier-lake.toml`: the slide released at 1 h stops in the channel, its
/// deposit raises the river's bed, and the river stands deeper just upstream of it (row 241,
/// col 122) than in the same file without `dams`.
#[test]
fn barrier_lake_ponds_upstream_of_the_deposit() {
    let name = "chain-barrier-lake.toml";
    let (text, r) = run_file(name);
    let dep = of_kind(&r, EventKind::BarrierDeposit);
    assert!(!dep.is_empty(), "{:#?}", r.events);
    assert!(dep[0].t >= 3600.0, "{}", dep[0].t);
    assert_eq!(dep[0].hazard.as_deref(), Some("valley-slide"));
    assert_eq!(dep[0].values["flood"], "river");
    let first_m3 = dep[0].values["volume_m3"].as_f64().unwrap();
    assert!(first_m3 > 1e5, "{first_m3}");

    let free_text = text.replace("dams = \"river\"\n", "");
    assert_ne!(free_text, text, "`dams` moved in {name}");
    let free = run_text(name, &free_text);
    assert!(of_kind(&free, EventKind::BarrierDeposit).is_empty());
    let at = |r: &ScenarioResult| {
        let f = r.field("river", "flood.max_depth").unwrap();
        let (row, col) = f.cell_index(743805.0, 4014675.0).unwrap();
        assert_eq!((row, col), (241, 122));
        f.data[[row, col]]
    };
    let (d_dam, d_free) = (at(&r), at(&free));
    eprintln!("upstream of the deposit: dammed {d_dam:.2} m, free {d_free:.2} m");
    assert!(d_dam > d_free + 1.0, "dammed {d_dam} m, free {d_free} m");
}
