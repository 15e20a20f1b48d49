//! Staley et al. (2017) M1 post-fire debris-flow likelihood against hand-computed cases.

use hazsim_debris::{
    staley_m1, staley_m1_map, BurnSeverity, Catchments, Error, Field, RainDuration, StaleyParams,
    M1,
};
use hazsim_grid::{catchment_labels, Crs, GeoTransform, Raster, Terrain};
use ndarray::{array, Array2};

const DX: f64 = 10.0;

/// A 30° plane dipping south, 6 rows × 4 cols: by D8 every column drains straight south, so the
/// catchment of (5, c) is column c (6 cells).
fn plane() -> Terrain {
    let g = 30f64.to_radians().tan();
    let z = Array2::from_shape_fn((6, 4), |(r, _)| (500.0 - r as f64 * DX * g) as f32);
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, 60.0, DX),
        Crs::epsg(32616),
    ))
    .unwrap()
}

fn dnbr(t: &Terrain) -> Raster<f32> {
    // Column 1 (top to bottom): 100, 300, 500, 700, 0, 200; other columns 0.
    let col = [100f32, 300.0, 500.0, 700.0, 0.0, 200.0];
    t.dem().like(Array2::from_shape_fn((6, 4), |(r, c)| {
        if c == 1 {
            col[r]
        } else {
            0.0
        }
    }))
}

#[test]
fn hand_computed_catchment_15_min() {
    // Catchment of (5, 1) = column 1. Slope 30° ≥ 23° everywhere; moderate/high (dNBR ≥ 270):
    // 300, 500, 700 → 3 of 6 cells: T = 0.5. F = mean dNBR / 1000 = 1800/6/1000 = 0.3.
    // S = 0.25 (uniform KF). R = 10 mm, 15 min (β = −3.63, C = 0.41, 0.67, 0.70):
    // x = −3.63 + 0.41·0.5·10 + 0.67·0.3·10 + 0.70·0.25·10 = −3.63 + 2.05 + 2.01 + 1.75 = 2.18
    // P = e^2.18 / (1 + e^2.18) = 8.846 / 9.846 = 0.8985.
    // Threshold at P = 0.5: R = (ln 1 + 3.63) / (0.205 + 0.201 + 0.175) = 3.63 / 0.581 = 6.248 mm.
    // Tolerance 1e-3 on the 4-digit hand values; 1e-12 on T, F, S (exact sums).
    let t = plane();
    let out = staley_m1(
        &t,
        &BurnSeverity::dnbr(dnbr(&t)),
        &Field::Uniform(0.25),
        &Catchments::PourPoints(vec![(5, 1), (5, 0)]),
        &StaleyParams::default(),
    )
    .unwrap();
    let c = out[0];
    assert_eq!((c.label, c.cells), (1, 6));
    assert!((c.area - 600.0).abs() < 1e-9);
    assert!((c.terrain - 0.5).abs() < 1e-12);
    assert!((c.fire - 0.3).abs() < 1e-7); // dNBR summed from f32
    assert!((c.soil - 0.25).abs() < 1e-12);
    assert!((c.likelihood - 0.8985).abs() < 1e-3, "{}", c.likelihood);
    assert!(
        (c.rainfall_threshold - 6.248).abs() < 1e-3,
        "{}",
        c.rainfall_threshold
    );
    // Unburned column 0: T = F = 0, x = −3.63 + 0.7·0.25·10 = −1.88, P = 0.1324;
    // threshold = 3.63 / 0.175 = 20.743 mm.
    let u = out[1];
    assert_eq!((u.terrain, u.fire), (0.0, 0.0));
    assert!((u.likelihood - 0.1324).abs() < 1e-3, "{}", u.likelihood);
    assert!((u.rainfall_threshold - 20.743).abs() < 1e-3);
}

