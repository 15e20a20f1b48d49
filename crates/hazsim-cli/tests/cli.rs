//! End-to-end tests of the `hazsim` binary: outputs on the bundled DEM, and one clear stderr
//! line with a non-zero exit for each kind of bad input.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

fn dem_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/data/jacksboro_utm16n.tif")
}

fn write_dem(path: &Path, z: Array2<f32>, crs: Crs, gt: GeoTransform, nodata: Option<f64>) {
    let mut r = Raster::new(z, gt, crs);
    r.nodata = nodata;
    hazsim_io::write_raster(&r, path).unwrap();
}

#[test]
fn help_teaches_with_examples() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in [
        "info",
        "terrain",
        "render",
        "warp",
        "demo",
        "Examples",
        "EPSG:32616",
    ] {
        assert!(s.contains(word), "--help lacks {word}");
    }
    let o = run(&["terrain", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("flow_accumulation.tif"));
}

#[test]
fn info_describes_the_bundled_dem() {
    let o = run(&["info", dem_path().to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["epsg"], 32616);
    assert_eq!(v["transform"][1], 90.0);
    assert_eq!(v["statistics"]["missing"], 0);
    assert!(v["statistics"]["max"].as_f64().unwrap() > 1000.0);
}

#[test]
fn terrain_writes_geotiffs_and_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let o = run(&[
        "terrain",
        dem_path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in [
        "slope",
        "aspect",
        "hillshade",
        "filled",
        "depression_depth",
        "d8",
        "flow_accumulation",
        "mfd_accumulation",
    ] {
        let tif = out.join(format!("{name}.tif"));
        let png = out.join(format!("{name}.png"));
        assert!(tif.exists() && png.exists(), "{name} missing");
        let r = hazsim_io::read_raster(&tif).unwrap();
        assert_eq!(r.shape(), (341, 323));
        assert_eq!(r.crs().epsg, Some(32616));
    }
    // The render command draws one of them with a GeoJSON overlay.
    let gj = dir.path().join("pts.geojson");
    std::fs::write(&gj, r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[745000,4020000]}}]}"#).unwrap();
    let png = dir.path().join("slope.png");
    let o = run(&[
        "render",
        out.join("slope.tif").to_str().unwrap(),
        "--hillshade",
        dem_path().to_str().unwrap(),
        "--out",
        png.to_str().unwrap(),
        "--colormap",
        "magma",
        "--units",
        "°",
        "--overlay",
        gj.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG");
}

#[test]
fn missing_file_is_one_clear_line() {
    let o = run(&["info", "no/such/dem.tif"]);
    assert_one_line_error(&o, &["no/such/dem.tif", "no such file"]);
}

#[test]
fn corrupt_and_truncated_files_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.tif");
    std::fs::write(&junk, b"definitely not a tiff").unwrap();
    assert_one_line_error(&run(&["info", junk.to_str().unwrap()]), &["junk.tif"]);
    let bytes = std::fs::read(dem_path()).unwrap();
    let cut = dir.path().join("cut.tif");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    assert_one_line_error(
        &run(&[
            "terrain",
            cut.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
            "-q",
        ]),
        &["cut.tif"],
    );
}

#[test]
fn geographic_dem_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("geo.tif");
    write_dem(
        &p,
        Array2::from_elem((10, 10), 300.0),
        Crs::epsg(4326),
        GeoTransform::north_up(-84.3, 36.5, 0.001),
        None,
    );
    let o = run(&[
        "terrain",
        p.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
        "-q",
    ]);
    assert_one_line_error(&o, &["geo.tif", "geographic", "hazsim warp"]);
}

