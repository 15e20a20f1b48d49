//! Cell updates per second of the flood solver on a 1000 × 1000 grid (10 m cells), wet
//! everywhere and half wet (a dam break over the other half). Run with
//! `cargo bench -p hazsim-flood -- --quick`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use hazsim_flood::{FloodConfig, FloodSimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

const N: usize = 1000;
const DX: f64 = 10.0;
/// Model seconds per iteration: about 100 steps at Δt ≈ 0.6 · 10 / √(9.81 · 1.1) ≈ 1.8 s.
const SPAN: f64 = 180.0;

fn setup(half: bool) -> (Terrain, FloodConfig) {
    let z = Array2::from_shape_fn((N, N), |(r, c)| {
        0.1 * ((0.05 * c as f32).sin() + (0.07 * r as f32).cos())
    });
    let h0 = Array2::from_shape_fn(
        (N, N),
        |(_, c)| if half && c >= N / 2 { 0.0 } else { 1.0f32 },
    );
    let dem = Raster::new(
        z,
        GeoTransform::north_up(0.0, N as f64 * DX, DX),
        Crs::epsg(32633),
    );
    let initial = dem.like(h0);
    let terrain = Terrain::new(dem).unwrap();
    let cfg = FloodConfig {
        duration: SPAN,
        initial_depth: Some(initial),
        ..Default::default()
    };
    (terrain, cfg)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("flood_1000x1000");
    g.sample_size(10);
    for (name, half) in [("wet", false), ("half_wet", true)] {
        let (terrain, cfg) = setup(half);
        let mut probe = FloodSimulation::new(&terrain, cfg.clone()).unwrap();
        probe.advance(SPAN, &mut NoProgress).unwrap();
        let steps = probe.steps();
        g.throughput(Throughput::Elements(steps * (N * N) as u64));
        g.bench_function(name, |b| {
            b.iter_batched(
                || FloodSimulation::new(&terrain, cfg.clone()).unwrap(),
                |mut sim| {
                    sim.advance(SPAN, &mut NoProgress).unwrap();
                    sim
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