#[test]
fn durations_use_the_published_coefficients() {
    // 60 min (β = −3.21, C = 0.17, 0.20, 0.22), T = 0.5, F = 0.3, S = 0.25, R = 20 mm:
    // x = −3.21 + 20·(0.085 + 0.06 + 0.055) = −3.21 + 4.0 = 0.79, P = 0.6878.
    let m = M1::for_duration(RainDuration::Min60);
    assert!((m.likelihood(0.5, 0.3, 0.25, 20.0).unwrap() - 0.6878).abs() < 1e-4);
    // 30 min (β = −3.61, C = 0.26, 0.39, 0.50), P = 0.7:
    // R = (ln(0.7/0.3) + 3.61) / (0.13 + 0.117 + 0.125) = (0.8473 + 3.61) / 0.372 = 11.982 mm.
    let m = M1::for_duration(RainDuration::Min30);
    let r = m.rainfall_threshold(0.5, 0.3, 0.25, 0.7).unwrap();
    assert!((r - 11.982).abs() < 1e-3, "{r}");
    // Plug back: P(R) = 0.7.
    assert!((m.likelihood(0.5, 0.3, 0.25, r).unwrap() - 0.7).abs() < 1e-12);
    // A likelihood below e^β/(1+e^β) needs negative rain: NaN. Nothing burned, no soil: NaN.
    assert!(m.rainfall_threshold(0.5, 0.3, 0.25, 0.01).unwrap().is_nan());
    assert!(m.rainfall_threshold(0.0, 0.0, 0.0, 0.5).unwrap().is_nan());
}

#[test]
fn label_raster_matches_pour_points() {
    // Labels from hazsim-grid's catchment labelling give the same zonal means as pour points.
    let t = plane();
    let pp = vec![(5, 1), (5, 2)];
    let labels = catchment_labels(t.d8(), &pp).unwrap();
    let sev = BurnSeverity::dnbr(dnbr(&t));
    let kf = Field::Raster(t.dem().map(|_| 0.3f32));
    let p = StaleyParams::default();
    let a = staley_m1(&t, &sev, &kf, &Catchments::PourPoints(pp), &p).unwrap();
    let b = staley_m1(&t, &sev, &kf, &Catchments::Labels(labels), &p).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(b.len(), 2);
    // A nodata label is no catchment.
    let mut l2 = catchment_labels(t.d8(), &[(5, 1), (5, 2)]).unwrap();
    l2.data[[0, 0]] = 99;
    let l2 = l2.with_nodata(99.0);
    let c = staley_m1(&t, &sev, &kf, &Catchments::Labels(l2), &p).unwrap();
    assert_eq!(c.len(), 2);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.cells, y.cells);
        assert!((x.likelihood - y.likelihood).abs() < 1e-9);
    }
}

#[test]
fn fire_arrival_mapping_is_documented_proxy() {
    // Burned = finite arrival; with intensity, moderate/high = I ≥ 346 kW/m; proxy dNBR 465
    // (moderate/high) or 185 (low). Column 1: arrival finite in rows 0..4, NaN in rows 4, 5;
    // intensity 1000 in rows 0, 1 and 100 in rows 2, 3.
    // T = 2/6, F = (2·465 + 2·185)/6/1000 = 0.21667.
    let t = plane();
    let nan = f32::NAN;
    let arr = t.dem().like(Array2::from_shape_fn((6, 4), |(r, c)| {
        if c == 1 && r < 4 {
            r as f32
        } else {
            nan
        }
    }));
    let int = t.dem().like(Array2::from_shape_fn((6, 4), |(r, _)| {
        if r < 2 {
            1000.0
        } else {
            100.0
        }
    }));
    let out = staley_m1(
        &t,
        &BurnSeverity::fire_arrival(arr.clone(), Some(int)),
        &0.2.into(),
        &Catchments::PourPoints(vec![(5, 1)]),
        &StaleyParams::default(),
    )
    .unwrap();
    assert!((out[0].terrain - 2.0 / 6.0).abs() < 1e-12);
    assert!((out[0].fire - 1300.0 / 6.0 / 1000.0).abs() < 1e-9);
    // Without intensity every burned cell is moderate/high: T = 4/6, F = 4·465/6/1000.
    let out = staley_m1(
        &t,
        &BurnSeverity::fire_arrival(arr, None),
        &0.2.into(),
        &Catchments::PourPoints(vec![(5, 1)]),
        &StaleyParams::default(),
    )
    .unwrap();
    assert!((out[0].terrain - 4.0 / 6.0).abs() < 1e-12);
    assert!((out[0].fire - 0.31).abs() < 1e-9);
}

