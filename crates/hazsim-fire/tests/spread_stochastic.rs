//! Stochastic spread: seeded ROS noise, ember spotting and ensembles.
//!
//! What is asserted: determinism (same seed → same bits, at 1 and 2 threads), that the seed
//! matters only when something random is switched on, that spotting is off by default and
//! carries a fire over a barrier strip that stops its surface spread, that an ensemble member
//! is the same run as a single run with its seed and perturbed weather, that the burn
//! probability raster accounts for every burned cell of every member (its sum times the cell
//! area is the mean member area), and that bad inputs are errors naming the input.

use hazsim_fire::spread::{
    run_ensemble, simulate_spread, EnsembleMember, EnsembleResult, Fuels, Ignition, RosNoise,
    Spotting, SpreadConfig, SpreadResult, WeatherStream, WindPerturbation,
};
use hazsim_fire::{FuelModel, FuelMoisture};
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

const CELL: f64 = 10.0;

fn moisture() -> FuelMoisture {
    FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap()
}

fn grid<T>(data: Array2<T>) -> Raster<T> {
    let rows = data.nrows();
    Raster::new(
        data,
        GeoTransform::north_up(0.0, rows as f64 * CELL, CELL),
        Crs::epsg(32650),
    )
}

fn hilly(n: usize) -> Terrain {
    Terrain::new(grid(Array2::from_shape_fn((n, n), |(r, c)| {
        (15.0 * (c as f64 / 9.0).sin() * (r as f64 / 13.0).cos() + 0.5 * r as f64) as f32
    })))
    .unwrap()
}

fn flat(n: usize) -> Terrain {
    Terrain::new(grid(Array2::zeros((n, n)))).unwrap()
}

fn fm1() -> Fuels {
    Fuels::Uniform(FuelModel::standard(1).unwrap())
}

fn ig(row: usize, col: usize) -> Ignition {
    Ignition {
        row,
        col,
        time: 0.0,
    }
}

fn bits(r: &Raster<f32>) -> Vec<u32> {
    r.data.iter().map(|x| x.to_bits()).collect()
}

fn spotting() -> Spotting {
    Spotting {
        min_intensity: 0.0,
        embers: 3,
        probability: 0.5,
        distance_per_wind: 10.0, // mean 50 m (5 cells) at 5 m/s
        sigma: 0.5,
        lateral_sd: 10.0,
        delay: 60.0,
    }
}

fn noisy_run(seed: u64, threads: usize) -> SpreadResult {
    let weather = WeatherStream::constant(5.0, 250.0, moisture()).unwrap();
    let cfg = SpreadConfig {
        duration: 900.0,
        ros_noise: RosNoise::PerCell { sigma: 0.4 },
        spotting: Some(spotting()),
        seed,
        ..SpreadConfig::default()
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| simulate_spread(&hilly(90), &fm1(), &weather, &[ig(45, 10)], None, &cfg))
        .unwrap()
}

#[test]
fn same_seed_same_run_different_seed_different_run() {
    let a = noisy_run(11, 1);
    let b = noisy_run(11, 2);
    let c = noisy_run(12, 1);
    assert_eq!(bits(&a.arrival_time), bits(&b.arrival_time));
    assert_eq!(bits(&a.fireline_intensity), bits(&b.fireline_intensity));
    assert_eq!(a.burned_times, b.burned_times);
    assert_ne!(bits(&a.arrival_time), bits(&c.arrival_time));
    assert!(a.burned_times.len() > 500, "{} cells", a.burned_times.len());
}

#[test]
fn seed_has_no_effect_without_noise_or_spotting_and_spotting_is_off_by_default() {
    let d = SpreadConfig::default();
    assert!(d.spotting.is_none());
    assert_eq!(d.ros_noise, RosNoise::None);
    let weather = WeatherStream::constant(5.0, 250.0, moisture()).unwrap();
    let run = |seed| {
        let cfg = SpreadConfig {
            duration: 600.0,
            seed,
            ..SpreadConfig::default()
        };
        simulate_spread(&hilly(60), &fm1(), &weather, &[ig(30, 10)], None, &cfg).unwrap()
    };
    assert_eq!(bits(&run(1).arrival_time), bits(&run(2).arrival_time));
}

