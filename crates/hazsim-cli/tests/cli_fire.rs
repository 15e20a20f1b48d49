//! End-to-end tests of `hazsim fire`: a run over a small synthetic hillside writes every raster,
//! map, perimeters, area series and summary, stops at a fuel break, follows a wind shift; each
//! kind of bad input gives one clear stderr line and exit code 1.

use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::path::{Path, PathBuf};
mod common;
use common::{assert_one_line_error, run};

const ORIGIN_X: f64 = 500_000.0;
const ORIGIN_Y: f64 = 4_000_400.0;
const CELL: f64 = 10.0;
const ROWS: usize = 40;
const COLS: usize = 40;

/// A gentle hillside rising 2 % to the north, 40 × 40 cells of 10 m, UTM 33N.
fn hill(dir: &Path) -> PathBuf {
    let z = Array2::from_shape_fn((ROWS, COLS), |(r, _)| 100.0 + (ROWS - r) as f32 * 0.2);
    let p = dir.join("hill.tif");
    hazsim_io::write_raster(&grid(z), &p).unwrap();
    p
}

fn grid<T>(data: Array2<T>) -> Raster<T> {
    Raster::new(
        data,
        GeoTransform::north_up(ORIGIN_X, ORIGIN_Y, CELL),
        Crs::epsg(32633),
    )
}

