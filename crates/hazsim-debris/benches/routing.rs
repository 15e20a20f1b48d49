//! Energy-line runout routing on the bundled Jacksboro DEM (scenarios/data/jacksboro_utm16n.tif)
//! from about 200 release cells: the steepest quarter of the cells (by Horn slope), every k-th
//! in row-major order. Criterion reports the time of one whole run; divide by the number of
//! release cells (printed) for the time per release cell.
//!
//! `cargo bench -p hazsim-debris -- --quick`

use criterion::{criterion_group, criterion_main, Criterion};
use hazsim_debris::{route_runout, Release, RunoutParams};
use hazsim_grid::Terrain;
use std::hint::black_box;
use std::time::Instant;

fn load() -> Terrain {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/data/jacksboro_utm16n.tif"
    );
    let dem = match hazsim_io::read_raster(path).expect("read the bundled DEM") {
        hazsim_io::AnyRaster::F32(r) => r,
        other => panic!("expected an f32 DEM, got {other:?}"),
    };
    Terrain::new(dem).expect("valid DEM")
}

/// About `n` release cells: the steepest quarter by slope, every k-th in row-major order.
fn release_cells(t: &Terrain, n: usize) -> Vec<(usize, usize)> {
    let slope = t.slope();
    let mut s: Vec<f32> = slope
        .data
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    s.sort_by(|a, b| a.total_cmp(b));
    let q75 = s[s.len() * 3 / 4];
    let steep: Vec<(usize, usize)> = slope
        .data
        .indexed_iter()
        .filter(|(_, &v)| v >= q75)
        .map(|(i, _)| i)
        .collect();
    let k = (steep.len() / n).max(1);
    steep.into_iter().step_by(k).take(n).collect()
}

fn bench(c: &mut Criterion) {
    let t = load();
    let cells = release_cells(&t, 200);
    let n = cells.len();
    let release = Release::Cells(cells);
    let cases = [
        ("default", RunoutParams::default()),
        (
            "no_cap",
            RunoutParams {
                max_velocity: None,
                ..RunoutParams::default()
            },
        ),
    ];
    for (name, params) in &cases {
        let t0 = Instant::now();
        let run = route_runout(&t, &release, params).expect("routing");
        let dt = t0.elapsed().as_secs_f64();
        let affected = run.affected().data.iter().filter(|&&a| a).count();
        println!(
            "debris routing ({name}): {} × {} DEM at {} m, {n} release cells, {affected} cells affected; one run {:.4} s = {:.4} ms per release cell on {} threads",
            t.shape().0,
            t.shape().1,
            t.cell_size(),
            dt,
            dt * 1e3 / n as f64,
            rayon::current_num_threads()
        );
        c.bench_function(&format!("route_runout_{name}_{n}_releases"), |b| {
            b.iter(|| black_box(route_runout(&t, &release, params).expect("routing")))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