#[test]
fn holes_are_reported_and_fill_nodata_fixes_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("holes.tif");
    let mut z = Array2::from_shape_fn((12, 12), |(r, c)| (r + c) as f32);
    z[[4, 5]] = -9999.0;
    z[[7, 2]] = -9999.0;
    write_dem(
        &p,
        z,
        Crs::epsg(32616),
        GeoTransform::north_up(0.0, 120.0, 10.0),
        Some(-9999.0),
    );
    let out = dir.path().join("o");
    let o = run(&[
        "terrain",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_one_line_error(&o, &["2 NaN/nodata cell", "row 4, col 5", "--fill-nodata"]);
    let o = run(&[
        "terrain",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--fill-nodata",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn rotated_and_mismatched_grids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rot.tif");
    write_dem(
        &p,
        Array2::from_elem((6, 6), 1.0),
        Crs::epsg(32616),
        GeoTransform([0.0, 10.0, 2.0, 0.0, 2.0, -10.0]),
        None,
    );
    let o = run(&[
        "terrain",
        p.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
        "-q",
    ]);
    assert_one_line_error(&o, &["rotated"]);
    let small = dir.path().join("small.tif");
    write_dem(
        &small,
        Array2::from_elem((6, 6), 1.0),
        Crs::epsg(32616),
        GeoTransform::north_up(0.0, 60.0, 10.0),
        None,
    );
    let o = run(&[
        "render",
        small.to_str().unwrap(),
        "--hillshade",
        dem_path().to_str().unwrap(),
        "--out",
        dir.path().join("x.png").to_str().unwrap(),
    ]);
    assert_one_line_error(&o, &["differ in shape"]);
}

#[test]
fn bad_parameters_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = run(&[
        "terrain",
        dem_path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--mfd-exponent=-2",
    ]);
    assert_one_line_error(&o, &["exponent"]);
    let o = run(&[
        "render",
        dem_path().to_str().unwrap(),
        "--out",
        dir.path().join("x.png").to_str().unwrap(),
        "--colormap",
        "jet",
    ]);
    assert_one_line_error(&o, &["jet", "viridis"]);
}

#[cfg(feature = "gdal")]
#[test]
fn warp_reprojects_a_geographic_dem_to_utm() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("geo.tif");
    // 0.01° cells around 84.2° W, 36.3° N, values rising to the east.
    let z = Array2::from_shape_fn((20, 30), |(_, c)| 300.0 + c as f32);
    write_dem(
        &src,
        z,
        Crs::epsg(4326),
        GeoTransform::north_up(-84.35, 36.4, 0.01),
        None,
    );
    let dst = dir.path().join("utm.tif");
    let o = run(&[
        "warp",
        src.to_str().unwrap(),
        dst.to_str().unwrap(),
        "--t-srs",
        "EPSG:32616",
        "--tr",
        "500",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = hazsim_io::read_raster(&dst).unwrap().into_f32();
    assert_eq!(r.crs.epsg, Some(32616));
    assert_eq!(r.cell_size().unwrap(), 500.0);
    // The warped DEM is usable by the terrain command: no geographic-CRS error any more.
    let o = run(&[
        "terrain",
        dst.to_str().unwrap(),
        "--out",
        dir.path().join("t").to_str().unwrap(),
        "-q",
        "--fill-nodata",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "warp",
        src.to_str().unwrap(),
        dst.to_str().unwrap(),
        "--t-srs",
        "EPSG:nope",
    ]);
    assert_one_line_error(&o, &["--t-srs", "EPSG:32616"]);
}

#[cfg(not(feature = "gdal"))]
#[test]
fn warp_without_gdal_says_how_to_get_it() {
    let o = run(&["warp", "a.tif", "b.tif", "--t-srs", "EPSG:32616"]);
    assert_one_line_error(&o, &["--features gdal"]);
}

#[test]
fn unsupported_sample_format_names_the_fix() {
    // A three-band GeoTIFF made by gdal_translate (see crates/hazsim-io/tests/data/README.md).
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../hazsim-io/tests/data/three_bands.tif");
    let o = run(&["info", p.to_str().unwrap()]);
    assert_one_line_error(&o, &["three_bands.tif", "3 bands", "gdal_translate -b 1"]);
}
