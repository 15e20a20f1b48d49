//! Behaviour tests of grid spread: slope factor, barriers, wind shifts, monotone arrival
//! times, outputs and determinism across thread counts.

use hazsim_fire::spread::stencil::stencil;
use hazsim_fire::spread::{
    simulate_spread, FireGrade, FireSpread, Fuels, Ignition, SegmentRos, SpreadConfig,
    SpreadResult, WeatherRecord, WeatherStream,
};
use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

const CELL: f64 = 10.0;

fn moisture() -> FuelMoisture {
    FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap()
}

fn terrain(z: Array2<f32>) -> Terrain {
    let rows = z.nrows();
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, rows as f64 * CELL, CELL),
        Crs::epsg(32650),
    ))
    .unwrap()
}

fn flat(n: usize) -> Terrain {
    terrain(Array2::zeros((n, n)))
}

fn fm1() -> Fuels {
    Fuels::Uniform(FuelModel::standard(1).unwrap())
}

fn config(duration: f64) -> SpreadConfig {
    SpreadConfig {
        duration,
        ..SpreadConfig::default()
    }
}

fn ig(row: usize, col: usize) -> Ignition {
    Ignition {
        row,
        col,
        time: 0.0,
    }
}

fn burned(res: &SpreadResult, r: usize, c: usize) -> bool {
    res.arrival_time.data[[r, c]].is_finite()
}

#[test]
fn upslope_spread_matches_rothermel_slope_factor() {
    // Rothermel (1972) eq. 51: φs = 5.275 β^-0.3 tan²θ; head rate upslope = R0 (1 + φs).
    // FM1: β = w0 / (δ ρp), ρp = 32 lb/ft³ = 512.6 kg/m³. Tolerance 1 % (grid rate measured
    // over 60 cells of ground distance).
    let n = 161;
    let tan = 0.3;
    // Plane rising to the north: aspect 180° (downslope south), upslope is north.
    let z = Array2::from_shape_fn((n, n), |(r, _)| ((n - 1 - r) as f64 * CELL * tan) as f32);
    let model = FuelModel::standard(1).unwrap();
    let beta = model.total_load() / (model.depth * 512.6);
    let phi_s = 5.275 * beta.powf(-0.3) * tan * tan;
    let r0 = surface_fire(
        &model,
        &FireInputs {
            moisture: moisture(),
            midflame_wind_speed: 0.0,
            wind_direction: 0.0,
            slope_fraction: 0.0,
            aspect: 0.0,
        },
    )
    .unwrap()
    .head_ros;
    let weather = WeatherStream::constant(0.0, 0.0, moisture()).unwrap();
    let res = simulate_spread(
        &terrain(z),
        &fm1(),
        &weather,
        &[ig(120, 80)],
        None,
        &config(1e6),
    )
    .unwrap();
    let t = res.arrival_time.data[[60, 80]] as f64;
    let ground = 60.0 * CELL * (1.0 + tan * tan).sqrt();
    let ratio = ground / t / r0;
    eprintln!("upslope/flat {ratio:.4}, 1 + φs = {:.4}", 1.0 + phi_s);
    assert!((ratio / (1.0 + phi_s) - 1.0).abs() < 0.01);
    // And the fire runs faster up than down.
    let down = res.arrival_time.data[[150, 80]] as f64 / 30.0;
    assert!(down > t / 60.0 * 1.5);
}

fn barrier_run(road: &dyn Fn(usize, usize) -> bool, n: usize) -> SpreadResult {
    let barriers = Raster::new(
        Array2::from_shape_fn((n, n), |(r, c)| road(r, c)),
        GeoTransform::north_up(0.0, n as f64 * CELL, CELL),
        Crs::epsg(32650),
    );
    // Strong wind from the west pushes the fire east into the road.
    let weather = WeatherStream::constant(5.0, 270.0, moisture()).unwrap();
    simulate_spread(
        &flat(n),
        &fm1(),
        &weather,
        &[ig(n / 2, 5)],
        Some(&barriers),
        &config(1e7),
    )
    .unwrap()
}

