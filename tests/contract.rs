//! The engine contract (`hazsim::grid::Simulation`), checked the same way for every engine:
//! flood, fire spread, debris routing and Voellmy flow, each held as a `Box<dyn Simulation>`.
//!
//! - advancing in pieces gives the same bits as advancing at once;
//! - `now()` lands on `until`; an earlier `until` is a no-op; infinity runs to `end_time()`;
//!   NaN is an error that changes nothing;
//! - progress is monotone in [0, 1] and ends at 1;
//! - a cancel returns `Cancelled { time }` with `now() == time`, leaves readable fields, and
//!   advancing on from there gives the same bits as a run that was never cancelled;
//! - every field listed is answered on the grid, every name is in the registry, unknown names
//!   are not answered;
//! - every input listed is taken, an unknown input or a raster on another grid is refused and
//!   changes nothing.

use hazsim::debris::voellmy::{VoellmyConfig, VoellmyRelease};
use hazsim::debris::{Release, RoutingSimulation, RunoutParams, VoellmySimulation};
use hazsim::fire::spread::{FireSpread, Fuels, Ignition, SpreadConfig, WeatherStream};
use hazsim::fire::{FuelModel, FuelMoisture};
use hazsim::flood::{FloodConfig, FloodSimulation, PointInflow, Rain};
use hazsim::grid::{
    fields, Crs, Error, Field, GeoTransform, NoProgress, Raster, Simulation, Terrain,
};
use ndarray::Array2;

/// A valley sloping south with a channel down its middle, 10 m cells.
fn valley(rows: usize, cols: usize) -> Terrain {
    let z = Array2::from_shape_fn((rows, cols), |(r, c)| {
        let across = (c as f32 - cols as f32 / 2.0).abs();
        // Steep (about 27°) in the top 20 rows, where debris is released, then 8.5°.
        let down = 1.5 * r as f32 + 3.5 * (r.min(20) as f32);
        300.0 - down + 0.8 * across + 0.3 * ((0.3 * c as f32).sin() + (0.2 * r as f32).cos())
    });
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0),
        Crs::epsg(32616),
    ))
    .unwrap()
}

/// One engine of each kind, built the same way each time.
struct Case {
    name: &'static str,
    make: fn(&Terrain) -> Box<dyn Simulation>,
    /// A time well inside the run, and the end of the test run.
    times: [f64; 2],
    /// Times to advance to in pieces that are the engine's own landing times (output times and
    /// forcing changes: a one-shot advance steps onto them too), ending at `times[1]`.
    landings: &'static [f64],
    /// Whether any `until` is a landing time (event-driven engines), so that pieces ending
    /// anywhere give the same bits.
    lands_anywhere: bool,
}

fn flood(t: &Terrain) -> Box<dyn Simulation> {
    let (x, y) = t.dem().cell_center(30, 20);
    Box::new(
        FloodSimulation::new(
            t,
            FloodConfig {
                duration: 600.0,
                inflows: vec![PointInflow {
                    x,
                    y,
                    hydrograph: vec![(0.0, 4.0), (300.0, 8.0)],
                }],
                rain: Rain::Uniform(vec![(0.0, 20.0), (200.0, 0.0)]),
                output_interval: Some(50.0),
                max_froude: Some(1.0),
                ..Default::default()
            },
        )
        .unwrap(),
    )
}

fn fire(t: &Terrain) -> Box<dyn Simulation> {
    let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
    Box::new(
        FireSpread::new(
            t,
            &Fuels::Uniform(FuelModel::standard(1).unwrap()),
            &WeatherStream::constant(3.0, 20.0, m).unwrap(),
            &[Ignition {
                row: 20,
                col: 20,
                time: 0.0,
            }],
            None,
            &SpreadConfig {
                duration: 7200.0,
                stencil_radius: 3,
                ..SpreadConfig::default()
            },
        )
        .unwrap(),
    )
}

fn routing(t: &Terrain) -> Box<dyn Simulation> {
    Box::new(
        RoutingSimulation::new(
            t,
            Release::Cells((15..25).map(|c| (2, c)).collect()),
            RunoutParams::default(),
        )
        .unwrap(),
    )
}