#[test]
fn uniform_noise_scales_every_arrival_time() {
    // With one factor m for the whole run every rate is m times larger, so every travel time,
    // hence every arrival time from a t = 0 ignition, is 1/m times the noiseless one (flat,
    // one weather period). Tolerance 1e-4 relative: the slowness is stored in f32.
    let weather = WeatherStream::constant(2.0, 250.0, moisture()).unwrap();
    let run = |noise| {
        let cfg = SpreadConfig {
            duration: 1e6,
            ros_noise: noise,
            seed: 5,
            ..SpreadConfig::default()
        };
        simulate_spread(&flat(40), &fm1(), &weather, &[ig(20, 20)], None, &cfg).unwrap()
    };
    let base = run(RosNoise::None);
    let noisy = run(RosNoise::Uniform { sigma: 0.5 });
    let (t0, t1) = (&base.arrival_time.data, &noisy.arrival_time.data);
    let ratio = t0[[20, 35]] as f64 / t1[[20, 35]] as f64;
    assert!((ratio - 1.0).abs() > 0.01, "the factor should not be 1");
    for (a, b) in t0.iter().zip(t1.iter()) {
        if *a > 0.0 {
            assert!(
                ((*a as f64 / *b as f64) / ratio - 1.0).abs() < 1e-4,
                "{a} {b}"
            );
        }
    }
    // Intensity scales with the rate.
    let i_ratio = noisy.fireline_intensity.data[[20, 35]] / base.fireline_intensity.data[[20, 35]];
    assert!((i_ratio as f64 / ratio - 1.0).abs() < 1e-4);
}

fn strip_run(spot: Option<Spotting>, seed: u64) -> SpreadResult {
    let n = 80;
    // A barrier strip 3 cells wide, columns 40..43, the full height of the grid.
    let barriers = grid(Array2::from_shape_fn((n, n), |(_, c)| {
        (40..43).contains(&c)
    }));
    let weather = WeatherStream::constant(5.0, 270.0, moisture()).unwrap();
    let cfg = SpreadConfig {
        duration: 1e5,
        spotting: spot,
        seed,
        ..SpreadConfig::default()
    };
    simulate_spread(
        &flat(n),
        &fm1(),
        &weather,
        &[ig(40, 5)],
        Some(&barriers),
        &cfg,
    )
    .unwrap()
}

fn burned_east_of_strip(res: &SpreadResult) -> usize {
    let a = &res.arrival_time.data;
    let mut n = 0;
    for ((_, c), t) in a.indexed_iter() {
        if (40..43).contains(&c) {
            assert!(t.is_nan(), "a barrier cell burned");
        }
        if c >= 43 && t.is_finite() {
            n += 1;
        }
    }
    n
}

#[test]
fn spotting_jumps_a_barrier_strip_that_stops_surface_spread() {
    let without = strip_run(None, 1);
    assert!(without.arrival_time.data[[40, 39]].is_finite());
    assert_eq!(burned_east_of_strip(&without), 0);
    let with = strip_run(Some(spotting()), 1);
    let east = burned_east_of_strip(&with);
    assert!(east > 1000, "only {east} cells burned east of the strip");
    // A spot fire ignites `delay` after a launch, so it is later than the cells west of it.
    let west_min = with.arrival_time.data[[40, 39]];
    assert!(with.arrival_time.data[[40, 43]] > west_min);
    // Spotting too weak to launch (threshold above any FM1 intensity here) changes nothing.
    let weak = strip_run(
        Some(Spotting {
            min_intensity: 1e9,
            ..spotting()
        }),
        1,
    );
    assert_eq!(bits(&weak.arrival_time), bits(&without.arrival_time));
}

fn ensemble(threads: usize, members: &[EnsembleMember]) -> EnsembleResult {
    let weather = WeatherStream::constant(4.0, 250.0, moisture()).unwrap();
    let cfg = SpreadConfig {
        duration: 600.0,
        ros_noise: RosNoise::PerCell { sigma: 0.3 },
        spotting: Some(Spotting {
            min_intensity: 0.0,
            ..Spotting::default()
        }),
        ..SpreadConfig::default()
    };
    let wind = WindPerturbation {
        speed_sigma: 0.2,
        direction_sd: 20.0,
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| run_ensemble(&hilly(70), &fm1(), &weather, members, None, &cfg, &wind))
        .unwrap()
}

fn members(n: usize) -> Vec<EnsembleMember> {
    (0..n)
        .map(|k| EnsembleMember {
            ignitions: vec![ig(20 + (k * 7) % 30, 10 + (k * 13) % 40)],
            seed: 1000 + k as u64,
        })
        .collect()
}