#[test]
fn one_cell_road_stops_the_fire() {
    let n = 61;
    // Straight road along column 30.
    let res = barrier_run(&|_, c| c == 30, n);
    assert!(burned(&res, n / 2, 29));
    for r in 0..n {
        for c in 30..n {
            assert!(!burned(&res, r, c), "fire crossed the road at ({r}, {c})");
        }
    }
    // Diagonal 8-connected road c = r + 10 (cells touch only at corners).
    let res = barrier_run(&|r, c| c == r + 10, n);
    assert!(burned(&res, 40, 49));
    for r in 0..n {
        for c in 0..n {
            if c > r + 10 {
                assert!(
                    !burned(&res, r, c),
                    "fire crossed the diagonal road at ({r}, {c})"
                );
            }
        }
    }
    // A knight-step road (rises 1 row per 2 columns, 8-connected): c = 2 (r - 10) + 20.
    let knight = |r: usize, c: usize| {
        let r = r as i64;
        let c = c as i64;
        c - 20 == 2 * (r - 10) || c - 20 == 2 * (r - 10) + 1
    };
    let res = barrier_run(&knight, n);
    let mut any_left = false;
    for r in 0..n {
        for c in 0..n {
            let (ri, ci) = (r as i64, c as i64);
            if ci - 20 > 2 * (ri - 10) + 1 {
                assert!(
                    !burned(&res, r, c),
                    "fire crossed the knight road at ({r}, {c})"
                );
            } else if !knight(r, c) && burned(&res, r, c) {
                any_left = true;
            }
        }
    }
    assert!(any_left);
}

#[test]
fn non_burnable_fuel_line_stops_the_fire() {
    let n = 61;
    let codes = Raster::new(
        Array2::from_shape_fn((n, n), |(_, c)| if c == 30 { 98u16 } else { 1 }),
        GeoTransform::north_up(0.0, n as f64 * CELL, CELL),
        Crs::epsg(32650),
    );
    let fuels = Fuels::Codes {
        codes,
        custom: vec![],
    };
    let weather = WeatherStream::constant(5.0, 270.0, moisture()).unwrap();
    let res =
        simulate_spread(&flat(n), &fuels, &weather, &[ig(30, 5)], None, &config(1e7)).unwrap();
    assert!(burned(&res, 30, 29));
    assert!((0..n).all(|r| (30..n).all(|c| !burned(&res, r, c))));
    // Nodata fuel cells do not burn either.
    let codes = Raster::new(
        Array2::from_shape_fn((n, n), |(_, c)| if c == 30 { 0u16 } else { 1 }),
        GeoTransform::north_up(0.0, n as f64 * CELL, CELL),
        Crs::epsg(32650),
    )
    .with_nodata(0.0);
    let with_holes = Fuels::Codes {
        codes,
        custom: vec![],
    };
    let res = simulate_spread(
        &flat(n),
        &with_holes,
        &weather,
        &[ig(30, 5)],
        None,
        &config(1e7),
    )
    .unwrap();
    assert!((0..n).all(|r| (30..n).all(|c| !burned(&res, r, c))));
    // Ignition on the water is refused.
    assert!(simulate_spread(
        &flat(n),
        &fuels,
        &weather,
        &[ig(30, 30)],
        None,
        &config(10.0)
    )
    .is_err());
}

#[test]
fn wind_shift_turns_the_fire() {
    // Wind from the west (fire runs east) until T, then from the south (runs north).
    let n = 201;
    let c = 100;
    let shift = 300.0;
    let weather = WeatherStream::new(vec![
        WeatherRecord {
            start: 0.0,
            midflame_wind_speed: 4.0,
            wind_direction: 270.0,
            moisture: moisture(),
        },
        WeatherRecord {
            start: shift,
            midflame_wind_speed: 4.0,
            wind_direction: 180.0,
            moisture: moisture(),
        },
    ])
    .unwrap();
    let mut sim =
        FireSpread::new(&flat(n), &fm1(), &weather, &[ig(c, c)], None, &config(0.0)).unwrap();
    let extent = |sim: &FireSpread| {
        let a = sim.field("fire.arrival_time").unwrap();
        let east = (c..n).take_while(|&k| a[[c, k]].is_finite()).count();
        let north = (0..=c).rev().take_while(|&k| a[[k, c]].is_finite()).count();
        (east as f64, north as f64)
    };
    sim.advance(shift, &mut NoProgress).unwrap();
    let (e1, n1) = extent(&sim);
    sim.advance(1.5 * shift, &mut NoProgress).unwrap();
    assert_eq!(sim.now(), 1.5 * shift);
    let (e2, n2) = extent(&sim);
    eprintln!("before shift: east {e1} north {n1}; after: east {e2} north {n2}");
    assert!(e1 > 2.0 * n1, "first the fire runs east");
    assert!(n2 - n1 > 2.0 * (e2 - e1), "after the shift it runs north");
}

