//! Slope stability on a synthetic 1000 × 1000 slope of 10 m cells (25° with two scales of
//! ripples): the infinite-slope factor of safety with D8 and with MFD (exponent 1.1) wetness,
//! and the SINMAP stability index. Each run starts from a fresh `Terrain`, so the flow routing
//! it needs is part of the time.
//!
//! `cargo bench -p hazsim-debris --bench stability -- --quick`

use criterion::{criterion_group, criterion_main, Criterion};
use hazsim_debris::{infinite_slope, sinmap_index, SinmapRanges, SoilParams};
use hazsim_grid::{Crs, FlowRouting, GeoTransform, Raster, Terrain};
use ndarray::Array2;
use std::hint::black_box;

const DX: f64 = 10.0;

fn rough(n: usize) -> Raster<f32> {
    let g = 25f64.to_radians().tan();
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        let (x, y) = (c as f64 * DX, r as f64 * DX);
        (2000.0 - y * g + 15.0 * (x / 90.0).sin() * (y / 170.0).cos() + 4.0 * (x / 23.0).cos())
            as f32
    });
    Raster::new(
        z,
        GeoTransform::north_up(0.0, n as f64 * DX, DX),
        Crs::epsg(32616),
    )
}

fn params(routing: FlowRouting) -> SoilParams {
    SoilParams {
        soil_depth: 1.5.into(),
        root_cohesion: 3000.0.into(),
        soil_cohesion: 2000.0.into(),
        friction_angle: 33.0.into(),
        soil_density: 1900.0.into(),
        transmissivity: 2e-4.into(),
        water_density: 1000.0,
        routing,
    }
}

fn bench(c: &mut Criterion) {
    let dem = rough(1000);
    let mut g = c.benchmark_group("stability_1000x1000");
    g.sample_size(10);
    for (name, routing) in [
        ("infinite_slope_d8", FlowRouting::D8),
        ("infinite_slope_mfd1.1", FlowRouting::Mfd { exponent: 1.1 }),
    ] {
        let p = params(routing);
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Terrain::new(dem.clone()).unwrap();
                black_box(infinite_slope(&t, &p, 2e-7).unwrap())
            })
        });
    }
    g.bench_function("sinmap_index_d8", |b| {
        b.iter(|| {
            let t = Terrain::new(dem.clone()).unwrap();
            black_box(sinmap_index(&t, &SinmapRanges::default()).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
