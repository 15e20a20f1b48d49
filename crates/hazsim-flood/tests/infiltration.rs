//! Green–Ampt infiltration against the implicit Green–Ampt solution (Green & Ampt 1911;
//! Mein & Larson 1973), its supply limit, and the mass balance with infiltration.

mod common;

use hazsim_flood::{
    simulate, Boundaries, Boundary, FloodConfig, GreenAmpt, PointInflow, Rain, SoilParam,
    SoilTexture,
};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

/// F(t) of continuously ponded Green–Ampt infiltration from F(0) = 0: the root of
/// F − ψΔθ ln(1 + F/(ψΔθ)) = K t, solved here by Newton's method (independently of the engine).
fn green_ampt_f(k: f64, s: f64, t: f64) -> f64 {
    let mut f = (2.0 * s * k * t).sqrt() + k * t; // above the root (see the engine's note)
    for _ in 0..100 {
        let g = f - s * (1.0 + f / s).ln() - k * t;
        f -= g / (f / (f + s));
    }
    f
}

/// A flat, closed basin with 1 m of standing water over a loam (K_s = 0.34 cm/h,
/// ψ_f = 8.89 cm, Δθ = 0.7 × 0.434, Rawls et al. 1983): the water never runs out, so every cell
/// infiltrates at the ponded rate and F(t) must follow the implicit Green–Ampt relation.
/// Tolerance 1e-6 relative: the engine integrates the same ODE exactly over each step (Newton on
/// the incremental relation) and removes the water with a compensated f32 update, so only
/// round-off separates the two.
#[test]
fn ponded_column_follows_implicit_green_ampt() {
    let t = common::terrain(Array2::zeros((6, 6)), 10.0);
    let ga = GreenAmpt::texture(SoilTexture::Loam, 0.3).unwrap();
    let (_, psi, k) = SoilTexture::Loam.parameters();
    let s = psi * 0.7 * 0.434;
    let cfg = FloodConfig {
        duration: 4.0 * 3600.0,
        boundaries: Boundaries::default(),
        initial_depth: Some(common::like(&t, Array2::from_elem((6, 6), 1.0))),
        infiltration: Some(ga),
        max_dt: 5.0,
        ..Default::default()
    };
    let mut sim = hazsim_flood::FloodSimulation::new(&t, cfg).unwrap();
    let mut worst = 0.0f64;
    for hour in 1..=4 {
        let time = hour as f64 * 3600.0;
        sim.advance(time, &mut NoProgress).unwrap();
        let f = sim.field("flood.infiltration").unwrap();
        let exact = green_ampt_f(k, s, time);
        for &v in f.iter() {
            worst = worst.max((v as f64 - exact).abs() / exact);
        }
        let d = sim.field("flood.depth").unwrap()[[3, 3]] as f64;
        assert!(
            (d - (1.0 - exact)).abs() < 1e-5,
            "depth {d} vs {}",
            1.0 - exact
        );
        eprintln!("t = {time} s: F = {:.6} m, exact {exact:.6} m", f[[3, 3]]);
    }
    assert!(worst < 1e-6, "worst relative error {worst}");
    let mb = sim.mass_balance();
    assert!(mb.error().abs() < 1e-6, "{mb:?}");
}

