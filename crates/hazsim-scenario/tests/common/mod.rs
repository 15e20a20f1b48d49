//! A small synthetic valley for scenario tests: 10 m cells, sides rising 0.3 m per metre
//! (about 17°) to a channel that falls 2 % to the south, and a flat reservoir basin behind a
//! dam row near the top.

#![allow(dead_code)]

use hazsim_grid::{Crs, GeoTransform, Raster};
use std::path::Path;

pub const ROWS: usize = 60;
pub const COLS: usize = 41;
pub const CELL: f64 = 10.0;
pub const X0: f64 = 500_000.0;
pub const Y0: f64 = 4_000_600.0;

/// World (x, y) of a cell centre.
pub fn xy(r: usize, c: usize) -> (f64, f64) {
    (X0 + (c as f64 + 0.5) * CELL, Y0 - (r as f64 + 0.5) * CELL)
}

pub fn valley() -> Raster<f32> {
    valley_with(0.3, 0.02)
}

/// The valley with sides rising `side` metres per metre and a channel falling `along`.
pub fn valley_with(side: f32, along: f32) -> Raster<f32> {
    let z = ndarray::Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        let across = (c as f32 - 20.0).abs() * CELL as f32 * side;
        let along = (ROWS - r) as f32 * CELL as f32 * along;
        100.0 + along + across
    });
    Raster::new(z, GeoTransform::north_up(X0, Y0, CELL), Crs::epsg(32616))
}

/// Writes the valley DEM to `dir/dem.tif`.
pub fn write_dem(dir: &Path) {
    hazsim_io::write_raster(&valley(), dir.join("dem.tif")).unwrap();
}

/// A GeoJSON of assets: a road across the valley at row 40, a house at the channel (row 45),
/// a school on the east slope, a shelter high on the west slope.
pub fn write_assets(dir: &Path) {
    let (rx0, ry) = xy(40, 2);
    let (rx1, _) = xy(40, 38);
    let house = xy(45, 20);
    let school = xy(30, 30);
    let shelter = xy(50, 3);
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32616"}}}},"features":[
        {{"type":"Feature","id":"road-1","properties":{{"kind":"road","name":"Valley road"}},"geometry":{{"type":"LineString","coordinates":[[{rx0},{ry}],[{rx1},{ry}]]}}}},
        {{"type":"Feature","id":"house-1","properties":{{"kind":"residential","name":"Mill house","population_day":4,"population_night":6}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}},
        {{"type":"Feature","id":"school-1","properties":{{"kind":"school","name":"Hill school","population_day":120,"population_night":0}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}},
        {{"type":"Feature","id":"shelter-1","properties":{{"kind":"shelter","name":"West shelter","capacity":50}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}}
        ]}}"#,
        house.0, house.1, school.0, school.1, shelter.0, shelter.1
    );
    std::fs::write(dir.join("assets.geojson"), text).unwrap();
}

/// Header of a scenario on the valley.
pub fn header(name: &str, duration: &str) -> String {
    format!(
        "[scenario]\nname = \"{name}\"\nduration = \"{duration}\"\ncheck_interval = \"5min\"\nseed = 3\n\n[terrain]\ndem = \"dem.tif\"\n\n"
    )
}
