//! End-to-end tests of `hazsim debris stability|release|laharz|staley`: each writes its GeoTIFFs,
//! PNG maps and a summary.json whose numbers follow the published closed forms on synthetic
//! terrain; each kind of bad input gives one clear stderr line and exit code 1.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

const X0: f64 = 500_000.0;
const Y0: f64 = 4_000_600.0;
const CELL: f64 = 10.0;

fn write(dir: &Path, name: &str, z: Array2<f32>, x0: f64) -> PathBuf {
    let p = dir.join(name);
    hazsim_io::write_raster(
        &Raster::new(z, GeoTransform::north_up(x0, Y0, CELL), Crs::epsg(32616)),
        &p,
    )
    .unwrap();
    p
}

/// A V valley running south, 60 × 41 cells of 10 m: walls 0.5 m per cell, floor 1 m per cell.
fn valley(dir: &Path) -> PathBuf {
    let z = Array2::from_shape_fn((60, 41), |(r, c)| {
        200.0 - r as f32 + 0.5 * (c as f32 - 20.0).abs()
    });
    write(dir, "valley.tif", z, X0)
}

/// A plane dipping south at 30°, 12 × 8 cells.
fn plane30(dir: &Path) -> PathBuf {
    let z = Array2::from_shape_fn((12, 8), |(r, _)| {
        500.0 - r as f32 * CELL as f32 * 30f32.to_radians().tan()
    });
    write(dir, "plane.tif", z, X0)
}