fn voellmy(t: &Terrain) -> Box<dyn Simulation> {
    let mut d = t.dem().map(|_| 0.0f32);
    for r in 2..6 {
        for c in 17..24 {
            d.data[[r, c]] = 2.0;
        }
    }
    Box::new(
        VoellmySimulation::new(
            t,
            VoellmyConfig {
                duration: 60.0,
                output_interval: Some(5.0),
                ..VoellmyConfig::new(VoellmyRelease::Depth(d))
            },
        )
        .unwrap(),
    )
}

const CASES: &[Case] = &[
    Case {
        name: "flood",
        make: flood,
        times: [137.5, 400.0],
        landings: &[50.0, 100.0, 100.0, 200.0, 250.0, 400.0],
        lands_anywhere: false,
    },
    Case {
        name: "fire",
        make: fire,
        times: [1800.0, 5000.0],
        landings: &[0.0, 450.5, 1800.0, 1800.0, 3400.25, 5000.0],
        lands_anywhere: true,
    },
    Case {
        name: "routing",
        make: routing,
        times: [0.0, 30.0],
        landings: &[0.0, 0.0, 7.5, 30.0],
        lands_anywhere: true,
    },
    Case {
        name: "voellmy",
        make: voellmy,
        times: [7.3, 25.0],
        landings: &[5.0, 10.0, 10.0, 15.0, 25.0],
        lands_anywhere: false,
    },
];

/// Every listed field, as bits.
fn snapshot(s: &dyn Simulation) -> Vec<(&'static str, Vec<u32>)> {
    s.fields()
        .iter()
        .map(|f| {
            let v = s.field(f.name).unwrap();
            (f.name, v.iter().map(|x| x.to_bits()).collect())
        })
        .collect()
}

fn terrain() -> Terrain {
    valley(120, 40)
}

#[test]
fn pieces_give_the_same_bits_as_one_advance() {
    let t = terrain();
    for case in CASES {
        let end = case.times[1];
        let mut once = (case.make)(&t);
        once.advance(end, &mut NoProgress).unwrap();
        let mut pieces = (case.make)(&t);
        for &until in case.landings {
            pieces.advance(until, &mut NoProgress).unwrap();
            assert_eq!(pieces.now(), until, "{}: now lands on until", case.name);
        }
        assert!(
            snapshot(once.as_ref()) == snapshot(pieces.as_ref()),
            "{}: advancing in pieces changed the fields",
            case.name
        );
    }
}

/// An `until` between an adaptive engine's landing times shortens one step to land on it;
/// the steps after it differ, so the fields differ by round-off and time-stepping error only.
#[test]
fn pieces_between_landing_times_stay_close() {
    let t = terrain();
    for case in CASES {
        let [mid, end] = case.times;
        let mut once = (case.make)(&t);
        once.advance(end, &mut NoProgress).unwrap();
        let mut pieces = (case.make)(&t);
        for until in [mid * 0.37, mid, (mid + end) * 0.51, end] {
            pieces.advance(until, &mut NoProgress).unwrap();
            assert_eq!(pieces.now(), until, "{}", case.name);
        }
        let name = match case.name {
            "flood" => "flood.depth",
            "fire" => "fire.arrival_time",
            "routing" => "debris.susceptibility",
            _ => "debris.depth",
        };
        let (a, b) = (once.field(name).unwrap(), pieces.field(name).unwrap());
        if case.lands_anywhere {
            let bits =
                |v: ndarray::ArrayView2<f32>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert!(bits(a) == bits(b), "{}", case.name);
        } else {
            // The volume is conserved either way (to round-off), and the depths differ little:
            // mean absolute difference under 1 % of the mean depth of the wet cells.
            let sum = |v: ndarray::ArrayView2<f32>| v.iter().map(|&x| x as f64).sum::<f64>();
            let (va, vb) = (sum(a), sum(b));
            assert!(
                (va - vb).abs() <= 1e-5 * va,
                "{}: volume {va} vs {vb}",
                case.name
            );
            let wet = a.iter().filter(|&&x| x > 1e-3).count() as f64;
            let mean_diff = a
                .iter()
                .zip(b.iter())
                .map(|(x, y)| (x - y).abs() as f64)
                .sum::<f64>()
                / wet;
            assert!(
                mean_diff <= 0.01 * va / wet,
                "{}: mean depth difference {mean_diff} m, mean depth {} m",
                case.name,
                va / wet
            );
        }
    }
}

