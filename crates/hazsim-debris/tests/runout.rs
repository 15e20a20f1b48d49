//! Validation of energy-line runout routing against analytic answers.

use hazsim_debris::{route_runout, Error, Release, Runout, RunoutParams};
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

const DX: f64 = 10.0;

/// AvaFrame's parabolic test slope (its generated "parabola" test topography):
/// `z = A x² + B x + C` for `x < fLen`, 0 beyond, with
/// `C = 1000 m` and a mean slope of 34° between top and foot.
///
/// Derivation: `z(0) = C`, `z(fLen) = 0` and `z'(fLen) = 0` give `B = −2C/fLen`,
/// `A = C/fLen²`; the mean slope `C / fLen = tan 34°` gives `fLen = C / tan 34° = 1482.6 m`.
fn parabola(x: f64) -> f64 {
    let c = 1000.0;
    let f_len = c / 34f64.to_radians().tan();
    if x < f_len {
        let (a, b) = (c / (f_len * f_len), -2.0 * c / f_len);
        a * x * x + b * x + c
    } else {
        0.0
    }
}

/// A long strip, x eastwards along the columns, with a V cross-section (5 m per cell up each
/// side) so that the thalweg is the centre row, like a 1-D profile.
fn strip(cols: usize, rows: usize) -> Terrain {
    let mid = (rows / 2) as f64;
    let z = Array2::from_shape_fn((rows, cols), |(r, c)| {
        (parabola(c as f64 * DX) + 5.0 * (r as f64 - mid).abs()) as f32
    });
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, rows as f64 * DX, DX),
        Crs::epsg(32616),
    ))
    .unwrap()
}

fn params(alpha: f64) -> RunoutParams {
    RunoutParams {
        travel_angle: hazsim_grid::Field::Uniform(alpha),
        max_velocity: None,
        exponent: 8.0,
        ..Default::default()
    }
}

/// The farthest column reached along the centre row.
fn runout_col(run: &Runout, row: usize) -> usize {
    let s = run.susceptibility.data.row(row);
    (0..s.len()).rev().find(|&c| s[c] > 0.0).unwrap()
}

#[test]
fn energy_line_runout_on_the_parabola_matches_the_alpha_line() {
    // Analytic: the path stops where C − z(x*) = x* tan α. For α below the 34° mean slope the
    // α-line stays above the parabola down to its foot (C − z(x) ≥ x tan 34° there), so x* lies
    // on the flat: x* = C / tan α. Tolerance: 1 cell (10 m), one-sided: the last cell reached is
    // the last cell centre before x*. Measured: −0.75, −0.45, −0.21 cells for 20°, 25°, 30°.
    let t = strip(320, 7);
    for alpha in [20.0f64, 25.0, 30.0] {
        let run = route_runout(&t, &Release::Cells(vec![(3, 0)]), &params(alpha)).unwrap();
        let x_star = 1000.0 / alpha.to_radians().tan();
        let x_end = runout_col(&run, 3) as f64 * DX;
        let err_cells = (x_end - x_star) / DX;
        println!("alpha = {alpha}°: x* = {x_star:.1} m, runout = {x_end:.1} m, error = {err_cells:+.2} cells");
        assert!(
            (-1.0..=0.0).contains(&err_cells),
            "alpha {alpha}: x* {x_star}, got {x_end}"
        );
        // Nothing anywhere runs past x*.
        for r in 0..7 {
            assert!(runout_col(&run, r) as f64 * DX <= x_star + DX);
        }
        // Speed on the thalweg follows the energy line: v = √(2g (C − z − x tan α)), f32 tolerance.
        for c in [50usize, 100, 140] {
            let x = c as f64 * DX;
            let zd = 1000.0 - parabola(x) - x * alpha.to_radians().tan();
            let v = (2.0 * 9.81 * zd).sqrt();
            let got = run.energy_line_speed.data[[3, c]] as f64;
            assert!(
                (got - v).abs() < 1e-3 * v,
                "alpha {alpha}, col {c}: {got} vs {v}"
            );
        }
        // Travel angle at the far end approaches α from above (path = straight thalweg).
        let ta = run.travel_angle.data[[3, runout_col(&run, 3)]] as f64;
        assert!(ta >= alpha - 1e-3 && ta < alpha + 0.5, "travel angle {ta}");
    }
}

