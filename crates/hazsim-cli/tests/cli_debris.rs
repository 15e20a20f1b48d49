//! End-to-end tests of `hazsim debris route`: a synthetic ramp run writes every raster, map and
//! a summary whose runout matches the energy line; each kind of bad input gives one clear stderr
//! line and exit code 1.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

const ORIGIN_X: f64 = 500_000.0;
const ORIGIN_Y: f64 = 4_000_090.0;
const CELL: f64 = 10.0;
const ROWS: usize = 9;
const COLS: usize = 60;

/// A 30° ramp falling east over 20 columns then flat, 9 × 60 cells of 10 m, with a 1 m-per-cell
/// V across so that row 4 is the thalweg.
fn ramp(dir: &Path) -> PathBuf {
    let z = Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        ((20.0 - c as f64).max(0.0) * CELL * 30f64.to_radians().tan() + (r as f64 - 4.0).abs())
            as f32
    });
    let p = dir.join("ramp.tif");
    write(&p, z);
    p
}

fn write<T: hazsim_io::geotiff::GeoTiffSample>(p: &Path, z: Array2<T>) {
    hazsim_io::write_raster(
        &Raster::new(
            z,
            GeoTransform::north_up(ORIGIN_X, ORIGIN_Y, CELL),
            Crs::epsg(32616),
        ),
        p,
    )
    .unwrap();
}

fn xy(row: usize, col: usize) -> String {
    format!(
        "{},{}",
        ORIGIN_X + (col as f64 + 0.5) * CELL,
        ORIGIN_Y - (row as f64 + 0.5) * CELL
    )
}

