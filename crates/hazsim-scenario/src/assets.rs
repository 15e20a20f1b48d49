//! Assets: the people, roads and buildings a scenario measures. Read from GeoJSON layers
//! (points, lines, polygons) whose properties give `kind`, `name`, `population_day`,
//! `population_night`, `capacity` (shelters) and `value`, and optional threshold overrides
//! under the same names as `[thresholds.<kind>]`.
//!
//! # Default thresholds
//!
//! | kind | cut by flood depth | damaged by flood depth | destroyed by d·v | damaged by flame length | destroyed by fireline intensity | damaged by debris pressure | destroyed by debris pressure |
//! |---|---|---|---|---|---|---|---|
//! | road, bridge | 0.3 m | 1.0 m | 3 m²/s | 2.4 m | 4000 kW/m | 35 kPa | 100 kPa |
//! | buildings (every other kind) | 0.3 m | 0.5 m | 7 m²/s | 1.2 m | 4000 kW/m | 10 kPa | 35 kPa |
//!
//! Sources and reasoning: a road is impassable to cars from 0.3 m of water (Pregnolato et al.
//! 2017, *Transp. Res. D* 55, 67: vehicle speed falls to zero at 300 mm); buildings take damage
//! once water is above a typical floor level (0.3 to 0.5 m) and masonry houses fail at
//! d·v ≈ 7 m²/s (Clausen & Clark 1990), light road structures near 3 m²/s; flames of 1.2 m
//! reach eaves and 2.4 m mark the limit of direct attack (the fire behaviour characteristics
//! chart, Andrews & Rothermel 1982); 4000 kW/m is a crown-fire intensity against which
//! structures are lost; debris-flow pressures of 10 kPa damage and 35 kPa destroy masonry
//! (Zanchetta et al. 2004 and Jakob et al. 2012 give damage from about 10 kPa and collapse of
//! unreinforced buildings from about 35 kPa; reinforced concrete needs about 100 kPa). Any
//! fire or debris at an asset cuts it (closes a road, stops a facility). These are
//! screening defaults: set local values in `[thresholds.<kind>]` or per asset.

use crate::spec::ThresholdOverride;
use crate::{Error, Result};
use hazsim_grid::Raster;
use hazsim_io::vector::{Feature, Geometry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an asset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    /// Homes.
    Residential,
    /// Schools.
    School,
    /// Hospitals and clinics.
    Hospital,
    /// Care homes for the elderly or disabled.
    CareHome,
    /// Emergency shelters (with `capacity`).
    Shelter,
    /// Roads (lines).
    Road,
    /// Bridges.
    Bridge,
    /// Power stations and substations.
    Power,
    /// Water supply.
    Water,
    /// Command posts.
    CommandPost,
    /// Industrial sites.
    Industrial,
}

impl AssetKind {
    /// Every kind.
    pub const ALL: [AssetKind; 11] = [
        AssetKind::Residential,
        AssetKind::School,
        AssetKind::Hospital,
        AssetKind::CareHome,
        AssetKind::Shelter,
        AssetKind::Road,
        AssetKind::Bridge,
        AssetKind::Power,
        AssetKind::Water,
        AssetKind::CommandPost,
        AssetKind::Industrial,
    ];

    /// The snake_case name used in files.
    pub fn name(self) -> &'static str {
        match self {
            AssetKind::Residential => "residential",
            AssetKind::School => "school",
            AssetKind::Hospital => "hospital",
            AssetKind::CareHome => "care_home",
            AssetKind::Shelter => "shelter",
            AssetKind::Road => "road",
            AssetKind::Bridge => "bridge",
            AssetKind::Power => "power",
            AssetKind::Water => "water",
            AssetKind::CommandPost => "command_post",
            AssetKind::Industrial => "industrial",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            AssetKind::Residential => "居民区",
            AssetKind::School => "学校",
            AssetKind::Hospital => "医院",
            AssetKind::CareHome => "养老院",
            AssetKind::Shelter => "避难场所",
            AssetKind::Road => "道路",
            AssetKind::Bridge => "桥梁",
            AssetKind::Power => "电力设施",
            AssetKind::Water => "供水设施",
            AssetKind::CommandPost => "指挥所",
            AssetKind::Industrial => "工业设施",
        }
    }

    /// A kind from its file name.
    pub fn parse(s: &str) -> Option<AssetKind> {
        AssetKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Roads and bridges: lines people travel along.
    pub fn is_link(self) -> bool {
        matches!(self, AssetKind::Road | AssetKind::Bridge)
    }

    /// Where people live (displaced when it is damaged).
    pub fn is_home(self) -> bool {
        matches!(self, AssetKind::Residential | AssetKind::CareHome)
    }
}

