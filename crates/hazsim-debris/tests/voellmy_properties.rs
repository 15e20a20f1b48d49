//! Conservation, determinism, rest and symmetry properties of the Voellmy flow solver.

use hazsim_debris::voellmy::{Edge, Edges, VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;

fn terrain(z: Array2<f32>, dx: f64) -> Terrain {
    let h = z.nrows() as f64 * dx;
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, h, dx),
        Crs::epsg(32633),
    ))
    .unwrap()
}

/// A paraboloid bowl of 5 m cells with a 3 m deep block on its western flank.
fn bowl_run() -> (Terrain, VoellmyConfig) {
    let n = 41;
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        let (x, y) = ((c as f32 - 20.0) * 5.0, (r as f32 - 20.0) * 5.0);
        (x * x + y * y) / 400.0
    });
    let t = terrain(z, 5.0);
    let mut d = t.dem().map(|_| 0.0f32);
    d.data.slice_mut(ndarray::s![16..24, 4..10]).fill(3.0);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(0.05),
        xi: hazsim_grid::Field::Uniform(500.0),
        edges: Edges::all(Edge::Closed),
        ..VoellmyConfig::new(VoellmyRelease::Depth(d))
    };
    (t, cfg)
}

/// Volume conservation in a closed domain over a long run (thousands of steps of sloshing
/// in a bowl): |stored − released| / released ≤ 1e-6 (f32 state summed in f64; the brief's
/// bound), and no volume created by clamping negative depths.
#[test]
fn volume_is_conserved_in_a_closed_bowl() {
    let (t, cfg) = bowl_run();
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(1200.0, &mut NoProgress).unwrap();
    let m = sim.mass_balance();
    eprintln!(
        "closed bowl: {} steps, {m:?}, error {:.2e}",
        sim.steps(),
        m.error()
    );
    assert!(sim.steps() > 2000, "a long run: {} steps", sim.steps());
    let direct: f64 = sim
        .field("debris.depth")
        .unwrap()
        .iter()
        .map(|&h| h as f64 * 25.0)
        .sum();
    // The depth field is the f32 part of the compensated depth: it agrees to f32 precision.
    assert!((direct - m.stored_now).abs() <= 1e-6 * direct);
    assert!(
        ((m.stored_now - m.released) / m.released).abs() <= 1e-6,
        "{m:?}"
    );
    assert!(m.clipped <= 1e-9 * m.released, "clipped {}", m.clipped);
    assert_eq!(m.outflow, 0.0);
}

/// Volume balance with an inflow hydrograph and outflow through open edges:
/// stored = inflow − outflow to 1e-6 relative, and the inflow equals ∫Q dt of the hydrograph
/// (trapezoid 0→40 m³/s over 30 s and back to 0 at 60 s: 1200 m³) to 1e-6.
#[test]
fn volume_balance_with_inflow_and_outflow() {
    let z = Array2::from_shape_fn((20, 60), |(_, c)| 200.0 - 0.5 * 5.0 * c as f32);
    let t = terrain(z, 5.0);
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(0.1),
        edges: Edges {
            east: Edge::Open,
            ..Edges::all(Edge::Closed)
        },
        ..VoellmyConfig::new(VoellmyRelease::Hydrograph {
            x: 12.0,
            y: 50.0,
            discharge: vec![(0.0, 0.0), (30.0, 40.0), (60.0, 0.0)],
        })
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(200.0, &mut NoProgress).unwrap();
    let m = sim.mass_balance();
    eprintln!("inflow/outflow: {m:?}, error {:.2e}", m.error());
    assert!((m.inflow - 1200.0).abs() <= 1e-6 * 1200.0, "{m:?}");
    assert!(
        m.outflow > 100.0,
        "material left through the east edge: {m:?}"
    );
    assert!(m.error().abs() <= 1e-6, "{m:?}");
}

