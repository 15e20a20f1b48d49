//! LAHARZ inundation on synthetic V-shaped valleys, checked against the closed-form fill of a
//! discrete V cross-section.

use hazsim_debris::{laharz, Error, LaharzCoefficients, LaharzParams};
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

const DX: f64 = 10.0;
/// Wall rise per cell away from the thalweg (m): side slope k = 0.2.
const WALL: f64 = 2.0;
/// Floor drop per cell down-valley (m).
const DROP: f64 = 1.0;

/// A V valley: thalweg at the middle column running south (`east == false`) or at the middle
/// row running east (`east == true`), 100 cells long and 41 wide.
fn valley(east: bool) -> Terrain {
    let (len, width) = (100usize, 41usize);
    let mid = (width / 2) as f64;
    let f = |along: usize, across: usize| {
        (300.0 - along as f64 * DROP + WALL * (across as f64 - mid).abs()) as f32
    };
    let z = if east {
        Array2::from_shape_fn((width, len), |(r, c)| f(c, r))
    } else {
        Array2::from_shape_fn((len, width), |(r, c)| f(r, c))
    };
    let (rows, _) = z.dim();
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, rows as f64 * DX, DX),
        Crs::epsg(32616),
    ))
    .unwrap()
}

/// Closed-form fill height `h` above the thalweg of a discrete V section (cells of width `Δx`,
/// wall rise `WALL` per cell): with `n` wet cells on each side of the thalweg,
/// `A = Δx·[h + 2 Σⱼ₌₁ⁿ (h − j·WALL)] = Δx·[h(2n + 1) − WALL·n(n + 1)]`, valid for
/// `n·WALL < h ≤ (n + 1)·WALL`.
fn v_fill_height(a: f64) -> (f64, usize) {
    for n in 0..100usize {
        let h = (a / DX + WALL * (n * (n + 1)) as f64) / (2 * n + 1) as f64;
        if n as f64 * WALL < h && h <= (n + 1) as f64 * WALL {
            return (h, 2 * n + 1);
        }
    }
    unreachable!("A too large for the test valley")
}

fn check_valley(east: bool) {
    let t = valley(east);
    let start = if east { (20, 0) } else { (0, 20) };
    let p = LaharzParams {
        volume: 1e5,
        coefficients: LaharzCoefficients::DEBRIS_FLOW,
        level_tolerance: 1e-3,
    };
    let out = laharz(&t, start, &p).unwrap();
    // A = 0.1·(1e5)^(2/3) = 215.44 m², B = 20·(1e5)^(2/3) = 43 089 m².
    let v23 = 1e5f64.powf(2.0 / 3.0);
    assert!((out.cross_section_area - 0.1 * v23).abs() < 1e-9);
    assert!((out.planimetric_target - 20.0 * v23).abs() < 1e-6);
    // Hand fill: n = 3 → h = (21.544 + 2·12)/7 = 6.506 m, 7 wet cells per section.
    let (h, wet) = v_fill_height(out.cross_section_area);
    assert_eq!(wet, 7);
    assert!((h - 6.506).abs() < 1e-3);
    assert!(out.reached_b);
    for (i, s) in out.sections.iter().enumerate() {
        let floor = 300.0 - i as f64 * DROP;
        // Level within the bisection tolerance plus f32 rounding of z (3e-5 m at 300 m).
        assert!(
            (s.level - floor - h).abs() < 1e-3 + 1e-4,
            "section {i}: {}",
            s.level - floor
        );
        // Cross-section area: A ≤ area ≤ A + wet·w·tol (one cell width × level increment per
        // wet cell; tolerance from the bisection bracket).
        assert!(s.area >= out.cross_section_area - 1e-6);
        assert!(s.area <= out.cross_section_area + s.wet_cells as f64 * s.spacing * 1e-3 + 1e-6);
        assert_eq!(s.spacing, DX);
        assert_eq!(s.wet_cells, 7);
    }
    // Planimetric area within one cell's area above B, and equal to the mask's area
    // (conservation of the bookkeeping).
    let cells = out.inundation.data.iter().filter(|&&v| v).count();
    assert!((out.planimetric_area - cells as f64 * DX * DX).abs() < 1e-6);
    assert!(out.planimetric_area >= out.planimetric_target);
    assert!(out.planimetric_area < out.planimetric_target + DX * DX);
    // ceil(43 089 / 100) = 431 cells: 61 full sections of 7 and 4 cells of the 62nd.
    assert_eq!(cells, 431);
    assert_eq!(out.sections.len(), 62);
    assert!((out.path_length - 61.0 * DX).abs() < 1e-9);
    // The mask is the 7 central cells across the valley in each full section.
    for along in 0..61 {
        for off in -4i64..=4 {
            let across = (20 + off) as usize;
            let (r, c) = if east {
                (across, along)
            } else {
                (along, across)
            };
            assert_eq!(out.inundation.data[[r, c]], off.abs() <= 3, "({r},{c})");
        }
    }
}

#[test]
fn v_valley_south_matches_closed_form() {
    check_valley(false);
}

#[test]
fn v_valley_east_matches_closed_form() {
    check_valley(true);
}

#[test]
fn path_ending_before_b_is_reported() {
    // A lahar of 1e7 m³: B = 200·(1e7)^(2/3) = 9.28 km², far more than the 0.41 km² grid.
    let t = valley(false);
    let p = LaharzParams {
        volume: 1e7,
        coefficients: LaharzCoefficients::LAHAR,
        ..Default::default()
    };
    let out = laharz(&t, (0, 20), &p).unwrap();
    assert!(!out.reached_b);
    assert!(out.planimetric_area < out.planimetric_target);
    assert_eq!(out.sections.len(), 100, "walks to the valley outlet");
}

#[test]
fn coefficient_sets_are_the_published_ones() {
    // V = 1e6 m³ → V^(2/3) = 1e4 m².
    let (a, b) = LaharzCoefficients::LAHAR.areas(1e6);
    assert!((a - 500.0).abs() < 1e-6 && (b - 2e6).abs() < 1e-3);
    let (a, b) = LaharzCoefficients::ROCK_AVALANCHE.areas(1e6);
    assert!((a - 2000.0).abs() < 1e-6 && (b - 2e5).abs() < 1e-3);
    let (a, b) = LaharzCoefficients::DEBRIS_FLOW.areas(1e6);
    assert!((a - 1000.0).abs() < 1e-6 && (b - 2e5).abs() < 1e-3);
}

#[test]
fn bad_input_is_a_clear_error() {
    let t = valley(false);
    let run = |p: LaharzParams, at: (usize, usize)| laharz(&t, at, &p).unwrap_err();
    for v in [0.0, -1e5, f64::NAN, f64::INFINITY] {
        let e = run(
            LaharzParams {
                volume: v,
                ..Default::default()
            },
            (0, 20),
        );
        assert!(e.to_string().contains("volume"), "{e}");
    }
    let e = run(
        LaharzParams {
            coefficients: LaharzCoefficients { a1: -0.1, a2: 20.0 },
            ..Default::default()
        },
        (0, 20),
    );
    assert!(e.to_string().contains("coefficients"), "{e}");
    let e = run(
        LaharzParams {
            level_tolerance: 0.0,
            ..Default::default()
        },
        (0, 20),
    );
    assert!(e.to_string().contains("level_tolerance"), "{e}");
    let e = run(LaharzParams::default(), (100, 20));
    assert!(matches!(e, Error::OutsideGrid { .. }), "{e}");
}
