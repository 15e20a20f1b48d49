//! LAHARZ inundation on synthetic V-shaped valleys, checked against the closed-form fill of a
//! discrete V cross-section.

use hazsim_debris::{laharz, LaharzCoefficients, LaharzParams};
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

/// Closed-form fill height `h` above the thalweg of a discrete V section (samples `w` apart,
/// wall rise `rise` per sample): with `n` wet samples on each side of the thalweg,
/// `A = w·[h + 2 Σⱼ₌₁ⁿ (h − j·rise)] = w·[h(2n + 1) − rise·n(n + 1)]`, valid for
/// `n·rise < h ≤ (n + 1)·rise`.
fn v_fill_height_with(a: f64, w: f64, rise: f64) -> (f64, usize) {
    for n in 0..100usize {
        let h = (a / w + rise * (n * (n + 1)) as f64) / (2 * n + 1) as f64;
        if n as f64 * rise < h && h <= (n + 1) as f64 * rise {
            return (h, 2 * n + 1);
        }
    }
    unreachable!("A too large for the test valley")
}

fn v_fill_height(a: f64) -> (f64, usize) {
    v_fill_height_with(a, DX, WALL)
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
        // Cross-section area within one cell width × level increment (w·tol) of A.
        assert!(
            (s.area - out.cross_section_area).abs() <= s.spacing * 1e-3,
            "section {i}"
        );
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
fn diagonal_valley_fills_without_gaps() {
    // Thalweg on the diagonal r = c flowing south-east: z = 300 − 0.5·(r + c) + 2·|c − r|.
    // D8 from (i, i): SE drops 1 m over √2Δx; S and E rise (−0.5 + 2 m), so the path is the
    // diagonal. Sections are anti-diagonals, samples √2Δx apart, rising 4 m per sample.
    // Hand fill for A = 215.44 m², w = 14.142 m: n = 1 → h = (15.234 + 8)/3 = 7.745 m,
    // 3 wet samples. Band cells (i, i±1), (i±1, i) and (i−1, i+2), (i+2, i−1) rise 1.5 m and
    // 5.5 m above the section floor (< h): 7 cells per section.
    let n = 80usize;
    let z = Array2::from_shape_fn((n, n), |(r, c)| {
        (300.0 - 0.5 * (r + c) as f64 + 2.0 * (c as f64 - r as f64).abs()) as f32
    });
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, n as f64 * DX, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    // Start away from the corner so that sections are not cut by the grid edge.
    let out = laharz(&t, (5, 5), &LaharzParams::default()).unwrap();
    let w = DX * 2f64.sqrt();
    let (h, wet) = v_fill_height_with(out.cross_section_area, w, 4.0);
    assert_eq!(wet, 3);
    assert!((h - 7.745).abs() < 1e-3, "{h}");
    assert!(out.reached_b);
    // ceil(B / Δx²) = 431 cells; a section adds ≤ 7, so at least 62 sections.
    let cells = out.inundation.data.iter().filter(|&&v| v).count();
    assert_eq!(cells, 431);
    assert!(out.planimetric_area >= out.planimetric_target);
    assert!(out.planimetric_area < out.planimetric_target + DX * DX);
    for (j, s) in out.sections.iter().enumerate().take(out.sections.len() - 1) {
        let i = j + 5;
        assert_eq!(s.cell, (i, i));
        assert_eq!(s.spacing, w);
        assert_eq!(s.wet_cells, 3);
        let floor = 300.0 - i as f64;
        assert!((s.level - floor - h).abs() < 1e-3 + 1e-4, "section {i}");
        assert!(
            (s.area - out.cross_section_area).abs() <= w * 1e-3,
            "section {i}"
        );
        // No gaps between consecutive sections along the thalweg band.
        if j > 0 {
            for (r, c) in [
                (i, i),
                (i, i - 1),
                (i - 1, i),
                (i + 1, i - 1),
                (i - 1, i + 1),
            ] {
                assert!(out.inundation.data[[r, c]], "gap at ({r},{c})");
            }
        }
    }
    // Path length: diagonal steps of √2Δx.
    assert!((out.path_length - (out.sections.len() - 1) as f64 * w).abs() < 1e-9);
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
    assert!(e.is_outside_grid(), "{e}");
}

#[test]
fn absurd_elevations_do_not_hang() {
    // Elevations near 1e30 m: z + 1 rounds to z in f64; the fill must still return.
    let z = Array2::from_shape_fn((20, 9), |(r, c)| {
        1e30f32 - r as f32 + (c as f32 - 4.0).abs()
    });
    let t = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 200.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap();
    let out = laharz(&t, (0, 4), &LaharzParams::default()).unwrap();
    assert!(!out.sections.is_empty());
}