fn heterogeneous_run(threads: usize) -> SpreadResult {
    let n = 121;
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        let (x, y) = (c as f64 / 20.0, r as f64 / 17.0);
        (40.0 * x.sin() * y.cos() + 2.0 * r as f64) as f32
    });
    let codes = Raster::new(
        Array2::from_shape_fn((n, n), |(r, c)| match (r / 20 + c / 25) % 4 {
            0 => 1u16,
            1 => 2,
            2 => 102,
            _ => {
                if (r * 7 + c * 3) % 11 == 0 {
                    98
                } else {
                    4
                }
            }
        }),
        GeoTransform::north_up(0.0, n as f64 * CELL, CELL),
        Crs::epsg(32650),
    );
    let weather = WeatherStream::new(vec![
        WeatherRecord {
            start: 0.0,
            midflame_wind_speed: 3.0,
            wind_direction: 250.0,
            moisture: moisture(),
        },
        WeatherRecord {
            start: 900.0,
            midflame_wind_speed: 1.0,
            wind_direction: 160.0,
            moisture: moisture(),
        },
        WeatherRecord {
            start: 1800.0,
            midflame_wind_speed: 6.0,
            wind_direction: 300.0,
            moisture: FuelMoisture::new(0.05, 0.06, 0.07, 0.5, 0.8).unwrap(),
        },
    ])
    .unwrap();
    let fuels = Fuels::Codes {
        codes,
        custom: vec![],
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        simulate_spread(
            &terrain(z),
            &fuels,
            &weather,
            &[
                ig(60, 10),
                Ignition {
                    row: 100,
                    col: 100,
                    time: 300.0,
                },
            ],
            None,
            &config(3600.0),
        )
        .unwrap()
    })
}

#[test]
fn arrival_times_never_decrease_along_spread_paths() {
    let res = heterogeneous_run(1);
    let a = &res.arrival_time.data;
    let (rows, cols) = a.dim();
    let offsets = stencil(SpreadConfig::default().stencil_radius);
    let mut checked = 0;
    for r in 0..rows {
        for c in 0..cols {
            let t = a[[r, c]];
            if !t.is_finite() || (r, c) == (60, 10) || (r, c) == (100, 100) {
                continue;
            }
            let has_source = offsets.iter().any(|o| {
                let (rr, cc) = (r as i64 - o.dr as i64, c as i64 - o.dc as i64);
                rr >= 0
                    && cc >= 0
                    && (rr as usize) < rows
                    && (cc as usize) < cols
                    && a[[rr as usize, cc as usize]] < t
            });
            assert!(has_source, "cell ({r}, {c}) at {t} s has no earlier source");
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} cells burned");
    // Burned times are sorted, and the outputs are defined exactly on burned cells.
    assert!(res.burned_times.windows(2).all(|w| w[0] <= w[1]));
    for ((&t, &ros), (&i, &fl)) in a.iter().zip(res.ros.data.iter()).zip(
        res.fireline_intensity
            .data
            .iter()
            .zip(res.flame_length.data.iter()),
    ) {
        assert_eq!(t.is_finite(), ros.is_finite());
        if t.is_finite() {
            assert!(ros >= 0.0 && i >= 0.0 && fl >= 0.0);
        } else {
            assert!(i.is_nan() && fl.is_nan());
        }
    }
}

#[test]
fn deterministic_with_one_and_two_threads() {
    let a = heterogeneous_run(1);
    let b = heterogeneous_run(2);
    let bits = |r: &Raster<f32>| r.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.arrival_time), bits(&b.arrival_time));
    assert_eq!(bits(&a.ros), bits(&b.ros));
    assert_eq!(bits(&a.fireline_intensity), bits(&b.fireline_intensity));
    assert_eq!(a.burned_times, b.burned_times);
}

