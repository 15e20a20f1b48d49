//! Cell updates per second of the flood solver on 1000 × 1000 and 4000 × 4000 grids (10 m
//! cells), wet everywhere and half wet (a dam break over the other half). Throughput counts every
//! cell of every step, as the peer comparison does; in the half-wet case the solver skips the
//! dry cells out of reach of water. Run with `cargo bench -p hazsim-flood -- --quick`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use hazsim_flood::{FloodConfig, FloodSimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
use ndarray::Array2;

const DX: f64 = 10.0;

/// A gently bumpy N × N bed with 1 m of water everywhere, or on the west half only.
fn setup(n: usize, half: bool, span: f64) -> (Terrain, FloodConfig) {
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        0.1 * ((0.05 * c as f32).sin() + (0.07 * r as f32).cos())
    });
    let h0 = Array2::from_shape_fn(
        (n, n),
        |(_, c)| if half && c >= n / 2 { 0.0 } else { 1.0f32 },
    );
    let dem = Raster::new(
        z,
        GeoTransform::north_up(0.0, n as f64 * DX, DX),
        Crs::epsg(32633),
    );
    let initial = dem.like(h0);
    let terrain = Terrain::new(dem).unwrap();
    let cfg = FloodConfig {
        duration: span,
        initial_depth: Some(initial),
        ..Default::default()
    };
    (terrain, cfg)
}

/// One group per grid size. `span` is the model time per iteration: Δt ≈ 0.6 · 10 / √(9.81 ·
/// 1.1) ≈ 1.8 s, so 180 s is about 100 steps and 36 s about 20.
fn bench_size(c: &mut Criterion, n: usize, span: f64) {
    let mut g = c.benchmark_group(format!("flood_{n}x{n}"));
    g.sample_size(10);
    for (name, half) in [("wet", false), ("half_wet", true)] {
        let (terrain, cfg) = setup(n, half, span);
        let mut probe = FloodSimulation::new(&terrain, cfg.clone()).unwrap();
        probe.advance(span, &mut NoProgress).unwrap();
        let steps = probe.steps();
        g.throughput(Throughput::Elements(steps * (n * n) as u64));
        g.bench_function(name, |b| {
            b.iter_batched(
                || FloodSimulation::new(&terrain, cfg.clone()).unwrap(),
                |mut sim| {
                    sim.advance(span, &mut NoProgress).unwrap();
                    sim
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    bench_size(c, 1000, 180.0);
    bench_size(c, 4000, 36.0);
}

criterion_group!(benches, bench);
criterion_main!(benches);
