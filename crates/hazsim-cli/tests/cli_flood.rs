//! End-to-end tests of `hazsim flood`: a synthetic valley run writes every raster, map, the
//! series and a conserving summary; each kind of bad input gives one clear stderr line and
//! exit code 1.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

const ORIGIN_X: f64 = 500_000.0;
const ORIGIN_Y: f64 = 4_000_400.0;
const CELL: f64 = 10.0;

/// A V-shaped valley, 40 rows × 30 columns of 10 m, draining south (row 39) at 1 %, with side
/// slopes of 5 %, in UTM 33N.
fn valley(dir: &Path) -> PathBuf {
    let z = Array2::from_shape_fn((40, 30), |(r, c)| {
        let across = (c as f32 - 14.5).abs() * CELL as f32 * 0.05;
        let along = (39 - r) as f32 * CELL as f32 * 0.01;
        100.0 + across + along
    });
    let p = dir.join("valley.tif");
    hazsim_io::write_raster(
        &Raster::new(
            z,
            GeoTransform::north_up(ORIGIN_X, ORIGIN_Y, CELL),
            Crs::epsg(32633),
        ),
        &p,
    )
    .unwrap();
    p
}

/// Runs `hazsim flood --dem DEM ARGS --out OUT -q`, asserts success and returns summary.json.
fn run_ok(dem: &Path, out: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["flood", "--dem", dem.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap(), "-q"]);
    let o = run(&all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// World coordinates of the centre of cell (row, col) of the valley.
fn xy(row: usize, col: usize) -> (f64, f64) {
    (
        ORIGIN_X + (col as f64 + 0.5) * CELL,
        ORIGIN_Y - (row as f64 + 0.5) * CELL,
    )
}

#[test]
fn flood_help_teaches_units_and_examples() {
    let o = run(&["flood", "--help"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for word in [
        "mm/h",
        "m3/s",
        "--design-storm",
        "Keifer & Chu",
        "illustrative",
        "--fill-nodata",
        "--nodata-walls",
        "FD2320",
        "Examples",
        "summary.json",
    ] {
        assert!(s.contains(word), "flood --help lacks {word:?}");
    }
}

#[test]
fn flood_with_rain_and_inflow_writes_everything_and_conserves_mass() {
    let dir = tempfile::tempdir().unwrap();
    let dem = valley(dir.path());
    let out = dir.path().join("out");
    let (x, y) = xy(2, 15);
    let hydro = dir.path().join("hydro.csv");
    std::fs::write(&hydro, "t_s,q_m3s\n0,0\n300,2.0\n900,0.5\n").unwrap();
    let rain = dir.path().join("rain.csv");
    std::fs::write(&rain, "# storm\nt_s,mm_h\n0,40\n600,10\n900,0\n").unwrap();
    let inflow_csv = format!("{x},{y},{}", hydro.display());
    let inflow_const = format!("{},{},0.3", xy(10, 14).0, xy(10, 14).1);
    let o = run(&[
        "flood",
        "--dem",
        dem.to_str().unwrap(),
        "--duration",
        "20min",
        "--rain",
        rain.to_str().unwrap(),
        "--inflow",
        &inflow_csv,
        "--inflow",
        &inflow_const,
        "--boundary",
        "north=closed,east=closed,south=free,west=closed",
        "--output-interval",
        "60",
        "--isochrones",
        "2min",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in [
        "max_depth",
        "max_speed",
        "arrival_time",
        "duration",
        "hazard_rating",
        "depth",
    ] {
        let tif = out.join(format!("{name}.tif"));
        let png = out.join(format!("{name}.png"));
        assert!(tif.exists(), "{name}.tif missing");
        assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG", "{name}.png");
        let r = hazsim_io::read_raster(&tif).unwrap();
        assert_eq!(r.shape(), (40, 30));
        assert_eq!(r.crs().epsg, Some(32633));
    }
    assert!(out.join("hazard_class.tif").exists());
    // Water gathers in the valley bottom, not on the sides.
    let md = hazsim_io::read_raster(out.join("max_depth.tif"))
        .unwrap()
        .into_f32();
    assert!(md.data[[20, 14]] > md.data[[20, 2]] + 0.01);

    let csv = std::fs::read_to_string(out.join("series.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("t_s,flooded_area_m2,volume_m3"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 21, "t = 0, every minute to 20 min");
    assert_eq!(rows.last().unwrap()[0], 1200.0);
    assert!(rows.iter().skip(1).all(|r| r[2] > 0.0));

    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let mb = &s["mass_balance_m3"];
    let err = mb["relative_error"].as_f64().unwrap();
    assert!(err.abs() < 1e-6, "mass error {err}");
    // Rain: 40 mm/h for 10 min + 10 mm/h for 5 min = 7.5 mm over 40 × 30 cells of 100 m².
    let rain_m3 = 0.0075 * 40.0 * 30.0 * 100.0;
    assert!((mb["rain"].as_f64().unwrap() - rain_m3).abs() < 1e-6 * rain_m3);
    assert!((s["inputs"]["rain"]["depth_mm"].as_f64().unwrap() - 7.5).abs() < 1e-9);
    // Inflow: the hydrograph's trapezoids (0→2 over 300 s, 2→0.5 over 600 s, 0.5 for 300 s)
    // plus 0.3 m³/s for 1200 s.
    let inflow = 300.0 + 750.0 + 150.0 + 360.0;
    assert!((mb["inflow"].as_f64().unwrap() - inflow).abs() < 1e-3 * inflow);
    assert!(
        mb["outflow"].as_f64().unwrap() > 0.0,
        "the free south edge drains"
    );
    assert!(s["max_depth_m"].as_f64().unwrap() > 0.05);
    assert!(s["flooded_area_m2"].as_f64().unwrap() > 0.0);
    assert!(s["steps"].as_u64().unwrap() > 10);
    assert!(s["wall_time_s"].as_f64().unwrap() >= 0.0);
}

#[test]
fn flood_with_a_design_storm_and_constant_rain() {
    let dir = tempfile::tempdir().unwrap();
    let dem = valley(dir.path());
    let out = dir.path().join("storm");
    let o = run(&[
        "flood",
        "--dem",
        dem.to_str().unwrap(),
        "--duration",
        "900",
        "--design-storm",
        "10,0.8,10,0.7",
        "--return-period",
        "50",
        "--peak",
        "0.4",
        "--storm-duration",
        "10min",
        "--storm-step",
        "1min",
        "--boundary",
        "closed",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // IDF depth of the 10-min, 50-year storm: 10 (1 + 0.8 lg 50) / 20^0.7 mm/min × 10 min.
    let depth = 10.0 * (1.0 + 0.8 * 50f64.log10()) / 20f64.powf(0.7) * 10.0;
    let got = s["inputs"]["rain"]["depth_mm"].as_f64().unwrap();
    assert!((got - depth).abs() < 1e-6 * depth, "{got} vs {depth}");
    let mb = &s["mass_balance_m3"];
    let rain_m3 = depth / 1000.0 * 40.0 * 30.0 * 100.0;
    assert!((mb["rain"].as_f64().unwrap() - rain_m3).abs() < 1e-6 * rain_m3);
    // Closed edges: everything stays.
    assert_eq!(mb["outflow"].as_f64().unwrap(), 0.0);
    assert!(mb["relative_error"].as_f64().unwrap().abs() < 1e-6);

    let out2 = dir.path().join("uniform");
    let o = run(&[
        "flood",
        "--dem",
        dem.to_str().unwrap(),
        "--duration",
        "0.1h",
        "--rain-mmh",
        "30",
        "--out",
        out2.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out2.join("max_depth.png").exists());
    assert!(
        !out2.join("snapshots").exists(),
        "no snapshots unless asked for"
    );

    // A line inflow across the valley bottom: its volume is Q × duration (closed edges keep it).
    let out_l = dir.path().join("line");
    let (xa, ya) = xy(8, 12);
    let (xb, _) = xy(8, 17);
    let spec = format!("{xa},{ya},{xb},{ya}@1.5");
    let s = run_ok(
        &dem,
        &out_l,
        &[
            "--duration",
            "10min",
            "--inflow-line",
            &spec,
            "--boundary",
            "closed",
        ],
    );
    let inflow = s["mass_balance_m3"]["inflow"].as_f64().unwrap();
    assert!((inflow - 900.0).abs() < 1e-6 * 900.0, "{inflow}");
    assert_eq!(
        s["inputs"]["line_inflows"][0]["line"][1][0].as_f64(),
        Some(xb)
    );

    // Snapshots of depth and speed every 2 min of a 6-min run: three of each, named by time,
    // and the last depth snapshot is the final depth.
    let out3 = dir.path().join("snaps");
    run_ok(
        &dem,
        &out3,
        &[
            "--duration",
            "6min",
            "--rain-mmh",
            "60",
            "--output-interval",
            "2min",
            "--snapshots",
            "depth,speed",
        ],
    );
    let mut names: Vec<String> = std::fs::read_dir(out3.join("snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "depth_0000120s.tif",
            "depth_0000240s.tif",
            "depth_0000360s.tif",
            "speed_0000120s.tif",
            "speed_0000240s.tif",
            "speed_0000360s.tif"
        ]
    );
    let read = |p: &str| hazsim_io::read_raster(out3.join(p)).unwrap().into_f32();
    let last = read("snapshots/depth_0000360s.tif");
    let fin = read("depth.tif");
    assert_eq!(last.data, fin.data);
    let first = read("snapshots/depth_0000120s.tif");
    let sum = |r: &Raster<f32>| r.data.iter().map(|&v| v as f64).sum::<f64>();
    assert!(sum(&first) > 0.0 && sum(&first) < sum(&last));
}

#[test]
fn flood_bad_inputs_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let dem = valley(dir.path());
    let d = dem.to_str().unwrap();
    let out = dir.path().join("o");
    let o = out.to_str().unwrap();

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "-5",
        "--rain-mmh",
        "10",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--duration", "-5", ">= 0"]);

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--rain-mmh",
        "10",
        "--manning",
        "-0.03",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--manning", "-0.03", "> 0"]);

    // A line inflow with an odd coordinate count, and one leaving the DEM.
    let (x0, y0) = xy(5, 5);
    let far = format!("{x0},{y0},{},{y0}@2", x0 + 1e4);
    for (spec, words) in [
        ("1,2,3@5", ["--inflow-line", "X1,Y1,X2,Y2"]),
        (far.as_str(), ["line_inflows[0]", "outside"]),
    ] {
        let e = run(&[
            "flood",
            "--dem",
            d,
            "--duration",
            "1h",
            "--inflow-line",
            spec,
            "--out",
            o,
        ]);
        assert_one_line_error(&e, &words);
    }

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--inflow",
        "100,200,5",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--inflow", "outside the DEM", "EPSG:32633"]);

    let rain = dir.path().join("bad_rain.csv");
    std::fs::write(&rain, "t_s,mm_h\n0,10\n600,20\n600,5\n").unwrap();
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--rain",
        rain.to_str().unwrap(),
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["bad_rain.csv", "line 4", "strictly increase"]);

    let e = run(&[
        "flood",
        "--dem",
        "no/such/dem.tif",
        "--duration",
        "1h",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["no/such/dem.tif", "no such file"]);

    let geo = dir.path().join("geo.tif");
    let r = Raster::new(
        Array2::from_elem((10, 10), 300.0f32),
        GeoTransform::north_up(-84.3, 36.5, 0.001),
        Crs::epsg(4326),
    );
    hazsim_io::write_raster(&r, &geo).unwrap();
    let e = run(&[
        "flood",
        "--dem",
        geo.to_str().unwrap(),
        "--duration",
        "1h",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["geo.tif", "geographic", "reproject"]);

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--design-storm",
        "10,0.8,10",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--design-storm", "A,C,b,n"]);

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--design-storm",
        "10,0.8,10,0.7",
        "--peak",
        "1.5",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["peak ratio", "1.5"]);

    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--boundary",
        "north=wall",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--boundary", "wall"]);

    // Nothing was written by any of the failed runs.
    assert!(!out.join("summary.json").exists());
}

#[test]
fn dem_holes_fail_unless_filled() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = Array2::from_shape_fn((12, 12), |(r, c)| 50.0 + (r + c) as f32);
    z[[5, 6]] = -9999.0;
    let p = dir.path().join("holes.tif");
    let mut r = Raster::new(
        z,
        GeoTransform::north_up(ORIGIN_X, ORIGIN_Y, CELL),
        Crs::epsg(32633),
    );
    r.nodata = Some(-9999.0);
    hazsim_io::write_raster(&r, &p).unwrap();
    let out = dir.path().join("o");
    let args = [
        "flood",
        "--dem",
        p.to_str().unwrap(),
        "--duration",
        "5min",
        "--rain-mmh",
        "20",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    let e = run(&args);
    assert_one_line_error(&e, &["holes.tif", "--fill-nodata", "--nodata-walls"]);
    let mut filled = args.to_vec();
    filled.push("--fill-nodata");
    let o = run(&filled);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("summary.json").exists());
    // As walls: the hole stays dry and the balance closes.
    let mut walls = args.to_vec();
    walls.push("--nodata-walls");
    let o = run(&walls);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = hazsim_io::read_raster(out.join("max_depth.tif"))
        .unwrap()
        .into_f32();
    assert_eq!(md.data[[5, 6]], 0.0);
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let err = s["mass_balance_m3"]["relative_error"].as_f64().unwrap();
    assert!(err.abs() < 1e-6, "{err}");
    let mut both = walls.clone();
    both.push("--fill-nodata");
    assert!(!run(&both).status.success());
}

#[test]
fn demo_adds_a_flash_flood_on_the_bundled_dem() {
    let dem =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/data/jacksboro_utm16n.tif");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let o = run(&[
        "demo",
        "--dem",
        dem.to_str().unwrap(),
        "--flood-duration",
        "1h",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let flood = out.join("flood");
    common::assert_files(
        &flood,
        &[
            "max_depth.tif",
            "max_depth.png",
            "arrival_time.png",
            "hazard_rating.png",
            "series.csv",
            "summary.json",
        ],
    );
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let f = &s["flood"];
    assert!(f["mass_balance_relative_error"].as_f64().unwrap().abs() < 1e-6);
    assert!(f["max_depth_m"].as_f64().unwrap() > 0.5);
    // 72.3 mm: the illustrative 50-year, 1-hour storm.
    assert!((f["storm_depth_mm"].as_f64().unwrap() - 72.334).abs() < 1e-3);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("Flash flood"), "{md}");
}

/// A GeoJSON polygon file over the valley cells rows r0..r1, cols c0..c1 (inclusive).
fn polygon_file(dir: &Path, name: &str, r0: usize, r1: usize, c0: usize, c1: usize) -> PathBuf {
    let (x0, y0) = (ORIGIN_X + c0 as f64 * CELL, ORIGIN_Y - r0 as f64 * CELL);
    let (x1, y1) = (
        ORIGIN_X + (c1 + 1) as f64 * CELL,
        ORIGIN_Y - (r1 + 1) as f64 * CELL,
    );
    let gj = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": {
            "type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]
        }}]
    });
    let p = dir.join(name);
    std::fs::write(&p, gj.to_string()).unwrap();
    p
}

/// Infiltration, a reservoir and a breach from the command line: infiltration.tif and the
/// library's hazard classes are written, and the balance (with infiltration) closes.
#[test]
fn flood_with_infiltration_reservoir_and_breach() {
    let dir = tempfile::tempdir().unwrap();
    let dem = valley(dir.path());
    let out = dir.path().join("breach");
    let lake = polygon_file(dir.path(), "lake.geojson", 0, 9, 8, 21);
    let gap = polygon_file(dir.path(), "gap.geojson", 10, 10, 12, 17);
    let o = run(&[
        "flood",
        "--dem",
        dem.to_str().unwrap(),
        "--duration",
        "10min",
        "--infiltration",
        "sandy_loam",
        "--initial-saturation",
        "0.2",
        "--reservoir",
        lake.to_str().unwrap(),
        "--reservoir-level",
        "105",
        "--breach",
        gap.to_str().unwrap(),
        "--breach-level",
        "101",
        "--breach-time",
        "2min",
        "--max-froude",
        "1",
        "--boundary",
        "north=closed,east=closed,south=free,west=closed",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = hazsim_io::read_raster(out.join("infiltration.tif"))
        .unwrap()
        .into_f32();
    assert!(f.data[[5, 14]] > 0.0);
    let cls = hazsim_io::read_raster(out.join("hazard_class.tif")).unwrap();
    assert_eq!(cls.shape(), (40, 30));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let mb = &s["mass_balance_m3"];
    assert!(mb["infiltration"].as_f64().unwrap() > 0.0, "{mb}");
    assert!(mb["storage_initial"].as_f64().unwrap() > 100.0, "{mb}");
    assert!(mb["relative_error"].as_f64().unwrap().abs() < 1e-6, "{mb}");
    assert_eq!(s["inputs"]["breach"]["final_level_m"].as_f64(), Some(101.0));
    // Water left the lake through the breach: the valley below row 11 got wet.
    let md = hazsim_io::read_raster(out.join("max_depth.tif"))
        .unwrap()
        .into_f32();
    assert!(md.data[[14, 14]] > 0.01 || md.data[[14, 15]] > 0.01);
}

#[test]
fn flood_bad_breach_and_infiltration_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let dem = valley(dir.path());
    let d = dem.to_str().unwrap();
    let o = dir.path().join("o");
    let o = o.to_str().unwrap();
    // A polygon 10 km away covers no cell.
    let far = dir.path().join("far.geojson");
    std::fs::write(
        &far,
        r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}"#,
    )
    .unwrap();
    let lake = polygon_file(dir.path(), "lake.geojson", 0, 9, 8, 21);
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--reservoir",
        lake.to_str().unwrap(),
        "--reservoir-level",
        "105",
        "--breach",
        far.to_str().unwrap(),
        "--breach-level",
        "99",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["breach.region", "cell centre"]);
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--reservoir",
        lake.to_str().unwrap(),
        "--reservoir-level",
        "50",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["reservoir.level", "above the bed"]);
    let notgeo = dir.path().join("bad.geojson");
    std::fs::write(&notgeo, r#"{"type":"Point","coordinates":[1,2]}"#).unwrap();
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--reservoir",
        notgeo.to_str().unwrap(),
        "--reservoir-level",
        "105",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--reservoir", "no polygon"]);
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--infiltration",
        "peat",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["--infiltration", "peat", "sandy_loam"]);
    let e = run(&[
        "flood",
        "--dem",
        d,
        "--duration",
        "1h",
        "--infiltration",
        "-5,110,0.3",
        "--out",
        o,
    ]);
    assert_one_line_error(&e, &["infiltration.k_s"]);
}
