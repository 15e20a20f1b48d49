//! Results do not depend on the number of threads (DESIGN.md, Parallelism): every output field
//! and the mass balance must be bitwise identical with 1- and 2-thread rayon pools (and a
//! 4-thread one). Tolerance: identical bits.

mod common;

use hazsim_flood::{
    simulate, Boundaries, Boundary, Breach, FloodConfig, FloodResult, GreenAmpt, PointInflow, Rain,
    Region, Reservoir, SoilTexture,
};
use hazsim_grid::{NoProgress, Simulation};

fn run(threads: usize) -> FloodResult {
    let t = common::terrain(common::bumpy(64, 48, 0.8), 5.0);
    let cfg = FloodConfig {
        duration: 900.0,
        rain: Rain::Uniform(vec![(0.0, 60.0), (300.0, 10.0)]),
        inflows: vec![PointInflow {
            x: 60.0,
            y: 200.0,
            hydrograph: vec![(0.0, 2.0), (900.0, 0.0)],
        }],
        boundaries: Boundaries {
            east: Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        output_interval: Some(100.0),
        // The infiltration pass and a breach take part too.
        infiltration: Some(GreenAmpt::texture(SoilTexture::SandyLoam, 0.3).unwrap()),
        reservoir: Some(Reservoir {
            region: Region::Mask(ndarray::Array2::from_shape_fn((64, 48), |(r, c)| {
                r < 20 && c < 20
            })),
            level: 1.0,
        }),
        breach: Some(Breach {
            region: Region::Mask(ndarray::Array2::from_shape_fn((64, 48), |(r, c)| {
                r == 30 && (10..20).contains(&c)
            })),
            final_level: -1.0,
            start: 100.0,
            formation_time: 200.0,
        }),
        ..Default::default()
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| simulate(&t, cfg, &mut NoProgress).unwrap())
}

#[test]
fn bitwise_identical_across_thread_counts() {
    let a = run(1);
    // Rain, inflow, infiltration and free outflow together still balance (1e-6 relative,
    // DESIGN.md).
    assert!(a.mass_balance.outflow > 0.0);
    assert!(a.mass_balance.infiltration > 0.0);
    assert!(
        a.mass_balance.error().abs() < 1e-6,
        "imbalance {}",
        a.mass_balance.error()
    );
    for k in [2, 4] {
        let b = run(k);
        assert_eq!(a.steps, b.steps);
        assert_eq!(a.mass_balance, b.mass_balance, "{k} threads");
        assert_eq!(a.series, b.series);
        for ((na, ra), (nb, rb)) in a.fields.iter().zip(&b.fields) {
            assert_eq!(na, nb);
            let same = ra
                .data
                .iter()
                .zip(rb.data.iter())
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{na} differs with {k} threads");
        }
    }
}

/// A uniform Manning's n is stored as one shared row of n²; a raster of the same n everywhere is
/// stored per cell. Both must give the same run to the bit (tolerance: identical bits).
#[test]
fn uniform_and_raster_manning_identical() {
    let t = common::terrain(common::bumpy(40, 56, 0.8), 5.0);
    let n = 0.05f32;
    let run = |manning: hazsim_grid::Field| {
        let cfg = FloodConfig {
            duration: 600.0,
            manning,
            rain: Rain::Uniform(vec![(0.0, 80.0)]),
            boundaries: Boundaries {
                south: Boundary::FreeOutflow { slope: None },
                ..Default::default()
            },
            ..Default::default()
        };
        simulate(&t, cfg, &mut NoProgress).unwrap()
    };
    let a = run(hazsim_grid::Field::Uniform(n as f64));
    let b = run(hazsim_grid::Field::Raster(common::like(
        &t,
        ndarray::Array2::from_elem((40, 56), n),
    )));
    assert!(
        a.mass_balance.outflow > 0.0,
        "water must reach the free edge"
    );
    assert_eq!(a.steps, b.steps);
    assert_eq!(a.mass_balance, b.mass_balance);
    for ((na, ra), (_, rb)) in a.fields.iter().zip(&b.fields) {
        let same = ra
            .data
            .iter()
            .zip(rb.data.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same, "{na} differs between uniform and raster n");
    }
}

/// The solver's fused step works on blocks of rows that exchange what they need across block
/// seams. A grid of 133 rows (several blocks, the last one short) with rain, a point inflow, a
/// free edge and the Froude cap must give the same bits with 1, 2 and 3 threads, and the same
/// bits as the transposed grid (20 rows, a single block), since the scheme treats both directions
/// alike (tests/symmetry.rs). Tolerance: identical bits; mass balance 1e-6 relative (DESIGN.md).
#[test]
fn row_blocks_are_invisible() {
    let z = common::bumpy(133, 20, 0.8);
    let cfg = |south_free: bool, inflow: bool| FloodConfig {
        duration: 400.0,
        rain: Rain::Uniform(vec![(0.0, 90.0)]),
        inflows: if inflow {
            vec![PointInflow {
                x: 42.0,
                y: 300.0,
                hydrograph: vec![(0.0, 1.5)],
            }]
        } else {
            Vec::new()
        },
        boundaries: if south_free {
            Boundaries {
                south: Boundary::FreeOutflow { slope: None },
                ..Default::default()
            }
        } else {
            Boundaries {
                east: Boundary::FreeOutflow { slope: None },
                ..Default::default()
            }
        },
        max_froude: Some(1.0),
        ..Default::default()
    };
    let run = |threads: usize, z: &ndarray::Array2<f32>, south_free: bool, inflow: bool| {
        let t = common::terrain(z.clone(), 5.0);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate(&t, cfg(south_free, inflow), &mut NoProgress).unwrap())
    };
    let a = run(1, &z, true, true);
    assert!(
        a.mass_balance.outflow > 0.0,
        "water must leave the south edge"
    );
    assert!(
        a.mass_balance.error().abs() < 1e-6,
        "imbalance {}",
        a.mass_balance.error()
    );
    for k in [2, 3] {
        let b = run(k, &z, true, true);
        assert_eq!(a.steps, b.steps);
        assert_eq!(a.mass_balance, b.mass_balance, "{k} threads");
        for ((na, ra), (_, rb)) in a.fields.iter().zip(&b.fields) {
            let same = ra
                .data
                .iter()
                .zip(rb.data.iter())
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{na} differs with {k} threads");
        }
    }
    // Rain only (a point inflow would need its own transposed position), transposed grid.
    let a = run(2, &z, true, false);
    let zt = z.t().to_owned();
    let b = run(2, &zt, false, false);
    assert_eq!(a.steps, b.steps);
    for ((na, ra), (_, rb)) in a.fields.iter().zip(&b.fields) {
        let same = ra
            .data
            .iter()
            .zip(rb.data.t().iter())
            .all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same, "{na} differs on the transposed grid");
    }
}