#[test]
fn debris_help_teaches_the_method() {
    let o = run(&["debris", "route", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in [
        "energy line",
        "--alpha",
        "--release-point",
        "--release-geojson",
        "--max-velocity",
        "Horton et al. 2013",
        "summary.json",
        "energy_line_pressure.tif",
        "Examples",
    ] {
        assert!(s.contains(word), "help lacks {word:?}");
    }
    let o = run(&["debris", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("route"));
}

#[test]
fn route_writes_rasters_maps_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "route",
        "--dem",
        dem.to_str().unwrap(),
        "--release-point",
        &xy(4, 0),
        "--alpha",
        "20",
        "--max-velocity",
        "none",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "susceptibility.tif",
        "energy_line_speed.tif",
        "travel_angle.tif",
        "travel_length.tif",
        "release_count.tif",
        "energy_line_pressure.tif",
        "susceptibility.png",
        "energy_line_speed.png",
        "energy_line_pressure.png",
        "summary.json",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    // The energy line from the ramp top (z0 = 200 tan 30° = 115.5 m) meets the flat at
    // x* = z0 / tan 20° = 317.2 m: the last reached cell centre on the thalweg lies within one
    // cell before it (as in the library's validation).
    let s = hazsim_io::read_raster(out.join("susceptibility.tif"))
        .unwrap()
        .into_f32();
    let last = (0..COLS).rev().find(|&c| s.data[[4, c]] > 0.0).unwrap() as f64 * CELL;
    let x_star = 200.0 * 30f64.to_radians().tan() / 20f64.to_radians().tan();
    assert!(
        last <= x_star && last > x_star - CELL,
        "last {last}, x* {x_star}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["release_cells"], 1);
    assert_eq!(json["stalled_release_cells"], 0);
    assert_eq!(json["inputs"]["alpha_deg"], 20.0);
    let area = json["affected_area_m2"].as_f64().unwrap();
    let reached = s.data.iter().filter(|&&v| v > 0.0).count() as f64;
    assert_eq!(area, reached * CELL * CELL);
    // Speed cap off: the maximum speed is the energy line's at the foot of the ramp,
    // v = sqrt(2 g (z0 - 200 tan 20°)), within float32 and the cell-centre offset (5 %).
    let v = json["max_energy_line_speed_m_s"].as_f64().unwrap();
    let v_foot = (2.0 * 9.81 * (115.47 - 200.0 * 20f64.to_radians().tan())).sqrt();
    assert!((v - v_foot).abs() / v_foot < 0.05, "v {v}, foot {v_foot}");
}

#[test]
fn a_release_mask_and_points_agree() {
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let mut m = Array2::<u8>::zeros((ROWS, COLS));
    m[[4, 0]] = 1;
    m[[2, 1]] = 1;
    let mask = dir.path().join("mask.tif");
    write(&mask, m);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let d = dem.to_str().unwrap();
    let o = run(&[
        "debris",
        "route",
        "--dem",
        d,
        "--release",
        mask.to_str().unwrap(),
        "--alpha",
        "20",
        "--out",
        a.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "debris",
        "route",
        "--dem",
        d,
        "--release-point",
        &xy(4, 0),
        "--release-point",
        &xy(2, 1),
        "--alpha",
        "20",
        "--out",
        b.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ra = hazsim_io::read_raster(a.join("susceptibility.tif"))
        .unwrap()
        .into_f32();
    let rb = hazsim_io::read_raster(b.join("susceptibility.tif"))
        .unwrap()
        .into_f32();
    assert_eq!(ra.data, rb.data);
}

#[test]
fn bad_input_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let d = dem.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let p = xy(4, 0);
    let flat = xy(4, 40);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["--release-point", &p, "--alpha", "95"],
            vec!["alpha", "95"],
        ),
        (
            vec!["--release-point", &p, "--alpha", "0"],
            vec!["alpha", "(0, 90)"],
        ),
        (
            vec!["--release-point", "1,2"],
            vec!["outside the DEM", "x = 1"],
        ),
        (
            vec!["--release-point", "abc"],
            vec!["--release-point abc", "X,Y"],
        ),
        (
            vec!["--release-point", &p, "--max-velocity", "fast"],
            vec!["--max-velocity", "none"],
        ),
        (
            vec!["--release-point", &p, "--exponent", "0"],
            vec!["exponent"],
        ),
        (vec![], vec!["no release", "--release-point"]),
        // On the flat (column 40) every neighbour lies above the energy line.
        (
            vec!["--release-point", &flat, "--alpha", "20"],
            vec!["no runout", "alpha"],
        ),
    ];
    for (extra, needles) in cases {
        let mut args = vec!["debris", "route", "--dem", d, "--out", o, "-q"];
        args.extend(extra.iter().copied());
        assert_one_line_error(&run(&args), &needles);
    }
    // A mask on another grid.
    let small = dir.path().join("small.tif");
    write(&small, Array2::<u8>::ones((3, 3)));
    let args = [
        "debris",
        "route",
        "--dem",
        d,
        "--release",
        small.to_str().unwrap(),
        "--out",
        o,
        "-q",
    ];
    assert_one_line_error(&run(&args), &["--release", "release mask", "shape"]);
    // A missing DEM.
    let args = [
        "debris",
        "route",
        "--dem",
        "nope.tif",
        "--release-point",
        "1,2",
        "--out",
        o,
    ];
    assert_one_line_error(&run(&args), &["nope.tif"]);
}

#[test]
fn stalled_releases_warn_but_run() {
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "route",
        "--dem",
        dem.to_str().unwrap(),
        "--release-point",
        &xy(4, 0),
        "--release-point",
        &xy(4, 40),
        "--alpha",
        "20",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning") && err.contains("1 of 2"), "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        json["stalled_releases_row_col"],
        serde_json::json!([[4, 40]])
    );
}

#[test]
fn demo_routes_debris_from_headwaters_into_the_valleys() {
    let dem =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/data/jacksboro_utm16n.tif");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let o = run(&[
        "demo",
        "--out",
        out.to_str().unwrap(),
        "--dem",
        dem.to_str().unwrap(),
        "--no-flood",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let d = out.join("debris");
    for f in [
        "susceptibility.png",
        "energy_line_speed.png",
        "energy_line_pressure.png",
        "susceptibility.tif",
        "summary.json",
    ] {
        assert!(d.join(f).is_file(), "missing {f}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let n = json["debris"]["release_cells"].as_u64().unwrap();
    // Releases come from the library's slope–area rule (Horton et al. 2013 curve, slope ≥ 28°
    // on the 90 m DEM): tens to a few hundred cells, not every hillside.
    assert!((20..=300).contains(&n), "{n} release cells");
    assert!(json["debris"]["release_rule"]
        .as_str()
        .unwrap()
        .contains("slope-area"));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("detected from terrain in steep headwaters"),
        "{md}"
    );
    // Runout leaves the release cells and goes downhill: the cells reached that do not
    // release lie lower, on average, than the release cells, and there are more of them.
    let z = hazsim_io::read_raster(&dem).unwrap().into_f32();
    let t = hazsim_grid::Terrain::new(z.clone()).unwrap();
    let (slope, acc) = (t.slope(), t.d8_accumulation());
    let rule = hazsim_debris::SlopeAreaRule {
        min_slope: 28.0,
        ..Default::default()
    };
    let cell_area = t.cell_size() * t.cell_size();
    let s = hazsim_io::read_raster(d.join("susceptibility.tif"))
        .unwrap()
        .into_f32();
    let (mut zr, mut nr, mut zo, mut no) = (0.0f64, 0usize, 0.0f64, 0usize);
    for (ix, &v) in s.data.indexed_iter() {
        let release = rule.releases(slope.data[ix] as f64, acc.data[ix] * cell_area);
        if release {
            zr += z.data[ix] as f64;
            nr += 1;
        } else if v > 0.0 {
            zo += z.data[ix] as f64;
            no += 1;
        }
    }
    assert_eq!(nr as u64, n);
    assert!(no > nr, "runout cells {no} vs release cells {nr}");
    assert!(
        zo / (no as f64) < zr / (nr as f64),
        "runout is not below the releases"
    );
    assert!(
        json["debris"]["max_energy_line_speed_m_s"]
            .as_f64()
            .unwrap()
            <= 15.0 + 1e-3
    );
}

/// A GeoJSON FeatureCollection of the given geometries (JSON text).
fn geojson(dir: &Path, name: &str, geometries: &[String]) -> PathBuf {
    let feats: Vec<String> = geometries
        .iter()
        .map(|g| format!(r#"{{"type": "Feature", "properties": {{}}, "geometry": {g}}}"#))
        .collect();
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
            feats.join(",")
        ),
    )
    .unwrap();
    p
}

#[test]
fn release_geojson_polygons_and_points_match_the_mask() {
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let d = dem.to_str().unwrap();
    // Cells rows 3–5, cols 0–1 as a mask, and as a polygon around their centres plus a point
    // in cell (1, 2).
    let mut m = Array2::<u8>::zeros((ROWS, COLS));
    for r in 3..=5 {
        m[[r, 0]] = 1;
        m[[r, 1]] = 1;
    }
    m[[1, 2]] = 1;
    let mask = dir.path().join("mask.tif");
    write(&mask, m);
    let (x0, y0) = (ORIGIN_X, ORIGIN_Y - 3.0 * CELL);
    let (x1, y1) = (ORIGIN_X + 2.0 * CELL, ORIGIN_Y - 6.0 * CELL);
    let poly = format!(
        r#"{{"type": "Polygon", "coordinates": [[[{x0}, {y0}], [{x1}, {y0}], [{x1}, {y1}], [{x0}, {y1}], [{x0}, {y0}]]]}}"#
    );
    let (px, py) = (ORIGIN_X + 2.5 * CELL, ORIGIN_Y - 1.5 * CELL);
    let point = format!(r#"{{"type": "Point", "coordinates": [{px}, {py}]}}"#);
    let gj = geojson(dir.path(), "release.geojson", &[poly, point]);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (flag, file, out) in [("--release", &mask, &a), ("--release-geojson", &gj, &b)] {
        let o = run(&[
            "debris",
            "route",
            "--dem",
            d,
            flag,
            file.to_str().unwrap(),
            "--alpha",
            "20",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let read = |p: &Path| {
        hazsim_io::read_raster(p.join("susceptibility.tif"))
            .unwrap()
            .into_f32()
    };
    assert_eq!(read(&a).data, read(&b).data);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(b.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["release_cells"], 7);
    assert_eq!(json["inputs"]["release_geojson_polygons"], 1);

    // Bad GeoJSON releases: a polygon outside the DEM, one in longitude/latitude, a line, and
    // no geometry.
    let far = r#"{"type": "Polygon", "coordinates": [[[100000, 100000], [100010, 100000], [100010, 100010], [100000, 100000]]]}"#;
    let lonlat = r#"{"type": "Polygon", "coordinates": [[[-84.1, 36.3], [-84.0, 36.3], [-84.0, 36.4], [-84.1, 36.3]]]}"#;
    let line = r#"{"type": "LineString", "coordinates": [[500000, 4000000], [500100, 4000000]]}"#;
    let o = dir.path().join("bad");
    for (name, geom, needles) in [
        (
            "far.geojson",
            far,
            vec!["--release-geojson", "polygon 0", "outside"],
        ),
        (
            "lonlat.geojson",
            lonlat,
            vec!["--release-geojson", "longitude/latitude", "EPSG:32616"],
        ),
        (
            "line.geojson",
            line,
            vec!["--release-geojson", "line", "Polygon"],
        ),
    ] {
        let f = geojson(dir.path(), name, &[geom.to_string()]);
        let args = [
            "debris",
            "route",
            "--dem",
            d,
            "--release-geojson",
            f.to_str().unwrap(),
            "--out",
            o.to_str().unwrap(),
            "-q",
        ];
        assert_one_line_error(&run(&args), &needles);
    }
    let empty = geojson(dir.path(), "empty.geojson", &[]);
    let args = [
        "debris",
        "route",
        "--dem",
        d,
        "--release-geojson",
        empty.to_str().unwrap(),
        "--out",
        o.to_str().unwrap(),
        "-q",
    ];
    assert_one_line_error(&run(&args), &["--release-geojson", "no Polygon"]);
}

#[test]
fn a_velocity_cap_raster_limits_speed_where_set() {
    // Cap 4 m/s on columns 10–29 (mid-ramp and its foot), nodata (no cap) elsewhere; the
    // default cap (15 m/s) is replaced. Where set, v ≤ v_max,j since z_δ,j ≤ v_max,j²/2g
    // (Horton et al. 2013); tolerance: f32 rounding.
    let dir = tempfile::tempdir().unwrap();
    let dem = ramp(dir.path());
    let cap = Array2::from_shape_fn((ROWS, COLS), |(_, c)| {
        if (10..30).contains(&c) {
            4.0f32
        } else {
            f32::NAN
        }
    });
    let capf = dir.path().join("cap.tif");
    write(&capf, cap);
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "route",
        "--dem",
        dem.to_str().unwrap(),
        "--release-point",
        &xy(4, 0),
        "--alpha",
        "15",
        "--max-velocity",
        capf.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = hazsim_io::read_raster(out.join("energy_line_speed.tif"))
        .unwrap()
        .into_f32();
    for ((r, c), &s) in v.data.indexed_iter() {
        if (10..30).contains(&c) {
            assert!(s <= 4.0 * (1.0 + 1e-5), "({r}, {c}): {s} m/s");
        }
    }
    // Above the capped band the ramp (30°, α = 15°) gains speed freely: over 4 m/s.
    assert!(v.data[[4, 9]] > 4.0, "{}", v.data[[4, 9]]);
    assert!(v.data[[4, 20]] > 0.0);
    // A negative cap is refused, naming the cell.
    let bad = dir.path().join("bad_cap.tif");
    write(&bad, Array2::from_elem((ROWS, COLS), -1.0f32));
    let args = [
        "debris",
        "route",
        "--dem",
        dem.to_str().unwrap(),
        "--release-point",
        &xy(4, 0),
        "--max-velocity",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    assert_one_line_error(&run(&args), &["max_velocity", "row 0, col 0"]);
}
