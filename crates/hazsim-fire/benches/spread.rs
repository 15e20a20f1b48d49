//! Burned cells per second of grid fire spread (flat, uniform fuel, point ignition at the
//! centre, run until burned out). Run with `cargo bench -p hazsim-fire -- --quick`.
//!
//! - `spread_1000x1000/fm1_10m`: 1000 × 1000 cells of 10 m, FM1, 2 m/s midflame wind from
//!   250°, the whole grid burns (10⁶ cells);
//! - `spread_500x500/fm1_30m`: the peer case of benches/peers/fire.py, 500 × 500 cells of
//!   30 m, FM1, 2 m/s midflame wind from the west, whole grid.
//!
//! Each iteration includes setting the fire up (`FireSpread::new` through `simulate_spread`);
//! the terrain's slope and aspect are computed once, outside the timing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hazsim_fire::spread::{simulate_spread, Fuels, Ignition, SpreadConfig, WeatherStream};
use hazsim_fire::{FuelModel, FuelMoisture};
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

fn case(c: &mut Criterion, group: &str, name: &str, n: usize, cell: f64, wind_from: f64) {
    let dem = Raster::new(
        Array2::zeros((n, n)),
        GeoTransform::north_up(0.0, n as f64 * cell, cell),
        Crs::epsg(32650),
    );
    let terrain = Terrain::new(dem).unwrap();
    terrain.slope();
    terrain.aspect();
    let fuels = Fuels::Uniform(FuelModel::standard(1).unwrap());
    let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap();
    let weather = WeatherStream::constant(2.0, wind_from, m).unwrap();
    let ignition = [Ignition {
        row: n / 2,
        col: n / 2,
        time: 0.0,
    }];
    let config = SpreadConfig {
        duration: 1e12,
        ..SpreadConfig::default()
    };
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    g.throughput(Throughput::Elements((n * n) as u64));
    g.bench_function(name, |b| {
        b.iter(|| {
            let res =
                simulate_spread(&terrain, &fuels, &weather, &ignition, None, &config).unwrap();
            assert_eq!(res.burned_times.len(), n * n);
            res
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    case(c, "spread_1000x1000", "fm1_10m", 1000, 10.0, 250.0);
    case(c, "spread_500x500", "fm1_30m", 500, 30.0, 270.0);
}

criterion_group!(benches, bench);
criterion_main!(benches);
