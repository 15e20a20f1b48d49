//! The Voellmy flow solver on real terrain: the bundled Jacksboro DEM (scenarios/data), a 3 m
//! block released on the steepest cells. Real DEMs have noise, pits and sharp breaks that a
//! synthetic plane lacks; the run must stay stable (no `Unstable` error), conserve volume
//! (1e-6 relative, the brief's bound) and lose potential energy. It need not come to rest: with
//! Voellmy friction material on slopes steeper than μ never stops, and on this 90 m DEM a thin
//! sheet is still draining down 18° slopes after 600 s (its centre of mass keeps falling).

use hazsim_debris::voellmy::{VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_grid::{NoProgress, Simulation, Terrain};

fn load() -> Terrain {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/data/jacksboro_utm16n.tif"
    );
    match hazsim_io::read_raster(path).expect("read the bundled DEM") {
        hazsim_io::AnyRaster::F32(r) => Terrain::new(r).expect("valid DEM"),
        other => panic!("expected an f32 DEM, got {other:?}"),
    }
}

#[test]
fn block_release_on_the_jacksboro_dem() {
    let t = load();
    let (rows, cols) = t.shape();
    // The steepest cell away from the edges; release a 5 × 5 block around it.
    let slope = t.slope();
    let (mut best, mut at) = (0.0f32, (0, 0));
    for r in 10..rows - 10 {
        for c in 10..cols - 10 {
            if slope.data[[r, c]] > best {
                best = slope.data[[r, c]];
                at = (r, c);
            }
        }
    }
    let mut d = t.dem().map(|_| 0.0f32);
    d.data
        .slice_mut(ndarray::s![at.0 - 2..at.0 + 3, at.1 - 2..at.1 + 3])
        .fill(3.0);
    let d0 = d.data.clone();
    let cfg = VoellmyConfig {
        duration: 600.0,
        ..VoellmyConfig::new(VoellmyRelease::Depth(d))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(600.0, &mut NoProgress).unwrap();
    let m = sim.mass_balance();
    let run = sim.result(&t);
    eprintln!(
        "jacksboro: {rows}×{cols} at {} m, release at {at:?} (slope {best:.1}°), {} steps, {} cell-updates, moving {}, runout {:.0} m, max v {:.1} m/s, max p {:.0} kPa, {m:?}",
        t.cell_size(),
        sim.steps(),
        sim.cell_updates(),
        sim.moving_cells(),
        run.runout_length,
        run.max_speed.data.iter().fold(0.0f32, |a, &b| a.max(b)),
        run.max_impact_pressure.data.iter().fold(0.0f32, |a, &b| a.max(b)),
    );
    assert!(m.error().abs() <= 1e-6, "{m:?}");
    assert!(m.clipped <= 1e-9 * m.released, "{m:?}");
    assert!(run.runout_length > 0.0);
    let z = &t.dem().data;
    let com_z = |h: ndarray::ArrayView2<f32>| {
        let (m, mz) = h.indexed_iter().fold((0.0f64, 0.0f64), |(m, mz), (i, &x)| {
            (m + x as f64, mz + x as f64 * z[i] as f64)
        });
        mz / m
    };
    let z0 = com_z(d0.view());
    let z1 = com_z(sim.field("debris.depth").unwrap());
    eprintln!("centre of mass fell {:.1} m", z0 - z1);
    assert!(z1 < z0 - 10.0, "the centre of mass fell from {z0} to {z1}");
    let (h, v) = (
        sim.field("debris.depth").unwrap(),
        sim.field("debris.speed").unwrap(),
    );
    let (mut vol_moving, mut hmax_moving, mut vmax_now) = (0.0f64, 0.0f32, 0.0f32);
    for (&hi, &vi) in h.iter().zip(v.iter()) {
        if vi > 0.0 {
            vol_moving += hi as f64 * t.cell_size() * t.cell_size();
            hmax_moving = hmax_moving.max(hi);
            vmax_now = vmax_now.max(vi);
        }
    }
    eprintln!("moving now: volume {vol_moving:.1} m³, max depth {hmax_moving:.4} m, max speed {vmax_now:.3} m/s");
}
