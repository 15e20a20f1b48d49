//! Output fields against hand-computable cases: uniform rain on a flat closed basin stays
//! uniform and still, so depth(t) = ∫ r dt exactly and arrival time, duration and hazard rating
//! follow analytically. Tolerances: f32 round-off for depths, one time step (≤ max_dt = 10 s) for
//! threshold-crossing times.

mod common;

use hazsim_flood::{simulate, FloodConfig, FloodSimulation, Rain};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

#[test]
fn uniform_rain_on_flat_basin_gives_analytic_outputs() {
    let (rows, cols, dx) = (12, 15, 4.0);
    let t = common::terrain(Array2::zeros((rows, cols)), dx);
    // 360 mm/h = 1e-4 m/s: 0.01 m at 100 s, 0.1 m at 1000 s, 0.12 m at 1200 s.
    let cfg = FloodConfig {
        duration: 1200.0,
        rain: Rain::Uniform(vec![(0.0, 360.0)]),
        output_interval: Some(400.0),
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let get = |n: &str| r.field(n).unwrap().data.clone();
    let (d, arr, dur, hr, v) = (
        get("flood.depth"),
        get("flood.arrival_time"),
        get("flood.duration"),
        get("flood.hazard_rating"),
        get("flood.max_speed"),
    );
    for ((i, &di), ((&a, &du), (&h, &vi))) in d
        .indexed_iter()
        .zip(arr.iter().zip(dur.iter()).zip(hr.iter().zip(v.iter())))
    {
        assert!((di - 0.12).abs() < 1e-5, "depth {di} at {i:?}");
        assert_eq!(vi, 0.0, "still water at {i:?}");
        assert!((a - 1000.0).abs() <= 10.0, "arrival {a} at {i:?}");
        assert!((du - 1100.0).abs() <= 10.0, "duration {du} at {i:?}");
        // HR = d (v + 0.5) + DF with v = 0, d = 0.12 m ≤ 0.25 m (DF = 0).
        assert!((h - 0.06).abs() < 1e-5, "hazard {h} at {i:?}");
    }
    // Series: t = 0, 400, 800, 1200; the whole basin is wet from 100 s on.
    let times: Vec<f64> = r.series.iter().map(|p| p.time).collect();
    assert_eq!(times, vec![0.0, 400.0, 800.0, 1200.0]);
    let area = (rows * cols) as f64 * dx * dx;
    assert_eq!(r.series[1].flooded_area, area);
    assert!((r.series[2].volume - 0.08 * area).abs() < 1e-5 * 0.08 * area);
    assert!(r.mass_balance.error().abs() < 1e-6);
}

/// Gridded rain switches at its given times: 36 mm/h (1e-5 m/s) on the first raster for 600 s,
/// then a dry raster; depth = 6 mm everywhere, rain volume exact.
#[test]
fn rain_rasters_switch_at_their_times() {
    let (rows, cols, dx) = (8, 9, 10.0);
    let t = common::terrain(Array2::zeros((rows, cols)), dx);
    let wet = common::like(&t, Array2::from_elem((rows, cols), 36.0));
    let dry = common::like(&t, Array2::zeros((rows, cols)));
    let cfg = FloodConfig {
        duration: 1500.0,
        rain: Rain::Rasters(vec![(0.0, wet), (600.0, dry)]),
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let d = &r.field("flood.depth").unwrap().data;
    assert!(
        d.iter().all(|&v| (v - 0.006).abs() < 1e-6),
        "depth {}",
        d[[0, 0]]
    );
    let exact = 1e-5 * 600.0 * (rows * cols) as f64 * dx * dx;
    assert!((r.mass_balance.rain - exact).abs() < 1e-6 * exact);
    // Depth never reached the 0.1 m arrival threshold.
    assert!(r
        .field("flood.arrival_time")
        .unwrap()
        .data
        .iter()
        .all(|a| a.is_nan()));
}

/// Snapshots (FloodConfig::snapshots) hold the same bits as the fields of a Simulation stepped to
/// the same output times, for a plain field (depth), one kept only at the end of a step (speed)
/// and the derived ones (duration, unit discharge, hazard class); the snapshot does not change
/// the run. Tolerance: identical bits.
#[test]
fn snapshots_equal_the_fields_at_output_times() {
    use hazsim_flood::{FloodSimulation, PointInflow};
    use hazsim_grid::Simulation;
    let t = common::terrain(common::bumpy(40, 30, 0.5), 5.0);
    let names = [
        "flood.depth",
        "flood.speed",
        "flood.duration",
        "flood.unit_discharge",
        "flood.hazard_class",
    ];
    let cfg = FloodConfig {
        duration: 500.0,
        inflows: vec![PointInflow {
            x: 75.0,
            y: 100.0,
            hydrograph: vec![(0.0, 1.0), (500.0, 0.2)],
        }],
        output_interval: Some(120.0),
        // Short names work too.
        snapshots: names.iter().map(|n| n[6..].to_string()).collect(),
        ..Default::default()
    };
    let r = simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
    let times: Vec<f64> = r.snapshots.iter().map(|s| s.time).collect();
    assert_eq!(times, vec![120.0, 240.0, 360.0, 480.0]);
    let mut sim = FloodSimulation::new(
        &t,
        FloodConfig {
            snapshots: vec![],
            ..cfg.clone()
        },
    )
    .unwrap();
    for s in &r.snapshots {
        sim.advance(s.time, &mut NoProgress).unwrap();
        let got: Vec<&str> = s.fields.iter().map(|(n, _)| *n).collect();
        assert_eq!(got, names);
        for (n, a) in &s.fields {
            let b = sim.field(n).unwrap();
            let same = a
                .iter()
                .zip(b.iter())
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{n} at {} s differs", s.time);
        }
    }
    // Taking snapshots leaves the run as it was.
    sim.advance(500.0, &mut NoProgress).unwrap();
    let plain = simulate(
        &t,
        FloodConfig {
            snapshots: vec![],
            ..cfg
        },
        &mut NoProgress,
    )
    .unwrap();
    for (n, a) in &plain.fields {
        let b = &r.field(n).unwrap().data;
        let same = a
            .data
            .iter()
            .zip(b.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same, "{n} differs with snapshots on");
    }
    assert!(plain.snapshots.is_empty());
}

/// Snapshots of an unknown field, or without an output interval, are errors that name the fix.
#[test]
fn bad_snapshot_requests_are_errors() {
    let t = common::terrain(Array2::zeros((5, 5)), 2.0);
    let bad = |cfg: FloodConfig| simulate(&t, cfg, &mut NoProgress).unwrap_err().to_string();
    let e = bad(FloodConfig {
        output_interval: Some(60.0),
        snapshots: vec!["flood.depht".into()],
        ..Default::default()
    });
    assert!(
        e.contains("flood.depht") && e.contains("flood.depth"),
        "{e}"
    );
    let e = bad(FloodConfig {
        snapshots: vec!["depth".into()],
        ..Default::default()
    });
    assert!(e.contains("output_interval"), "{e}");
}

/// After a cancelled advance `flood.speed` describes the state as it stands (the steps keep
/// their speeds only on the last step of an advance): the last fluxes' face-averaged discharge
/// over the depth now, 0 where dry. Before the fix it still held the speeds of the previous
/// advance (here: zeros, none having run). Tolerance: 1e-6 relative (f32 round-off of q / h).
#[test]
fn speed_after_a_cancelled_advance_is_of_the_current_state() {
    let t = common::terrain(common::bumpy(40, 60, 0.3), 10.0);
    let cfg = FloodConfig {
        duration: 600.0,
        inflows: common::west_inflow(40, 10.0, 0.5),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    let mut calls = 0;
    let mut cancel = |_done: f64, _stage: &str| {
        calls += 1;
        calls < 5
    };
    assert!(sim.advance(600.0, &mut cancel).unwrap_err().is_cancelled());
    let (h, v, q) = (
        sim.field("flood.depth").unwrap().to_owned(),
        sim.field("flood.speed").unwrap().to_owned(),
        sim.field("flood.unit_discharge").unwrap().to_owned(),
    );
    let wet = sim.config().wet_threshold as f32;
    let mut moving = 0;
    for ((&h, &v), &q) in h.iter().zip(v.iter()).zip(q.iter()) {
        if h > wet {
            assert!(
                (v - q / h).abs() <= 1e-6 * (q / h).abs(),
                "{v} vs {}",
                q / h
            );
            moving += (v > 0.0) as usize;
        } else {
            assert_eq!(v, 0.0);
        }
    }
    assert!(moving > 10, "only {moving} cells moving");
}