#[test]
fn ensemble_is_identical_on_one_and_two_threads_and_accounts_for_every_cell() {
    let m = members(12);
    let a = ensemble(1, &m);
    let b = ensemble(2, &m);
    assert_eq!(bits(&a.burn_probability), bits(&b.burn_probability));
    assert_eq!(a.member_hectares, b.member_hectares);
    assert_eq!(a.member_hectares.len(), 12);
    // Members differ (different ignitions and seeds).
    assert!(a.member_hectares.windows(2).any(|w| w[0] != w[1]));
    // Σ p · cell area = mean member area (every burned cell of every member counted once);
    // f32 probabilities, so 1e-5 relative.
    let cell_ha = CELL * CELL / 10_000.0;
    let total: f64 = a
        .burn_probability
        .data
        .iter()
        .map(|&p| p as f64)
        .sum::<f64>()
        * cell_ha;
    let mean = a.member_hectares.iter().sum::<f64>() / 12.0;
    assert!((total / mean - 1.0).abs() < 1e-5, "{total} vs {mean}");
    assert!(a
        .burn_probability
        .data
        .iter()
        .all(|&p| (0.0..=1.0).contains(&p)));
}

#[test]
fn ensemble_member_is_the_single_run_with_its_seed_and_perturbed_weather() {
    let m = members(3);
    let out = ensemble(2, &m);
    let weather = WeatherStream::constant(4.0, 250.0, moisture()).unwrap();
    let wind = WindPerturbation {
        speed_sigma: 0.2,
        direction_sd: 20.0,
    };
    for (k, member) in m.iter().enumerate() {
        let cfg = SpreadConfig {
            duration: 600.0,
            ros_noise: RosNoise::PerCell { sigma: 0.3 },
            spotting: Some(Spotting {
                min_intensity: 0.0,
                ..Spotting::default()
            }),
            seed: member.seed,
            ..SpreadConfig::default()
        };
        let single = simulate_spread(
            &hilly(70),
            &fm1(),
            &wind.apply(&weather, member.seed),
            &member.ignitions,
            None,
            &cfg,
        )
        .unwrap();
        assert_eq!(single.final_area().hectares, out.member_hectares[k]);
    }
    // The perturbation changes the wind, and reproducibly.
    let w1 = wind.apply(&weather, 1).records()[0];
    let w2 = wind.apply(&weather, 2).records()[0];
    assert_ne!(w1.midflame_wind_speed, w2.midflame_wind_speed);
    assert_eq!(w1, wind.apply(&weather, 1).records()[0]);
}

fn message(e: hazsim_fire::Error) -> String {
    e.to_string()
}

#[test]
fn bad_stochastic_inputs_are_errors_naming_the_input() {
    let weather = WeatherStream::constant(2.0, 250.0, moisture()).unwrap();
    let run = |cfg: SpreadConfig| {
        simulate_spread(&flat(20), &fm1(), &weather, &[ig(10, 10)], None, &cfg).map(|_| ())
    };
    let e = run(SpreadConfig {
        ros_noise: RosNoise::PerCell { sigma: f64::NAN },
        ..SpreadConfig::default()
    })
    .unwrap_err();
    assert!(message(e).contains("ros_noise.sigma"));
    let e = run(SpreadConfig {
        spotting: Some(Spotting {
            probability: 2.0,
            ..Spotting::default()
        }),
        ..SpreadConfig::default()
    })
    .unwrap_err();
    assert!(message(e).contains("spotting.probability"));
    let e = run(SpreadConfig {
        spotting: Some(Spotting {
            delay: 0.0,
            ..Spotting::default()
        }),
        ..SpreadConfig::default()
    })
    .unwrap_err();
    assert!(message(e).contains("spotting.delay"));
    let cfg = SpreadConfig::default();
    let e = run_ensemble(
        &flat(20),
        &fm1(),
        &weather,
        &[],
        None,
        &cfg,
        &WindPerturbation::default(),
    )
    .unwrap_err();
    assert!(message(e).contains("members"));
    let e = run_ensemble(
        &flat(20),
        &fm1(),
        &weather,
        &members(1),
        None,
        &cfg,
        &WindPerturbation {
            speed_sigma: -1.0,
            direction_sd: 0.0,
        },
    )
    .unwrap_err();
    assert!(message(e).contains("wind.speed_sigma"));
    let e = run_ensemble(
        &flat(20),
        &fm1(),
        &weather,
        &[EnsembleMember {
            ignitions: vec![ig(30, 3)],
            seed: 0,
        }],
        None,
        &cfg,
        &WindPerturbation::default(),
    )
    .unwrap_err();
    assert!(message(e).contains("ignition"));
}