#[test]
fn until_rules() {
    let t = terrain();
    for case in CASES {
        let [mid, end] = case.times;
        let mut s = (case.make)(&t);
        s.advance(mid, &mut NoProgress).unwrap();
        let before = snapshot(s.as_ref());
        // An earlier time changes nothing.
        s.advance(mid / 2.0 - 1.0, &mut NoProgress).unwrap();
        assert_eq!(s.now(), mid, "{}", case.name);
        // NaN is an error naming `until`, and changes nothing.
        let e = s.advance(f64::NAN, &mut NoProgress).unwrap_err();
        assert!(
            matches!(&e, Error::InvalidParameter { name, .. } if name == "until"),
            "{}: {e}",
            case.name
        );
        assert_eq!(s.now(), mid, "{}", case.name);
        assert!(before == snapshot(s.as_ref()), "{}", case.name);
        // Infinity runs to the configured end.
        let mut open = (case.make)(&t);
        open.advance(f64::INFINITY, &mut NoProgress).unwrap();
        assert_eq!(open.now(), open.end_time(), "{}", case.name);
        let _ = end;
    }
}

#[test]
fn progress_is_monotone_and_ends_at_one() {
    let t = terrain();
    for case in CASES {
        let [mid, end] = case.times;
        let mut s = (case.make)(&t);
        for until in [mid, end] {
            let mut seen = Vec::new();
            let mut record = |done: f64, _stage: &str| {
                seen.push(done);
                true
            };
            s.advance(until, &mut record).unwrap();
            assert!(!seen.is_empty(), "{}: no progress report", case.name);
            assert!(
                seen.windows(2).all(|w| w[0] <= w[1]),
                "{}: progress went back: {seen:?}",
                case.name
            );
            assert!(
                seen.iter().all(|d| (0.0..=1.0).contains(d)),
                "{}: {seen:?}",
                case.name
            );
            assert_eq!(seen.last(), Some(&1.0), "{}", case.name);
        }
    }
}

#[test]
fn cancel_keeps_a_consistent_state_that_runs_on_to_the_same_bits() {
    // A larger fire grid, so that the fire reports (and can be cancelled) mid-run.
    let big = valley(420, 300);
    for case in CASES {
        let t = if case.name == "fire" {
            &big
        } else {
            &terrain()
        };
        let [_, end] = case.times;
        let mut whole = (case.make)(t);
        whole.advance(end, &mut NoProgress).unwrap();

        let mut s = (case.make)(t);
        let mut calls = 0;
        // Cancel at the first report before the end.
        let mut stop = |done: f64, _: &str| {
            calls += 1;
            done >= 1.0
        };
        let r = s.advance(end, &mut stop);
        match r {
            Err(Error::Cancelled { time }) => {
                assert_eq!(s.now(), time, "{}", case.name);
                assert!(time <= end, "{}", case.name);
            }
            other => panic!("{}: expected a cancel, got {other:?}", case.name),
        }
        for f in s.fields() {
            assert!(s.field(f.name).is_some(), "{}: {}", case.name, f.name);
        }
        s.advance(end, &mut NoProgress).unwrap();
        assert!(
            snapshot(whole.as_ref()) == snapshot(s.as_ref()),
            "{}: a cancelled run advanced on differs from an uninterrupted one",
            case.name
        );
    }
}

#[test]
fn fields_and_inputs_come_from_the_registry() {
    let t = terrain();
    for case in CASES {
        let s = (case.make)(&t);
        assert!(!s.fields().is_empty());
        for f in s.fields() {
            assert_eq!(fields::lookup(f.name), Some(f), "{}: {}", case.name, f.name);
            assert_eq!(f.hazard(), s.hazard(), "{}", case.name);
            let v = s
                .field(f.name)
                .unwrap_or_else(|| panic!("{}: {} listed but not answered", case.name, f.name));
            assert_eq!(v.dim(), t.dem().shape(), "{}: {}", case.name, f.name);
        }
        for f in s.inputs() {
            assert_eq!(fields::lookup(f.name), Some(f), "{}: {}", case.name, f.name);
            assert!(
                s.field(f.name).is_none(),
                "{}: an input is not an output",
                case.name
            );
        }
        assert!(s.field("flood.nope").is_none());
        assert!(s.field("").is_none());
        assert_eq!(s.grid().shape(), t.dem().shape());
        let r = s.result();
        assert_eq!(
            r.names(),
            s.fields().iter().map(|f| f.name).collect::<Vec<_>>()
        );
    }
}