/// Bit-identical results with 1 and 2 threads (every reduction has a fixed order).
#[test]
fn identical_results_for_one_and_two_threads() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let (t, cfg) = bowl_run();
            let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
            sim.advance(60.0, &mut NoProgress).unwrap();
            let f = |n: &str| sim.field(n).unwrap().to_owned();
            (
                f("debris.depth"),
                f("debris.speed"),
                f("debris.max_speed"),
                f("debris.max_impact_pressure"),
                sim.mass_balance(),
                sim.steps(),
            )
        })
    };
    let (a, b) = (run(1), run(2));
    assert!(a.0.iter().any(|&h| h > 0.0));
    let bits = |x: &Array2<f32>| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.0), bits(&b.0));
    assert_eq!(bits(&a.1), bits(&b.1));
    assert_eq!(bits(&a.2), bits(&b.2));
    assert_eq!(bits(&a.3), bits(&b.3));
    assert_eq!(a.4, b.4);
    assert_eq!(a.5, b.5);
}

/// A uniform layer on a plane gentler than the friction angle (tanθ = 0.1 < μ = 0.2) never
/// moves: depth unchanged to the bit, no speed ever, zero momentum after 100 s. The same layer
/// on a plane steeper than μ (tanθ = 0.25) does move, so the check is not vacuous.
#[test]
fn material_below_the_coulomb_threshold_stays_at_rest() {
    let run = |tan: f32| {
        let z = Array2::from_shape_fn((20, 20), |(_, c)| 50.0 - tan * 5.0 * c as f32);
        let t = terrain(z, 5.0);
        let d = t.dem().map(|_| 1.5f32);
        let cfg = VoellmyConfig {
            mu: hazsim_grid::Field::Uniform(0.2),
            edges: Edges::all(Edge::Closed),
            ..VoellmyConfig::new(VoellmyRelease::Depth(d.clone()))
        };
        let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
        sim.advance(100.0, &mut NoProgress).unwrap();
        let same = sim.field("debris.depth").unwrap() == d.data.view();
        let vmax = sim
            .field("debris.max_speed")
            .unwrap()
            .iter()
            .fold(0.0f32, |a, &b| a.max(b));
        (same, vmax, sim.moving_cells())
    };
    let (same, vmax, moving) = run(0.1);
    assert!(same, "the resting layer's depth changed");
    assert_eq!(vmax, 0.0);
    assert_eq!(moving, 0);
    let (same, vmax, _) = run(0.25);
    assert!(!same && vmax > 0.1, "above the threshold it must move");
}

/// A round release on the summit of a cone spreads with the symmetry of the grid: the
/// maximum-depth and maximum-speed maps are invariant under the square's eight symmetries
/// (flips and transpose) to 1e-5 of their maxima (f32 round-off).
#[test]
fn radial_release_on_a_cone_stays_symmetric() {
    let n = 61;
    let mid = 30.0f32;
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        let rr = ((r as f32 - mid).powi(2) + (c as f32 - mid).powi(2)).sqrt() * 2.0;
        60.0 - 0.3 * rr
    });
    let t = terrain(z, 2.0);
    let d = t.dem().map(|_| 0.0f32);
    let mut d = d;
    for ((r, c), v) in d.data.indexed_iter_mut() {
        if ((r as f32 - mid).powi(2) + (c as f32 - mid).powi(2)).sqrt() * 2.0 <= 12.0 {
            *v = 3.0;
        }
    }
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(0.15),
        xi: hazsim_grid::Field::Uniform(400.0),
        ..VoellmyConfig::new(VoellmyRelease::Depth(d))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(15.0, &mut NoProgress).unwrap();
    for name in ["debris.max_depth", "debris.max_speed", "debris.depth"] {
        let a = sim.field(name).unwrap().to_owned();
        let top = a.iter().fold(0.0f32, |m, &v| m.max(v));
        assert!(top > 0.0);
        let flips = [
            a.slice(ndarray::s![..;-1, ..]).to_owned(),
            a.slice(ndarray::s![.., ..;-1]).to_owned(),
            a.t().to_owned(),
            a.slice(ndarray::s![..;-1, ..;-1]).t().to_owned(),
        ];
        for (k, f) in flips.iter().enumerate() {
            let worst = a
                .iter()
                .zip(f.iter())
                .fold(0.0f32, |m, (x, y)| m.max((x - y).abs()));
            assert!(
                worst <= 1e-5 * top,
                "{name}: symmetry {k} broken by {worst} (max {top})"
            );
        }
    }
    // It spread beyond the release disc.
    assert!(sim.field("debris.max_depth").unwrap()[[30, 50]] > 0.0);
}