/// Live-cell tracking (the solver computes only the columns near water) gives the same bits as
/// computing every cell: a dry valley filled by a point inflow and a reservoir breach, with
/// infiltration draining cells back to dry, a free edge, three row blocks and a column count
/// that is not a multiple of 8. Tolerance: identical bits in every field, the mass balance and
/// the series; tracking must also have skipped work.
#[test]
fn live_tracking_is_invisible() {
    let (rows, cols) = (133, 70);
    let t = common::terrain(common::bumpy(rows, cols, 0.8), 5.0);
    let cfg = FloodConfig {
        duration: 600.0,
        inflows: vec![PointInflow {
            x: 90.0,
            y: 400.0,
            hydrograph: vec![(0.0, 0.0), (100.0, 1.5), (400.0, 0.0)],
        }],
        boundaries: Boundaries {
            east: Boundary::FreeOutflow { slope: None },
            ..Default::default()
        },
        output_interval: Some(60.0),
        infiltration: Some(GreenAmpt::texture(SoilTexture::Loam, 0.3).unwrap()),
        reservoir: Some(Reservoir {
            region: Region::Mask(ndarray::Array2::from_shape_fn((rows, cols), |(r, c)| {
                r > 100 && c > 40 && c < 60
            })),
            level: 1.5,
        }),
        breach: Some(Breach {
            region: Region::Mask(ndarray::Array2::from_shape_fn((rows, cols), |(r, c)| {
                r == 100 && (45..50).contains(&c)
            })),
            final_level: -1.0,
            start: 50.0,
            formation_time: 100.0,
        }),
        ..Default::default()
    };
    let run = |track: bool| {
        let mut sim = hazsim_flood::FloodSimulation::new(&t, cfg.clone()).unwrap();
        sim.set_live_tracking(track);
        for until in [30.0, 200.0, 450.0, 600.0] {
            sim.advance(until, &mut NoProgress).unwrap();
        }
        let fields: Vec<Vec<u32>> = sim
            .fields()
            .iter()
            .map(|f| {
                sim.field(f.name)
                    .unwrap()
                    .iter()
                    .map(|v| v.to_bits())
                    .collect()
            })
            .collect();
        let mb = sim.mass_balance();
        let mass = [
            mb.rain,
            mb.inflow,
            mb.infiltration,
            mb.outflow,
            mb.storage_now,
        ];
        let series: Vec<(u64, u64, u64)> = sim
            .series()
            .iter()
            .map(|p| {
                (
                    p.time.to_bits(),
                    p.flooded_area.to_bits(),
                    p.volume.to_bits(),
                )
            })
            .collect();
        (
            fields,
            mass.map(f64::to_bits),
            series,
            sim.cells_computed(),
            sim.steps(),
        )
    };
    let (on, off) = (run(true), run(false));
    for (k, (x, y)) in on.0.iter().zip(&off.0).enumerate() {
        let differ = x.iter().zip(y).filter(|(a, b)| a != b).count();
        assert_eq!(differ, 0, "field {k}: {differ} cells differ");
    }
    assert_eq!(on.1, off.1, "mass balance differs");
    assert_eq!(on.2, off.2, "series differ");
    assert_eq!(off.3, off.4 * (rows * cols) as u64);
    assert!(
        on.3 < off.3 * 3 / 4,
        "tracking computed {} of {} cell-updates",
        on.3,
        off.3
    );
}
