//! Sliding-block validation of the Voellmy flow solver against the analytic rigid-block
//! solutions of Voellmy friction (Voellmy 1955; Salm 1993, Ann. Glaciol. 18:221–226;
//! Christen et al. 2010, Cold Reg. Sci. Technol. 63:1–14, §2).
//!
//! A depth-averaged layer behaves like a rigid block only where depth and velocity are uniform
//! (no pressure gradient, no advection): the interior of a long uniform layer. The first two
//! tests watch such an interior cell before the disturbances from the layer's ends reach it;
//! the third, the Coulomb limit, tracks the centre of mass of a compact release.

use hazsim_debris::voellmy::{Edge, Edges, VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

const G: f64 = 9.81;

fn terrain(z: Array2<f32>, dx: f64) -> Terrain {
    let h = z.nrows() as f64 * dx;
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, h, dx),
        Crs::epsg(32633),
    ))
    .unwrap()
}

/// Closed north and south walls (the layer spans the strip), open east and west.
fn strip_edges() -> Edges {
    Edges {
        north: Edge::Closed,
        south: Edge::Closed,
        ..Edges::all(Edge::Open)
    }
}

/// Terminal velocity on a uniform slope: v∞ = √(ξ h (sinθ − μ cosθ)) with h the slope-normal
/// thickness, reached as v(t) = v∞ tanh(a t / v∞), a = g (sinθ − μ cosθ) (the block's ODE
/// dv/dt = a − g v²/(ξ h)).
///
/// Set-up: θ = 30°, μ = 0.2, ξ = 500 m/s², h = 1 m (vertical depth 1/cos θ) over a 1500 m long
/// strip of 5 m cells, closed at the top (west) and open at the bottom (east). The top's
/// rarefaction travels at most (v∞ + √(g h)) ≈ 16 m/s, so the cell at x = 1000 m stays in the
/// uniform interior for the 30 s watched.
///
/// Tolerances: at t = 30 s (tanh = 1 − 4e-7) the speed must match v∞ within 0.1 %: the discrete
/// steady state of the implicit friction is exact, so only f32 round-off remains. During the
/// acceleration (t = 2, 4 s) within 2 %: first-order explicit time stepping with the CFL step
/// (Δt ≈ 0.43 s from rest, 0.13 s at speed) errs by O(a Δt / v) ≈ 1–2 % there.
#[test]
fn terminal_velocity_on_a_uniform_slope() {
    let (theta, mu, xi, h_n, dx) = (30f64.to_radians(), 0.2f64, 500f64, 1.0f64, 5.0f64);
    let (rows, cols) = (4, 300);
    let z = Array2::from_shape_fn((rows, cols), |(_, c)| {
        (2000.0 - c as f64 * dx * theta.tan()) as f32
    });
    let t = terrain(z, dx);
    let depth = t.dem().map(|_| (h_n / theta.cos()) as f32);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(mu),
        xi: hazsim_grid::Field::Uniform(xi),
        edges: Edges {
            west: Edge::Closed,
            ..strip_edges()
        },
        ..VoellmyConfig::new(VoellmyRelease::Depth(depth))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    let a = G * (theta.sin() - mu * theta.cos());
    let v_inf = (xi * h_n * (theta.sin() - mu * theta.cos())).sqrt();
    for (time, tol) in [(2.0, 0.02), (4.0, 0.02), (30.0, 1e-3)] {
        sim.advance(time, &mut NoProgress).unwrap();
        let v = sim.field("debris.speed").unwrap()[[1, 200]] as f64;
        let exact = v_inf * (a * time / v_inf).tanh();
        let rel = (v - exact).abs() / exact;
        eprintln!(
            "terminal velocity: t = {time} s, v = {v:.4}, analytic {exact:.4}, rel {rel:.2e}"
        );
        assert!(
            rel <= tol,
            "t = {time} s: speed {v:.4} m/s vs analytic {exact:.4} m/s (rel. error {rel:.2e} > {tol})"
        );
    }
    // The interior kept its depth (uniform layer: no divergence).
    let h = sim.field("debris.depth").unwrap()[[1, 200]] as f64;
    assert!((h - h_n / theta.cos()).abs() < 1e-5, "depth changed to {h}");
}