/// The solver updates only the window of cells that ever held material: a release far from
/// the edges gives bit-identical depths on a 40 × 40 grid and on the same terrain padded to
/// 90 × 90, and the padded run does far fewer cell-updates than steps × cells.
#[test]
fn active_window_does_not_change_results() {
    let run = |n: usize, off: usize| {
        let z = Array2::from_shape_fn((n, n), |(r, c)| {
            let (x, y) = ((c as f32 - off as f32) * 5.0, (r as f32 - off as f32) * 5.0);
            100.0 - 0.3 * x + 0.002 * (y - 100.0).powi(2)
        });
        let t = terrain(z, 5.0);
        let mut d = t.dem().map(|_| 0.0f32);
        d.data
            .slice_mut(ndarray::s![off + 17..off + 23, off + 12..off + 17])
            .fill(2.0);
        let cfg = VoellmyConfig {
            mu: hazsim_grid::Field::Uniform(0.25),
            ..VoellmyConfig::new(VoellmyRelease::Depth(d))
        };
        let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
        sim.advance(8.0, &mut NoProgress).unwrap();
        let h = sim.field("debris.depth").unwrap();
        let inner = h
            .slice(ndarray::s![off..off + 40, off..off + 40])
            .to_owned();
        let outside: f32 = h.iter().sum::<f32>() - inner.iter().sum::<f32>();
        (
            inner,
            outside,
            sim.steps(),
            sim.cell_updates(),
            sim.mass_balance(),
        )
    };
    let (a, _, steps_a, _, ma) = run(40, 0);
    let (b, outside, steps_b, updates_b, mb) = run(90, 25);
    assert_eq!(mb.outflow, 0.0, "the flow stayed inside the small grid");
    assert_eq!(ma.outflow, 0.0);
    assert_eq!(outside, 0.0);
    assert_eq!(steps_a, steps_b);
    assert!(a.iter().any(|&h| h > 0.0));
    let bits = |x: &Array2<f32>| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
    assert!(
        updates_b < steps_b * 40 * 40,
        "{updates_b} updates in {steps_b} steps"
    );
}

/// A pond at rest (lake at rest, Audusse et al. 2004): a flat surface at 20 m in the paraboloid
/// bowl, with almost no friction (μ = 1e-4) to hold it, stays exactly at rest for 200 s:
/// depth unchanged to the bit and no speed ever. The driving force is g' H ∂η/∂x with dry banks
/// above the surface seen as walls, so only f32 round-off of z + H remains, far below μ.
#[test]
fn pond_at_rest_in_a_bowl_stays_at_rest() {
    let (t, _) = bowl_run();
    let level = 20.0f32;
    let d = t.dem().map(|&z| (level - z).max(0.0));
    let wet = d.data.iter().filter(|&&h| h > 0.0).count();
    assert!(
        wet > 100 && wet < 41 * 41,
        "a pond with banks: {wet} wet cells"
    );
    let cfg = VoellmyConfig {
        mu: hazsim_grid::Field::Uniform(1e-4),
        edges: Edges::all(Edge::Closed),
        ..VoellmyConfig::new(VoellmyRelease::Depth(d.clone()))
    };
    let mut sim = VoellmySimulation::new(&t, cfg).unwrap();
    sim.advance(200.0, &mut NoProgress).unwrap();
    assert!(sim.steps() > 100);
    assert!(sim.field("debris.depth").unwrap() == d.data.view());
    assert!(sim
        .field("debris.max_speed")
        .unwrap()
        .iter()
        .all(|&v| v == 0.0));
}