#[test]
fn velocity_cap_bounds_speed_and_shortens_runout() {
    let t = strip(320, 7);
    let free = route_runout(&t, &Release::Cells(vec![(3, 0)]), &params(25.0)).unwrap();
    for v_max in [5.0f64, 15.0, 30.0] {
        let p = RunoutParams {
            max_velocity: Some(v_max.into()),
            ..params(25.0)
        };
        let run = route_runout(&t, &Release::Cells(vec![(3, 0)]), &p).unwrap();
        let vmax = run
            .energy_line_speed
            .data
            .iter()
            .fold(0.0f32, |a, &b| a.max(b));
        assert!(vmax as f64 <= v_max * (1.0 + 1e-6), "{vmax} > {v_max}");
        assert!(runout_col(&run, 3) <= runout_col(&free, 3));
        // Pressure follows ρ c v² / 1000 with ρ = 2000, c = 1.
        let p_max = run
            .energy_line_pressure
            .data
            .iter()
            .fold(0.0f32, |a, &b| a.max(b));
        assert!((p_max as f64 - 2.0 * vmax as f64 * vmax as f64).abs() < 1e-3 * p_max as f64);
    }
    // Analytic stop with a cap (derived here from the energy line on the parabola): z_δ sits
    // at z_δ,max while the ground falls faster than the energy line, |z'| > tan α. Past
    // x_s, where |z'(x_s)| = 2C/fLen · (1 − x_s/fLen) = tan α, the deficit grows as
    // tan α − |z'| = 2A (x − x_s), so z_δ = z_δ,max − A (x − x_s)² and the mass stops at
    // x_stop = x_s + √(z_δ,max / A). Tolerance: 1 cell (10 m).
    let c = 1000.0f64;
    let f_len = c / 34f64.to_radians().tan();
    let a = c / (f_len * f_len);
    let tan_a = 25f64.to_radians().tan();
    let x_s = f_len * (1.0 - tan_a * f_len / (2.0 * c));
    for v_max in [5.0f64, 10.0] {
        let p = RunoutParams {
            max_velocity: Some(v_max.into()),
            ..params(25.0)
        };
        let run = route_runout(&t, &Release::Cells(vec![(3, 0)]), &p).unwrap();
        let x_stop = x_s + (v_max * v_max / (2.0 * 9.81) / a).sqrt();
        let x_end = runout_col(&run, 3) as f64 * DX;
        let err_cells = (x_end - x_stop) / DX;
        println!("v_max = {v_max} m/s: x_stop = {x_stop:.1} m, runout = {x_end:.1} m, error = {err_cells:+.2} cells");
        assert!(err_cells.abs() <= 1.0, "v_max {v_max}: {x_end} vs {x_stop}");
        assert!(runout_col(&run, 3) < runout_col(&free, 3));
    }
}

fn rough(rows: usize, cols: usize) -> Terrain {
    let z = Array2::from_shape_fn((rows, cols), |(r, c)| {
        let (x, y) = (c as f32, r as f32);
        600.0 - 4.0 * y
            + 15.0 * (x * 0.21).sin() * (y * 0.13).cos()
            + 3.0 * ((x * 1.7 + y * 2.3).sin())
    });
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, rows as f64 * DX, DX),
        Crs::epsg(32616),
    ))
    .unwrap()
}