/// Stopping distance on flat ground: a block at v₀ under Voellmy friction stops after
/// x = (ξ h / 2g) ln(1 + v₀² / (μ ξ h)) at t = √(ξ h / (μ g²)) · atan(v₀ / √(μ ξ h)).
///
/// Set-up: μ = 0.2, ξ = 500 m/s², h = 1 m, v₀ = 10 m/s east over a 400 m strip of 2 m cells:
/// x = 17.66 m, t = 4.00 s. Disturbances from the strip's ends cover at most 13.2 m/s × 4 s ≈
/// 53 m, so the middle cell (x = 200 m) stays uniform. Its displacement is the time integral of
/// its speed (trapezoids over 0.01 s reporting intervals, max_dt = 0.01 s).
///
/// Tolerance 1 % on distance and stopping time: explicit first-order stepping with Δt = 0.01 s
/// on a 4 s deceleration errs by about Δt / t_stop ≈ 0.25 %, plus the trapezoid rule.
#[test]
fn stopping_distance_on_flat_ground() {
    let (mu, xi, h, v0, dx) = (0.2f64, 500f64, 1.0f64, 10.0f64, 2.0f64);
    let t = terrain(Array2::zeros((4, 200)), dx);
    let depth = t.dem().map(|_| h as f32);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(mu),
        xi: hazsim_grid::Field::Uniform(xi),
        initial_velocity: (v0, 0.0),
        max_dt: 0.01,
        edges: strip_edges(),
        ..VoellmyConfig::new(VoellmyRelease::Depth(depth))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    let x_exact = xi * h / (2.0 * G) * (1.0 + v0 * v0 / (mu * xi * h)).ln();
    let t_exact = (xi * h / (mu * G * G)).sqrt() * (v0 / (mu * xi * h).sqrt()).atan();
    let (mut x, mut v_prev, mut t_stop) = (0.0f64, v0, None);
    for k in 1..=600 {
        let time = k as f64 * 0.01;
        sim.advance(time, &mut NoProgress).unwrap();
        let v = sim.field("debris.speed").unwrap()[[1, 100]] as f64;
        x += 0.5 * (v + v_prev) * 0.01;
        if v == 0.0 && t_stop.is_none() {
            t_stop = Some(time);
        }
        if t_stop.is_some() {
            assert_eq!(
                v, 0.0,
                "restarted at t = {time} s: no creeping after the stop"
            );
        }
        v_prev = v;
    }
    let t_stop = t_stop.expect("the layer stopped within 6 s");
    eprintln!(
        "stop: x = {x:.4} m (analytic {x_exact:.4}), t = {t_stop:.3} s (analytic {t_exact:.3})"
    );
    assert!(
        (x - x_exact).abs() <= 0.01 * x_exact,
        "stopping distance {x:.3} m vs analytic {x_exact:.3} m"
    );
    assert!(
        (t_stop - t_exact).abs() <= 0.01 * t_exact + 0.01,
        "stopping time {t_stop:.3} s vs analytic {t_exact:.3} s"
    );
}

