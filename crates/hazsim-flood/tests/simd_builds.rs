//! The AVX2 and baseline (SSE2) builds of the solver's row kernels give the same bits: both do
//! the same IEEE operations in the same order (no FMA is enabled). A run with rain, a point
//! inflow, a free edge, infiltration and the Froude cap, on a grid of three row blocks, is made
//! with each build. Tolerance: identical bits in every field and the mass balance. (Its own test
//! binary: the switch is process-wide.)

mod common;

use hazsim_flood::{
    simulate, solver::use_baseline_kernels, Boundaries, Boundary, FloodConfig, GreenAmpt,
    PointInflow, Rain, SoilTexture,
};
use hazsim_grid::NoProgress;

#[test]
fn avx2_and_baseline_kernels_agree_bit_for_bit() {
    let t = common::terrain(common::bumpy(133, 45, 0.8), 5.0);
    let cfg = FloodConfig {
        duration: 400.0,
        rain: Rain::Uniform(vec![(0.0, 80.0), (200.0, 0.0)]),
        inflows: vec![PointInflow {
            x: 100.0,
            y: 300.0,
            hydrograph: vec![(0.0, 1.0)],
        }],
        boundaries: Boundaries {
            east: Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        infiltration: Some(GreenAmpt::texture(SoilTexture::SandyLoam, 0.3).unwrap()),
        max_froude: Some(1.0),
        ..Default::default()
    };
    use_baseline_kernels(true);
    let base = simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
    use_baseline_kernels(false);
    let fast = simulate(&t, cfg, &mut NoProgress).unwrap();
    for ((n, a), (_, b)) in base.fields.iter().zip(&fast.fields) {
        let differ = a
            .data
            .iter()
            .zip(b.data.iter())
            .filter(|(x, y)| x.to_bits() != y.to_bits())
            .count();
        assert_eq!(differ, 0, "{n}: {differ} cells differ");
    }
    let bits = |m: &hazsim_flood::MassBalance| {
        [m.rain, m.inflow, m.infiltration, m.outflow, m.storage_now].map(f64::to_bits)
    };
    assert_eq!(bits(&base.mass_balance), bits(&fast.mass_balance));
    assert_eq!(base.steps, fast.steps);
}
