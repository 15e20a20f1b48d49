//! Radial symmetry: a point source at the centre of a flat, closed square basin. The continuous
//! problem is invariant under 90° rotation and transposition, and the scheme applies one face
//! update to both directions from the same old state, with every sum arranged so that
//! reflection and transposition only swap commuting operands. Tolerance: identical f32 bits.

mod common;

use hazsim_flood::{FloodConfig, FloodSimulation, PointInflow};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

#[test]
fn point_source_in_flat_basin_is_symmetric() {
    let n = 41;
    let dx = 2.0;
    let t = common::terrain(Array2::zeros((n, n)), dx);
    let centre = (n as f64 * dx) / 2.0; // centre of cell (20, 20)
    let cfg = FloodConfig {
        manning: hazsim_flood::Field::Uniform(0.03),
        inflows: vec![PointInflow {
            x: centre,
            y: centre,
            hydrograph: vec![(0.0, 1.0)],
        }],
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(300.0, &mut NoProgress).unwrap();
    let h = sim.field("flood.depth").unwrap();
    assert!(h[[20, 20]] > 0.0 && h[[20, 35]] > 0.0, "the water spread");
    let bits = |v: f32| v.to_bits();
    for r in 0..n {
        for c in 0..n {
            let v = bits(h[[r, c]]);
            assert_eq!(v, bits(h[[c, r]]), "transpose at ({r}, {c})");
            assert_eq!(v, bits(h[[c, n - 1 - r]]), "90° rotation at ({r}, {c})");
            assert_eq!(
                v,
                bits(h[[n - 1 - r, c]]),
                "north-south mirror at ({r}, {c})"
            );
        }
    }
    let s = sim.field("flood.max_speed").unwrap();
    for r in 0..n {
        for c in 0..n {
            assert_eq!(
                bits(s[[r, c]]),
                bits(s[[c, n - 1 - r]]),
                "speed rotation at ({r}, {c})"
            );
        }
    }
}