/// A value each input takes: one marked cell near the top of the valley, or a uniform rate.
fn input_value(name: &str, t: &Terrain) -> Field {
    let mut one = t.dem().map(|_| 0.0f32);
    one.data[[10, 20]] = 1.0;
    match name {
        "flood.rain_rate" => Field::Uniform(1e-5),
        "flood.inflow" => Field::Raster(one.map(|v| v * 3.0)),
        _ => Field::Raster(one),
    }
}

#[test]
fn inputs_are_taken_and_bad_ones_refused_without_change() {
    let t = terrain();
    let other = valley(30, 30);
    for case in CASES {
        let [mid, end] = case.times;
        let mut s = (case.make)(&t);
        s.advance(mid, &mut NoProgress).unwrap();
        let before = snapshot(s.as_ref());
        let e = s.set_input("flood.nope", &Field::Uniform(1.0)).unwrap_err();
        assert!(e.to_string().contains("flood.nope"), "{}: {e}", case.name);
        for f in s.inputs() {
            let e = s
                .set_input(f.name, &Field::Raster(other.dem().clone()))
                .unwrap_err();
            assert!(
                matches!(e, Error::GridMismatch { .. }),
                "{}: {}: {e}",
                case.name,
                f.name
            );
        }
        assert!(before == snapshot(s.as_ref()), "{}", case.name);
        for f in s.inputs() {
            s.set_input(f.name, &input_value(f.name, &t))
                .unwrap_or_else(|e| panic!("{}: {}: {e}", case.name, f.name));
        }
        s.advance(end, &mut NoProgress).unwrap();
    }
}

#[test]
fn inputs_act_on_the_run() {
    let t = terrain();
    // Fire: a second ignition at t = 600 s burns from then on.
    let mut fire = fire(&t);
    fire.advance(600.0, &mut NoProgress).unwrap();
    let mut mark = t.dem().map(|_| 0.0f32);
    mark.data[[5, 5]] = 1.0;
    fire.set_input("fire.ignition", &Field::Raster(mark))
        .unwrap();
    fire.advance(900.0, &mut NoProgress).unwrap();
    let arrival = fire.field("fire.arrival_time").unwrap();
    assert_eq!(arrival[[5, 5]], 600.0);
    assert!(arrival[[6, 5]] > 600.0 && arrival[[6, 5]] <= 900.0);

    // Flood: rain added at 100 s on a dry valley; the rain volume is rate x area x time.
    let mut dry = FloodSimulation::new(
        &t,
        FloodConfig {
            duration: 400.0,
            ..Default::default()
        },
    )
    .unwrap();
    Simulation::advance(&mut dry, 100.0, &mut NoProgress).unwrap();
    assert_eq!(dry.mass_balance().rain, 0.0);
    dry.set_input("flood.rain_rate", &Field::Uniform(1e-5))
        .unwrap();
    Simulation::advance(&mut dry, 400.0, &mut NoProgress).unwrap();
    let area = 120.0 * 40.0 * 100.0;
    let m = dry.mass_balance();
    assert!(
        (m.rain - 1e-5 * area * 300.0).abs() < 1e-6 * m.rain,
        "{}",
        m.rain
    );
    assert!(m.error().abs() < 1e-6, "{m:?}");
    // An inflow set later: 2 m³/s for 100 s.
    let mut q = t.dem().map(|_| 0.0f32);
    q.data[[5, 20]] = 2.0;
    dry.set_input("flood.inflow", &Field::Raster(q)).unwrap();
    Simulation::advance(&mut dry, 500.0, &mut NoProgress).unwrap();
    let m = dry.mass_balance();
    assert!((m.inflow - 200.0).abs() < 1e-3, "{}", m.inflow);
    assert!(m.error().abs() < 1e-6, "{m:?}");

    // Voellmy: material released at 10 s counts in the mass balance.
    let mut first = t.dem().map(|_| 0.0f32);
    first.data[[3, 5]] = 1.0;
    let mut flow =
        VoellmySimulation::new(&t, VoellmyConfig::new(VoellmyRelease::Depth(first))).unwrap();
    Simulation::advance(&mut flow, 10.0, &mut NoProgress).unwrap();
    let mut d = t.dem().map(|_| 0.0f32);
    d.data[[5, 20]] = 3.0;
    flow.set_input("debris.release_depth", &Field::Raster(d))
        .unwrap();
    Simulation::advance(&mut flow, 40.0, &mut NoProgress).unwrap();
    let m = flow.mass_balance();
    assert!((m.released - 400.0).abs() < 1e-6, "{m:?}");
    assert!(m.error().abs() < 1e-6, "{m:?}");
    assert!(flow.field("debris.max_depth").unwrap()[[8, 20]] > 0.0);
}

