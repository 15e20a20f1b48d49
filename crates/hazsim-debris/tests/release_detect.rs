//! Release areas detected from terrain: Flow-R slope–area rule and infinite-slope stability.

use hazsim_debris::{
    infinite_slope, release_by_slope_area, release_by_stability, route_runout, Release,
    RunoutParams, SlopeAreaRule, SoilParams,
};
use hazsim_grid::{Crs, FlowRouting, GeoTransform, Raster, Terrain};
use ndarray::Array2;

const DX: f64 = 30.0;

/// A plane dipping south with gradient `tan_b`, 40 rows × 3 cols of 30 m: by D8 row `i`
/// gathers `i + 1` cells, an upslope area of `(i + 1)·900 m²`.
fn plane(tan_b: f64) -> Terrain {
    let z = Array2::from_shape_fn((40, 3), |(r, _)| (2000.0 - r as f64 * DX * tan_b) as f32);
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 40.0 * DX, DX),
        Crs::epsg(32616),
    ))
    .unwrap()
}

#[test]
fn slope_area_threshold_row_matches_the_curve() {
    // tan β ≥ 0.31·S^(−0.15) (S in km²) ⇔ S ≥ (0.31 / tan β)^(1/0.15).
    // tan β = 0.6: S ≥ (0.5167)^(6.667) = 0.012 24 km² = 12 240 m², i.e. (i+1)·900 ≥ 12 240,
    // i + 1 ≥ 13.6: rows 13.. release, rows 0..=12 do not.
    let tan_b = 0.6;
    let t = plane(tan_b);
    let m = release_by_slope_area(&t, &SlopeAreaRule::default()).unwrap();
    let s_min = (0.31f64 / tan_b).powf(1.0 / 0.15) * 1e6;
    assert!((s_min - 12_240.0).abs() < 10.0, "{s_min}");
    for r in 0..40 {
        let want = ((r + 1) as f64 * DX * DX >= s_min) as u8;
        assert_eq!(m.data.row(r).to_vec(), vec![want; 3], "row {r}");
    }
    assert_eq!(m.data[[12, 1]], 0);
    assert_eq!(m.data[[13, 1]], 1);
}

#[test]
fn slope_range_and_minimum_area_limit_release() {
    let t = plane(0.6); // 30.96°
    let none = |rule: SlopeAreaRule| {
        release_by_slope_area(&t, &rule)
            .unwrap()
            .data
            .iter()
            .all(|&v| v == 0)
    };
    assert!(none(SlopeAreaRule {
        min_slope: 35.0,
        ..Default::default()
    }));
    assert!(none(SlopeAreaRule {
        max_slope: 25.0,
        ..Default::default()
    }));
    assert!(none(SlopeAreaRule {
        min_area: 1e6,
        ..Default::default()
    }));
    // A gentler curve (k = 0.2) releases from a smaller area: (0.2/0.6)^(1/0.15) km²,
    // so every row (≥ 900 m²) releases. (0.3333^6.667 km² ≈ 658 m².)
    let m = release_by_slope_area(
        &t,
        &SlopeAreaRule {
            coefficient: 0.2,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(m.data.iter().all(|&v| v == 1));
    // MFD routing: the top row gathers about one cell, the bottom row about 40.
    let m = release_by_slope_area(
        &t,
        &SlopeAreaRule {
            routing: FlowRouting::Mfd { exponent: 4.0 },
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.data[[0, 1]], 0);
    assert_eq!(m.data[[39, 1]], 1);
}

#[test]
fn stability_release_feeds_runout() {
    // A 40° plane with φ = 35°, no cohesion: dry FS = tan35/tan40 = 0.834 < 1 everywhere, so
    // every cell releases at FS < 1 and none at FS < 0.8.
    let t = plane(40f64.to_radians().tan());
    let s = infinite_slope(&t, &SoilParams::default(), 0.0).unwrap();
    let fs = s.factor_of_safety.data[[5, 1]] as f64;
    assert!((fs - 35f64.to_radians().tan() / 40f64.to_radians().tan()).abs() < 1e-4);
    let m = release_by_stability(&s, 1.0).unwrap();
    assert!(m.data.iter().all(|&v| v == 1));
    assert!(release_by_stability(&s, 0.8)
        .unwrap()
        .data
        .iter()
        .all(|&v| v == 0));
    // The mask is a valid runout release.
    let run = route_runout(&t, &Release::from_u8_mask(&m), &RunoutParams::default()).unwrap();
    assert!(run.susceptibility.data[[39, 1]] > 0.0);
}

#[test]
fn bad_input_is_a_clear_error() {
    let t = plane(0.6);
    let err = |rule: SlopeAreaRule| release_by_slope_area(&t, &rule).unwrap_err().to_string();
    assert!(err(SlopeAreaRule {
        min_slope: -1.0,
        ..Default::default()
    })
    .contains("min_slope"));
    assert!(err(SlopeAreaRule {
        min_slope: 30.0,
        max_slope: 20.0,
        ..Default::default()
    })
    .contains("max_slope"));
    assert!(err(SlopeAreaRule {
        max_slope: 95.0,
        ..Default::default()
    })
    .contains("max_slope"));
    assert!(err(SlopeAreaRule {
        coefficient: 0.0,
        ..Default::default()
    })
    .contains("coefficient"));
    assert!(err(SlopeAreaRule {
        exponent: -0.1,
        ..Default::default()
    })
    .contains("exponent"));
    assert!(err(SlopeAreaRule {
        min_area: -5.0,
        ..Default::default()
    })
    .contains("min_area"));
    let e = release_by_slope_area(
        &t,
        &SlopeAreaRule {
            routing: FlowRouting::Mfd { exponent: -1.0 },
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("exponent"), "{e}");
    let s = infinite_slope(&t, &SoilParams::default(), 0.0).unwrap();
    for v in [0.0, -1.0, f64::NAN] {
        assert!(release_by_stability(&s, v)
            .unwrap_err()
            .to_string()
            .contains("max_fs"));
    }
}
