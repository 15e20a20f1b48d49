//! Bad scenario files: each a clear error naming the file, the line or key, the value and the
//! fix, and never a panic.

mod common;

use common::*;
use hazsim_scenario::Scenario;

fn err(dir: &std::path::Path, text: &str) -> String {
    let p = dir.join("bad.toml");
    std::fs::write(&p, text).unwrap();
    match Scenario::from_toml(&p) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_dem(dir.path());
    write_assets(dir.path());
    dir
}

const FLOOD: &str = "[[hazard]]\nid = \"storm\"\nkind = \"flood\"\nrain = { series = [[\"0min\", 30.0], [\"1h\", 0.0]] }\n";

#[test]
fn unknown_keys_name_file_line_and_key() {
    let d = setup();
    let e = err(
        d.path(),
        &(header("x", "1h").replace("seed = 3", "seed = 3\ncolour = 4") + FLOOD),
    );
    assert!(e.contains("bad.toml:6") && e.contains("colour"), "{e}");
    // An unknown key inside a hazard, and in an engine config.
    let e = err(d.path(), &(header("x", "1h") + FLOOD + "flavour = 1\n"));
    assert!(e.contains("bad.toml:") && e.contains("flavour"), "{e}");
    let e = err(
        d.path(),
        &(header("x", "1h") + FLOOD + "[hazard.config]\nalfa = 0.5\n"),
    );
    assert!(e.contains("alfa") && e.contains("alpha"), "{e}");
    // A wrong kind.
    let e = err(
        d.path(),
        &(header("x", "1h") + "[[hazard]]\nid = \"q\"\nkind = \"quake\"\n"),
    );
    assert!(e.contains("quake") && e.contains("flood"), "{e}");
}

