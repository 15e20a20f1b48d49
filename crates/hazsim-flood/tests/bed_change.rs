//! The `flood.bed_change` input: a terrain change at run time (a debris-flow deposit across a
//! channel) keeps the stored volume exactly, dams the flow into a barrier lake, refuses bad
//! values without changing the run, and a zero change changes nothing to the bit.

mod common;

use hazsim_flood::{Boundaries, Boundary, FloodConfig, FloodSimulation, PointInflow};
use hazsim_grid::{Error, Field, NoProgress, Simulation, Terrain};
use ndarray::Array2;

const ROWS: usize = 9;
const COLS: usize = 60;
const DX: f64 = 10.0;
/// Rows of the channel bottom (the rows outside are banks 4 m higher).
const CHANNEL: std::ops::RangeInclusive<usize> = 2..=6;
/// Column of the deposit across the channel.
const DAM: usize = 40;
/// Height of the deposit (m).
const DAM_HEIGHT: f64 = 3.0;

/// A channel 5 cells (50 m) wide, sloping 1 % down to the east, between banks 4 m high.
fn channel() -> Terrain {
    let z = Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        let bed = 0.01 * DX as f32 * (COLS - 1 - c) as f32;
        if CHANNEL.contains(&r) {
            bed
        } else {
            bed + 4.0
        }
    });
    common::terrain(z, DX)
}

/// 1 m³/s into each channel cell of the first column (5 m³/s in all), free outflow at the east
/// edge, closed elsewhere.
fn config() -> FloodConfig {
    FloodConfig {
        duration: 7200.0,
        inflows: CHANNEL
            .map(|r| PointInflow {
                x: 0.5 * DX,
                y: (ROWS - r) as f64 * DX - 0.5 * DX,
                hydrograph: vec![(0.0, 1.0)],
            })
            .collect(),
        boundaries: Boundaries {
            east: Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The deposit: `DAM_HEIGHT` over the channel cells of column `DAM`, no change elsewhere.
fn dam(t: &Terrain) -> Field {
    let d = Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        if c == DAM && CHANNEL.contains(&r) {
            DAM_HEIGHT as f32
        } else {
            0.0
        }
    });
    Field::Raster(common::like(t, d))
}

fn depth(s: &FloodSimulation) -> Array2<f32> {
    s.field("flood.depth").unwrap().to_owned()
}

fn bits(a: &Array2<f32>) -> Vec<u32> {
    a.iter().map(|v| v.to_bits()).collect()
}

/// Raising a strip across a flowing channel keeps the stored volume to the bit (the depth is
/// kept), and the run's balance closes afterwards.
#[test]
fn bed_change_keeps_mass_exactly() {
    let t = channel();
    let mut sim = FloodSimulation::new(&t, config()).unwrap();
    sim.advance(1800.0, &mut NoProgress).unwrap();
    let before = sim.mass_balance();
    let h_before = depth(&sim);
    sim.set_input("flood.bed_change", &dam(&t)).unwrap();
    let after = sim.mass_balance();
    // The depth (and its rounding residual) is not touched, so Σ h over the grid is the same
    // sum of the same f32 values: equal to the bit, tolerance 0.
    assert_eq!(after.storage_now.to_bits(), before.storage_now.to_bits());
    assert_eq!(after, before);
    assert_eq!(bits(&depth(&sim)), bits(&h_before));
    sim.advance(3600.0, &mut NoProgress).unwrap();
    let m = sim.mass_balance();
    // Measured: relative error -2.8e-9 (inflow 18000 m³, outflow 6275 m³, storage 11725 m³);
    // 1e-6 is the crate's bound (DESIGN.md).
    assert!(m.error().abs() < 1e-6, "{m:?}");
    assert!(m.storage_now > before.storage_now);
}

/// A steady channel flow dammed by a deposit ponds behind it: an hour after the deposit the
/// water upstream stands far higher than in the same run without it, and less reaches the
/// channel below the deposit.
#[test]
fn deposit_across_channel_forms_a_barrier_lake() {
    let t = channel();
    let mut open = FloodSimulation::new(&t, config()).unwrap();
    open.advance(1800.0, &mut NoProgress).unwrap();
    // Outflow up to 1800 s, the same in both runs (measured 4986 m³).
    let out0 = open.mass_balance().outflow;
    let mut dammed = open.clone();
    dammed.set_input("flood.bed_change", &dam(&t)).unwrap();
    open.advance(3600.0, &mut NoProgress).unwrap();
    dammed.advance(3600.0, &mut NoProgress).unwrap();
    let (ho, hd) = (depth(&open), depth(&dammed));
    let (mo, md) = (open.mass_balance(), dammed.mass_balance());
    let mid = 4;
    // Measured at t = 3600 s (1800 s after the deposit), centre row: the open channel runs at its
    // normal depth, 0.1338 m, everywhere. Behind the deposit a lake with a level surface at
    // 3.980 m (1.080 m deep 10 cells upstream, 1.980 m against the deposit; its crest is at
    // 4.9 m, not yet overtopped); below it only films of ~1e-3 m (h_flow_min) are left.
    for c in [DAM - 10, DAM - 5, DAM - 1] {
        assert!(
            (ho[[mid, c]] - 0.1338).abs() < 0.005,
            "open, col {c}: {}",
            ho[[mid, c]]
        );
    }
    let bed = |c: usize| 0.01 * DX as f32 * (COLS - 1 - c) as f32;
    for (c, want) in [(DAM - 10, 1.080), (DAM - 5, 1.580), (DAM - 1, 1.980)] {
        // Margin 0.05 m (5 % of the shallowest), for round-off and scheme changes.
        let h = hd[[mid, c]];
        assert!(
            (h - want).abs() < 0.05,
            "dammed, col {c}: {h} m, want {want}"
        );
        assert!(h > 5.0 * ho[[mid, c]]);
        let level = bed(c) + h;
        assert!(
            (level - 3.980).abs() < 0.05,
            "lake level at col {c}: {level}"
        );
    }
    for c in [DAM + 1, DAM + 5, COLS - 1] {
        // Measured 9.97e-4 to 1.0e-3 m, against 0.134 m in the open channel.
        assert!(
            hd[[mid, c]] < 0.005,
            "below the deposit, col {c}: {}",
            hd[[mid, c]]
        );
        assert!(ho[[mid, c]] > 0.1, "open, col {c}: {}", ho[[mid, c]]);
    }
    // Outflow between 1800 s and 3600 s: the open channel passes its 5 m³/s (9000 m³; measured
    // 9000.0), the dammed one only drains the reach below the deposit (measured 1289 m³); the
    // rest is in the lake. Both balances close (measured |error| < 3e-9).
    let (out_open, out_dammed) = (mo.outflow - out0, md.outflow - out0);
    assert!((out_open - 9000.0).abs() < 0.01 * 9000.0, "{out_open}");
    assert!(out_dammed < 2000.0, "{out_dammed}");
    assert!(md.storage_now > mo.storage_now + 7000.0, "{md:?} vs {mo:?}");
    assert!(mo.error().abs() < 1e-6 && md.error().abs() < 1e-6);
}

/// A non-finite change, a path not read and a raster on another grid are refused, naming the
/// input, and the run goes on as if the call had not been made.
#[test]
fn bad_bed_change_is_refused_without_change() {
    let t = channel();
    let mut sim = FloodSimulation::new(&t, config()).unwrap();
    sim.advance(600.0, &mut NoProgress).unwrap();
    let twin = sim.clone();
    let h0 = bits(&depth(&sim));
    // A valid deposit everywhere but one infinite cell at the end: nothing is applied.
    let mut d = Array2::from_elem((ROWS, COLS), 2.0f32);
    d[[ROWS - 1, COLS - 1]] = f32::NEG_INFINITY;
    for v in [
        Field::Uniform(f64::INFINITY),
        Field::Raster(common::like(&t, d)),
        Field::Path("deposit.tif".into()),
    ] {
        let e = sim.set_input("flood.bed_change", &v).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("flood.bed_change"), "{msg}");
        assert_eq!(bits(&depth(&sim)), h0);
    }
    let other = common::terrain(Array2::zeros((ROWS, COLS + 1)), DX);
    let e = sim
        .set_input("flood.bed_change", &Field::Raster(other.dem().clone()))
        .unwrap_err();
    assert!(matches!(e, Error::GridMismatch { .. }), "{e}");
    assert!(e.to_string().contains("flood.bed_change"), "{e}");
    assert_eq!(bits(&depth(&sim)), h0);
    // The bed was not changed either: the run goes on to the same bits as its twin.
    let mut twin = twin;
    sim.advance(1200.0, &mut NoProgress).unwrap();
    twin.advance(1200.0, &mut NoProgress).unwrap();
    assert_eq!(bits(&depth(&sim)), bits(&depth(&twin)));
}