/// Rain at half of K_s on a plane infiltrates completely: nothing ponds, nothing leaves, and the
/// infiltrated volume equals the rain volume (to 1e-9 relative: f32 depths, f64 sums).
#[test]
fn rain_below_ks_infiltrates_fully() {
    let t = common::terrain(
        Array2::from_shape_fn((8, 10), |(_, c)| 0.01 * c as f32),
        5.0,
    );
    let k_s = 2e-5; // 72 mm/h
    let cfg = FloodConfig {
        duration: 1800.0,
        rain: Rain::Uniform(vec![(0.0, 36.0)]),
        infiltration: Some(GreenAmpt::new(k_s, 0.0, 0.3)),
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let mb = r.mass_balance;
    assert!(mb.rain > 0.0);
    assert!(mb.outflow == 0.0, "{mb:?}");
    assert!(mb.storage_now.abs() < 1e-9 * mb.rain, "{mb:?}");
    assert!((mb.infiltration - mb.rain).abs() < 1e-9 * mb.rain, "{mb:?}");
    // Every cell took 36 mm/h × 0.5 h = 18 mm.
    let f = r.field("flood.infiltration").unwrap();
    assert!(f.data.iter().all(|&v| (v - 0.018).abs() < 1e-6), "{f:?}");
    assert!(r
        .field("flood.max_depth")
        .unwrap()
        .data
        .iter()
        .all(|&d| d < 1e-3));
}

/// Rain, a point inflow, infiltration from a raster of K_s and free outflow on a tilted plane:
/// in + rain − infiltration − out = Δstorage to 1e-6 relative (DESIGN.md, Validation).
#[test]
fn mass_balance_closes_with_infiltration() {
    let (rows, cols) = (20, 30);
    let t = common::terrain(
        Array2::from_shape_fn((rows, cols), |(r, c)| {
            0.02 * (cols - c) as f32 + 0.05 * ((r as f32) * 0.7).sin()
        }),
        5.0,
    );
    let k = Array2::from_shape_fn(
        (rows, cols),
        |(r, c)| if (r + c) % 3 == 0 { 1e-6 } else { 5e-6 },
    );
    let cfg = FloodConfig {
        duration: 1800.0,
        boundaries: Boundaries::all(Boundary::FreeOutflow { slope: None }),
        rain: Rain::Uniform(vec![(0.0, 60.0), (600.0, 0.0)]),
        inflows: vec![PointInflow {
            x: 112.0,
            y: 50.0,
            hydrograph: vec![(0.0, 1.0), (900.0, 0.0)],
        }],
        infiltration: Some(GreenAmpt {
            k_s: SoilParam::Raster(common::like(&t, k)),
            psi_f: SoilParam::Uniform(0.11),
            delta_theta: SoilParam::Uniform(0.3),
        }),
        ..Default::default()
    };
    let r = simulate(&t, cfg, &mut NoProgress).unwrap();
    let mb = r.mass_balance;
    eprintln!("{mb:?}, relative error {:e}", mb.error());
    assert!(mb.infiltration > 0.05 * (mb.rain + mb.inflow), "{mb:?}");
    assert!(mb.outflow > 0.0, "{mb:?}");
    assert!(mb.error().abs() < 1e-6, "{mb:?}");
    let f = r.field("flood.infiltration").unwrap();
    let area = 25.0f64;
    let total: f64 = f.data.iter().map(|&v| v as f64 * area).sum();
    assert!(
        (total - mb.infiltration).abs() < 1e-5 * mb.infiltration,
        "{total} vs {}",
        mb.infiltration
    );
    assert!(f.data.iter().all(|&v| v >= 0.0));
    assert!(r
        .field("flood.depth")
        .unwrap()
        .data
        .iter()
        .all(|&v| v >= 0.0));
}

/// Bad soil parameters name the parameter and the fix.
#[test]
fn bad_soil_parameters_are_errors() {
    let t = common::terrain(Array2::zeros((5, 5)), 5.0);
    let run = |ga: GreenAmpt| {
        hazsim_flood::FloodSimulation::new(
            &t,
            FloodConfig {
                infiltration: Some(ga),
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string()
    };
    let m = run(GreenAmpt::new(-1e-6, 0.1, 0.3));
    assert!(m.contains("infiltration.k_s") && m.contains("m/s"), "{m}");
    let m = run(GreenAmpt::new(1e-6, f64::NAN, 0.3));
    assert!(m.contains("infiltration.psi_f"), "{m}");
    let m = run(GreenAmpt::new(1e-6, 0.1, 1.5));
    assert!(m.contains("infiltration.delta_theta"), "{m}");
    let other = hazsim_grid::Raster::new(
        Array2::from_elem((4, 5), 1e-6f32),
        hazsim_grid::GeoTransform::north_up(0.0, 25.0, 5.0),
        hazsim_grid::Crs::epsg(32633),
    );
    let m = run(GreenAmpt {
        k_s: SoilParam::Raster(other),
        ..GreenAmpt::new(1e-6, 0.1, 0.3)
    });
    assert!(m.contains("infiltration.k_s"), "{m}");
}