#[test]
fn flux_is_a_probability_and_the_threshold_prunes() {
    let t = rough(80, 60);
    let release = Release::Cells(vec![(2, 30)]);
    let base = RunoutParams {
        travel_angle: hazsim_grid::Field::Uniform(15.0),
        exponent: 1.5,
        flux_threshold: 0.0,
        ..Default::default()
    };
    for routing in [
        hazsim_debris::RoutingScheme::FlowR,
        hazsim_debris::RoutingScheme::FlowPy,
    ] {
        let base = RunoutParams {
            routing,
            ..base.clone()
        };
        let wide = route_runout(&t, &release, &base).unwrap();
        assert_eq!(wide.susceptibility.data[[2, 30]], 1.0);
        assert!(wide
            .susceptibility
            .data
            .iter()
            .all(|&v| (0.0..=1.0).contains(&v)));
        let mut last = usize::MAX;
        for th in [3e-4, 1e-2, 0.1] {
            let p = RunoutParams {
                flux_threshold: th,
                ..base.clone()
            };
            let run = route_runout(&t, &release, &p).unwrap();
            let n = run.affected().data.iter().filter(|&&a| a).count();
            // Every kept route carries at least the threshold, and merged ones more (f32 rounding).
            assert!(run
                .susceptibility
                .data
                .iter()
                .all(|&v| v == 0.0 || v as f64 >= th * (1.0 - 1e-6)));
            assert!(n <= last, "threshold {th}: {n} cells, more than {last}");
            last = n;
        }
        let n_wide = wide.affected().data.iter().filter(|&&a| a).count();
        assert!(last < n_wide);
    }
}

#[test]
fn runout_stops_in_a_depression_it_cannot_cross() {
    // Slope of 0.3 for 10 cells into a 20 m deep basin whose far rim is higher than the
    // α-line: nothing gets past the basin.
    let z = Array2::from_shape_fn((5, 40), |(_, c)| {
        let c = c as f32;
        if c < 10.0 {
            30.0 - 3.0 * c
        } else if c < 20.0 {
            -20.0
        } else {
            40.0
        }
    });
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 50.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    let run = route_runout(&t, &Release::Cells(vec![(2, 0)]), &params(11.0)).unwrap();
    assert!(run.susceptibility.data[[2, 15]] > 0.0);
    assert!(run.susceptibility.data.column(20).iter().all(|&v| v == 0.0));
}

#[test]
fn runout_climbs_a_counter_slope_to_the_alpha_line() {
    // Analytic (energy line, as above): a 0.5 slope down to x_b = 300 m (from z0 = 150 m),
    // then a 0.2 counter-slope up. The mass climbs until z0 − z(x*) = x* tan α with
    // z = 0.2 (x − x_b): x* = (z0 + 0.2 x_b) / (tan α + 0.2) = 448.8 m for α = 15°.
    // Tolerance: 1 cell (10 m), one-sided (last cell centre before x*). Measured: −0.88 cells.
    let z = Array2::from_shape_fn((7, 80), |(r, c)| {
        let x = c as f64 * DX;
        let ground = if x < 300.0 {
            150.0 - 0.5 * x
        } else {
            0.2 * (x - 300.0)
        };
        (ground + 5.0 * (r as f64 - 3.0).abs()) as f32
    });
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 70.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    let run = route_runout(&t, &Release::Cells(vec![(3, 0)]), &params(15.0)).unwrap();
    let x_star = (150.0 + 0.2 * 300.0) / (15f64.to_radians().tan() + 0.2);
    let err_cells = (runout_col(&run, 3) as f64 * DX - x_star) / DX;
    println!("counter-slope: x* = {x_star:.1} m, error = {err_cells:+.2} cells");
    assert!(
        (-1.0..=0.0).contains(&err_cells),
        "x* {x_star}, error {err_cells} cells"
    );
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let t = rough(120, 90);
    let cells: Vec<(usize, usize)> = (0..60).map(|i| (i % 7 * 3, (i * 13) % 90)).collect();
    let release = Release::Cells(cells);
    for routing in [
        hazsim_debris::RoutingScheme::FlowR,
        hazsim_debris::RoutingScheme::FlowPy,
    ] {
        let p = RunoutParams {
            travel_angle: hazsim_grid::Field::Uniform(12.0),
            exponent: 4.0,
            persistence: 0.7,
            routing,
            ..Default::default()
        };
        let run_with = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| route_runout(&t, &release, &p).unwrap())
        };
        let (a, b) = (run_with(1), run_with(2));
        for f in Runout::FIELDS {
            let (x, y) = (a.field(f.name).unwrap(), b.field(f.name).unwrap());
            assert!(
                x.data
                    .iter()
                    .zip(y.data.iter())
                    .all(|(u, v)| u.to_bits() == v.to_bits()),
                "{} ({routing:?})",
                f.name
            );
        }
        assert!(a.release_count.data.iter().any(|&v| v > 1.0));
    }
}

