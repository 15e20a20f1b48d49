//! Bad input to the Voellmy flow solver gives a clear error naming the input, never a panic.

use hazsim_debris::voellmy::{simulate_voellmy, VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_debris::Error;
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

fn terrain() -> Terrain {
    let z = Array2::from_shape_fn((10, 10), |(_, c)| 100.0 - 3.0 * c as f32);
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 100.0, 10.0),
        Crs::epsg(32633),
    ))
    .unwrap()
}

fn block(t: &Terrain) -> VoellmyConfig {
    let mut d = t.dem().map(|_| 0.0f32);
    d.data[[4, 2]] = 2.0;
    VoellmyConfig::new(VoellmyRelease::Depth(d))
}

/// The error message of `cfg` on the test terrain.
fn err(cfg: VoellmyConfig) -> String {
    let t = terrain();
    match simulate_voellmy(
        &t,
        &VoellmyConfig {
            duration: 5.0,
            ..cfg
        },
        &mut NoProgress,
    ) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
}

#[test]
fn friction_coefficients_must_be_positive() {
    let t = terrain();
    for (mu, xi, name) in [
        (0.0, 500.0, "mu"),
        (-0.1, 500.0, "mu"),
        (f64::NAN, 500.0, "mu"),
        (0.2, 0.0, "xi"),
        (0.2, -5.0, "xi"),
    ] {
        let msg = err(VoellmyConfig {
            mu: hazsim_grid::Field::Uniform(mu),
            xi: hazsim_grid::Field::Uniform(xi),
            ..block(&t)
        });
        has(&msg, &[name, "> 0"]);
    }
    let mut bad = t.dem().map(|_| 0.2f32);
    bad.data[[3, 7]] = -1.0;
    let msg = err(VoellmyConfig {
        mu: hazsim_grid::Field::Raster(bad.clone()),
        ..block(&t)
    });
    has(&msg, &["mu", "-1 at row 3, col 7", "every cell"]);
    bad.data[[3, 7]] = f32::NAN;
    let msg = err(VoellmyConfig {
        xi: hazsim_grid::Field::Raster(bad),
        ..block(&t)
    });
    has(&msg, &["xi", "NaN at row 3, col 7"]);
}

#[test]
fn rasters_on_another_grid_are_refused() {
    let t = terrain();
    let other = Raster::new(
        Array2::<f32>::from_elem((10, 11), 0.2),
        GeoTransform::north_up(0.0, 100.0, 10.0),
        Crs::epsg(32633),
    );
    has(
        &err(VoellmyConfig {
            mu: hazsim_grid::Field::Raster(other.clone()),
            ..block(&t)
        }),
        &["mu raster", "shape"],
    );
    has(
        &err(VoellmyConfig::new(VoellmyRelease::Depth(other.clone()))),
        &["release depth", "shape"],
    );
    let shifted = Raster::new(
        Array2::<f32>::from_elem((10, 10), 1.0),
        GeoTransform::north_up(5.0, 100.0, 10.0),
        Crs::epsg(32633),
    );
    has(
        &err(VoellmyConfig::new(VoellmyRelease::Depth(shifted))),
        &["release depth", "transform"],
    );
}

