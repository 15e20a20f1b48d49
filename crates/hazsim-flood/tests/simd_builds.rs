//! The AVX-512, AVX2 and baseline (SSE2) builds of the solver's row kernels give the same bits:
//! all do the same IEEE operations in the same order (no FMA). A run with rain, a point inflow, a
//! free edge, infiltration and the Froude cap, on a grid of three row blocks, is made with each
//! build. Tolerance: identical bits in every field and the mass balance. A build the CPU lacks
//! falls back to the next narrower one (the test says which it could check). (Its own test
//! binary: the switch is process-wide.)

mod common;

use hazsim_flood::{
    simulate,
    solver::{limit_kernel_build, KernelBuild},
    Boundaries, Boundary, FloodConfig, GreenAmpt, PointInflow, Rain, SoilTexture,
};
use hazsim_grid::NoProgress;

#[test]
fn avx512_avx2_and_baseline_kernels_agree_bit_for_bit() {
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
    limit_kernel_build(KernelBuild::Baseline);
    let base = simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
    for build in [KernelBuild::Avx2, KernelBuild::Avx512] {
        limit_kernel_build(build);
        let fast = simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
        same_bits(&base, &fast, build);
    }
    limit_kernel_build(KernelBuild::Avx512);
    #[cfg(target_arch = "x86_64")]
    eprintln!(
        "CPU: avx2 {}, avx512f {}",
        std::arch::is_x86_feature_detected!("avx2"),
        std::arch::is_x86_feature_detected!("avx512f")
    );
}

/// Every field and the mass balance of two runs agree bit for bit.
fn same_bits(
    base: &hazsim_flood::FloodResult,
    fast: &hazsim_flood::FloodResult,
    build: KernelBuild,
) {
    for ((n, a), (_, b)) in base.fields.iter().zip(&fast.fields) {
        let differ = a
            .data
            .iter()
            .zip(b.data.iter())
            .filter(|(x, y)| x.to_bits() != y.to_bits())
            .count();
        assert_eq!(differ, 0, "{build:?}: {n}: {differ} cells differ");
    }
    let bits = |m: &hazsim_flood::MassBalance| {
        [m.rain, m.inflow, m.infiltration, m.outflow, m.storage_now].map(f64::to_bits)
    };
    assert_eq!(bits(&base.mass_balance), bits(&fast.mass_balance));
    assert_eq!(base.steps, fast.steps);
}
