//! Edge conditions. Sources: Manning's normal-depth relation for free outflow, and hydrostatics
//! for a fixed level (a basin connected to a reservoir fills to the reservoir's level).

mod common;

use hazsim_flood::{simulate, Boundaries, Boundary, FloodConfig, FloodSimulation};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

/// Water on a plane sloping 1 % towards the east leaves through a free-outflow east edge; the mass
/// balance records it (to 1e-6 relative, DESIGN.md) and the domain drains.
#[test]
fn free_outflow_drains_and_is_accounted() {
    let (rows, cols, dx) = (10, 40, 5.0);
    let z = Array2::from_shape_fn((rows, cols), |(_, c)| 2.0 - 0.05 * c as f32);
    let t = common::terrain(z, dx);
    let h0 = Array2::from_elem((rows, cols), 0.3f32);
    let cfg = FloodConfig {
        duration: 1800.0,
        initial_depth: Some(common::like(&t, h0)),
        boundaries: Boundaries {
            east: Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let m = r.mass_balance;
    assert!(
        m.outflow > 0.5 * m.storage_initial,
        "outflow {} of {}",
        m.outflow,
        m.storage_initial
    );
    assert!(m.storage_now < 0.5 * m.storage_initial);
    assert_eq!(m.boundary_inflow, 0.0);
    assert!(m.error().abs() < 1e-6, "imbalance {}", m.error());
    // After 30 min only films no deeper than about h_flow_min (1 mm), which cannot flow, remain.
    let d = &r.field("flood.depth").unwrap().data;
    assert!(
        d.iter().all(|&v| v < 2e-3),
        "max depth left {}",
        d.iter().fold(0.0f32, |m, &v| m.max(v))
    );
    assert!(r.field("flood.max_speed").unwrap().data[[5, cols - 1]] > 0.0);
}

/// A free-outflow edge with a given slope: same accounting.
#[test]
fn free_outflow_with_given_slope() {
    let t = common::terrain(Array2::zeros((8, 8)), 10.0);
    let cfg = FloodConfig {
        duration: 600.0,
        initial_depth: Some(common::like(&t, Array2::from_elem((8, 8), 0.5))),
        boundaries: Boundaries::all(Boundary::FreeOutflow { slope: Some(0.01) }),
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    assert!(r.mass_balance.outflow > 0.0);
    assert!(r.mass_balance.error().abs() < 1e-6);
}

/// A dry basin (bed 0 to 0.9 m) with a fixed level of 1.0 m on its west edge fills to that level;
/// after 2 h the surface is within 1 cm of 1.0 m everywhere (tolerance: the remaining slope of a
/// filling flow through n = 0.03 is millimetres), and the balance holds to 1e-6.
#[test]
fn fixed_level_fills_basin() {
    let (rows, cols, dx) = (10, 20, 10.0);
    let z = Array2::from_shape_fn((rows, cols), |(r, c)| {
        0.045 * c as f32 + 0.01 * (r % 3) as f32
    });
    let zc = z.clone();
    let t = common::terrain(z, dx);
    let cfg = FloodConfig {
        duration: 7200.0,
        manning: hazsim_flood::Field::Uniform(0.03),
        boundaries: Boundaries {
            west: Boundary::FixedLevel(1.0),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(7200.0, &mut NoProgress).unwrap();
    let h = sim.field("flood.depth").unwrap();
    for ((r, c), &d) in h.indexed_iter() {
        let eta = zc[[r, c]] + d;
        assert!((eta - 1.0).abs() < 0.01, "surface {eta} at ({r}, {c})");
    }
    let m = sim.mass_balance();
    assert!(m.boundary_inflow > 0.0);
    assert!(m.error().abs() < 1e-6, "imbalance {}", m.error());
}

/// A level hydrograph rising from below the bed to 0.5 m floods a flat basin.
#[test]
fn level_hydrograph_floods() {
    let t = common::terrain(Array2::zeros((6, 12)), 5.0);
    let cfg = FloodConfig {
        duration: 1800.0,
        boundaries: Boundaries {
            north: Boundary::LevelHydrograph(vec![(0.0, -1.0), (600.0, 0.5)]),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let d = &r.field("flood.depth").unwrap().data;
    assert!((d[[5, 11]] - 0.5).abs() < 0.02, "depth {}", d[[5, 11]]);
    let arr = &r.field("flood.arrival_time").unwrap().data;
    assert!(arr[[0, 0]] > 0.0 && arr[[5, 0]] >= arr[[0, 0]]);
}

/// Well-balanced level boundaries: a lake at rest whose four edges are held at the lake's own
/// level stays at rest (same source and tolerance as lake_at_rest.rs: |q| < 1e-6 m²/s,
/// |Δh| < 1e-5 m after 1 h) and exchanges no measurable water.
#[test]
fn lake_at_rest_with_level_boundaries() {
    let z = common::bumpy(20, 30, 0.4);
    let h0 = z.mapv(|zb| (0.5f32 - zb).max(0.0));
    let t = common::terrain(z, 10.0);
    let cfg = FloodConfig {
        initial_depth: Some(common::like(&t, h0.clone())),
        boundaries: Boundaries::all(Boundary::FixedLevel(0.5)),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(3600.0, &mut NoProgress).unwrap();
    let (qx, qy) = sim.discharges();
    let qmax = qx
        .iter()
        .chain(qy.iter())
        .fold(0.0f32, |m, q| m.max(q.abs()));
    assert!(qmax < 1e-6, "max |q| {qmax}");
    let h = sim.field("flood.depth").unwrap();
    let dmax = h
        .iter()
        .zip(h0.iter())
        .fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
    assert!(dmax < 1e-5, "max depth change {dmax}");
    let m = sim.mass_balance();
    assert!(m.error().abs() < 1e-6, "imbalance {}", m.error());
}

/// A critical-depth outflow edge: a steady inflow q per unit width into a flat, frictionless-ish
/// channel leaves over the east edge at critical depth, so the last cell settles at
/// h_c = (q² / g)^{1/3} (Chow 1959, critical flow in a rectangular channel). q = 0.5 m²/s gives
/// h_c = 0.2943 m. At steady state the edge discharge h √(g h) equals the inflow, so the edge
/// depth is h_c up to how steady the run is after 1 h and f32 rounding: tolerance 1e-4
/// relative. The mass balance closes to 1e-6 (DESIGN.md).
#[test]
fn critical_outflow_settles_at_critical_depth() {
    use hazsim_flood::{simulate, Boundaries, Boundary, FloodConfig};
    use hazsim_grid::NoProgress;
    let (rows, cols, dx) = (3usize, 60usize, 5.0f64);
    let t = common::terrain(ndarray::Array2::zeros((rows, cols)), dx);
    let q = 0.5; // m²/s per unit width
    let inflows = common::west_inflow(rows, dx, q);
    let cfg = FloodConfig {
        duration: 3600.0,
        manning: hazsim_grid::Field::Uniform(0.01),
        inflows,
        boundaries: Boundaries {
            east: Boundary::CriticalOutflow,
            ..Default::default()
        },
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let h = &r.field("flood.depth").unwrap().data;
    let hc = (q * q / 9.81f64).powf(1.0 / 3.0);
    let he = h[[1, cols - 1]] as f64;
    assert!(
        (he - hc).abs() < 1e-4 * hc,
        "edge depth {he} vs critical {hc}"
    );
    assert!(r.mass_balance.error().abs() < 1e-6);
    // Steady: what comes in goes out over the edge.
    let (inflow_rate, outflow_rate) = (q * dx * rows as f64, r.mass_balance.outflow / 3600.0);
    assert!(
        outflow_rate > 0.5 * inflow_rate,
        "{outflow_rate} vs {inflow_rate}"
    );
}