/// Engines of every kind on one clock, as the scenario layer will hold them.
#[test]
fn engines_share_one_clock() {
    let t = terrain();
    let mut sims: Vec<Box<dyn Simulation>> = CASES.iter().map(|c| (c.make)(&t)).collect();
    for until in [10.0, 20.0, 25.0] {
        for s in sims.iter_mut() {
            s.advance(until, &mut NoProgress).unwrap();
            assert_eq!(s.now(), until);
        }
    }
    let hazards: Vec<&str> = sims.iter().map(|s| s.hazard()).collect();
    assert_eq!(hazards, ["flood", "fire", "debris", "debris"]);
}

/// Bad values for the run-time inputs and the new parameters are refused with their name, and
/// leave the engine as it was; an interval that would make the output series unbounded is
/// refused before the run.
#[test]
fn bad_inputs_and_parameters_are_named() {
    let t = terrain();
    let mut f = flood(&t);
    f.advance(60.0, &mut NoProgress).unwrap();
    let before = snapshot(f.as_ref());
    for (name, value) in [
        ("flood.rain_rate", Field::Uniform(-1e-5)),
        ("flood.rain_rate", Field::Uniform(f64::NAN)),
        ("flood.inflow", Field::Uniform(-2.0)),
        ("flood.inflow", Field::Uniform(f64::INFINITY)),
    ] {
        let e = f.set_input(name, &value).unwrap_err().to_string();
        assert!(e.contains(name), "{e}");
    }
    assert!(before == snapshot(f.as_ref()));
    let mut v = voellmy(&t);
    let e = v
        .set_input("debris.release_depth", &Field::Uniform(-1.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("debris.release_depth"), "{e}");
    let mut r = routing(&t);
    let e = r
        .set_input("debris.release", &Field::Uniform(0.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("debris.release"), "{e}");

    let release = VoellmyRelease::Depth(t.dem().map(|_| 1.0));
    for interval in [0.0, -5.0, f64::NAN, 1e-9] {
        let cfg = VoellmyConfig {
            output_interval: Some(interval),
            ..VoellmyConfig::new(release.clone())
        };
        let e = VoellmySimulation::new(&t, cfg).unwrap_err().to_string();
        assert!(e.contains("output_interval"), "{interval}: {e}");
    }
    for (volume, radius, name) in [(-5.0, 15.0, "volume"), (500.0, -1.0, "radius")] {
        let (x, y) = t.dem().cell_center(3, 20);
        let cfg = VoellmyConfig::new(VoellmyRelease::Block {
            x,
            y,
            volume,
            radius,
        });
        let e = VoellmySimulation::new(&t, cfg).unwrap_err().to_string();
        assert!(e.contains(name), "{e}");
    }
    let canopy = hazsim::fire::crown_map::CanopyFields {
        base_height: 2.0.into(),
        bulk_density: 0.15.into(),
        height: 20.0.into(),
        cover: 0.5.into(),
        foliar_moisture: 1.0.into(),
    };
    let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
    let fuels = Fuels::Uniform(FuelModel::by_name("TU5").unwrap());
    let opts = hazsim::fire::SpreadOptions::behave();
    for (wind, dir) in [(-1.0, 0.0), (f64::NAN, 0.0), (5.0, f64::INFINITY)] {
        let e = hazsim::fire::crown_map::crown_map(&t, &fuels, &canopy, m, wind, dir, &opts)
            .unwrap_err()
            .to_string();
        assert!(e.contains("wind"), "{e}");
    }
    let unread = hazsim::fire::crown_map::CanopyFields {
        bulk_density: Field::Path("cbd.tif".into()),
        ..canopy
    };
    let e = hazsim::fire::crown_map::crown_map(&t, &fuels, &unread, m, 5.0, 0.0, &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("canopy.bulk_density") && e.contains("cbd.tif"),
        "{e}"
    );
}