#[test]
fn releases_must_hold_material_inside_the_grid() {
    let t = terrain();
    let mut neg = t.dem().map(|_| 0.0f32);
    neg.data[[2, 2]] = -0.5;
    has(
        &err(VoellmyConfig::new(VoellmyRelease::Depth(neg))),
        &["release depth", "-0.5 at row 2, col 2", ">= 0"],
    );
    has(
        &err(VoellmyConfig::new(VoellmyRelease::Depth(
            t.dem().map(|_| 0.0),
        ))),
        &["release is empty", "no cell deeper"],
    );
    let mask = t.dem().map(|_| false);
    has(
        &err(VoellmyConfig::new(VoellmyRelease::block(&mask, 2.0))),
        &["release is empty"],
    );
    let hydro = |x: f64, discharge: Vec<(f64, f64)>| {
        VoellmyConfig::new(VoellmyRelease::Hydrograph {
            x,
            y: 50.0,
            discharge,
        })
    };
    has(
        &err(hydro(500.0, vec![(0.0, 5.0), (10.0, 0.0)])),
        &["inflow at (x = 500", "outside the DEM"],
    );
    has(
        &err(hydro(50.0, vec![(0.0, -5.0), (10.0, 0.0)])),
        &["discharge", "-5", ">= 0"],
    );
    has(
        &err(hydro(50.0, vec![(10.0, 5.0), (5.0, 0.0)])),
        &["discharge time", "strictly increasing"],
    );
    has(
        &err(hydro(50.0, vec![(0.0, 5.0)])),
        &["discharge", "1 point", "at least two"],
    );
    has(
        &err(hydro(50.0, vec![(0.0, 0.0), (5.0, 0.0)])),
        &["release is empty", "discharge is 0"],
    );
}

#[test]
fn run_settings_are_checked() {
    let t = terrain();
    let cases: Vec<(VoellmyConfig, &[&str])> = vec![
        (
            VoellmyConfig {
                cfl: 0.0,
                ..block(&t)
            },
            &["cfl", "(0, 1]"],
        ),
        (
            VoellmyConfig {
                cfl: 1.5,
                ..block(&t)
            },
            &["cfl"],
        ),
        (
            VoellmyConfig {
                max_dt: -1.0,
                ..block(&t)
            },
            &["max_dt"],
        ),
        (
            VoellmyConfig {
                density: 0.0,
                ..block(&t)
            },
            &["density", "2000"],
        ),
        (
            VoellmyConfig {
                dry_depth: 0.0,
                ..block(&t)
            },
            &["dry_depth"],
        ),
        (
            VoellmyConfig {
                runout_threshold: -1.0,
                ..block(&t)
            },
            &["runout_threshold"],
        ),
        (
            VoellmyConfig {
                initial_velocity: (f64::INFINITY, 0.0),
                ..block(&t)
            },
            &["initial_velocity"],
        ),
    ];
    for (cfg, parts) in cases {
        has(&err(cfg), parts);
    }
    // Negative duration, through the one-shot API.
    let e = simulate_voellmy(
        &t,
        &VoellmyConfig {
            duration: -3.0,
            ..block(&t)
        },
        &mut NoProgress,
    )
    .unwrap_err();
    has(&e.to_string(), &["duration", "-3", ">= 0"]);
}

/// A runaway run stops with an error saying what to change, and keeps its last good state.
#[test]
fn runaway_speed_is_reported_not_hidden() {
    let t = terrain();
    let cfg = VoellmyConfig {
        max_speed: 2.0,
        ..block(&t)
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    let e = sim.advance(60.0, &mut NoProgress).unwrap_err();
    assert!(matches!(e, Error::Unstable { .. }), "{e:?}");
    has(&e.to_string(), &["unstable", "max_speed = 2", "lower cfl"]);
    assert!(sim.now() < 60.0);
    assert!(sim
        .field("debris.depth")
        .unwrap()
        .iter()
        .all(|h| h.is_finite()));
    assert!(sim.mass_balance().error().abs() < 1e-6);
}

#[test]
fn cancelling_stops_the_run() {
    let t = terrain();
    let mut sim = VoellmySimulation::new(&t, block(&t)).unwrap();
    let mut stop = |_: f64, _: &str| false;
    let e = sim.advance(1e4, &mut stop).unwrap_err();
    assert!(e.is_cancelled(), "{e:?}");
    assert!(sim.now() > 0.0 && sim.now() < 1e4);
    let e = sim.advance(f64::NAN, &mut NoProgress).unwrap_err();
    has(&e.to_string(), &["until"]);
}