/// A change of 0 everywhere (uniform, or a raster of zeros and NaN) gives the same bits as a run
/// without the call.
#[test]
fn zero_bed_change_changes_nothing() {
    let t = channel();
    let mut plain = FloodSimulation::new(&t, config()).unwrap();
    plain.advance(900.0, &mut NoProgress).unwrap();
    let mut a = plain.clone();
    let mut b = plain.clone();
    a.set_input("flood.bed_change", &Field::Uniform(0.0))
        .unwrap();
    let zeros = Array2::from_shape_fn((ROWS, COLS), |(r, _)| if r == 4 { f32::NAN } else { 0.0 });
    b.set_input("flood.bed_change", &Field::Raster(common::like(&t, zeros)))
        .unwrap();
    for s in [&mut plain, &mut a, &mut b] {
        s.advance(1800.0, &mut NoProgress).unwrap();
    }
    let h = bits(&depth(&plain));
    assert_eq!(bits(&depth(&a)), h);
    assert_eq!(bits(&depth(&b)), h);
    assert_eq!(a.mass_balance(), plain.mass_balance());
    assert_eq!(b.mass_balance(), plain.mass_balance());
}

/// Wall cells are skipped, and the walls rise with the bed: a lake raised by more than the wall
/// height (10 km) still does not flow through a wall.
#[test]
fn walls_stay_above_a_raised_bed() {
    let (rows, cols) = (6, 12);
    let t = common::terrain(Array2::zeros((rows, cols)), DX);
    let walls = Array2::from_shape_fn((rows, cols), |(_, c)| c == 6);
    let h0 = Array2::from_shape_fn((rows, cols), |(_, c)| if c < 6 { 0.5f32 } else { 0.0 });
    let cfg = FloodConfig {
        duration: 600.0,
        walls: Some(walls.clone()),
        initial_depth: Some(common::like(&t, h0)),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(60.0, &mut NoProgress).unwrap();
    sim.set_input("flood.bed_change", &Field::Uniform(2.0e4))
        .unwrap();
    sim.advance(600.0, &mut NoProgress).unwrap();
    let h = depth(&sim);
    for ((r, c), &v) in h.indexed_iter() {
        if c < 6 {
            assert_eq!(v, 0.5, "row {r}, col {c}");
        } else {
            assert_eq!(v, 0.0, "row {r}, col {c}");
        }
    }
    assert!(sim.mass_balance().error().abs() < 1e-12);
}
