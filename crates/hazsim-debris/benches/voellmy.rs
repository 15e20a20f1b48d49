//! Voellmy flow throughput on a 1000 × 1000 synthetic slope of 5 m cells (a 25° plane dipping
//! east with a gentle cross-slope undulation), a 2 m block of 200 × 100 cells released near the
//! top. One iteration advances a fresh run by 10 s of model time (a second case: 2 s with the
//! whole grid under 1 m of flow). Each step updates only the
//! window of cells that ever held material (plus a margin); throughput is counted in those
//! cell-updates, and also as whole-grid equivalents (cells × steps).
//!
//! `cargo bench -p hazsim-debris --bench voellmy -- --quick`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use hazsim_debris::voellmy::{VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
use ndarray::Array2;
use std::hint::black_box;
use std::time::Instant;

const N: usize = 1000;
const DX: f64 = 5.0;
const SIM_TIME: f64 = 10.0;

fn setup() -> (Terrain, VoellmyConfig) {
    let tan = 25f32.to_radians().tan();
    let z = Array2::from_shape_fn((N, N), |(r, c)| {
        let (x, y) = (c as f32 * DX as f32, r as f32 * DX as f32);
        3000.0 - tan * x + 5.0 * (y / 200.0).sin()
    });
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, N as f64 * DX, DX),
        Crs::epsg(32633),
    ))
    .expect("valid DEM");
    let mut d = t.dem().map(|_| 0.0f32);
    d.data.slice_mut(ndarray::s![400..600, 50..150]).fill(2.0);
    (t, VoellmyConfig::new(VoellmyRelease::Depth(d)))
}

fn bench(c: &mut Criterion) {
    let (t, cfg) = setup();
    let t0 = Instant::now();
    let mut sim = VoellmySimulation::new(&t, cfg.clone()).expect("valid run");
    sim.advance(SIM_TIME, &mut NoProgress).expect("stable run");
    let secs = t0.elapsed().as_secs_f64();
    let steps = sim.steps();
    let updates = sim.cell_updates();
    println!(
        "voellmy: {N} × {N} cells, {SIM_TIME} s simulated in {steps} steps, {updates} cell-updates ({:.1} % of the grid per step), {secs:.3} s (incl. setup) = {:.1} M cell-updates/s, {:.1} M grid-cell steps/s on {} threads; mass error {:.1e}",
        100.0 * updates as f64 / (steps as f64 * (N * N) as f64),
        updates as f64 / secs / 1e6,
        (N * N) as f64 * steps as f64 / secs / 1e6,
        rayon::current_num_threads(),
        sim.mass_balance().error()
    );
    let mut g = c.benchmark_group("voellmy");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Elements(updates));
    g.bench_function("slope_1000x1000_10s", |b| {
        b.iter_batched(
            || VoellmySimulation::new(&t, cfg.clone()).expect("valid run"),
            |mut s| {
                s.advance(SIM_TIME, &mut NoProgress).expect("stable run");
                black_box(s.steps())
            },
            BatchSize::LargeInput,
        )
    });
    // Wet everywhere: a 1 m layer over the whole grid, 2 s of model time; the window is the
    // whole grid, so this is the per-cell cost of a step.
    let wet = VoellmyConfig::new(VoellmyRelease::Depth(t.dem().map(|_| 1.0f32)));
    let mut probe = VoellmySimulation::new(&t, wet.clone()).expect("valid run");
    probe.advance(2.0, &mut NoProgress).expect("stable run");
    println!(
        "voellmy wet everywhere: {} steps, {} cell-updates",
        probe.steps(),
        probe.cell_updates()
    );
    g.throughput(criterion::Throughput::Elements(probe.cell_updates()));
    g.bench_function("wet_1000x1000_2s", |b| {
        b.iter_batched(
            || VoellmySimulation::new(&t, wet.clone()).expect("valid run"),
            |mut s| {
                s.advance(2.0, &mut NoProgress).expect("stable run");
                black_box(s.steps())
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