#[test]
fn triggers_must_name_hazards_of_the_right_kind_without_cycles() {
    let d = setup();
    let debris = |start: &str| {
        format!("[[hazard]]\nid = \"slides\"\nkind = \"debris\"\nstart = {start}\nrelease = {{ points = [[500205.0, 4000395.0]] }}\n")
    };
    let e = err(
        d.path(),
        &(header("x", "1h")
            + FLOOD
            + &debris(r#"{ when = "rain", of = "nope", mm = 10, within = "1h" }"#)),
    );
    assert!(e.contains("nope") && e.contains("storm"), "{e}");
    let e = err(
        d.path(),
        &(header("x", "1h") + FLOOD + &debris(r#"{ when = "fire_area", of = "storm", ha = 1 }"#)),
    );
    assert!(
        e.contains("fire hazard") && e.contains("flood hazard"),
        "{e}"
    );
    let e = err(
        d.path(),
        &(header("x", "1h")
            + FLOOD
            + &debris(
                r#"{ when = "gauge", of = "storm", field = "wetness", at = [500205.0, 4000395.0], above = 1 }"#,
            )),
    );
    assert!(e.contains("wetness"), "{e}");
    // A cycle: two debris hazards each waiting on the other's gauge.
    let cyc = header("x", "1h")
        + "[[hazard]]\nid = \"a\"\nkind = \"debris\"\nstart = { when = \"gauge\", of = \"b\", field = \"travel_length\", at = [500205.0, 4000395.0], above = 1 }\nrelease = { points = [[500205.0, 4000395.0]] }\n"
        + "[[hazard]]\nid = \"b\"\nkind = \"debris\"\nstart = { when = \"gauge\", of = \"a\", field = \"travel_length\", at = [500205.0, 4000395.0], above = 1 }\nrelease = { points = [[500205.0, 4000395.0]] }\n";
    let e = err(d.path(), &cyc);
    assert!(
        e.contains("cycle") && e.contains("\"a\" -> \"b\" -> \"a\""),
        "{e}"
    );
    // A susceptible release needs a rain trigger.
    let e = err(
        d.path(),
        &(header("x", "1h")
            + FLOOD
            + "[[hazard]]\nid = \"s\"\nkind = \"debris\"\nrelease = { susceptible = {} }\n"),
    );
    assert!(e.contains("susceptible") && e.contains("rain"), "{e}");
}

#[test]
fn times_out_of_order_or_past_the_end() {
    let d = setup();
    let e = err(d.path(), &(header("x", "1h") + FLOOD + "start = \"2h\"\n"));
    assert!(e.contains("start") && e.contains("duration"), "{e}");
    let e = err(d.path(), &(header("x", "1h") + "[[hazard]]\nid = \"s\"\nkind = \"flood\"\nrain = { series = [[\"30min\", 10.0], [\"10min\", 0.0]] }\n"));
    assert!(e.contains("increasing"), "{e}");
    let e = err(d.path(), &(header("x", "1 fortnight") + FLOOD));
    assert!(e.contains("not a duration"), "{e}");
    // A check interval so short the run would never end.
    let e = err(
        d.path(),
        &(header("x", "30d").replace("check_interval = \"5min\"", "check_interval = \"1s\"")
            + FLOOD),
    );
    assert!(
        e.contains("check_interval") && e.contains("105120 checks"),
        "{e}"
    );
    let e = err(
        d.path(),
        &header("x", "1h").replace("check_interval = \"5min\"", "check_interval = \"2h\""),
    );
    assert!(e.contains("check_interval"), "{e}");
}

#[test]
fn assets_depots_and_rasters_off_the_grid() {
    let d = setup();
    // Assets entirely outside the terrain.
    std::fs::write(
        d.path().join("far.geojson"),
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32616"}},"features":[{"type":"Feature","properties":{"kind":"school"},"geometry":{"type":"Point","coordinates":[900000,4000000]}}]}"#,
    )
    .unwrap();
    let e = err(
        d.path(),
        &(header("x", "1h") + "[[asset_layer]]\npath = \"far.geojson\"\n"),
    );
    assert!(e.contains("entirely outside"), "{e}");
    // A GeoJSON in another CRS, and one in longitude/latitude.
    std::fs::write(
        d.path().join("other.geojson"),
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32617"}},"features":[{"type":"Feature","properties":{"kind":"school"},"geometry":{"type":"Point","coordinates":[500100,4000100]}}]}"#,
    )
    .unwrap();
    let e = err(
        d.path(),
        &(header("x", "1h") + "[[asset_layer]]\npath = \"other.geojson\"\n"),
    );
    // Without the gdal feature another CRS is refused naming both; with it the points are
    // reprojected (here they land far off the terrain).
    #[cfg(not(feature = "gdal"))]
    assert!(e.contains("EPSG:32617") && e.contains("EPSG:32616"), "{e}");
    #[cfg(feature = "gdal")]
    assert!(e.contains("entirely outside"), "{e}");
    std::fs::write(
        d.path().join("lonlat.geojson"),
        r#"{"type":"Feature","properties":{"kind":"school"},"geometry":{"type":"Point","coordinates":[-84.2,36.3]}}"#,
    )
    .unwrap();
    let e = err(
        d.path(),
        &(header("x", "1h") + "[[asset_layer]]\npath = \"lonlat.geojson\"\n"),
    );
    #[cfg(not(feature = "gdal"))]
    assert!(e.contains("longitude/latitude"), "{e}");
    #[cfg(feature = "gdal")]
    assert!(e.contains("entirely outside"), "{e}");
    // A depot off the grid.
    let e = err(
        d.path(),
        &(header("x", "1h") + "[[depot]]\nname = \"Store\"\nat = [1.0, 2.0]\n"),
    );
    assert!(
        e.contains("depot[0].at (Store)") && e.contains("on the terrain"),
        "{e}"
    );
    // A raster on another grid (the gdal feature warps it instead: tests/gdal.rs).
    #[cfg(not(feature = "gdal"))]
    {
        let small = hazsim_grid::Raster::new(
            ndarray::Array2::<f32>::zeros((5, 5)),
            hazsim_grid::GeoTransform::north_up(X0, Y0, CELL),
            hazsim_grid::Crs::epsg(32616),
        );
        hazsim_io::write_raster(&small, d.path().join("pop.tif")).unwrap();
        let e = err(
            d.path(),
            &header("x", "1h").replace(
                "dem = \"dem.tif\"",
                "dem = \"dem.tif\"\npopulation_day = \"pop.tif\"",
            ),
        );
        assert!(e.contains("population_day") && e.contains("grid"), "{e}");
    }
    // A missing DEM names the key and the path.
    let e = err(
        d.path(),
        &header("x", "1h").replace("dem.tif", "nowhere.tif"),
    );
    assert!(
        e.contains("terrain.dem") && e.contains("nowhere.tif"),
        "{e}"
    );
}

#[test]
fn engine_settings_are_checked_before_the_run() {
    let d = setup();
    let e = err(
        d.path(),
        &(header("x", "1h") + FLOOD + "[hazard.config]\nalpha = 3.0\n"),
    );
    assert!(
        e.contains("alpha") && e.contains("hazard[0] (storm)"),
        "{e}"
    );
    let e = err(
        d.path(),
        &(header("x", "1h")
            + "[[hazard]]\nid = \"f\"\nkind = \"fire\"\nignition = [[1.0, 1.0]]\nfuel = \"GR2\"\nweather = [{ midflame_wind_speed = 2.0, wind_direction = 0.0, moisture = { one_hour = 0.06, ten_hour = 0.07, hundred_hour = 0.08, live_herb = 0.6, live_woody = 0.9 } }]\n"),
    );
    assert!(e.contains("ignition[0]"), "{e}");
    let e = err(
        d.path(),
        &(header("x", "1h")
            + "[[hazard]]\nid = \"f\"\nkind = \"fire\"\nignition = [[500205.0, 4000395.0]]\nfuel = \"XX9\"\nweather = []\n"),
    );
    assert!(e.contains("fuel") && e.contains("XX9"), "{e}");
    // A probability out of range.
    let e = err(
        d.path(),
        &(header("x", "1h") + FLOOD + "probability = 1.5\n"),
    );
    assert!(e.contains("probability"), "{e}");
}

#[test]
fn dict_form_errors_name_the_structure() {
    let e = Scenario::from_json(
        r#"{"scenario": {"name": "x", "duration": "1h", "colour": 1}}"#,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn impact_columns_are_the_rows_fields() {
    let row = hazsim_scenario::ImpactRow {
        id: "a".into(),
        name: "A".into(),
        kind: "road".into(),
        state: hazsim_scenario::exposure::State::Open,
        worst_state: hazsim_scenario::exposure::State::Cut,
        flood_arrival_s: None,
        fire_arrival_s: None,
        debris_arrival_s: None,
        max_flood_depth_m: 0.0,
        max_dv_m2_s: 0.0,
        flood_hazard_class: 0.0,
        flame_length_m: 0.0,
        fireline_intensity_kw_m: 0.0,
        debris_pressure_kpa: 0.0,
        debris_depth_m: 0.0,
        time_cut_s: 0.0,
        first_cut_s: None,
        population_day: 0.0,
        population_night: 0.0,
        capacity: 0.0,
        sheltered: 0.0,
        length_m: 0.0,
        value: 0.0,
    };
    let v = serde_json::to_value(&row).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut cols = hazsim_scenario::ImpactRow::COLUMNS.to_vec();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    cols.sort_unstable();
    assert_eq!(sorted, cols);
}