/// The thresholds that change an asset's state (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Flood depth (m) that cuts the asset.
    pub flood_cut_depth: f64,
    /// Flood depth (m) that damages it.
    pub flood_damage_depth: f64,
    /// Depth × speed (m²/s) that destroys it.
    pub flood_destroy_dv: f64,
    /// Flame length (m) that damages it.
    pub fire_damage_flame_length: f64,
    /// Fireline intensity (kW/m) that destroys it.
    pub fire_destroy_intensity: f64,
    /// Debris impact pressure (kPa) that damages it.
    pub debris_damage_pressure: f64,
    /// Debris impact pressure (kPa) that destroys it.
    pub debris_destroy_pressure: f64,
}

impl Thresholds {
    /// The defaults of a kind.
    ///
    /// ```
    /// use hazsim_scenario::assets::{AssetKind, Thresholds};
    /// assert_eq!(Thresholds::default_for(AssetKind::Road).flood_cut_depth, 0.3);
    /// ```
    pub fn default_for(kind: AssetKind) -> Thresholds {
        if kind.is_link() {
            Thresholds {
                flood_cut_depth: 0.3,
                flood_damage_depth: 1.0,
                flood_destroy_dv: 3.0,
                fire_damage_flame_length: 2.4,
                fire_destroy_intensity: 4000.0,
                debris_damage_pressure: 35.0,
                debris_destroy_pressure: 100.0,
            }
        } else {
            Thresholds {
                flood_cut_depth: 0.3,
                flood_damage_depth: 0.5,
                flood_destroy_dv: 7.0,
                fire_damage_flame_length: 1.2,
                fire_destroy_intensity: 4000.0,
                debris_damage_pressure: 10.0,
                debris_destroy_pressure: 35.0,
            }
        }
    }

    /// These thresholds with the keys `o` sets replaced.
    pub fn with(mut self, o: &ThresholdOverride) -> Thresholds {
        let set = |v: &mut f64, o: Option<f64>| {
            if let Some(x) = o {
                *v = x;
            }
        };
        set(&mut self.flood_cut_depth, o.flood_cut_depth);
        set(&mut self.flood_damage_depth, o.flood_damage_depth);
        set(&mut self.flood_destroy_dv, o.flood_destroy_dv);
        set(
            &mut self.fire_damage_flame_length,
            o.fire_damage_flame_length,
        );
        set(&mut self.fire_destroy_intensity, o.fire_destroy_intensity);
        set(&mut self.debris_damage_pressure, o.debris_damage_pressure);
        set(&mut self.debris_destroy_pressure, o.debris_destroy_pressure);
        self
    }

    fn check(&self, what: &str) -> Result<()> {
        for (k, v) in [
            ("flood_cut_depth", self.flood_cut_depth),
            ("flood_damage_depth", self.flood_damage_depth),
            ("flood_destroy_dv", self.flood_destroy_dv),
            ("fire_damage_flame_length", self.fire_damage_flame_length),
            ("fire_destroy_intensity", self.fire_destroy_intensity),
            ("debris_damage_pressure", self.debris_damage_pressure),
            ("debris_destroy_pressure", self.debris_destroy_pressure),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::invalid(
                    format!("{what}.{k}"),
                    v,
                    "a finite threshold >= 0",
                ));
            }
        }
        Ok(())
    }
}

