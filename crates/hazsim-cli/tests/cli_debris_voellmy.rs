//! End-to-end tests of `hazsim debris voellmy`: a block
//! released on a synthetic slope writes every raster, map and a conserving summary; a point
//! inflow delivers its hydrograph volume; each kind of bad input gives one clear stderr line and
//! exit code 1.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

const ORIGIN_X: f64 = 600_000.0;
const ORIGIN_Y: f64 = 4_000_200.0;
const CELL: f64 = 5.0;
const ROWS: usize = 40;
const COLS: usize = 20;

/// A slope of 30° dipping south over rows 0–24 that runs out onto flat ground (rows 25–39),
/// 40 × 20 cells of 5 m, UTM 33N.
fn slope(dir: &Path) -> PathBuf {
    let t = 30f32.to_radians().tan();
    let z = Array2::from_shape_fn((ROWS, COLS), |(r, _)| {
        let r = r.min(25) as f32;
        100.0 + (25.0 - r) * CELL as f32 * t
    });
    let p = dir.join("slope.tif");
    write(&p, z, ORIGIN_X, ORIGIN_Y);
    p
}

fn write(p: &Path, z: Array2<f32>, x0: f64, y0: f64) {
    hazsim_io::write_raster(
        &Raster::new(z, GeoTransform::north_up(x0, y0, CELL), Crs::epsg(32633)),
        p,
    )
    .unwrap();
}

/// A mask of rows 2..6, cols 8..12 (16 cells, 400 m²).
fn mask(dir: &Path) -> PathBuf {
    let m = Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        f32::from((2..6).contains(&r) && (8..12).contains(&c))
    });
    let p = dir.join("mask.tif");
    write(&p, m, ORIGIN_X, ORIGIN_Y);
    p
}