/// Coulomb limit (ξ → ∞): a block sliding down a slope onto flat ground stops where the line
/// from its start to its stop dips at the friction angle, H/L = μ (Heim 1932; Hsü 1975, GSA
/// Bull. 86:129–140). In the horizontal projection used by the model the horizontal speed is
/// continuous across the slope break, which costs a rigid block the kink loss
/// v² → v² cos²θ; the exact rigid-block ratio is then
/// H/L = tanθ / (1 + cos²θ (tanθ/μ − 1)), 0.7 % above μ for tanθ = 0.15, μ = 0.1.
///
/// Set-up: tanθ = 0.15 for 600 m, then flat, 5 m cells, a 20 m long 2 m deep block across a
/// strip with closed sides, μ = 0.1, ξ = 1e9 m/s². Compared: the fall H and horizontal travel
/// L of the centre of mass after everything stopped, against μ, tolerance 5 % (the kink loss
/// plus the spreading of a compact release, which a rigid block does not have).
#[test]
fn coulomb_limit_travel_angle() {
    let (tan, mu, dx) = (0.15f64, 0.1f32, 5.0f64);
    let (rows, cols) = (3, 240);
    let x_kink = 600.0;
    let z = Array2::from_shape_fn((rows, cols), |(_, c)| {
        let x = (c as f64 + 0.5) * dx;
        (tan * (x_kink - x).max(0.0)) as f32
    });
    let t = terrain(z.clone(), dx);
    let mut depth = t.dem().map(|_| 0.0f32);
    depth.data.slice_mut(ndarray::s![.., 10..14]).fill(2.0);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(mu as f64),
        xi: hazsim_grid::Field::Uniform(1e9),
        duration: 200.0,
        edges: strip_edges(),
        ..VoellmyConfig::new(VoellmyRelease::Depth(depth.clone()))
    };
    let com = |h: &Array2<f32>| {
        let (mut m, mut mx, mut mz) = (0.0f64, 0.0f64, 0.0f64);
        for ((r, c), &d) in h.indexed_iter() {
            let d = d as f64;
            m += d;
            mx += d * (c as f64 + 0.5) * dx;
            mz += d * z[[r, c]] as f64;
        }
        (mx / m, mz / m)
    };
    let (x0, z0) = com(&depth.data);
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(200.0, &mut NoProgress).unwrap();
    assert_eq!(sim.moving_cells(), 0, "everything stopped within 200 s");
    let deposit = sim.field("debris.deposit").unwrap().to_owned();
    let (x1, z1) = com(&deposit);
    assert!(x1 < (cols as f64 - 10.0) * dx, "stopped inside the strip");
    let ratio = (z0 - z1) / (x1 - x0);
    eprintln!(
        "coulomb limit: H/L = {ratio:.5}, H = {:.2} m, L = {:.2} m",
        z0 - z1,
        x1 - x0
    );
    assert!(
        (ratio - mu as f64).abs() <= 0.05 * mu as f64,
        "H/L = {ratio:.4} (H = {:.1} m, L = {:.1} m) vs μ = {mu}",
        z0 - z1,
        x1 - x0
    );
    assert!(sim.mass_balance().error().abs() < 1e-6);

    // Runout length: the release spans whole columns 10..14, so it is the distance from the
    // centre of column 13 to the farthest column whose maximum depth reached the threshold.
    let hmax = sim.field("debris.max_depth").unwrap();
    let far = (0..cols)
        .rev()
        .find(|&c| (0..rows).any(|r| hmax[[r, c]] >= 0.05))
        .unwrap();
    let run = sim.result(&t);
    assert_eq!(run.runout_length, (far - 13) as f64 * dx);

    // No creep: another 100 s changes nothing.
    sim.advance(300.0, &mut NoProgress).unwrap();
    assert_eq!(sim.field("debris.deposit").unwrap(), deposit.view());
}

/// The acceleration phase of the terminal-velocity set-up converges in the time step: with
/// Δt ≤ 0.01 s the speed at t = 2 s and 4 s matches v∞ tanh(a t / v∞) within 0.2 % (the
/// first-order error scales with Δt: ≈ 1.4 % at the CFL step of ≈ 0.13–0.43 s above, so
/// ≈ 0.1 % expected at 0.01 s; tolerance doubled for the f32 state).
#[test]
fn acceleration_converges_with_the_time_step() {
    let (theta, mu, xi, h_n, dx) = (30f64.to_radians(), 0.2f64, 500f64, 1.0f64, 5.0f64);
    let z = Array2::from_shape_fn((4, 300), |(_, c)| {
        (2000.0 - c as f64 * dx * theta.tan()) as f32
    });
    let t = terrain(z, dx);
    let depth = t.dem().map(|_| (h_n / theta.cos()) as f32);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(mu),
        xi: hazsim_grid::Field::Uniform(xi),
        max_dt: 0.01,
        edges: Edges {
            west: Edge::Closed,
            ..strip_edges()
        },
        ..VoellmyConfig::new(VoellmyRelease::Depth(depth))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    let a = G * (theta.sin() - mu * theta.cos());
    let v_inf = (xi * h_n * (theta.sin() - mu * theta.cos())).sqrt();
    for time in [2.0, 4.0] {
        sim.advance(time, &mut NoProgress).unwrap();
        let v = sim.field("debris.speed").unwrap()[[1, 200]] as f64;
        let exact = v_inf * (a * time / v_inf).tanh();
        let rel = (v - exact).abs() / exact;
        eprintln!(
            "converged acceleration: t = {time} s, v = {v:.4}, analytic {exact:.4}, rel {rel:.2e}"
        );
        assert!(rel <= 2e-3, "t = {time} s: {v} vs {exact} (rel {rel:.2e})");
    }
}