/// One asset on the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// `<layer>:<index>` unless the feature has an `id`.
    pub id: String,
    /// `name` property, or the id.
    pub name: String,
    /// Kind.
    pub kind: AssetKind,
    /// Geometry (DEM CRS).
    pub geometry: Geometry,
    /// Row-major cells it covers on the grid (inside the grid only), sorted, unique.
    pub cells: Vec<usize>,
    /// People present by day and by night.
    pub population_day: f64,
    /// People present by night.
    pub population_night: f64,
    /// Shelter capacity (people).
    pub capacity: f64,
    /// Value (any currency unit), for losses.
    pub value: f64,
    /// Its thresholds.
    pub thresholds: Thresholds,
    /// The part of the feature inside the grid (1 = all of it), by vertices.
    pub inside_fraction: f64,
}

impl Asset {
    /// Length (m) of a line asset on the grid (cells × cell size), 0 for other geometries.
    pub fn length(&self, cell_size: f64) -> f64 {
        match self.geometry {
            Geometry::LineString(_) | Geometry::MultiLineString(_) => {
                self.cells.len() as f64 * cell_size
            }
            _ => 0.0,
        }
    }

    /// People present at a local hour of day (day 08:00 to 20:00).
    pub fn population_at(&self, day: bool) -> f64 {
        if day {
            self.population_day
        } else {
            self.population_night
        }
    }
}

fn number(
    props: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    what: &str,
) -> Result<Option<f64>> {
    match props.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(Error::invalid(
                format!("{what}.properties.{key}"),
                v,
                "a number >= 0",
            )),
        },
    }
}

