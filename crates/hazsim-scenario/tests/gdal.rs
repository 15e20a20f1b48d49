//! With the gdal feature: assets in longitude/latitude (RFC 7946) are reprojected to the DEM's
//! CRS, and rasters on another grid are warped onto the DEM's.

#![cfg(feature = "gdal")]

mod common;

use common::*;
use hazsim_grid::Crs;

#[test]
fn lonlat_assets_are_reprojected_onto_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    let mut pts = vec![xy(45, 20), xy(10, 5)];
    hazsim_io::gdal::reproject_points(&mut pts, &Crs::epsg(32616), &Crs::epsg(4326), "test")
        .unwrap();
    assert!(pts[0].0 < -80.0 && pts[0].1 > 30.0, "{pts:?}");
    let gj = format!(
        r#"{{"type":"FeatureCollection","features":[
        {{"type":"Feature","id":"a","properties":{{"kind":"school"}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}},
        {{"type":"Feature","id":"b","properties":{{"kind":"shelter","capacity":10}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}}]}}"#,
        pts[0].0, pts[0].1, pts[1].0, pts[1].1
    );
    std::fs::write(dir.path().join("lonlat.geojson"), gj).unwrap();
    let text = header("Lon/lat assets", "1h") + "[[asset_layer]]\npath = \"lonlat.geojson\"\n";
    let p = dir.path().join("s.toml");
    std::fs::write(&p, text).unwrap();
    let s = hazsim_scenario::Scenario::from_toml(&p).unwrap_or_else(|e| panic!("{e}"));
    let a = s.assets();
    assert_eq!(a[0].cells, vec![45 * COLS + 20]);
    assert_eq!(a[1].cells, vec![10 * COLS + 5]);
}

#[test]
fn population_on_a_coarser_grid_is_warped_keeping_the_total() {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    // 20 m cells over the same extent, 8 people in each.
    let coarse = hazsim_grid::Raster::new(
        ndarray::Array2::from_elem((ROWS / 2, (COLS + 1) / 2), 8.0f32),
        hazsim_grid::GeoTransform::north_up(X0, Y0, 2.0 * CELL),
        Crs::epsg(32616),
    );
    hazsim_io::write_raster(&coarse, dir.path().join("pop.tif")).unwrap();
    let text = header("Warped population", "1h").replace(
        "dem = \"dem.tif\"",
        "dem = \"dem.tif\"\npopulation_day = \"pop.tif\"",
    );
    let p = dir.path().join("s.toml");
    std::fs::write(&p, text).unwrap();
    let s = hazsim_scenario::Scenario::from_toml(&p).unwrap_or_else(|e| panic!("{e}"));
    let (day, _) = s.population().unwrap();
    // Cells inside the coarse grid's extent hold 8 / 4 = 2 people each; the last column lies
    // half outside it.
    for r in 0..ROWS {
        for c in 0..COLS - 1 {
            assert!(
                (day.data[[r, c]] - 2.0).abs() < 1e-5,
                "{r} {c} {}",
                day.data[[r, c]]
            );
        }
    }
    let total: f64 = day.data.iter().map(|&v| v as f64).sum();
    let coarse_total = 8.0 * (ROWS / 2 * (COLS + 1) / 2) as f64;
    assert!(
        total <= coarse_total + 1e-6 && total >= 0.97 * coarse_total,
        "{total} vs {coarse_total}"
    );
    let r = s.run(&mut hazsim_grid::NoProgress).unwrap();
    assert_eq!(r.kpis.people_from, "population raster");
}
