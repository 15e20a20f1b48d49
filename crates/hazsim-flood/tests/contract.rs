//! The `Simulation` contract (hazsim-grid): `advance` lands exactly on `until` and never passes
//! it, a second call with an earlier time is a no-op, and every listed field is answered, in SI
//! units, on the terrain's grid.

mod common;

use hazsim_flood::{FloodConfig, FloodSimulation, PointInflow};
use hazsim_grid::{NoProgress, Simulation};

#[test]
fn advance_lands_on_until_and_fields_are_listed() {
    let t = common::terrain(common::bumpy(20, 25, 0.3), 5.0);
    let cfg = FloodConfig {
        inflows: vec![PointInflow {
            x: 60.0,
            y: 50.0,
            hydrograph: vec![(0.0, 1.5)],
        }],
        output_interval: Some(60.0),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    for until in [0.5, 7.25, 60.0, 61.0, 333.3] {
        sim.advance(until, &mut NoProgress).unwrap();
        assert_eq!(sim.now(), until);
    }
    sim.advance(100.0, &mut NoProgress).unwrap();
    assert_eq!(
        sim.now(),
        333.3,
        "advancing to an earlier time does nothing"
    );
    assert!(sim.advance(f64::NAN, &mut NoProgress).is_err());
    let names: Vec<&str> = sim.fields().iter().map(|f| f.name).collect();
    assert_eq!(names.len(), 11);
    assert!(names.contains(&"flood.hazard_class") && names.contains(&"flood.infiltration"));
    assert!(names.contains(&"flood.unit_discharge"));
    for f in sim.fields() {
        assert!(f.name.starts_with("flood."));
        let v = sim
            .field(f.name)
            .unwrap_or_else(|| panic!("{} listed but not answered", f.name));
        assert_eq!(v.dim(), (20, 25));
    }
    assert!(sim.field("fire.arrival_time").is_none());
    // Output records at 0, 60, 120, ... 300 s.
    let times: Vec<f64> = sim.series().iter().map(|p| p.time).collect();
    assert_eq!(times, vec![0.0, 60.0, 120.0, 180.0, 240.0, 300.0]);
    // Progress is the fraction of this call done, in [0, 1], ending at 1.
    let mut last = 0.0;
    let mut seen = |done: f64, stage: &str| {
        assert_eq!(stage, "flood");
        assert!(done >= last && done <= 1.0);
        last = done;
        true
    };
    sim.advance(600.0, &mut seen).unwrap();
    assert_eq!(last, 1.0);
    // Infinity runs to the configured duration.
    sim.advance(f64::INFINITY, &mut NoProgress).unwrap();
    assert_eq!(sim.now(), 3600.0);
}

/// A dry domain whose only inflow starts at 0 m³/s and rises later still steps at most `max_dt`
/// at a time (the inflow is not integrated over one long dry step into a single cell).
#[test]
fn rising_hydrograph_from_dry_start_uses_small_steps() {
    let t = common::terrain(common::bumpy(10, 10, 0.1), 5.0);
    let cfg = FloodConfig {
        inflows: vec![PointInflow {
            x: 25.0,
            y: 25.0,
            hydrograph: vec![(0.0, 0.0), (600.0, 3.0)],
        }],
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(600.0, &mut NoProgress).unwrap();
    assert!(sim.steps() >= 60, "{} steps", sim.steps());
    assert!((sim.mass_balance().inflow - 900.0).abs() < 1e-3);
}
