//! Lake at rest ("C-property", well-balancedness): a flat water surface over an uneven bed with
//! emerged islands must stay still. Source: the standard steady-state test of shallow-water
//! schemes (e.g. SWASHES, Delestre et al. 2013, "lake at rest with an immersed/emerged bump").
//! Tolerance: round-off (|q| < 1e-6 m²/s, |Δh| < 1e-5 m after 1 h).

mod common;

use hazsim_flood::{FloodConfig, FloodSimulation};
use hazsim_grid::{NoProgress, Simulation};

#[test]
fn lake_at_rest_with_islands_stays_still() {
    let (rows, cols) = (40, 50);
    // Bed between -0.9 and +1.5 m: bumps plus two islands rising above the 0.5 m lake surface.
    let mut z = common::bumpy(rows, cols, 0.6);
    for r in 10..16 {
        for c in 10..18 {
            z[[r, c]] = 1.5;
        }
    }
    for r in 25..32 {
        for c in 30..34 {
            z[[r, c]] = 0.8 + 0.01 * c as f32;
        }
    }
    let level = 0.5f32;
    let h0 = z.mapv(|zb| (level - zb).max(0.0));
    let t = common::terrain(z, 10.0);
    let cfg = FloodConfig {
        duration: 3600.0,
        initial_depth: Some(common::like(&t, h0.clone())),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(3600.0, &mut NoProgress).unwrap();
    assert_eq!(sim.now(), 3600.0);
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
    // Islands stay dry.
    assert_eq!(h[[12, 12]], 0.0);
}