/// World coordinates of the centre of cell (row, col).
fn xy(row: usize, col: usize) -> String {
    format!(
        "{},{}",
        ORIGIN_X + (col as f64 + 0.5) * CELL,
        ORIGIN_Y - (row as f64 + 0.5) * CELL
    )
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn num(v: &serde_json::Value, path: &[&str]) -> f64 {
    let mut v = v;
    for k in path {
        v = &v[*k];
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number: {v}"))
}

#[test]
fn help_teaches_the_model_units_and_examples() {
    let o = run(&["debris", "voellmy", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in [
        "Voellmy",
        "--release-point",
        "--volume",
        "--hydrograph",
        "--mu",
        "--xi",
        "m/s2",
        "kPa",
        "summary.json",
        "Examples:",
    ] {
        assert!(s.contains(word), "--help lacks {word:?}");
    }
}

#[test]
fn mask_release_writes_everything_runs_out_and_conserves_mass() {
    let dir = tempfile::tempdir().unwrap();
    let dem = slope(dir.path());
    let m = mask(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "voellmy",
        "--dem",
        dem.to_str().unwrap(),
        "--release",
        m.to_str().unwrap(),
        "--depth",
        "2",
        "--duration",
        "60",
        "--edges",
        "closed",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::assert_files(
        &out,
        &[
            "max_depth.tif",
            "max_speed.tif",
            "max_impact_pressure.tif",
            "deposit.tif",
            "final_depth.tif",
            "max_depth.png",
            "max_speed.png",
            "max_impact_pressure.png",
            "deposit.png",
            "summary.json",
        ],
    );
    let s = summary(&out);
    // 16 cells × 25 m² × 2 m = 800 m³, exactly what the mask and depth describe.
    assert!((num(&s, &["volumes_m3", "released"]) - 800.0).abs() < 1e-3);
    // Closed box: nothing leaves and the volume is kept to f32 round-off (tolerance 1e-5).
    assert_eq!(num(&s, &["volumes_m3", "outflow"]), 0.0);
    assert!(num(&s, &["mass_balance_m3", "relative_error"]).abs() < 1e-5);
    assert!((num(&s, &["volumes_m3", "end"]) - 800.0).abs() < 800.0 * 1e-5);
    // On a 30° slope with μ = 0.2 (tan⁻¹ 0.2 ≈ 11°) the block must slide off its source (rows
    // 2–5) well down the slope: more than 10 cells.
    assert!(num(&s, &["runout_length_m"]) > 50.0, "{s}");
    assert!(num(&s, &["max_speed_m_s"]) > 5.0);
    // ρ v² in kPa with ρ = 2000 kg/m³ bounds the peak pressure by the peak speed.
    let v = num(&s, &["max_speed_m_s"]);
    assert!(num(&s, &["max_impact_pressure_kpa"]) <= 2.0 * v * v * (1.0 + 1e-4));
}

#[test]
fn point_inflow_delivers_the_hydrograph_volume() {
    let dir = tempfile::tempdir().unwrap();
    let dem = slope(dir.path());
    let q = dir.path().join("q.csv");
    // 10 m³/s for 20 s, falling linearly to 0 by 30 s: 200 + 50 = 250 m³.
    std::fs::write(&q, "t_s,Q_m3s\n0,10\n20,10\n30,0\n").unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "voellmy",
        "--dem",
        dem.to_str().unwrap(),
        "--inflow",
        &xy(3, 10),
        "--hydrograph",
        q.to_str().unwrap(),
        "--duration",
        "40",
        "--edges",
        "closed",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = summary(&out);
    // The trapezoid integral of the hydrograph, to f64 round-off of the step sums (1e-6).
    assert!((num(&s, &["volumes_m3", "inflow"]) - 250.0).abs() < 1e-6 * 250.0);
    assert!(num(&s, &["mass_balance_m3", "relative_error"]).abs() < 1e-5);
}

#[test]
fn release_point_spreads_the_volume_over_the_disc() {
    let dir = tempfile::tempdir().unwrap();
    let dem = slope(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "debris",
        "voellmy",
        "--dem",
        dem.to_str().unwrap(),
        "--release-point",
        &xy(4, 10),
        "--volume",
        "500",
        "--duration",
        "5",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = summary(&out);
    assert!((num(&s, &["volumes_m3", "released"]) - 500.0).abs() < 1e-3);
}

#[test]
fn bad_input_gives_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let dem = slope(dir.path());
    let m = mask(dir.path());
    let d = dem.to_str().unwrap();
    let ms = m.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let base = ["debris", "voellmy", "--dem", d, "--out", o];
    let with = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        run(&a)
    };
    assert_one_line_error(
        &with(&["--release", ms, "--depth", "1", "--mu", "0"]),
        &["mu = 0", "> 0"],
    );
    assert_one_line_error(
        &with(&["--release", ms, "--depth", "1", "--xi", "-5"]),
        &["xi = -5", "> 0"],
    );
    assert_one_line_error(
        &with(&["--release", ms, "--depth", "-1"]),
        &["--depth", "> 0"],
    );
    assert_one_line_error(
        &with(&["--release-point", &xy(4, 10), "--volume", "-100"]),
        &["release volume = -100", "> 0"],
    );
    assert_one_line_error(
        &with(&["--release-point", "0,0", "--volume", "100"]),
        &["release block at (x = 0, y = 0)", "outside the DEM"],
    );
    assert_one_line_error(&with(&[]), &["no release given"]);
    // A mask on another grid (shifted by 1 km).
    let other = dir.path().join("other.tif");
    write(
        &other,
        Array2::from_elem((ROWS, COLS), 1.0),
        ORIGIN_X + 1000.0,
        ORIGIN_Y,
    );
    assert_one_line_error(
        &with(&["--release", other.to_str().unwrap(), "--depth", "1"]),
        &["--release"],
    );
    // A mask that marks no cell.
    let empty = dir.path().join("empty.tif");
    write(&empty, Array2::zeros((ROWS, COLS)), ORIGIN_X, ORIGIN_Y);
    assert_one_line_error(
        &with(&["--release", empty.to_str().unwrap(), "--depth", "1"]),
        &["no non-zero cell"],
    );
    // A depth raster with negative depths.
    let neg = dir.path().join("neg.tif");
    write(
        &neg,
        Array2::from_elem((ROWS, COLS), -1.0),
        ORIGIN_X,
        ORIGIN_Y,
    );
    assert_one_line_error(
        &with(&["--release", neg.to_str().unwrap()]),
        &["release depth", ">= 0"],
    );
    assert_one_line_error(&with(&["--inflow", &xy(3, 10)]), &["--hydrograph"]);
    assert!(!out.join("summary.json").exists());
}
