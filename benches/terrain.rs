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

/// Ridges and valleys on a regional tilt, with pseudo-random pits (a fixed LCG, so every run and
/// every peer script sees the same DEM).
fn synthetic_dem(n: usize) -> Raster<f32> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let noise = ((state >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 4.0;
        let (x, y) = (c as f64 / n as f64, r as f64 / n as f64);
        let ridges =
            40.0 * (x * 9.0 * std::f64::consts::PI).sin() * (y * 7.0 * std::f64::consts::PI).cos()
                + 25.0 * ((x + y) * 13.0).sin();
        (500.0 + 300.0 * y + 100.0 * x + ridges + noise) as f32
    });
    Raster::new(
        z,
        GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0),
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