/// World coordinates of the centre of cell (row, col).
fn xy(row: usize, col: usize) -> (f64, f64) {
    (
        ORIGIN_X + (col as f64 + 0.5) * CELL,
        ORIGIN_Y - (row as f64 + 0.5) * CELL,
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `hazsim fire --dem DEM ARGS --out OUT --quiet` and asserts that it succeeded.
fn run_fire(dem: &Path, out: &Path, args: &[&str]) {
    let mut all = vec!["fire", "--dem", s(dem)];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", s(out), "--quiet"]);
    let o = run(&all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The `arrival_time.tif` a run wrote into `out`.
fn arrival(out: &Path) -> Raster<f32> {
    hazsim_io::read_raster(out.join("arrival_time.tif"))
        .unwrap()
        .into_f32()
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn fire_help_teaches_units_and_examples() {
    let o = run(&["fire", "--help"]);
    assert!(o.status.success());
    let h = String::from_utf8_lossy(&o.stdout);
    for word in [
        "midflame",
        "comes FROM",
        "6 % is 0.06",
        "--weather",
        "time_h",
        "--ignition",
        "--barrier",
        "perimeters.geojson",
        "area_mu",
        "2 ha = 30 mu",
        "Examples",
    ] {
        assert!(h.contains(word), "--help lacks {word:?}");
    }
}

/// A west wind drives the fire east into a north-south fuel break (a GeoJSON line): nothing
/// east of it burns. Every output file is written and the areas agree with each other.
#[test]
fn fire_run_writes_everything_and_stops_at_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    // The break runs north-south through column 28, the whole height of the grid.
    let (bx, _) = xy(0, 28);
    let brk = dir.path().join("break.geojson");
    std::fs::write(
        &brk,
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"LineString","coordinates":[[{bx},{}],[{bx},{}]]}}}}]}}"#,
            ORIGIN_Y + 5.0,
            ORIGIN_Y - ROWS as f64 * CELL - 5.0
        ),
    )
    .unwrap();
    let (ix, iy) = xy(20, 10);
    let out = dir.path().join("out");
    let o = run(&[
        "fire",
        "--dem",
        s(&dem),
        "--fuel",
        "1",
        "--wind",
        "2",
        "--wind-dir",
        "270",
        "--ignition",
        &format!("{ix},{iy}"),
        "--barrier",
        s(&brk),
        "--duration",
        "20min",
        "--perimeter-interval",
        "5min",
        "--area-interval",
        "1min",
        "--out",
        s(&out),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::assert_files(
        &out,
        &[
            "arrival_time.tif",
            "ros.tif",
            "fireline_intensity.tif",
            "flame_length.tif",
            "arrival_time.png",
            "fireline_intensity.png",
            "flame_length.png",
            "perimeters.geojson",
            "area.csv",
            "summary.json",
        ],
    );
    let arr = arrival(&out);
    assert_eq!(arr.data[[20, 10]], 0.0);
    // The head reached the break (FM1 at 2 m/s midflame runs ~0.4 m/s: 170 m in ~7 min)...
    assert!(
        arr.data[[20, 27]].is_finite(),
        "fire did not reach the break"
    );
    // ... and nothing at or beyond it burned.
    for r in 0..ROWS {
        for c in 28..COLS {
            assert!(
                arr.data[[r, c]].is_nan(),
                "({r}, {c}) burned past the break"
            );
        }
    }
    let burned = arr.data.iter().filter(|v| v.is_finite()).count() as f64;
    let sum = json(&out.join("summary.json"));
    let ha = sum["final_area_ha"].as_f64().unwrap();
    assert_eq!(ha, burned * CELL * CELL / 1e4);
    assert!((sum["final_area_mu"].as_f64().unwrap() - 15.0 * ha).abs() < 1e-9 * ha);
    // Grade by area (< 1 ha 一般, 1-100 ha 较大).
    let zh = if ha < 1.0 { "一般" } else { "较大" };
    assert_eq!(sum["grade"]["zh"], zh);
    // Time past 2 ha: the first arrival time with more than 200 cells burned.
    let mut times: Vec<f32> = arr.data.iter().copied().filter(|v| v.is_finite()).collect();
    times.sort_by(f32::total_cmp);
    match sum["time_past_2ha_s"].as_f64() {
        Some(t) => assert!((t - times[200] as f64).abs() < 1e-3 * t.max(1.0)),
        None => assert!(times.len() <= 200),
    }
    // area.csv: one row per minute and the last one equals the final area.
    let csv = std::fs::read_to_string(out.join("area.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "time_s,time_h,area_ha,area_mu");
    assert_eq!(rows.len(), 1 + 21);
    let last: Vec<f64> = rows[21].split(',').map(|v| v.parse().unwrap()).collect();
    assert_eq!(last[0], 1200.0);
    assert_eq!(last[2], ha);
    // Perimeters every 5 min; the last encloses exactly the burned area.
    let per = json(&out.join("perimeters.geojson"));
    let feats = per["features"].as_array().unwrap();
    assert_eq!(feats.len(), 4);
    let lastp = &feats[3];
    assert_eq!(lastp["properties"]["time_s"], 1200.0);
    assert_eq!(lastp["properties"]["area_ha"], ha);
    assert_eq!(
        per["crs"]["properties"]["name"],
        "urn:ogc:def:crs:EPSG::32633"
    );
}

/// A weather table turns the wind from west to south after 10 min; the fire then runs north.
/// Fuels come from a raster with a non-burnable strip, the ignition from a GeoJSON point.
#[test]
fn fire_follows_a_weather_table_and_a_fuel_raster() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    let mut codes = Array2::from_elem((ROWS, COLS), 1.0f32);
    for c in 0..COLS {
        codes[[5, c]] = 91.0; // an urban strip across row 5
    }
    let fuel = dir.path().join("fuel.tif");
    hazsim_io::write_raster(&grid(codes), &fuel).unwrap();
    let weather = dir.path().join("weather.csv");
    std::fs::write(
        &weather,
        "time_s,wind_speed,wind_dir,m1h\n0,2,270,0.06\n600,2,180,0.05\n",
    )
    .unwrap();
    let (ix, iy) = xy(30, 8);
    let ign = dir.path().join("ign.geojson");
    std::fs::write(
        &ign,
        format!(r#"{{"type":"Point","coordinates":[{ix},{iy}]}}"#),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_fire(
        &dem,
        &out,
        &[
            "--fuel",
            s(&fuel),
            "--weather",
            s(&weather),
            "--ignitions",
            s(&ign),
            "--duration",
            "30min",
        ],
    );
    let arr = arrival(&out);
    let sum = json(&out.join("summary.json"));
    assert_eq!(
        sum["inputs"]["weather_records"].as_array().unwrap().len(),
        2
    );
    assert_eq!(sum["inputs"]["weather_records"][1]["wind_from_deg"], 180.0);
    // East of the ignition burned during the west wind; north burned after the shift.
    assert!(arr.data[[30, 20]].is_finite() && arr.data[[30, 20]] < 600.0);
    let north = (0..COLS).filter(|&c| arr.data[[10, c]].is_finite()).count();
    assert!(north > 0, "the fire did not turn north");
    assert!((0..COLS).all(|c| arr.data[[10, c]].is_nan() || arr.data[[10, c]] > 600.0));
    // The urban strip never burns.
    assert!((0..COLS).all(|c| arr.data[[5, c]].is_nan()));
}

#[test]
fn fire_bad_inputs_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    let (ix, iy) = xy(20, 20);
    let ig = format!("{ix},{iy}");
    let out = dir.path().join("o");
    let base = |extra: &[&str]| {
        let mut a = vec![
            "fire",
            "--dem",
            s(&dem),
            "--duration",
            "10min",
            "--out",
            s(&out),
            "--quiet",
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    let e = base(&["--fuel", "42", "--ignition", &ig]);
    assert_one_line_error(&e, &["--fuel 42", "unknown fuel model code 42"]);
    let e = base(&["--fuel", "91", "--ignition", &ig]);
    assert_one_line_error(&e, &["--fuel 91", "non-burnable"]);
    let e = base(&[
        "--fuel",
        "1",
        "--moisture",
        "6,7,8,60,90",
        "--ignition",
        &ig,
    ]);
    assert_one_line_error(&e, &["--moisture", "percentage", "0.06"]);
    let e = base(&["--fuel", "1", "--moisture", "0.06,0.07", "--ignition", &ig]);
    assert_one_line_error(&e, &["--moisture", "five fractions"]);
    let e = base(&["--fuel", "1", "--ignition", "0,0"]);
    assert_one_line_error(&e, &["--ignition 0,0", "outside the grid", "EPSG:32633"]);
    let e = base(&["--fuel", "1"]);
    assert_one_line_error(&e, &["no ignition"]);
    let e = base(&["--fuel", "1", "--ignition", &format!("{ig},-5")]);
    assert_one_line_error(&e, &["--ignition time", ">= 0"]);
    // Weather out of order.
    let w = dir.path().join("w.csv");
    std::fs::write(&w, "time_h,wind_speed,wind_dir\n0,2,270\n2,2,180\n1,2,90\n").unwrap();
    let e = base(&["--fuel", "1", "--weather", s(&w), "--ignition", &ig]);
    assert_one_line_error(&e, &["w.csv", "line 4", "increasing time order"]);
    let w2 = dir.path().join("w2.csv");
    std::fs::write(&w2, "when,speed\n0,2\n").unwrap();
    let e = base(&["--fuel", "1", "--weather", s(&w2), "--ignition", &ig]);
    assert_one_line_error(&e, &["w2.csv", "time_h"]);
    // Fuel raster on another grid.
    let other = dir.path().join("fuel_other.tif");
    hazsim_io::write_raster(
        &Raster::new(
            Array2::from_elem((ROWS, COLS), 1.0f32),
            GeoTransform::north_up(ORIGIN_X + 1000.0, ORIGIN_Y, CELL),
            Crs::epsg(32633),
        ),
        &other,
    )
    .unwrap();
    let e = base(&["--fuel", s(&other), "--ignition", &ig]);
    assert_one_line_error(&e, &["grid mismatch", "fuel raster", "transform"]);
    // Ignition on non-burnable fuel.
    let mut codes = Array2::from_elem((ROWS, COLS), 1.0f32);
    codes[[20, 20]] = 98.0;
    let f98 = dir.path().join("f98.tif");
    hazsim_io::write_raster(&grid(codes), &f98).unwrap();
    let e = base(&["--fuel", s(&f98), "--ignition", &ig]);
    assert_one_line_error(&e, &["row 20, col 20", "fuel model 98 is non-burnable"]);
    // An ignition line entirely on non-burnable fuel.
    let line = dir.path().join("line.geojson");
    std::fs::write(
        &line,
        format!(
            r#"{{"type":"LineString","coordinates":[[{},{iy}],[{},{iy}]]}}"#,
            ix - 2.0,
            ix + 2.0
        ),
    )
    .unwrap();
    let e = base(&["--fuel", s(&f98), "--ignitions", s(&line)]);
    assert_one_line_error(&e, &["line.geojson", "non-burnable or a barrier"]);
    // Unknown code in a fuel raster.
    let mut codes = Array2::from_elem((ROWS, COLS), 1.0f32);
    codes[[3, 3]] = 77.0;
    let f77 = dir.path().join("f77.tif");
    hazsim_io::write_raster(&grid(codes), &f77).unwrap();
    let e = base(&["--fuel", s(&f77), "--ignition", &ig]);
    assert_one_line_error(&e, &["unknown fuel model code 77"]);
    let e = run(&[
        "fire",
        "--dem",
        s(&dem),
        "--fuel",
        "1",
        "--ignition",
        &ig,
        "--duration",
        "0",
        "--out",
        s(&out),
    ]);
    assert_one_line_error(&e, &["--duration", "> 0"]);
    let e = base(&["--fuel", "no/such/fuel.tif", "--ignition", &ig]);
    assert_one_line_error(&e, &["no/such/fuel.tif"]);
}

/// The demo's wildfire on the bundled DEM: it writes its maps, reaches the ridge-road fuel
/// break and burns nothing on the far (north-west) side of it.
#[test]
fn demo_wildfire_stops_at_the_ridge_road() {
    let dem =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/data/jacksboro_utm16n.tif");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let o = run(&[
        "demo",
        "--dem",
        s(&dem),
        "--no-flood",
        "--out",
        s(&out),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = out.join("fire");
    common::assert_files(
        &f,
        &[
            "arrival_time.png",
            "fireline_intensity.png",
            "flame_length.png",
            "fuel.png",
            "perimeters.geojson",
            "area.csv",
            "summary.json",
        ],
    );
    let arr = hazsim_io::read_raster(f.join("arrival_time.tif"))
        .unwrap()
        .into_f32();
    let road = hazsim_io::read_raster(f.join("fuel_break.tif"))
        .unwrap()
        .into_f32();
    let (rows, cols) = arr.shape();
    let mut reached = false;
    for c in 0..cols {
        let Some(top) = (0..rows).find(|&r| road.data[[r, c]] != 0.0) else {
            continue;
        };
        // The road runs south-west to north-east with the fire on its south-east side: in each
        // column it crosses, nothing north of the road burned.
        for r in 0..top {
            assert!(
                arr.data[[r, c]].is_nan(),
                "({r}, {c}) burned beyond the road"
            );
        }
        for r in top..rows.min(top + 3) {
            reached |= arr.data[[r, c]].is_finite();
        }
    }
    assert!(reached, "the fire never reached the road");
    let sum = json(&out.join("summary.json"));
    assert!(sum["fire"]["final_area_ha"].as_f64().unwrap() > 2.0);
    assert!(sum["fire"]["time_past_2ha_s"].as_f64().is_some());
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("Wildfire"), "{md}");
}

/// Each GeoJSON feature ignites at its own `time_s` or `time` property: two points with no wind,
/// one at t = 0 and one at "20min" far from it, and a line at `time_s` 600.
#[test]
fn geojson_ignitions_keep_their_feature_times() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    let (ax, ay) = xy(10, 10);
    let (bx, by) = xy(30, 30);
    let (l0x, ly) = xy(35, 2);
    let (l1x, _) = xy(35, 6);
    let ign = dir.path().join("ign.geojson");
    std::fs::write(
        &ign,
        format!(
            r#"{{"type":"FeatureCollection","features":[
  {{"type":"Feature","properties":{{"time_s":0}},"geometry":{{"type":"Point","coordinates":[{ax},{ay}]}}}},
  {{"type":"Feature","properties":{{"time":"20min"}},"geometry":{{"type":"Point","coordinates":[{bx},{by}]}}}},
  {{"type":"Feature","properties":{{"time_s":600,"name":"line"}},"geometry":{{"type":"LineString","coordinates":[[{l0x},{ly}],[{l1x},{ly}]]}}}}
]}}"#
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_fire(
        &dem,
        &out,
        &["--fuel", "1", "--ignitions", s(&ign), "--duration", "30min"],
    );
    let arr = arrival(&out);
    // Exact: an ignition cell's arrival time is its ignition time.
    assert_eq!(arr.data[[10, 10]], 0.0);
    assert_eq!(arr.data[[30, 30]], 1200.0);
    for c in 2..=6 {
        assert_eq!(arr.data[[35, c]], 600.0, "line cell (35, {c})");
    }
    // Cells next to the late ignition burn after it, not before.
    assert!(arr.data[[30, 31]] > 1200.0 && arr.data[[30, 31]] <= 1800.0);
    let sum = json(&out.join("summary.json"));
    let times: Vec<f64> = sum["inputs"]["ignitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["time_s"].as_f64().unwrap())
        .collect();
    assert!(times.contains(&0.0) && times.contains(&1200.0) && times.contains(&600.0));
    // Bad times are one clear line naming the feature and the property.
    for (props, needles) in [
        (
            r#"{"time_s":-5}"#,
            vec!["features[0].properties.time_s", ">= 0"],
        ),
        (
            r#"{"time":"soon"}"#,
            vec!["features[0].properties.time", "soon"],
        ),
        (r#"{"time_s":"1h"}"#, vec!["time_s", "not a time"]),
    ] {
        let bad = dir.path().join("bad.geojson");
        std::fs::write(
            &bad,
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{props},"geometry":{{"type":"Point","coordinates":[{ax},{ay}]}}}}]}}"#
            ),
        )
        .unwrap();
        let o = run(&[
            "fire",
            "--dem",
            s(&dem),
            "--fuel",
            "1",
            "--ignitions",
            s(&bad),
            "--duration",
            "10min",
            "--out",
            s(&out),
            "--quiet",
        ]);
        let mut n = needles;
        n.push("bad.geojson");
        assert_one_line_error(&o, &n);
    }
}

