//! Criterion benches of the terrain pipeline on a 2000×2000 synthetic DEM: depression filling,
//! D8 directions, MFD weights and D8/MFD flow accumulation.
//!
//! Run: `cargo bench --bench terrain` (set `HAZSIM_BENCH_SIZE` for another size).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hazsim::grid::{
    d8_accumulation, d8_directions, fill_depressions, mfd_accumulation, Crs, FillMethod,
    GeoTransform, MfdWeights, Raster,
};
use ndarray::Array2;

/// The same kind of landscape as `benches/peers/terrain.py` builds (its own generator, so not
/// bit-identical): 30 m cells, a regional tilt, six sinusoidal ridge/valley trains, 0.3 m
/// Gaussian roughness and n²/1000 sharp single-cell pits. A fixed-seed generator keeps it
/// identical between runs.
fn synthetic_dem(n: usize) -> Raster<f32> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let cell = 30.0;
    let size = n as f64 * cell;
    let trains: Vec<(f64, f64, f64, f64)> = (0..6)
        .map(|_| {
            let wavelength = (0.08 + 0.37 * uniform()) * 60_000.0;
            let theta = uniform() * std::f64::consts::PI;
            let amplitude = 15.0 + 45.0 * uniform();
            let phase = uniform() * 2.0 * std::f64::consts::PI;
            (
                2.0 * std::f64::consts::PI / wavelength,
                theta,
                amplitude,
                phase,
            )
        })
        .collect();
    let mut z = Array2::from_shape_fn((n, n), |(r, c)| {
        let x = (c as f64 + 0.5) * cell;
        let y = size - (r as f64 + 0.5) * cell;
        let mut v = 150.0 + 0.004 * x + 0.0025 * y;
        for &(k, th, a, ph) in &trains {
            v += a * (k * (x * th.cos() + y * th.sin()) + ph).sin();
        }
        v as f32
    });
    // Box–Muller roughness, then pits.
    for v in z.iter_mut() {
        let (u1, u2) = (uniform(), uniform());
        *v += (0.3 * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32;
    }
    for _ in 0..(n * n / 1000).max(1) {
        let r = 1 + (uniform() * (n - 2) as f64) as usize;
        let c = 1 + (uniform() * (n - 2) as f64) as usize;
        z[[r, c]] -= (2.0 + 13.0 * uniform()) as f32;
    }
    Raster::new(
        z,
        GeoTransform::north_up(500_000.0, 4_000_000.0, cell),
        Crs::epsg(32616),
    )
}

fn bench_terrain(c: &mut Criterion) {
    let n: usize = std::env::var("HAZSIM_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dem = synthetic_dem(n);
    let filled = fill_depressions(&dem, FillMethod::Epsilon);
    let dirs = d8_directions(&filled);
    let mut g = c.benchmark_group(format!("terrain_{n}x{n}"));
    g.sample_size(10);
    g.throughput(Throughput::Elements((n * n) as u64));
    g.bench_function("fill_epsilon", |b| {
        b.iter(|| fill_depressions(&dem, FillMethod::Epsilon))
    });
    g.bench_function("fill_flat", |b| {
        b.iter(|| fill_depressions(&dem, FillMethod::Flat))
    });
    g.bench_function("d8_directions", |b| b.iter(|| d8_directions(&filled)));
    g.bench_function("d8_accumulation", |b| {
        b.iter(|| d8_accumulation(&dirs, None).unwrap())
    });
    g.bench_function("mfd_weights_x1.1", |b| {
        b.iter(|| MfdWeights::new(&filled, 1.1).unwrap())
    });
    g.bench_function("mfd_accumulation_x1.1", |b| {
        b.iter(|| mfd_accumulation(&filled, 1.1, None).unwrap())
    });
    g.bench_function("mfd_accumulation_x1", |b| {
        b.iter(|| mfd_accumulation(&filled, 1.0, None).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench_terrain);
criterion_main!(benches);