#[test]
fn network_map_matches_catchments_and_area_threshold() {
    // Each network cell is the outlet of its whole upslope area: at (5, 1) the map equals the
    // hand-computed catchment (P = 0.8985, R₀.₅ = 6.248 mm). At (2, 1) the upslope area is rows
    // 0..=2 of column 1 (dNBR 100, 300, 500): T = 2/3, F = 0.3, and with min_area = 300 m²
    // (3 cells) rows 0 and 1 are off the network (NaN).
    // x = −3.63 + 10·(0.41·2/3 + 0.67·0.3 + 0.70·0.25) = −3.63 + 10·0.64933 = 2.8633,
    // P = 1/(1 + e^−2.8633) = 0.9460.
    let t = plane();
    let sev = BurnSeverity::dnbr(dnbr(&t));
    let m = staley_m1_map(&t, &sev, &0.25.into(), &StaleyParams::default(), 300.0).unwrap();
    assert!((m.likelihood.data[[5, 1]] - 0.8985).abs() < 1e-3);
    assert!((m.rainfall_threshold.data[[5, 1]] - 6.248).abs() < 1e-3);
    assert!((m.terrain.data[[2, 1]] - 2.0 / 3.0).abs() < 1e-6);
    assert!((m.fire.data[[2, 1]] - 0.3).abs() < 1e-6);
    assert!(
        (m.likelihood.data[[2, 1]] - 0.9460).abs() < 1e-3,
        "{}",
        m.likelihood.data[[2, 1]]
    );
    for r in 0..2 {
        assert!(m.likelihood.data[[r, 1]].is_nan());
        assert!(m.rainfall_threshold.data[[r, 1]].is_nan());
    }
    assert_eq!(m.upslope_area.data[[1, 1]], 200.0);
    let e = staley_m1_map(&t, &sev, &0.25.into(), &StaleyParams::default(), -1.0).unwrap_err();
    assert!(e.to_string().contains("min_area"), "{e}");
}

#[test]
fn bad_input_is_a_clear_error() {
    let t = plane();
    let sev = BurnSeverity::dnbr(dnbr(&t));
    let pp = Catchments::PourPoints(vec![(5, 1)]);
    let run = |sev: &BurnSeverity, kf: Field, c: &Catchments, p: StaleyParams| {
        staley_m1(&t, sev, &kf, c, &p).unwrap_err().to_string()
    };
    for prob in [0.0, 1.0, -0.2, 1.5, f64::NAN] {
        let p = StaleyParams {
            probability: prob,
            ..Default::default()
        };
        assert!(run(&sev, 0.2.into(), &pp, p).contains("probability"));
    }
    let p = StaleyParams {
        rainfall: -3.0,
        ..Default::default()
    };
    assert!(run(&sev, 0.2.into(), &pp, p).contains("rainfall"));
    assert!(run(&sev, (-0.1).into(), &pp, StaleyParams::default()).contains("kf_factor"));
    let other = Raster::new(
        array![[0f32, 1.0]],
        GeoTransform::north_up(0.0, 1.0, 1.0),
        Crs::epsg(32616),
    );
    let e = run(
        &BurnSeverity::dnbr(other),
        0.2.into(),
        &pp,
        StaleyParams::default(),
    );
    assert!(e.contains("dnbr") && e.contains("grid"), "{e}");
    let e = run(
        &sev,
        0.2.into(),
        &Catchments::PourPoints(vec![(9, 9)]),
        StaleyParams::default(),
    );
    assert!(e.contains("outside"), "{e}");
    for m in [0u32, 10, 45, 120] {
        let e = RainDuration::from_minutes(m).unwrap_err();
        assert!(matches!(e, Error::InvalidParameter { .. }));
        assert!(e.to_string().contains("15, 30 or 60"));
    }
    let e = M1::for_duration(RainDuration::Min15)
        .likelihood(1.5, 0.3, 0.2, 10.0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("T"), "{e}");
}
