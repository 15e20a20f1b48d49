//! Every bad input gets a clear error naming the parameter (DESIGN.md, Errors); nothing panics.

mod common;

use hazsim_flood::{Boundaries, Boundary, Error, FloodConfig, FloodSimulation, PointInflow, Rain};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

fn terrain() -> Terrain {
    common::terrain(Array2::zeros((10, 12)), 5.0)
}

fn err(cfg: FloodConfig) -> String {
    FloodSimulation::new(&terrain(), cfg)
        .unwrap_err()
        .to_string()
}

fn other_grid(v: f32) -> Raster<f32> {
    Raster::new(
        Array2::from_elem((10, 11), v),
        GeoTransform::north_up(0.0, 50.0, 5.0),
        Crs::epsg(32633),
    )
}

#[test]
fn bad_scalars_name_the_parameter() {
    let cases: Vec<(&str, FloodConfig)> = vec![
        (
            "duration",
            FloodConfig {
                duration: -1.0,
                ..Default::default()
            },
        ),
        (
            "duration",
            FloodConfig {
                duration: f64::NAN,
                ..Default::default()
            },
        ),
        (
            "alpha",
            FloodConfig {
                alpha: 0.0,
                ..Default::default()
            },
        ),
        (
            "alpha",
            FloodConfig {
                alpha: 1.5,
                ..Default::default()
            },
        ),
        (
            "alpha",
            FloodConfig {
                alpha: 0.7,
                theta: 0.8,
                ..Default::default()
            },
        ),
        (
            "theta",
            FloodConfig {
                theta: 1.2,
                ..Default::default()
            },
        ),
        (
            "theta",
            FloodConfig {
                theta: -0.1,
                ..Default::default()
            },
        ),
        (
            "h_flow_min",
            FloodConfig {
                h_flow_min: 0.0,
                ..Default::default()
            },
        ),
        (
            "max_dt",
            FloodConfig {
                max_dt: -5.0,
                ..Default::default()
            },
        ),
        (
            "wet_threshold",
            FloodConfig {
                wet_threshold: f64::NAN,
                ..Default::default()
            },
        ),
        (
            "arrival_threshold",
            FloodConfig {
                arrival_threshold: -0.1,
                ..Default::default()
            },
        ),
        (
            "output_interval",
            FloodConfig {
                output_interval: Some(0.0),
                ..Default::default()
            },
        ),
        (
            "max_speed",
            FloodConfig {
                max_speed: 0.0,
                ..Default::default()
            },
        ),
        (
            "manning",
            FloodConfig {
                manning: hazsim_grid::Field::Uniform(0.0),
                ..Default::default()
            },
        ),
        (
            "manning",
            FloodConfig {
                manning: hazsim_grid::Field::Uniform(-0.03),
                ..Default::default()
            },
        ),
        (
            "boundaries.east",
            FloodConfig {
                boundaries: Boundaries {
                    east: Boundary::FixedLevel(f64::NAN),
                    ..Default::default()
                },
                ..Default::default()
            },
        ),
        (
            "boundaries.west",
            FloodConfig {
                boundaries: Boundaries {
                    west: Boundary::FreeOutflow { slope: Some(-0.01) },
                    ..Default::default()
                },
                ..Default::default()
            },
        ),
    ];
    for (name, cfg) in cases {
        let msg = err(cfg);
        assert!(msg.contains(name), "{name}: {msg}");
    }
}

