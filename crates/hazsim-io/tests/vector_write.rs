//! GeoJSON and CSV writers: output parsed back, quoting, precision, atomicity.

use hazsim_io::vector::{write_csv, write_geojson, CsvValue, Feature, Geometry};
use serde_json::{json, Value};

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn geojson_feature_collection_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.geojson");
    let features = vec![
        Feature::new(Geometry::Point((500_000.123456789, 4_000_000.987654321)))
            .with_property("name", "gauge \"A\", north")
            .with_property("depth_m", 0.1 + 0.2)
            .with_id(1),
        Feature::new(Geometry::LineString(vec![
            (0.0, 0.0),
            (10.0, 5.0),
            (20.0, 0.0),
        ]))
        .with_property("time_s", 3600),
        Feature::new(Geometry::Polygon(vec![vec![
            (0.0, 0.0),
            (0.0, 10.0),
            (10.0, 10.0),
            (10.0, 0.0),
        ]]))
        .with_property("class", json!({"level": 3, "label": "high"})),
        Feature::new(Geometry::MultiPoint(vec![(1.0, 1.0), (2.0, 2.0)])),
        Feature::new(Geometry::MultiLineString(vec![
            vec![(0.0, 0.0), (1.0, 1.0)],
            vec![(2.0, 2.0), (3.0, 3.0)],
        ])),
        Feature::new(Geometry::MultiPolygon(vec![vec![vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
        ]]])),
    ];
    write_geojson(&path, &features, Some(32616)).unwrap();
    let v = read_json(&path);
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["crs"]["type"], "name");
    assert_eq!(
        v["crs"]["properties"]["name"],
        "urn:ogc:def:crs:EPSG::32616"
    );
    let f = v["features"].as_array().unwrap();
    assert_eq!(f.len(), 6);
    // Full precision survives.
    assert_eq!(
        f[0]["geometry"]["coordinates"][0].as_f64().unwrap(),
        500_000.123456789
    );
    assert_eq!(
        f[0]["geometry"]["coordinates"][1].as_f64().unwrap(),
        4_000_000.987654321
    );
    assert_eq!(f[0]["properties"]["depth_m"].as_f64().unwrap(), 0.1 + 0.2);
    assert_eq!(f[0]["properties"]["name"], "gauge \"A\", north");
    assert_eq!(f[0]["id"], 1);
    assert_eq!(f[1]["geometry"]["type"], "LineString");
    assert_eq!(f[1]["properties"]["time_s"], 3600);
    // Polygon ring closed and wound counter-clockwise (the input was clockwise).
    let ring = f[2]["geometry"]["coordinates"][0].as_array().unwrap();
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    assert_eq!(ring[1], json!([10.0, 0.0]));
    assert_eq!(f[2]["properties"]["class"]["label"], "high");
    assert_eq!(f[3]["geometry"]["type"], "MultiPoint");
    assert_eq!(f[4]["geometry"]["coordinates"][1][1], json!([3.0, 3.0]));
    assert_eq!(
        f[5]["geometry"]["coordinates"][0][0]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Without an EPSG code there is no crs member; an empty collection is valid.
    write_geojson(&path, &[], None).unwrap();
    let v = read_json(&path);
    assert!(v.get("crs").is_none());
    assert_eq!(v["features"], json!([]));
}

#[test]
fn invalid_geojson_input_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.geojson");
    write_geojson(&path, &[Feature::new(Geometry::Point((1.0, 2.0)))], None).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let e = write_geojson(
        &path,
        &[Feature::new(Geometry::Point((f64::NAN, 2.0)))],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("features[0].geometry.coordinates") && e.contains("finite"),
        "{e}"
    );
    let e = write_geojson(
        &path,
        &[Feature::new(Geometry::LineString(vec![(0.0, 0.0)]))],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("at least 2"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
}

/// A small RFC 4180 reader for checking the writer.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_quoting_and_precision() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    let third = 1.0f64 / 3.0;
    let rows = vec![
        vec![
            CsvValue::from("plain"),
            third.into(),
            42i32.into(),
            true.into(),
        ],
        vec![
            "comma, inside".into(),
            1e-9.into(),
            (-7i64).into(),
            CsvValue::Empty,
        ],
        vec![
            "quote \"q\"".into(),
            f64::NAN.into(),
            0usize.into(),
            false.into(),
        ],
        vec![
            "line\nbreak".into(),
            0.1f32.into(),
            None::<i32>.into(),
            Some(2.5).into(),
        ],
        vec![
            " padded ".into(),
            f64::NEG_INFINITY.into(),
            u64::MAX.into(),
            "".into(),
        ],
    ];
    let n = write_csv(&path, &["name", "value, m", "count", "flag"], rows).unwrap();
    assert_eq!(n, 5);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("name,\"value, m\",count,flag\n"), "{text}");
    let parsed = parse_csv(&text);
    assert_eq!(parsed.len(), 6);
    assert!(parsed.iter().all(|r| r.len() == 4), "{parsed:?}");
    assert_eq!(
        parsed[1][1].parse::<f64>().unwrap(),
        third,
        "full precision"
    );
    assert_eq!(parsed[1][2], "42");
    assert_eq!(parsed[1][3], "true");
    assert_eq!(parsed[2][0], "comma, inside");
    assert_eq!(parsed[2][1].parse::<f64>().unwrap(), 1e-9);
    assert_eq!(parsed[2][3], "");
    assert_eq!(parsed[3][0], "quote \"q\"");
    assert_eq!(parsed[3][1], "", "NaN is an empty field");
    assert_eq!(parsed[4][0], "line\nbreak");
    assert_eq!(parsed[4][1], "0.1", "f32 keeps its short form");
    assert_eq!(parsed[4][2], "");
    assert_eq!(parsed[4][3], "2.5");
    assert_eq!(parsed[5][0], " padded ");
    assert_eq!(parsed[5][1], "-inf");
    assert_eq!(parsed[5][2], u64::MAX.to_string());
}

#[test]
fn csv_short_row_is_an_error_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    write_csv(&path, &["a", "b"], vec![vec![1.into(), 2.into()]]).unwrap();
    let e = write_csv(
        &path,
        &["a", "b"],
        vec![vec![1.into(), 2.into()], vec![3.into()]],
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("row 1") && e.contains("2 values"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(write_csv(&path, &[], Vec::<Vec<CsvValue>>::new()).is_err());
    let missing = dir.path().join("no/such/dir/t.csv");
    let e = write_csv(&missing, &["a"], Vec::<Vec<CsvValue>>::new())
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}
