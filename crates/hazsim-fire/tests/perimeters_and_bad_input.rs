//! Fire perimeters (exact polygons of the burned region, GeoJSON) and the errors of grid spread
//! on bad input: each names the input, the value and the fix.

use hazsim_fire::spread::{
    simulate_spread, write_perimeters, Fuels, Ignition, SpreadConfig, SpreadResult, WeatherRecord,
    WeatherStream,
};
use hazsim_fire::{FuelModel, FuelMoisture};
use hazsim_grid::polygonize::ring_signed_area;
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

const CELL: f64 = 10.0;

fn terrain(rows: usize, cols: usize) -> Terrain {
    Terrain::new(Raster::new(
        Array2::zeros((rows, cols)),
        GeoTransform::north_up(500_000.0, 4_000_000.0, CELL),
        Crs::epsg(32650),
    ))
    .unwrap()
}

fn moisture() -> FuelMoisture {
    FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap()
}

fn run(duration: f64) -> SpreadResult {
    let t = terrain(41, 41);
    simulate_spread(
        &t,
        &Fuels::Uniform(FuelModel::standard(1).unwrap()),
        &WeatherStream::constant(2.0, 270.0, moisture()).unwrap(),
        &[Ignition {
            row: 20,
            col: 10,
            time: 0.0,
        }],
        None,
        &SpreadConfig {
            duration,
            ..SpreadConfig::default()
        },
    )
    .unwrap()
}

/// Conservation of area: at every time the polygons enclose exactly the burned cells' area
/// (cell count × cell area, exact in f64 for these coordinates), and that area matches the
/// burned-area timeline.
#[test]
fn perimeter_area_is_the_burned_area_exactly() {
    let res = run(600.0);
    let times = res.perimeter_times(120.0);
    assert_eq!(times, vec![120.0, 240.0, 360.0, 480.0, 600.0]);
    let p = res.perimeters(&times).unwrap();
    let mut last = 0.0;
    for q in &p {
        assert!(q.cells > 0);
        assert_eq!(q.polygon_area_m2(), q.cells as f64 * CELL * CELL);
        assert_eq!(q.area.hectares, q.cells as f64 * CELL * CELL / 10_000.0);
        // The timeline counts the same cells (f64 arrival times vs the stored f32 ones agree
        // here: no arrival falls within f32 rounding of a perimeter time).
        assert_eq!(res.area_at(q.time).hectares, q.area.hectares);
        assert!(q.area.hectares > last, "area must grow");
        last = q.area.hectares;
        // One fire, one polygon, no holes in uniform fuel.
        assert_eq!(q.polygons.len(), 1);
        assert!(q.polygons[0].holes.is_empty());
        assert!(ring_signed_area(&q.polygons[0].exterior) > 0.0);
    }
    // The wind blows from the west: the perimeter reaches further east than west of the
    // ignition cell's centre.
    let (x_ig, _) = res.arrival_time.cell_center(20, 10);
    let ext = &p[4].polygons[0].exterior;
    let east = ext.iter().map(|q| q.0 - x_ig).fold(f64::MIN, f64::max);
    let west = ext.iter().map(|q| x_ig - q.0).fold(f64::MIN, f64::max);
    assert!(east > 3.0 * west, "east {east} m, west {west} m");
}