#[test]
fn area_timeline_two_hectares_and_grade() {
    let n = 201;
    let weather = WeatherStream::constant(2.0, 270.0, moisture()).unwrap();
    let res = simulate_spread(
        &flat(n),
        &fm1(),
        &weather,
        &[ig(100, 60)],
        None,
        &config(1800.0),
    )
    .unwrap();
    let tl = res.area_timeline(300.0);
    assert_eq!(tl.first().unwrap().time, 0.0);
    assert_eq!(tl.last().unwrap().time, 1800.0);
    assert!(tl.windows(2).all(|w| w[0].hectares <= w[1].hectares));
    let last = tl.last().unwrap();
    assert!((last.mu * 666.666_666_7 - last.hectares * 10_000.0).abs() < 1e-3);
    // 2 ha = 200 cells of 100 m²: the 201st burned cell's arrival.
    let t2 = res.time_exceeding_2ha().unwrap();
    assert!(res.area_at(t2).hectares > 2.0);
    assert!(res.area_at(t2 - 1e-6).hectares <= 2.0);
    assert_eq!(res.grade(), FireGrade::from_hectares(last.hectares));
    eprintln!(
        "final {:.2} ha = {:.0} mu, 2 ha at {t2:.0} s, grade {}",
        last.hectares,
        last.mu,
        res.grade().name_zh()
    );
}

#[test]
fn fields_and_intensity_consistent_with_point_model() {
    // Byram: I = H R; at an ignition cell R is the head rate.
    let n = 41;
    let weather = WeatherStream::constant(2.0, 0.0, moisture()).unwrap();
    let mut sim = FireSpread::new(
        &flat(n),
        &fm1(),
        &weather,
        &[ig(20, 20)],
        None,
        &config(0.0),
    )
    .unwrap();
    assert_eq!(sim.fields().len(), 4);
    for f in sim.fields() {
        assert!(sim.field(f.name).is_some());
    }
    sim.advance(60.0, &mut NoProgress).unwrap();
    let point = surface_fire(
        &FuelModel::standard(1).unwrap(),
        &FireInputs {
            moisture: moisture(),
            midflame_wind_speed: 2.0,
            wind_direction: 0.0,
            slope_fraction: 0.0,
            aspect: 0.0,
        },
    )
    .unwrap();
    let ros = sim.field("fire.ros").unwrap()[[20, 20]] as f64;
    let i = sim.field("fire.fireline_intensity").unwrap()[[20, 20]] as f64;
    let fl = sim.field("fire.flame_length").unwrap()[[20, 20]] as f64;
    assert!((ros / point.head_ros - 1.0).abs() < 1e-6);
    assert!((i / point.fireline_intensity - 1.0).abs() < 1e-5);
    assert!((fl / point.flame_length - 1.0).abs() < 1e-5);
    // A cell straight downwind (south) arrived at the head rate.
    let south = sim.field("fire.ros").unwrap()[[21, 20]] as f64;
    assert!((south / point.head_ros - 1.0).abs() < 1e-6);
    // Cancellation.
    let mut stop = |_: f64, _: &str| false;
    let mut big = FireSpread::new(
        &flat(401),
        &fm1(),
        &weather,
        &[ig(200, 200)],
        None,
        &config(0.0),
    )
    .unwrap();
    assert!(big.advance(1e9, &mut stop).is_err());
}