fn xy(row: usize, col: usize) -> String {
    format!(
        "{},{}",
        X0 + (col as f64 + 0.5) * CELL,
        Y0 - (row as f64 + 0.5) * CELL
    )
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn help_teaches_methods_units_and_examples() {
    let o = run(&["debris", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for w in ["stability", "release", "laharz", "staley"] {
        assert!(s.contains(w), "debris --help lacks {w}: {s}");
    }
    for (cmd, words) in [
        (
            "stability",
            &["Pa", "degrees", "mm/day", "Examples", "summary.json"][..],
        ),
        ("release", &["Horton", "km²", "Examples"][..]),
        ("laharz", &["V^(2/3)", "lahar", "Examples"][..]),
        ("staley", &["15, 30 or 60", "dNBR", "Examples"][..]),
    ] {
        let o = run(&["debris", cmd, "--help"]);
        assert!(o.status.success());
        let s = String::from_utf8_lossy(&o.stdout);
        for w in words {
            assert!(s.contains(w), "debris {cmd} --help lacks {w:?}");
        }
    }
}

#[test]
fn stability_writes_maps_and_the_tan_ratio() {
    let tmp = tempfile::tempdir().unwrap();
    let dem = plane30(tmp.path());
    let out = tmp.path().join("stab");
    let o = run(&[
        "debris",
        "stability",
        "--dem",
        dem.to_str().unwrap(),
        "--recharge-mm-day",
        "0",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&o);
    for f in [
        "factor_of_safety",
        "wetness",
        "critical_rainfall",
        "stability_class",
        "shalstab_class",
    ] {
        assert!(out.join(format!("{f}.tif")).is_file(), "{f}.tif");
        assert!(out.join(format!("{f}.png")).is_file(), "{f}.png");
    }
    // Dry, cohesionless: FS = tan 35° / tan 30° (Pack et al. 1998); float32, tol 1e-4 relative.
    let fs = hazsim_io::read_raster(out.join("factor_of_safety.tif"))
        .unwrap()
        .into_f32();
    let expected = 35f64.to_radians().tan() / 30f64.to_radians().tan();
    assert!(((fs.data[[5, 4]] as f64) / expected - 1.0).abs() < 1e-4);
    let s = summary(&out);
    let total: f64 = s["stability_class_fractions"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert_eq!(s["fraction_fs_below_1"].as_f64(), Some(0.0));
}

#[test]
fn release_slope_area_and_stability() {
    let tmp = tempfile::tempdir().unwrap();
    let dem = valley(tmp.path());
    for method in ["slope-area", "stability"] {
        let out = tmp.path().join(method);
        let o = run(&[
            "debris",
            "release",
            "--dem",
            dem.to_str().unwrap(),
            "--method",
            method,
            "--friction-angle",
            "20",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        ok(&o);
        let m = hazsim_io::read_raster(out.join("release.tif"))
            .unwrap()
            .into_f32();
        let n = m.data.iter().filter(|&&v| v == 1.0).count();
        let s = summary(&out);
        assert_eq!(s["release_cells"].as_u64(), Some(n as u64));
        assert_eq!(s["release_area_m2"].as_f64(), Some(n as f64 * CELL * CELL));
        assert!(out.join("release.png").is_file());
    }
}

#[test]
fn laharz_reaches_b_and_conserves_area() {
    let tmp = tempfile::tempdir().unwrap();
    let dem = valley(tmp.path());
    let out = tmp.path().join("lz");
    let p = xy(0, 20);
    let o = run(&[
        "debris",
        "laharz",
        "--dem",
        dem.to_str().unwrap(),
        "--point",
        &p,
        "--volume",
        "1e4",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&o);
    let s = summary(&out);
    // Iverson et al. (1998) with Griswold & Iverson (2008) debris-flow coefficients:
    // B = 20 V^(2/3); the area reached lies in [B, B + Δx²).
    let b = 20.0 * 1e4f64.powf(2.0 / 3.0);
    assert!((s["planimetric_target_m2"].as_f64().unwrap() - b).abs() < 1e-6 * b);
    let area = s["planimetric_area_m2"].as_f64().unwrap();
    assert_eq!(s["reached_b"].as_bool(), Some(true));
    assert!(area >= b && area < b + CELL * CELL);
    let cells = s["inundated_cells"].as_u64().unwrap() as f64;
    assert_eq!(area, cells * CELL * CELL);
    assert!(out.join("inundation.tif").is_file() && out.join("inundation.png").is_file());
}

#[test]
fn staley_writes_network_maps_and_catchment_table() {
    let tmp = tempfile::tempdir().unwrap();
    let dem = valley(tmp.path());
    let dnbr = write(
        tmp.path(),
        "dnbr.tif",
        Array2::from_elem((60, 41), 500f32),
        X0,
    );
    let out = tmp.path().join("st");
    let o = run(&[
        "debris",
        "staley",
        "--dem",
        dem.to_str().unwrap(),
        "--dnbr",
        dnbr.to_str().unwrap(),
        "--kf",
        "0.3",
        "--rainfall-mm",
        "12",
        "--duration-min",
        "30",
        "--pour-point",
        &xy(59, 20),
        "--min-area",
        "5000",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&o);
    for f in [
        "likelihood.tif",
        "likelihood.png",
        "rainfall_threshold.tif",
        "rainfall_threshold.png",
        "catchments.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let s = summary(&out);
    let c = &s["catchments"][0];
    // M1, 30 min (Staley et al. 2017): β = −3.61, C = (0.26, 0.39, 0.50); F = 0.5 and S = 0.3
    // (stored as f32); the logistic holds to f64 rounding (tol 1e-9).
    let t = c["terrain_T"].as_f64().unwrap();
    let l = c["likelihood"].as_f64().unwrap();
    let soil = c["soil_S"].as_f64().unwrap();
    assert!((soil - 0.3).abs() < 1e-7 && c["fire_F"].as_f64() == Some(0.5));
    let x = -3.61 + 12.0 * (0.26 * t + 0.39 * 0.5 + 0.50 * soil);
    assert!((l - 1.0 / (1.0 + (-x).exp())).abs() < 1e-9, "{c} {x}");
    assert_eq!(s["coefficients"]["b"].as_f64(), Some(-3.61));
}

#[test]
fn bad_input_gives_one_line_and_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let dem = valley(tmp.path());
    let d = dem.to_str().unwrap();
    let out = tmp.path().join("bad");
    let o = out.to_str().unwrap();
    let p = xy(0, 20);
    // Friction angle outside (0°, 90°).
    for phi in ["0", "90", "95"] {
        let r = run(&[
            "debris",
            "stability",
            "--dem",
            d,
            "--friction-angle",
            phi,
            "--out",
            o,
            "-q",
        ]);
        assert_one_line_error(&r, &["friction_angle", "(0, 90)"]);
    }
    // Parameters ≤ 0.
    let r = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--soil-depth",
        "0",
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["soil_depth", "> 0"]);
    let r = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--transmissivity=-1e-4",
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["transmissivity"]);
    // Negative numbers reach the checks (not clap's usage error).
    let r = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--soil-depth",
        "-1",
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["soil_depth", "> 0"]);
    let r = run(&[
        "debris", "staley", "--dem", d, "--dnbr", d, "--kf", "-0.1", "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["kf_factor", "≥ 0"]);
    let r = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--soil-depth",
        "nowhere.tif",
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["--soil-depth", "neither a number"]);
    let r = run(&[
        "debris",
        "release",
        "--dem",
        d,
        "--coefficient",
        "0",
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["coefficient"]);
    let r = run(&[
        "debris", "release", "--dem", d, "--method", "magic", "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["--method", "slope-area"]);
    // Negative volume, bad coefficients, a point outside.
    let r = run(&[
        "debris", "laharz", "--dem", d, "--point", &p, "--volume", "-5", "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["volume", "> 0"]);
    let r = run(&[
        "debris", "laharz", "--dem", d, "--point", &p, "--volume", "1e4", "--kind", "0,20",
        "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["coefficients"]);
    let r = run(&[
        "debris", "laharz", "--dem", d, "--point", "1,2", "--volume", "1e4", "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["--point", "outside the DEM"]);
    // Rasters on another grid.
    let shifted = write(
        tmp.path(),
        "shifted.tif",
        Array2::from_elem((60, 41), 1f32),
        X0 + 1000.0,
    );
    let s = shifted.to_str().unwrap();
    let r = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--soil-depth",
        s,
        "--out",
        o,
        "-q",
    ]);
    assert_one_line_error(&r, &["soil_depth"]);
    let r = run(&[
        "debris", "staley", "--dem", d, "--dnbr", s, "--out", o, "-q",
    ]);
    assert_one_line_error(&r, &["dnbr"]);
    // Probability outside (0, 1), duration not 15/30/60.
    let dn = write(
        tmp.path(),
        "dnbr.tif",
        Array2::from_elem((60, 41), 300f32),
        X0,
    );
    let dn = dn.to_str().unwrap();
    for prob in ["0", "1", "1.5"] {
        let r = run(&[
            "debris",
            "staley",
            "--dem",
            d,
            "--dnbr",
            dn,
            "--probability",
            prob,
            "--out",
            o,
            "-q",
        ]);
        assert_one_line_error(&r, &["probability", "between 0 and 1"]);
    }
    for dur in ["45", "0", "-15"] {
        let r = run(&[
            "debris",
            "staley",
            "--dem",
            d,
            "--dnbr",
            dn,
            "--duration-min",
            dur,
            "--out",
            o,
            "-q",
        ]);
        assert_one_line_error(&r, &["--duration-min", "15, 30 or 60"]);
    }
    let r = run(&["debris", "staley", "--dem", d, "--out", o, "-q"]);
    assert_one_line_error(&r, &["burn severity missing"]);
}

#[test]
fn bundled_dem_stability_and_laharz() {
    let dem =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/data/jacksboro_utm16n.tif");
    let d = dem.to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("stab");
    let o = run(&[
        "debris",
        "stability",
        "--dem",
        d,
        "--soil-depth",
        "1.5",
        "--cohesion",
        "2000",
        "--friction-angle",
        "33",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    ok(&o);
    let s = summary(&out);
    let below = s["fraction_fs_below_1"].as_f64().unwrap();
    assert!(below > 0.0 && below < 0.5, "{below}");
    // A channel cell west of the Powell valley; 90 m cells, so B is reached within one cell.
    let out = tmp.path().join("lz");
    let o = run(&[
        "debris",
        "laharz",
        "--dem",
        d,
        "--point",
        "745515,4019805",
        "--volume",
        "1e6",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    ok(&o);
    let s = summary(&out);
    let (a, b) = (
        s["planimetric_area_m2"].as_f64().unwrap(),
        s["planimetric_target_m2"].as_f64().unwrap(),
    );
    assert_eq!(s["reached_b"].as_bool(), Some(true));
    assert!(a >= b - 1e-6 && a < b + 8100.0, "{a} vs {b}");
}