#[test]
fn perimeters_write_geojson_with_areas() {
    let res = run(300.0);
    let p = res.perimeters(&[0.0, 150.0, 300.0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perimeters.geojson");
    write_perimeters(&path, &p, Some(32650)).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 3);
    assert_eq!(
        v["crs"]["properties"]["name"],
        "urn:ogc:def:crs:EPSG::32650"
    );
    for (feat, q) in f.iter().zip(&p) {
        assert_eq!(feat["geometry"]["type"], "MultiPolygon");
        assert_eq!(feat["properties"]["time_s"], q.time);
        assert_eq!(feat["properties"]["area_ha"], q.area.hectares);
        let mu = feat["properties"]["area_mu"].as_f64().unwrap();
        // 1 ha = 15 mu.
        assert!((mu - 15.0 * q.area.hectares).abs() <= 1e-9 * mu.max(1.0));
    }
    // The ignition cell burns at t = 0: one cell.
    assert_eq!(p[0].cells, 1);
    let ring = &f[0]["geometry"]["coordinates"][0][0];
    assert_eq!(ring.as_array().unwrap().len(), 5);
    assert_eq!(ring[0], ring[4]);
}

#[test]
fn perimeter_times_outside_the_run_are_errors() {
    let res = run(300.0);
    for t in [-1.0, 301.0, f64::NAN] {
        let e = res.perimeters(&[t]).unwrap_err().to_string();
        assert!(e.contains("perimeter time") && e.contains("300 s"), "{e}");
    }
}

fn spread_err(
    t: &Terrain,
    fuels: &Fuels,
    ignitions: &[Ignition],
    barriers: Option<&Raster<bool>>,
) -> String {
    simulate_spread(
        t,
        fuels,
        &WeatherStream::constant(2.0, 270.0, moisture()).unwrap(),
        ignitions,
        barriers,
        &SpreadConfig {
            duration: 60.0,
            ..SpreadConfig::default()
        },
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn bad_fuels_and_ignitions_are_named() {
    let t = terrain(10, 10);
    let ig = [Ignition {
        row: 5,
        col: 5,
        time: 0.0,
    }];
    // Unknown fuel code in a raster.
    let codes = t.dem().like(Array2::from_elem((10, 10), 42u16));
    let e = spread_err(
        &t,
        &Fuels::Codes {
            codes,
            custom: vec![],
        },
        &ig,
        None,
    );
    assert!(e.contains("unknown fuel model code 42"), "{e}");
    // A fuel raster on another grid.
    let other = Raster::new(
        Array2::from_elem((10, 10), 1u16),
        GeoTransform::north_up(600_000.0, 4_000_000.0, CELL),
        Crs::epsg(32650),
    );
    let e = spread_err(
        &t,
        &Fuels::Codes {
            codes: other,
            custom: vec![],
        },
        &ig,
        None,
    );
    assert!(
        e.contains("grid mismatch") && e.contains("fuel codes"),
        "{e}"
    );
    // Barriers on another grid.
    let bars = Raster::new(
        Array2::from_elem((9, 10), false),
        GeoTransform::north_up(500_000.0, 4_000_000.0, CELL),
        Crs::epsg(32650),
    );
    let grass = Fuels::Uniform(FuelModel::standard(1).unwrap());
    let e = spread_err(&t, &grass, &ig, Some(&bars));
    assert!(e.contains("grid mismatch") && e.contains("barriers"), "{e}");
    // Ignition on non-burnable fuel (NB1 urban, code 91).
    let mut c = Array2::from_elem((10, 10), 1u16);
    c[[5, 5]] = 91;
    let e = spread_err(
        &t,
        &Fuels::Codes {
            codes: t.dem().like(c),
            custom: vec![],
        },
        &ig,
        None,
    );
    assert!(
        e.contains("row 5, col 5") && e.contains("fuel model 91 is non-burnable"),
        "{e}"
    );
    // Ignition on a barrier.
    let mut b = Array2::from_elem((10, 10), false);
    b[[5, 5]] = true;
    let e = spread_err(&t, &grass, &ig, Some(&t.dem().like(b)));
    assert!(e.contains("barrier cell"), "{e}");
    // Ignition outside the grid, by cell or by map point.
    let e = spread_err(
        &t,
        &grass,
        &[Ignition {
            row: 3,
            col: 10,
            time: 0.0,
        }],
        None,
    );
    assert!(
        e.contains("row 3, col 10") && e.contains("10 rows x 10 cols"),
        "{e}"
    );
    let e = Ignition::locate(&t, 400_000.0, 3_999_950.0, 0.0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("outside the grid") && e.contains("500000..500100") && e.contains("EPSG:32650"),
        "{e}"
    );
}

#[test]
fn bad_weather_is_named() {
    // Moisture in percent by mistake.
    let e = FuelMoisture::new(6.0, 7.0, 8.0, 60.0, 90.0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("moisture.one_hour = 6") && e.contains("percentage") && e.contains("0.06"),
        "{e}"
    );
    let e = FuelMoisture::new(0.06, 0.07, 0.08, 60.0, 90.0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("moisture.live_herb = 60") && e.contains("0.6"),
        "{e}"
    );
    // Absurd (not a percentage either) and negative.
    let e = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 900.0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("moisture.live_woody") && e.contains("[0, 5]"),
        "{e}"
    );
    assert!(FuelMoisture::new(-0.01, 0.07, 0.08, 0.6, 0.9).is_err());
    // Weather records out of time order.
    let m = moisture();
    let rec = |start: f64| WeatherRecord {
        start,
        midflame_wind_speed: 2.0,
        wind_direction: 270.0,
        moisture: m,
    };
    let e = WeatherStream::new(vec![rec(0.0), rec(3600.0), rec(1800.0)]).unwrap_err();
    assert!(matches!(e, hazsim_fire::Error::InvalidInput { .. }));
    let e = e.to_string();
    assert!(
        e.contains("weather.start = 1800") && e.contains("increasing"),
        "{e}"
    );
}