/// `--wind` without `--wind-dir` (or the reverse) is refused instead of blowing from the north.
#[test]
fn wind_needs_its_direction() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    let (ix, iy) = xy(20, 20);
    let ig = format!("{ix},{iy}");
    let out = dir.path().join("out");
    for (flag, value, missing) in [
        ("--wind", "3", "--wind-dir"),
        ("--wind-dir", "270", "--wind"),
    ] {
        let o = run(&[
            "fire",
            "--dem",
            s(&dem),
            "--fuel",
            "1",
            flag,
            value,
            "--ignition",
            &ig,
            "--duration",
            "10min",
            "--out",
            s(&out),
            "--quiet",
        ]);
        assert!(!o.status.success(), "{flag} alone was accepted");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("required") && err.contains(&format!("{missing} <")),
            "{flag} alone: {err}"
        );
        assert!(!out.join("summary.json").exists());
    }
}

/// `hazsim crown`: every output is written, the summary's fire types add up to the burnable
/// cells, and a cell's values are those of the library's crown model (validated against
/// pyrothermel in hazsim-fire's tests) for that cell's slope and aspect. A canopy raster splits
/// the hill between low crowns (torching) and high crowns (surface fire).
#[test]
fn crown_writes_fire_types_and_matches_the_library() {
    use hazsim_fire::crown::{crown_fire, Canopy, CrownFireType, CrownInputs};
    use hazsim_fire::wind_adjustment::{wind_adjustment_factor, Canopy as Shelter};
    use hazsim_fire::{FuelModel, FuelMoisture, SpreadOptions};
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    // Crowns start 1.5 m up on the west half and 12 m up on the east half; the top row has no
    // canopy data (nodata) and is left out.
    let cbh = grid(Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        if r == 0 {
            -9999.0
        } else if c < COLS / 2 {
            1.5f32
        } else {
            12.0
        }
    }))
    .with_nodata(-9999.0);
    let cbh_path = dir.path().join("cbh.tif");
    hazsim_io::write_raster(&cbh, &cbh_path).unwrap();
    let out = dir.path().join("crown");
    let o = run(&[
        "crown",
        "--dem",
        dem.to_str().unwrap(),
        "--fuel",
        "165",
        "--wind",
        "13.4",
        "--wind-dir",
        "225",
        "--moisture",
        "0.05,0.06,0.08,0.6,0.9",
        "--canopy-base-height",
        cbh_path.to_str().unwrap(),
        "--canopy-bulk-density",
        "0.05",
        "--canopy-height",
        "20",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    common::assert_files(
        &out,
        &[
            "crown_fire_type.tif",
            "crown_fire_type.png",
            "crown_ros.tif",
            "crown_fireline_intensity.tif",
            "crown_flame_length.tif",
            "transition_ratio.tif",
            "active_ratio.tif",
            "crowning_index.tif",
            "crowning_index.png",
            "summary.json",
        ],
    );
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let cells = |k: &str| s["fire_types"][k]["cells"].as_u64().unwrap();
    assert_eq!(
        cells("surface") + cells("torching") + cells("conditional crown fire") + cells("crowning"),
        ((ROWS - 1) * COLS) as u64
    );
    let read = |n: &str| hazsim_io::read_raster(out.join(n)).unwrap().into_f32();
    let types = read("crown_fire_type.tif");
    assert_eq!(types.data[[20, 5]], CrownFireType::Torching.code() as f32);
    assert_eq!(types.data[[20, 35]], CrownFireType::Surface.code() as f32);
    assert!(types.data.row(0).iter().all(|v| v.is_nan()));
    // One cell against the library, with the terrain's slope and aspect there.
    let terrain =
        hazsim_grid::Terrain::new(hazsim_io::read_raster(&dem).unwrap().into_f32()).unwrap();
    let (r, c) = (20, 5);
    let model = FuelModel::standard(165).unwrap();
    let canopy = Canopy {
        base_height: 1.5,
        bulk_density: 0.05,
        height: 20.0,
        foliar_moisture: 1.0,
    };
    let shelter = Shelter {
        cover: 0.5,
        height: 20.0,
        crown_ratio: 18.5 / 20.0,
    };
    let f = crown_fire(
        &model,
        &canopy,
        &CrownInputs {
            moisture: FuelMoisture::new(0.05, 0.06, 0.08, 0.6, 0.9).unwrap(),
            wind_20ft: 13.4,
            waf: wind_adjustment_factor(model.depth, Some(&shelter)).unwrap(),
            wind_direction: 225.0,
            slope_fraction: (terrain.slope().data[[r, c]] as f64).to_radians().tan(),
            aspect: terrain.aspect().data[[r, c]] as f64,
        },
        &SpreadOptions::behave(),
    )
    .unwrap();
    let ros = read("crown_ros.tif").data[[r, c]] as f64;
    assert!(
        (ros - f.final_ros).abs() < 1e-6 * f.final_ros,
        "{ros} vs {}",
        f.final_ros
    );
    let ci = read("crowning_index.tif").data[[r, c]] as f64;
    assert!((ci - f.crowning_wind_20ft).abs() < 1e-5 * f.crowning_wind_20ft);
}

#[test]
fn crown_bad_inputs_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let dem = hill(dir.path());
    let d = dem.to_str().unwrap();
    let out = dir.path().join("o");
    let o = out.to_str().unwrap();
    let base = |extra: &[&str]| {
        let mut v = vec![
            "crown",
            "--dem",
            d,
            "--fuel",
            "165",
            "--wind",
            "10",
            "--wind-dir",
            "225",
            "--canopy-base-height",
            "2",
            "--canopy-bulk-density",
            "0.1",
            "--canopy-height",
            "20",
            "--out",
            o,
        ];
        v.extend_from_slice(extra);
        run(&v)
    };
    assert_one_line_error(
        &base(&["--foliar-moisture", "100"]),
        &["foliar_moisture", "100"],
    );
    assert_one_line_error(
        &base(&["--foliar-moisture", "nope.tif"]),
        &["--foliar-moisture", "raster"],
    );
    let small = dir.path().join("small.tif");
    hazsim_io::write_raster(
        &Raster::new(
            Array2::from_elem((5, 5), 2.0f32),
            GeoTransform::north_up(ORIGIN_X, ORIGIN_Y, CELL),
            Crs::epsg(32633),
        ),
        &small,
    )
    .unwrap();
    assert_one_line_error(
        &base(&["--canopy-cover", small.to_str().unwrap()]),
        &["--canopy-cover", "grid"],
    );
}