#[test]
fn per_cell_travel_angle_matches_uniform() {
    let t = rough(40, 30);
    let release = Release::Cells(vec![(1, 10), (1, 20)]);
    let p = params(14.0);
    let a = route_runout(&t, &release, &p).unwrap();
    let grid = t.dem().map(|_| 14.0f32);
    let q = RunoutParams {
        travel_angle: hazsim_grid::Field::Raster(grid),
        ..p
    };
    let b = route_runout(&t, &release, &q).unwrap();
    assert_eq!(a.susceptibility.data, b.susceptibility.data);
    assert_eq!(a.release_count.data, b.release_count.data);
}

#[test]
fn bad_input_gives_errors_naming_the_parameter() {
    let t = rough(10, 10);
    let r = Release::Cells(vec![(0, 0)]);
    let msg = |p: RunoutParams, r: &Release| route_runout(&t, r, &p).unwrap_err().to_string();
    for a in [0.0, 90.0, -5.0, f64::NAN] {
        assert!(msg(params(a), &r).contains("travel_angle"));
    }
    assert!(msg(
        RunoutParams {
            max_velocity: Some((-1.0).into()),
            ..params(20.0)
        },
        &r
    )
    .contains("max_velocity"));
    for x in [0.0, -2.0] {
        assert!(msg(
            RunoutParams {
                exponent: x,
                ..params(20.0)
            },
            &r
        )
        .contains("exponent"));
    }
    assert!(msg(
        RunoutParams {
            persistence: 1.5,
            ..params(20.0)
        },
        &r
    )
    .contains("persistence"));
    assert!(msg(
        RunoutParams {
            flux_threshold: 1.0,
            ..params(20.0)
        },
        &r
    )
    .contains("flux_threshold"));
    let bad_raster = Raster::new(
        Array2::from_elem((10, 10), 95.0f32),
        t.dem().transform,
        Crs::epsg(32616),
    );
    assert!(msg(
        RunoutParams {
            travel_angle: hazsim_grid::Field::Raster(bad_raster),
            ..params(20.0)
        },
        &r
    )
    .contains("travel_angle"));
    // Release outside the grid.
    let e = route_runout(&t, &Release::Points(vec![(-50.0, 5.0)]), &params(20.0)).unwrap_err();
    assert!(e.is_outside_grid() && e.to_string().contains("point"));
    assert!(msg(params(20.0), &Release::Cells(vec![(10, 0)])).contains("row 10"));
    // Release mask on another grid.
    let other = Raster::new(
        Array2::from_elem((9, 10), true),
        t.dem().transform,
        Crs::epsg(32616),
    );
    assert!(msg(params(20.0), &Release::Mask(other)).contains("release mask"));
    // Empty release.
    let none = Raster::new(
        Array2::from_elem((10, 10), false),
        t.dem().transform,
        Crs::epsg(32616),
    );
    assert!(matches!(
        route_runout(&t, &Release::Mask(none), &params(20.0)),
        Err(Error::EmptyRelease { .. })
    ));
    assert!(msg(params(20.0), &Release::Cells(vec![])).contains("empty"));
}

