//! UK Environment Agency 2D benchmarks (Néelz & Pender 2013, "Benchmarking the latest generation
//! of 2D hydraulic modelling packages", EA report SC120002; the tests first appeared in Néelz &
//! Pender 2010, SC080035). The EA's DEM and boundary files are not reproduced here: the
//! geometry is reconstructed from the published test definitions, and each test says what it
//! reconstructed. Both tests check the outcome the report states for them,
//! which depends on the geometry's key levels and not on the exact profile.

mod common;

use hazsim_flood::{Boundaries, Boundary, FloodConfig, FloodSimulation, PointInflow};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

/// Piecewise-linear interpolation in (x, z) points.
fn profile(points: &[(f64, f64)], x: f64) -> f64 {
    hazsim_flood::sources::interp_linear(points, x)
}

/// EA Test 1, "flooding a disconnected water body".
///
/// Published definition (Néelz & Pender 2013, Test 1): a 700 m × 100 m domain whose ground
/// varies along x only, with an obstruction between the river boundary and a hollow that is not
/// connected to it; a water level hydrograph on the left edge rises from 9.7 m to 10.35 m,
/// overtops the obstruction and fills the hollow, then falls back to 9.7 m; Manning n = 0.03;
/// the hollow should end full to the obstruction's crest, 10.25 m.
///
/// Reconstructed here: the ground profile (x m, z m) = (0, 9.5), (150, 9.5), (240, 10.25),
/// (260, 10.25) [the crest, flat over two cells so the grid keeps its exact level], (350, 9.0),
/// (550, 9.0), (700, 10.6) [above 10.35, so nothing leaves on the right]; 10 m cells (70 × 10);
/// the hydrograph 9.7 m at t = 0, 10.35 m at 1 h, held to 10 h, 9.7 m at 11 h, run to 20 h (a
/// rise-hold-fall shape with the published levels; the timings are this reconstruction's, and the
/// outcome does not depend on them as long as the fall leaves hours to drain); left region
/// starting at rest at 9.7 m, hollow dry; other edges closed. The real test's grid and profile
/// differ (it is defined on a finer DEM); what matters is the crest level and that the hollow
/// is closed on the right.
///
/// Expected: the hollow's level after the fall is the crest, 10.25 m. Over a broad crest the
/// last of the water drains ever more slowly (the weir discharge goes as the head^{3/2}), and the
/// scheme stops a face's flow at h_f ≤ h_flow_min = 1 mm, so the level sits a little above the
/// crest. Measured: 10.2551 m (5 mm above the crest), flat across the hollow to < 0.1 mm; the
/// left region back at 9.7000 m. Tolerance ±1 cm on the level (twice the measured residual,
/// which comes from the slow final drainage and h_flow_min), 5 mm on the flatness, 1 cm on the
/// left level.
#[test]
fn ea_test1_disconnected_water_body() {
    let (rows, cols, dx) = (10usize, 70usize, 10.0f64);
    let pts = [
        (0.0, 9.5),
        (150.0, 9.5),
        (240.0, 10.25),
        (260.0, 10.25),
        (350.0, 9.0),
        (550.0, 9.0),
        (700.0, 10.6),
    ];
    let zx: Vec<f64> = (0..cols)
        .map(|c| profile(&pts, (c as f64 + 0.5) * dx))
        .collect();
    let z = Array2::from_shape_fn((rows, cols), |(_, c)| zx[c] as f32);
    let t = common::terrain(z, dx);
    let h0 = Array2::from_shape_fn((rows, cols), |(_, c)| {
        if (c as f64 + 0.5) * dx < 240.0 {
            (9.7 - zx[c]).max(0.0) as f32
        } else {
            0.0
        }
    });
    let hour = 3600.0;
    let duration = 20.0 * hour;
    let cfg = FloodConfig {
        duration,
        manning: hazsim_grid::Field::Uniform(0.03),
        initial_depth: Some(common::like(&t, h0)),
        boundaries: Boundaries {
            west: Boundary::LevelHydrograph(vec![
                (0.0, 9.7),
                (hour, 10.35),
                (10.0 * hour, 10.35),
                (11.0 * hour, 9.7),
            ]),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(duration, &mut NoProgress).unwrap();
    let h = sim.field("flood.depth").unwrap();
    let (mut lo, mut hi, mut sum, mut n) = (f64::INFINITY, f64::NEG_INFINITY, 0.0, 0);
    for r in 0..rows {
        for c in 0..cols {
            let x = (c as f64 + 0.5) * dx;
            if x > 260.0 && h[[r, c]] > 0.01 {
                let eta = zx[c] + h[[r, c]] as f64;
                lo = lo.min(eta);
                hi = hi.max(eta);
                sum += eta;
                n += 1;
            }
        }
    }
    let pond = sum / n as f64;
    // The left region has drained back to the boundary's 9.7 m.
    let left = zx[0] + h[[5, 0]] as f64;
    eprintln!(
        "EA test 1: hollow level {pond:.4} m (spread {:.4} m over {n} cells), left {left:.4} m",
        hi - lo
    );
    assert!((pond - 10.25).abs() < 0.01, "hollow level {pond}");
    assert!(hi - lo < 0.005, "hollow surface not flat: {lo}..{hi}");
    assert!((left - 9.7).abs() < 0.01, "left level {left}");
    assert!(sim.mass_balance().error().abs() < 1e-6);
}

/// Bed of the reconstructed EA Test 2 at (x, y) (y northwards): 4 × 4 bowls of 500 m,
/// z = A (1 − (|sin(π x/500)| + |sin(π y/500)|)/2) + T ((2000 − x) + y)/4000, A = 2 m, T = 1 m.
fn test2_bed(x: f64, y: f64) -> f64 {
    let s = |v: f64| (std::f64::consts::PI * v / 500.0).sin().abs();
    2.0 * (1.0 - 0.5 * (s(x) + s(y))) + ((2000.0 - x) + y) / 4000.0
}

/// Runs the reconstructed EA Test 2 on `dx` cells and checks its outcome: at least `min_pairs`
/// connected bowl pairs, and perched bowls within `spill_tol` (m) of their spill saddle.
fn ea_test2(dx: f64, min_pairs: usize, spill_tol: f64) {
    let n = (2000.0 / dx).round() as usize;
    let per = n / 4; // cells per bowl
    let xy = |r: usize, c: usize| ((c as f64 + 0.5) * dx, 2000.0 - (r as f64 + 0.5) * dx);
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        let (x, y) = xy(r, c);
        test2_bed(x, y) as f32
    });
    let zc = z.clone();
    let t = common::terrain(z, dx);
    let hour = 3600.0;
    let duration = 48.0 * hour;
    let cfg = FloodConfig {
        duration,
        manning: hazsim_grid::Field::Uniform(0.03),
        inflows: vec![PointInflow {
            x: 0.5 * dx,
            y: 2000.0 - 0.5 * dx,
            hydrograph: vec![
                (0.0, 0.0),
                (600.0, 40.0),
                (8.0 * hour, 40.0),
                (8.0 * hour + 600.0, 0.0),
            ],
        }],
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    sim.advance(duration, &mut NoProgress).unwrap();
    let h = sim.field("flood.depth").unwrap();
    let eta = |r: usize, c: usize| zc[[r, c]] as f64 + h[[r, c]] as f64;
    // Each bowl's level: the surface at its lowest cell (None if dry).
    let mut level = [[None::<f64>; 4]; 4];
    for (bi, row) in level.iter_mut().enumerate() {
        for (bj, l) in row.iter_mut().enumerate() {
            let mut best = (f32::INFINITY, 0, 0);
            for r in bi * per..(bi + 1) * per {
                for c in bj * per..(bj + 1) * per {
                    if zc[[r, c]] < best.0 {
                        best = (zc[[r, c]], r, c);
                    }
                }
            }
            if h[[best.1, best.2]] > 0.01 {
                *l = Some(eta(best.1, best.2));
            }
        }
    }
    // Saddle between two neighbouring bowls: the lowest face crossing their shared edge, a face
    // being as high as the higher of its two cells.
    let saddle = |(bi, bj): (usize, usize), (ci, cj): (usize, usize)| -> f64 {
        let mut s = f64::INFINITY;
        for k in 0..per {
            let (a, b) = if bi == ci {
                let c = bj.max(cj) * per;
                ((bi * per + k, c - 1), (bi * per + k, c))
            } else {
                let r = bi.max(ci) * per;
                ((r - 1, bj * per + k), (r, bj * per + k))
            };
            s = s.min(zc[a].max(zc[b]) as f64);
        }
        s
    };
    let (mut pairs, mut worst) = (0, 0.0f64);
    let mut connected = [[false; 4]; 4];
    let mut lowest_saddle = [[f64::INFINITY; 4]; 4];
    for bi in 0..4 {
        for bj in 0..4 {
            for (ci, cj) in [(bi + 1, bj), (bi, bj + 1)] {
                if ci > 3 || cj > 3 {
                    continue;
                }
                let s = saddle((bi, bj), (ci, cj));
                lowest_saddle[bi][bj] = lowest_saddle[bi][bj].min(s);
                lowest_saddle[ci][cj] = lowest_saddle[ci][cj].min(s);
                if let (Some(a), Some(b)) = (level[bi][bj], level[ci][cj]) {
                    // Connected: both surfaces clearly above the saddle.
                    if a > s + 0.02 && b > s + 0.02 {
                        pairs += 1;
                        connected[bi][bj] = true;
                        connected[ci][cj] = true;
                        worst = worst.max((a - b).abs());
                    }
                }
            }
        }
    }
    for row in &level {
        eprintln!(
            "{}",
            row.iter()
                .map(|l| l.map_or("   dry  ".to_string(), |v| format!("{v:8.4}")))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    // A wet bowl outside the lake is perched: full to its lowest saddle, where it spills.
    let (mut perched, mut worst_spill) = (0, 0.0f64);
    for bi in 0..4 {
        for bj in 0..4 {
            if let (Some(l), false) = (level[bi][bj], connected[bi][bj]) {
                perched += 1;
                worst_spill = worst_spill.max((l - lowest_saddle[bi][bj]).abs());
            }
        }
    }
    eprintln!(
        "EA test 2 (dx {dx} m): {pairs} connected pairs, worst level difference {worst:.4} m; \
         {perched} perched bowls, worst |level - spill saddle| {worst_spill:.4} m"
    );
    assert!(
        pairs >= min_pairs,
        "only {pairs} connected pairs: the test is not exercising spill"
    );
    assert!(worst < 0.01, "connected bowls differ by {worst} m");
    assert!(perched >= 1, "no perched bowl");
    assert!(
        worst_spill < spill_tol,
        "a perched bowl is {worst_spill} m off its spill level"
    );
    let m = sim.mass_balance();
    assert!(m.error().abs() < 1e-6, "imbalance {}", m.error());
}

/// EA Test 2, "filling of floodplain depressions".
///
/// Published definition (Néelz & Pender 2013, Test 2): a 2000 m × 2000 m DEM of 4 × 4
/// depressions, an inflow hydrograph at the north-west corner, Manning n = 0.03, 48 h; the water
/// spills from depression to depression, and at the end the depressions joined by water stand at
/// one level.
///
/// Reconstructed (a simplified but faithful version): the bowls of [`test2_bed`], 2 m from corner
/// to bowl centre, saddles half-way up at the middle of each shared edge, and a 1 m tilt down to
/// the south-east so that the bowls have different bottoms and water cascades from the inflow
/// corner; inflow at the north-west corner cell, 0 → 40 m³/s over 10 min, held to 8 h, 0 at
/// 8 h 10 min (1.15e6 m³: twice the published peak and longer, so that the water merges the
/// lower bowls into one lake instead of only cascading); all edges closed; 48 h; 50 m cells here
/// (the 20 m version is `ea_test2_filling_depressions_20m`, ignored for time).
///
/// Expected:
/// - bowls whose surfaces both stand above the saddle between them (by > 2 cm, twice the
///   default wet threshold) are one lake, so their levels agree: measured 12 connected pairs
///   (10 bowls at 1.3327 m), worst difference < 0.1 mm; tolerance 1 cm (as test 1);
/// - every other wet bowl is perched, full to its lowest saddle, where it spilled: measured 6
///   perched bowls, worst excess over the saddle 1.21 cm; tolerance 2 cm. The last centimetres
///   drain as friction-dominated sheet flow through a saddle about one cell wide
///   (q ∝ h^{5/3}: ~0.08 m³/s at 1 cm head against ~2.5e5 m² of bowl surface, some 9 h per
///   centimetre and slowing), so 40 h after the inflow ends the level still approaches the
///   saddle from above.
#[test]
fn ea_test2_filling_depressions() {
    ea_test2(50.0, 3, 0.02);
}

/// The same at 20 m cells (100 × 100, ~30 s).
/// The finer grid samples the saddles higher (the 50 m grid's faces straddle each saddle 25 m
/// inside the bowls, so they sit ~0.1 m low) and narrower, so the bowls keep more water and
/// drain slower: measured 2 connected pairs (the three south-east bowls at 1.1821 m, worst
/// difference 0.2 mm; tolerance 1 cm), 13 perched bowls, worst excess over the saddle 2.68 cm
/// (tolerance 4 cm, from the same slow sheet-flow drainage through a saddle now 20 m wide).
#[test]
#[ignore = "long: run with --ignored"]
fn ea_test2_filling_depressions_20m() {
    ea_test2(20.0, 2, 0.04);
}
