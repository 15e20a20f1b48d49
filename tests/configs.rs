//! Engine configurations are serde types: the scenario file, the CLI and Python fill the same
//! structs. Checked for every engine: an empty file gives the defaults (defaults live once, in
//! `Default`), the defaults go to TOML and back unchanged, an unknown key is refused with its
//! name and line, a full example reads as written, and a raster named by path is read onto the
//! DEM's grid before a run.

use hazsim::debris::voellmy::{Edge, VoellmyConfig, VoellmyRelease};
use hazsim::debris::{RoutingScheme, RunoutParams};
use hazsim::fire::spread::{RosNoise, SegmentRos, SpreadConfig};
use hazsim::flood::{Boundary, FloodConfig, Rain};
use hazsim::grid::{Crs, Field, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

fn round_trip<T: Default + Serialize + DeserializeOwned + PartialEq + Debug>(name: &str) {
    let empty: T = toml::from_str("").unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        empty,
        T::default(),
        "{name}: an empty file gives the defaults"
    );
    let text = toml::to_string(&T::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back: T = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
    assert_eq!(back, T::default(), "{name}: defaults through TOML\n{text}");
}

fn unknown_key<T: DeserializeOwned + Debug>(name: &str, text: &str, key: &str) {
    let e = toml::from_str::<T>(text).unwrap_err().to_string();
    assert!(e.contains(key), "{name}: {e}");
    assert!(e.contains("unknown field"), "{name}: {e}");
    assert!(e.contains("line"), "{name}: the error gives the line: {e}");
}

#[test]
fn defaults_round_trip_and_unknown_keys_are_refused() {
    round_trip::<FloodConfig>("flood");
    round_trip::<SpreadConfig>("fire");
    round_trip::<VoellmyConfig>("voellmy");
    round_trip::<RunoutParams>("routing");
    unknown_key::<FloodConfig>("flood", "duration = 60\nmannning = 0.03\n", "mannning");
    unknown_key::<SpreadConfig>("fire", "seed = 1\nstencil = 4\n", "stencil");
    unknown_key::<VoellmyConfig>(
        "voellmy",
        "[edges]\nnorth = \"open\"\nup = \"closed\"\n",
        "up",
    );
    unknown_key::<RunoutParams>("routing", "alpha = 12\n", "alpha");
}

#[test]
fn full_examples_read_as_written() {
    let f: FloodConfig = toml::from_str(
        r#"
duration = 7200
manning = "roughness.tif"
output_interval = 300
snapshots = ["depth", "speed"]
max_froude = 1.0
rain = { uniform = [[0, 30], [1800, 0]] }

[boundaries]
south = { free_outflow = { slope = 0.01 } }
west = { fixed_level = 101.5 }
north = "closed"

[[inflows]]
x = 752000
y = 4021000
hydrograph = [[0, 5], [600, 40], [3600, 0]]
"#,
    )
    .unwrap();
    assert_eq!(f.duration, 7200.0);
    assert_eq!(f.manning, Field::Path("roughness.tif".into()));
    assert_eq!(f.output_interval, Some(300.0));
    assert_eq!(f.rain, Rain::Uniform(vec![(0.0, 30.0), (1800.0, 0.0)]));
    assert_eq!(
        f.boundaries.south,
        Boundary::FreeOutflow { slope: Some(0.01) }
    );
    assert_eq!(f.boundaries.west, Boundary::FixedLevel(101.5));
    assert_eq!(f.inflows[0].hydrograph[1], (600.0, 40.0));
    assert_eq!(
        f.alpha,
        FloodConfig::default().alpha,
        "unset keys keep their defaults"
    );

    let s: SpreadConfig = toml::from_str(
        "duration = 86400\nseed = 7\nsegment_ros = \"half_and_half\"\nros_noise = { per_cell = { sigma = 0.2 } }\n[spotting]\nembers = 4\n",
    )
    .unwrap();
    assert_eq!(s.segment_ros, SegmentRos::HalfAndHalf);
    assert_eq!(s.ros_noise, RosNoise::PerCell { sigma: 0.2 });
    assert_eq!(s.spotting.unwrap().embers, 4);
    assert_eq!(
        s.spotting.unwrap().delay,
        120.0,
        "spotting defaults fill the rest"
    );

    let v: VoellmyConfig = toml::from_str(
        "mu = 0.15\nxi = \"xi.tif\"\nduration = 120\n[release.hydrograph]\nx = 10\ny = 20\ndischarge = [[0, 5], [30, 0]]\n[edges]\nsouth = \"closed\"\n",
    )
    .unwrap();
    assert_eq!(v.mu, Field::Uniform(0.15));
    assert_eq!(v.xi, Field::Path("xi.tif".into()));
    assert!(matches!(v.release, VoellmyRelease::Hydrograph { x, .. } if x == 10.0));
    assert_eq!(v.edges.south, Edge::Closed);
    assert_eq!(v.edges.north, Edge::Open);

    let r: RunoutParams =
        toml::from_str("travel_angle = 14\nmax_velocity = \"caps.tif\"\nrouting = \"flow-py\"\n")
            .unwrap();
    assert_eq!(r.travel_angle, Field::Uniform(14.0));
    assert_eq!(r.max_velocity, Some(Field::Path("caps.tif".into())));
    assert_eq!(r.routing, RoutingScheme::FlowPy);
}

/// A Manning's n raster named by path in a configuration is read onto the DEM's grid, and the run
/// equals one given the same raster in memory; a path never read is an error naming the key.
#[test]
fn rasters_named_by_path_are_read_before_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let dem = Raster::new(
        ndarray::Array2::from_shape_fn((20, 30), |(r, c)| (0.2 * r as f32) + 0.01 * c as f32),
        GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0),
        Crs::epsg(32616),
    );
    let n = dem.map(|&z| 0.03 + 0.001 * z);
    hazsim::io::write_raster(&n, dir.path().join("n.tif")).unwrap();
    let t = Terrain::new(dem.clone()).unwrap();
    let text = "duration = 300\nmanning = \"n.tif\"\nrain = { uniform = [[0, 50]] }\n";
    let mut cfg: FloodConfig = toml::from_str(text).unwrap();
    let e = hazsim::flood::FloodSimulation::new(&t, cfg.clone()).unwrap_err();
    assert!(
        e.to_string().contains("manning") && e.to_string().contains("n.tif"),
        "{e}"
    );
    hazsim::io::read_field_inputs(&mut cfg, Some(dir.path()), &dem).unwrap();
    let mut from_file = hazsim::flood::FloodSimulation::new(&t, cfg.clone()).unwrap();
    let mut in_memory = hazsim::flood::FloodSimulation::new(
        &t,
        FloodConfig {
            manning: Field::Raster(n),
            ..cfg
        },
    )
    .unwrap();
    from_file.advance(300.0, &mut NoProgress).unwrap();
    in_memory.advance(300.0, &mut NoProgress).unwrap();
    assert_eq!(
        from_file.field("flood.depth").unwrap(),
        in_memory.field("flood.depth").unwrap()
    );
    // A path on another grid is refused, naming the key.
    let other = Raster::new(
        ndarray::Array2::<f32>::zeros((5, 5)),
        dem.transform,
        dem.crs.clone(),
    );
    hazsim::io::write_raster(&other, dir.path().join("small.tif")).unwrap();
    let mut bad: FloodConfig = toml::from_str("manning = \"small.tif\"").unwrap();
    let e = hazsim::io::read_field_inputs(&mut bad, Some(dir.path()), &dem).unwrap_err();
    assert!(e.to_string().contains("manning"), "{e}");
}