#[test]
fn bad_rasters_name_the_input() {
    let t = terrain();
    let msg = err(FloodConfig {
        manning: hazsim_grid::Field::Raster(other_grid(0.03)),
        ..Default::default()
    });
    assert!(msg.contains("manning") && msg.contains("shape"), "{msg}");
    let mut n = Array2::from_elem((10, 12), 0.03f32);
    n[[3, 4]] = 0.0;
    let msg = err(FloodConfig {
        manning: hazsim_grid::Field::Raster(common::like(&t, n)),
        ..Default::default()
    });
    assert!(
        msg.contains("manning") && msg.contains("row 3, col 4"),
        "{msg}"
    );
    let msg = err(FloodConfig {
        initial_depth: Some(other_grid(0.0)),
        ..Default::default()
    });
    assert!(msg.contains("initial_depth"), "{msg}");
    let mut h = Array2::zeros((10, 12));
    h[[1, 2]] = -0.5f32;
    let msg = err(FloodConfig {
        initial_depth: Some(common::like(&t, h)),
        ..Default::default()
    });
    assert!(
        msg.contains("initial_depth") && msg.contains("-0.5"),
        "{msg}"
    );
    let msg = err(FloodConfig {
        rain: Rain::Rasters(vec![(0.0, other_grid(5.0))]),
        ..Default::default()
    });
    assert!(msg.contains("rain"), "{msg}");
    let mut r = Array2::from_elem((10, 12), 5.0f32);
    r[[0, 0]] = f32::NAN;
    let msg = err(FloodConfig {
        rain: Rain::Rasters(vec![(0.0, common::like(&t, r))]),
        ..Default::default()
    });
    assert!(msg.contains("rain"), "{msg}");
}

#[test]
fn bad_series_and_points_name_the_input() {
    let msg = err(FloodConfig {
        rain: Rain::Uniform(vec![(0.0, 10.0), (0.0, 5.0)]),
        ..Default::default()
    });
    assert!(msg.contains("rain") && msg.contains("increase"), "{msg}");
    let msg = err(FloodConfig {
        rain: Rain::Uniform(vec![(0.0, -10.0)]),
        ..Default::default()
    });
    assert!(msg.contains("rain") && msg.contains("-10"), "{msg}");
    let msg = err(FloodConfig {
        rain: Rain::Uniform(vec![]),
        ..Default::default()
    });
    assert!(msg.contains("rain") && msg.contains("empty"), "{msg}");
    let inflow = |x, y, hydrograph| FloodConfig {
        inflows: vec![PointInflow { x, y, hydrograph }],
        ..Default::default()
    };
    let msg = err(inflow(1000.0, 10.0, vec![(0.0, 1.0)]));
    assert!(
        msg.contains("inflows[0]") && msg.contains("outside"),
        "{msg}"
    );
    let msg = err(inflow(10.0, 10.0, vec![(10.0, 1.0), (5.0, 1.0)]));
    assert!(msg.contains("inflows[0].hydrograph"), "{msg}");
    let msg = err(inflow(10.0, 10.0, vec![(0.0, -1.0)]));
    assert!(
        msg.contains("inflows[0].hydrograph") && msg.contains("-1"),
        "{msg}"
    );
    let msg = err(FloodConfig {
        boundaries: Boundaries {
            south: Boundary::LevelHydrograph(vec![(5.0, 1.0), (5.0, 2.0)]),
            ..Default::default()
        },
        ..Default::default()
    });
    assert!(msg.contains("boundaries.south"), "{msg}");
}

#[test]
fn geographic_dem_is_rejected_by_terrain() {
    let dem = Raster::new(
        Array2::<f32>::zeros((5, 5)),
        GeoTransform::north_up(10.0, 50.0, 0.001),
        Crs::epsg(4326),
    );
    assert!(Terrain::new(dem).is_err());
}

#[test]
fn cancellation_stops_with_cancelled() {
    let t = terrain();
    let cfg = FloodConfig {
        rain: Rain::Uniform(vec![(0.0, 20.0)]),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    let mut calls = 0;
    let mut cancel = |_done: f64, _stage: &str| {
        calls += 1;
        calls < 3
    };
    let e = sim.advance(3600.0, &mut cancel).unwrap_err();
    assert!(e.is_cancelled(), "{e}");
    assert!(sim.now() > 0.0 && sim.now() < 3600.0);
    // The state stays consistent: the balance still closes.
    assert!(sim.mass_balance().error().abs() < 1e-6);
    sim.advance(3600.0, &mut NoProgress).unwrap();
    assert_eq!(sim.now(), 3600.0);
}

/// An inflow in the wrong units (m³/h taken as m³/s, say 3.6e5) into a tiny frictionless cell
/// trips the stability guard; the error names the time, the cell and the fixes.
#[test]
fn stability_guard_names_cell_and_fix() {
    let t = terrain();
    let cfg = FloodConfig {
        manning: hazsim_grid::Field::Uniform(1e-4),
        max_speed: 5.0,
        inflows: vec![PointInflow {
            x: 27.0,
            y: 27.0,
            hydrograph: vec![(0.0, 3.6e5)],
        }],
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    let e = sim.advance(600.0, &mut NoProgress).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Unstable { .. }), "{msg}");
    assert!(
        msg.contains("row")
            && msg.contains("alpha")
            && msg.contains("Manning")
            && msg.contains("inflow"),
        "{msg}"
    );
}