/// Builds the assets of one layer on `grid`: features entirely outside are an error, those
/// partly outside are clipped (their count comes back for a warning).
pub fn layer_assets(
    layer: usize,
    source: &str,
    features: &[Feature],
    default_kind: Option<AssetKind>,
    overrides: &BTreeMap<AssetKind, ThresholdOverride>,
    grid: &Raster<f32>,
) -> Result<(Vec<Asset>, usize)> {
    let cols = grid.cols();
    let mut out = Vec::new();
    let mut clipped = 0;
    for (i, f) in features.iter().enumerate() {
        let what = format!("asset_layer[{layer}] ({source}) feature {i}");
        let kind = match f.properties.get("kind").and_then(|v| v.as_str()) {
            Some(k) => AssetKind::parse(k).ok_or_else(|| {
                Error::invalid(
                    format!("{what}.properties.kind"),
                    k,
                    &format!("one of {}", AssetKind::ALL.map(AssetKind::name).join(", ")),
                )
            })?,
            None => default_kind.ok_or_else(|| {
                Error::invalid(
                    format!("{what}.properties.kind"),
                    "(missing)",
                    "a `kind` property on the feature, or `kind` on the [[asset_layer]]",
                )
            })?,
        };
        let id = match &f.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => format!("{layer}:{i}"),
        };
        let name = f
            .properties
            .get("name")
            .and_then(|v| v.as_str())
            .map_or_else(|| id.clone(), str::to_string);
        let mut cells: Vec<usize> = f
            .cells(grid)
            .into_iter()
            .map(|(r, c)| r * cols + c)
            .collect();
        cells.sort_unstable();
        cells.dedup();
        let positions = f.geometry.positions();
        let inside = positions
            .iter()
            .filter(|p| grid.cell_index(p.0, p.1).is_some())
            .count();
        if cells.is_empty() {
            let b = grid.bounds();
            return Err(Error::invalid(
                format!("{what} ({name})"),
                format!("{:?}", positions.first().copied().unwrap_or((f64::NAN, f64::NAN))),
                &format!(
                    "an asset on the terrain (x {}..{}, y {}..{}); it lies entirely outside it: check its coordinates and CRS",
                    b.x_min, b.x_max, b.y_min, b.y_max
                ),
            ));
        }
        if inside < positions.len() {
            clipped += 1;
        }
        let mut ov = overrides.get(&kind).cloned().unwrap_or_default();
        let keys: [(&str, &mut Option<f64>); 7] = [
            ("flood_cut_depth", &mut ov.flood_cut_depth),
            ("flood_damage_depth", &mut ov.flood_damage_depth),
            ("flood_destroy_dv", &mut ov.flood_destroy_dv),
            ("fire_damage_flame_length", &mut ov.fire_damage_flame_length),
            ("fire_destroy_intensity", &mut ov.fire_destroy_intensity),
            ("debris_damage_pressure", &mut ov.debris_damage_pressure),
            ("debris_destroy_pressure", &mut ov.debris_destroy_pressure),
        ];
        for (k, slot) in keys {
            if let Some(v) = number(&f.properties, k, &what)? {
                *slot = Some(v);
            }
        }
        let thresholds = Thresholds::default_for(kind).with(&ov);
        thresholds.check(&what)?;
        let day = number(&f.properties, "population_day", &what)?;
        let night = number(&f.properties, "population_night", &what)?;
        let population = number(&f.properties, "population", &what)?;
        out.push(Asset {
            id,
            name,
            kind,
            geometry: f.geometry.clone(),
            cells,
            population_day: day.or(population).or(night).unwrap_or(0.0),
            population_night: night.or(population).or(day).unwrap_or(0.0),
            capacity: number(&f.properties, "capacity", &what)?.unwrap_or(0.0),
            value: number(&f.properties, "value", &what)?.unwrap_or(0.0),
            thresholds,
            inside_fraction: if positions.is_empty() {
                1.0
            } else {
                inside as f64 / positions.len() as f64
            },
        });
    }
    Ok((out, clipped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hazsim_grid::{Crs, GeoTransform};

    fn grid() -> Raster<f32> {
        Raster::new(
            ndarray::Array2::zeros((10, 10)),
            GeoTransform::north_up(0.0, 100.0, 10.0),
            Crs::epsg(32616),
        )
    }

    #[test]
    fn kinds_and_overrides() {
        let set = hazsim_io::vector::read_geojson_str(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"kind":"road","name":"R1","flood_cut_depth":0.15},
             "geometry":{"type":"LineString","coordinates":[[5,55],[95,55]]}},
            {"type":"Feature","properties":{"kind":"school","population_day":300},
             "geometry":{"type":"Point","coordinates":[25,25]}},
            {"type":"Feature","properties":{"kind":"road"},
             "geometry":{"type":"LineString","coordinates":[[50,55],[150,55]]}}]}"#,
            "a.geojson",
        )
        .unwrap();
        let mut ov = BTreeMap::new();
        ov.insert(
            AssetKind::School,
            ThresholdOverride {
                flood_damage_depth: Some(0.2),
                ..Default::default()
            },
        );
        let (a, clipped) = layer_assets(0, "a.geojson", &set.features, None, &ov, &grid()).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(clipped, 1);
        assert_eq!(a[0].thresholds.flood_cut_depth, 0.15);
        assert_eq!(a[0].cells.len(), 10);
        assert_eq!(a[0].length(10.0), 100.0);
        assert_eq!(a[1].thresholds.flood_damage_depth, 0.2);
        assert_eq!((a[1].population_day, a[1].population_night), (300.0, 300.0));
        assert_eq!(a[2].inside_fraction, 0.5);
    }

    #[test]
    fn bad_assets_are_named() {
        let set = hazsim_io::vector::read_geojson_str(
            r#"{"type":"Feature","properties":{"kind":"castle"},"geometry":{"type":"Point","coordinates":[5,5]}}"#,
            "b.geojson",
        )
        .unwrap();
        let e = layer_assets(
            0,
            "b.geojson",
            &set.features,
            None,
            &BTreeMap::new(),
            &grid(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("kind") && e.contains("castle") && e.contains("residential"),
            "{e}"
        );
        let out = hazsim_io::vector::read_geojson_str(
            r#"{"type":"Feature","properties":{"kind":"school"},"geometry":{"type":"Point","coordinates":[500,5]}}"#,
            "c.geojson",
        )
        .unwrap();
        let e = layer_assets(
            0,
            "c.geojson",
            &out.features,
            None,
            &BTreeMap::new(),
            &grid(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("entirely outside"), "{e}");
    }
}