#[test]
fn releases_that_cannot_move_are_reported() {
    // A 10° plane dipping east beside a flat shelf: with α = 20° a release on the plane has no
    // neighbour below its energy line (drop 10·tan 10° = 1.76 m < 10·tan 20° = 3.64 m), nor has
    // one on the flat. All releases stalled: a NoRunout error naming the first cell.
    let z = Array2::from_shape_fn((8, 20), |(r, c)| {
        if r < 4 {
            (200.0 - c as f64 * DX * 10f64.to_radians().tan()) as f32
        } else {
            150.0
        }
    });
    let t = Terrain::new(Raster::new(
        z.clone(),
        GeoTransform::north_up(0.0, 80.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    let e = route_runout(&t, &Release::Cells(vec![(6, 5), (1, 2)]), &params(20.0)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::NoRunout {
                count: 2,
                row: 1,
                col: 2
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("travel_angle"), "{e}");
    // With α = 5° the plane releases run, the one on the flat does not: it is listed, not fatal.
    let run = route_runout(&t, &Release::Cells(vec![(6, 5), (1, 2)]), &params(5.0)).unwrap();
    assert_eq!(run.stalled_releases, vec![(6, 5)]);
    assert_eq!(run.susceptibility.data[[6, 5]], 1.0);
    assert!(run.susceptibility.data[[1, 10]] > 0.0);
}

#[test]
fn flow_py_scheme_weights_match_its_formula_and_reach_the_same_alpha_line() {
    use hazsim_debris::RoutingScheme;
    // One step from a release on a plane falling east at 30°, α = 20°, threshold 0, x = 8.
    // Flow-Py (D'Amboise et al. 2022): w_j = tan((β_j + 90°)/2)^x over the neighbours below the
    // energy line (z_i − z_j > L_ij tan α: east, north-east, south-east only), no persistence at
    // the release. Tolerance 1e-6 (f32 elevations).
    let s = 30f64.to_radians().tan();
    let z = Array2::from_shape_fn((5, 5), |(_, c)| (100.0 - c as f64 * DX * s) as f32);
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 50.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    let p = RunoutParams {
        routing: RoutingScheme::FlowPy,
        flux_threshold: 0.0,
        ..params(20.0)
    };
    let run = route_runout(&t, &Release::Cells(vec![(2, 1)]), &p).unwrap();
    let w = |drop: f64, l: f64| {
        (((drop / l).atan() + std::f64::consts::FRAC_PI_2) / 2.0)
            .tan()
            .powi(8)
    };
    let (we, wd) = (w(DX * s, DX), w(DX * s, DX * 2f64.sqrt()));
    let expect_e = we / (we + 2.0 * wd);
    let got_e = run.susceptibility.data[[2, 2]] as f64;
    assert!(
        (got_e - expect_e).abs() < 1e-6,
        "east {got_e} vs {expect_e}"
    );
    assert!((run.susceptibility.data[[1, 2]] as f64 - wd / (we + 2.0 * wd)).abs() < 1e-6);
    // Reach along the parabola's thalweg: the same α-line as Flow-R, within one cell.
    let strip = strip(320, 7);
    for alpha in [20.0f64, 30.0] {
        let a = route_runout(&strip, &Release::Cells(vec![(3, 0)]), &params(alpha)).unwrap();
        let b = route_runout(
            &strip,
            &Release::Cells(vec![(3, 0)]),
            &RunoutParams {
                routing: RoutingScheme::FlowPy,
                ..params(alpha)
            },
        )
        .unwrap();
        let (ra, rb) = (runout_col(&a, 3) as i64, runout_col(&b, 3) as i64);
        assert!((ra - rb).abs() <= 1, "alpha {alpha}: {ra} vs {rb}");
    }
}

#[test]
fn per_cell_velocity_cap_limits_speed_where_set() {
    // The parabola strip with α = 15° and no uniform cap reaches well over 20 m/s (z_δ grows
    // by up to C − x tan α). A 5 m/s cap on the columns 60..80 only: there
    // z_δ ≤ v²/2g (Horton et al. 2013), so the speed stays ≤ 5 m/s (tolerance: f32 rounding,
    // 1e-4 relative); upstream of the capped band the speed equals the uncapped run's, and NaN
    // cells (no cap) elsewhere behave as no cap.
    let t = strip(200, 7);
    let release = Release::Cells(vec![(3, 0)]);
    let free = route_runout(&t, &release, &params(15.0)).unwrap();
    let cap = t
        .dem()
        .like(Array2::from_shape_fn(t.dem().shape(), |(_, c)| {
            if (60..80).contains(&c) {
                5.0
            } else {
                f32::NAN
            }
        }));
    let capped = RunoutParams {
        max_velocity: Some(cap.into()),
        ..params(15.0)
    };
    let run = route_runout(&t, &release, &capped).unwrap();
    let vmax_free = free
        .energy_line_speed
        .data
        .iter()
        .fold(0.0f32, |a, &b| a.max(b));
    assert!(vmax_free > 20.0, "uncapped speed {vmax_free}");
    for ((r, c), &v) in run.energy_line_speed.data.indexed_iter() {
        if (60..80).contains(&c) {
            assert!(v <= 5.0 * (1.0 + 1e-4), "({r}, {c}): {v} m/s");
        }
        if c < 60 {
            assert_eq!(v, free.energy_line_speed.data[[r, c]], "({r}, {c})");
        }
    }
    assert!(run.energy_line_speed.data[[3, 70]] > 0.0);
    // Past the band it accelerates again but has lost energy: slower than without the cap.
    assert!(run.energy_line_speed.data[[3, 85]] > 5.0);
    assert!(run.energy_line_speed.data[[3, 85]] < free.energy_line_speed.data[[3, 85]]);
    // An all-NaN raster is no cap at all.
    let none = RunoutParams {
        max_velocity: Some(t.dem().map(|_| f32::NAN).into()),
        ..params(15.0)
    };
    assert_eq!(
        route_runout(&t, &release, &none)
            .unwrap()
            .energy_line_speed
            .data,
        free.energy_line_speed.data
    );
}

#[test]
fn bad_per_cell_velocity_caps_are_refused() {
    let t = rough(10, 10);
    let r = Release::Cells(vec![(0, 0)]);
    for bad in [-1.0f32, f32::INFINITY] {
        let cap = t.dem().map(move |_| bad);
        let e = route_runout(
            &t,
            &r,
            &RunoutParams {
                max_velocity: Some(cap.into()),
                ..params(20.0)
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("max_velocity") && e.contains("row 0, col 0"),
            "{e}"
        );
    }
    let other = Raster::new(
        Array2::from_elem((9, 10), 5.0f32),
        t.dem().transform,
        Crs::epsg(32616),
    );
    let e = route_runout(
        &t,
        &r,
        &RunoutParams {
            max_velocity: Some(other.into()),
            ..params(20.0)
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("max_velocity"), "{e}");
}

#[test]
fn polygon_releases_cover_their_cells_and_outside_ones_are_refused() {
    let t = rough(10, 10); // 10 × 10 cells of 10 m
    let b = t.dem().bounds();
    let (x0, y1) = (b.x_min, b.y_max);
    // A 20 m square over the cell centres of rows 1–2, cols 3–4.
    let sq = vec![
        (x0 + 30.0, y1 - 10.0),
        (x0 + 50.0, y1 - 10.0),
        (x0 + 50.0, y1 - 30.0),
        (x0 + 30.0, y1 - 30.0),
    ];
    let cells = Release::Polygons(vec![vec![sq.clone()]]).cells(&t).unwrap();
    assert_eq!(cells, vec![13, 14, 23, 24]);
    // The same routed as a polygon and as cells gives the same maps.
    let a = route_runout(&t, &Release::Polygons(vec![vec![sq]]), &params(15.0)).unwrap();
    let c = route_runout(
        &t,
        &Release::Cells(vec![(1, 3), (1, 4), (2, 3), (2, 4)]),
        &params(15.0),
    )
    .unwrap();
    assert_eq!(a.susceptibility.data, c.susceptibility.data);
    let far = vec![(-500.0, -500.0), (-400.0, -500.0), (-400.0, -400.0)];
    let e = Release::Polygons(vec![vec![far]]).cells(&t).unwrap_err();
    assert!(
        e.is_outside_grid() && e.to_string().contains("polygon 0"),
        "{e}"
    );
    assert!(matches!(
        Release::Polygons(vec![]).cells(&t),
        Err(Error::EmptyRelease { .. })
    ));
}