/// A DEM with nodata holes: Terrain refuses it and names the fix (fill_nodata); as walls
/// (walls::nodata_as_walls) the run keeps water out of the holes, rain included, and conserves
/// mass; an inflow in a hole is an error naming the inflow.
#[test]
fn dem_holes_are_an_error_or_walls() {
    use hazsim_flood::walls::nodata_as_walls;
    let mut z = Array2::from_shape_fn((10, 12), |(r, c)| 0.01 * (r + c) as f32);
    for c in 3..9 {
        z[[5, c]] = -9999.0;
    }
    z[[2, 2]] = f32::NAN;
    let dem = Raster::new(z, GeoTransform::north_up(0.0, 50.0, 5.0), Crs::epsg(32633))
        .with_nodata(-9999.0);
    let msg = Terrain::new(dem.clone()).unwrap_err().to_string();
    assert!(
        msg.contains("fill_nodata") && msg.contains("7 NaN/nodata"),
        "{msg}"
    );
    let (walled, mask) = nodata_as_walls(&dem).unwrap();
    let t = Terrain::new(walled).unwrap();
    let cfg = FloodConfig {
        duration: 900.0,
        rain: Rain::Uniform(vec![(0.0, 60.0)]),
        inflows: vec![PointInflow {
            x: 2.5,
            y: 2.5,
            hydrograph: vec![(0.0, 0.2)],
        }],
        walls: Some(mask.clone()),
        ..Default::default()
    };
    let r = hazsim_flood::simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
    let md = &r.field("flood.max_depth").unwrap().data;
    for ((i, &w), &d) in mask.indexed_iter().zip(md.iter()) {
        if w {
            assert_eq!(d, 0.0, "water in wall cell {i:?}");
        }
    }
    // Rain on the 113 valid cells only, plus the inflow; all kept (closed edges).
    let mb = r.mass_balance;
    assert!(
        (mb.rain - 113.0 * 25.0 * 0.06 * 0.25).abs() < 1e-6 * mb.rain,
        "{mb:?}"
    );
    assert!(mb.error().abs() < 1e-6, "{mb:?}");
    let msg = FloodSimulation::new(
        &t,
        FloodConfig {
            inflows: vec![PointInflow {
                x: 22.5,
                y: 22.5,
                hydrograph: vec![(0.0, 1.0)],
            }],
            ..cfg.clone()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("inflows[0]") && msg.contains("wall"), "{msg}");
    let msg = FloodSimulation::new(
        &t,
        FloodConfig {
            walls: Some(Array2::from_elem((3, 3), false)),
            ..cfg
        },
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("walls") && msg.contains("shape"), "{msg}");
}

/// Grids one cell wide or tall never reach the solver: the terrain refuses them with an error
/// that says why (slopes and flow directions need a 3 × 3 neighbourhood), so the solver's edge
/// faces, which read a cell's inner neighbour, always have one.
#[test]
fn one_cell_wide_grids_are_refused_by_the_terrain() {
    for (rows, cols) in [(1usize, 6usize), (6, 1), (1, 1)] {
        let dem = Raster::new(
            Array2::from_shape_fn((rows, cols), |(r, c)| (r + c) as f32 * 0.1),
            GeoTransform::north_up(0.0, rows as f64 * 5.0, 5.0),
            Crs::epsg(32633),
        );
        let e = Terrain::new(dem).unwrap_err().to_string();
        assert!(
            e.contains("at least 3×3") && e.contains(&format!("{rows}×{cols}")),
            "{e}"
        );
    }
}