#[test]
fn fuel_boundary_is_not_jumped() {
    // Fast grass (FM1, west half) next to slow timber litter (FM8, east half), no wind. Exact
    // (continuum, straight rays): the fire reaches the boundary at d_g / R_1 and then crosses
    // the litter at R_8, so along the ignition row a cell k cells into the litter burns at
    // d_g / R_1 + k·cell / R_8. With the integrated segment time the grid matches this to
    // within one cell of litter; the source-only rate carries the grass rate up to 6 cells on.
    use hazsim_fire::spread::SegmentRos;
    let n = 81;
    let codes = Raster::new(
        Array2::from_shape_fn((n, n), |(_, c)| if c < 40 { 1u16 } else { 8 }),
        GeoTransform::north_up(0.0, n as f64 * CELL, CELL),
        Crs::epsg(32650),
    );
    let fuels = Fuels::Codes {
        codes,
        custom: vec![],
    };
    let weather = WeatherStream::constant(0.0, 0.0, moisture()).unwrap();
    let rate = |code: u16| {
        surface_fire(
            &FuelModel::standard(code).unwrap(),
            &FireInputs {
                moisture: moisture(),
                midflame_wind_speed: 0.0,
                wind_direction: 0.0,
                slope_fraction: 0.0,
                aspect: 0.0,
            },
        )
        .unwrap()
        .head_ros
    };
    let (r1, r8) = (rate(1), rate(8));
    assert!(r1 > 5.0 * r8);
    let errs: Vec<f64> = [SegmentRos::Integrated, SegmentRos::Source]
        .iter()
        .map(|&seg| {
            let cfg = SpreadConfig {
                segment_ros: seg,
                ..config(1e9)
            };
            let res =
                simulate_spread(&flat(n), &fuels, &weather, &[ig(40, 20)], None, &cfg).unwrap();
            // Boundary at column 39.5: 19.5 cells of grass.
            let k = 10.0;
            let exact = 19.5 * CELL / r1 + (k - 0.5) * CELL / r8;
            let got = res.arrival_time.data[[40, 40 + k as usize - 1]] as f64;
            // Error in cells of litter.
            (got - exact) * r8 / CELL
        })
        .collect();
    eprintln!(
        "boundary error (cells): integrated {:.2}, source-only {:.2}",
        errs[0], errs[1]
    );
    assert!(errs[0].abs() <= 1.0);
}

/// In one fuel on flat ground every cell has the same fire, so a segment's rate is the same
/// whether it is taken from the departure cell (`Source`) or averaged with the arrival cell
/// (`HalfAndHalf`): 0.5 (x + x) = x exactly, and the runs must agree bit for bit, also when
/// the weather changes every few minutes and segments are finished in the next period. The
/// integrated rate rounds its weights differently, so it is held to the same burned area within
/// 1 % (in exact arithmetic all three are equal). This caught a departure cell's rate left at
/// the next period's values after one of its segments crossed a weather change.
#[test]
fn segment_rates_agree_across_weather_changes() {
    let record = |start: f64, speed: f64, from: f64| WeatherRecord {
        start,
        midflame_wind_speed: speed,
        wind_direction: from,
        moisture: moisture(),
    };
    let weather = WeatherStream::new(vec![
        record(0.0, 2.0, 270.0),
        record(240.0, 4.0, 200.0),
        record(420.0, 1.0, 45.0),
        record(600.0, 3.0, 300.0),
    ])
    .unwrap();
    let run = |segment_ros: SegmentRos| {
        simulate_spread(
            &flat(81),
            &fm1(),
            &weather,
            &[ig(40, 30)],
            None,
            &SpreadConfig {
                duration: 900.0,
                segment_ros,
                ..SpreadConfig::default()
            },
        )
        .unwrap()
    };
    let (source, half, integrated) = (
        run(SegmentRos::Source),
        run(SegmentRos::HalfAndHalf),
        run(SegmentRos::Integrated),
    );
    let bits = |r: &SpreadResult| -> Vec<u32> {
        r.arrival_time.data.iter().map(|t| t.to_bits()).collect()
    };
    assert_eq!(bits(&source), bits(&half), "Source and HalfAndHalf differ");
    let (ns, ni) = (
        source.burned_times.len() as f64,
        integrated.burned_times.len() as f64,
    );
    assert!(ns > 200.0, "only {ns} cells burned");
    assert!(
        (ns - ni).abs() <= 0.01 * ni,
        "Source burned {ns} cells, Integrated {ni}"
    );
}
