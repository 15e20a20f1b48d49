//! Fire perimeters: the burned region at given times as exact cell-edge polygons.
//!
//! The burned region at time `t` is every cell whose `fire.arrival_time` is at most `t`. Its
//! polygons come from [`hazsim_grid::polygonize()`] with [`Connectivity::Four`]: rings run along
//! cell edges, so a perimeter's area is exactly its cell count times the cell area, and every
//! ring is simple (valid OGC geometry). Cells burned only diagonally to the rest form separate
//! polygons that share a corner; the burned area is the same either way.
//!
//! ```
//! use hazsim_fire::spread::{simulate_spread, write_perimeters, Fuels, Ignition, SpreadConfig, WeatherStream};
//! use hazsim_fire::{FuelModel, FuelMoisture};
//! use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
//! use ndarray::Array2;
//! let dem = Raster::new(Array2::zeros((31, 31)), GeoTransform::north_up(0.0, 310.0, 10.0), Crs::epsg(32650));
//! let terrain = Terrain::new(dem).unwrap();
//! let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
//! let out = simulate_spread(
//!     &terrain,
//!     &Fuels::Uniform(FuelModel::standard(1).unwrap()),
//!     &WeatherStream::constant(2.0, 270.0, m).unwrap(),
//!     &[Ignition { row: 15, col: 10, time: 0.0 }],
//!     None,
//!     &SpreadConfig { duration: 300.0, ..SpreadConfig::default() },
//! ).unwrap();
//! let p = out.perimeters(&[150.0, 300.0]).unwrap();
//! assert!(p[1].area.hectares > p[0].area.hectares);
//! assert_eq!(p[1].polygon_area_m2(), p[1].cells as f64 * 100.0);
//! let dir = tempfile::tempdir().unwrap();
//! write_perimeters(dir.path().join("perimeters.geojson"), &p, Some(32650)).unwrap();
//! ```

use super::{AreaSample, SpreadResult};
use hazsim_grid::polygonize::{polygonize_view, total_area, Connectivity, Polygon};
use hazsim_io::vector::{write_geojson, Feature, Geometry};
use std::path::Path;

/// The burned region at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Perimeter {
    /// Time (s since the start of the run).
    pub time: f64,
    /// Burned cells at `time`.
    pub cells: usize,
    /// Burned area at `time` (cell count × cell area).
    pub area: AreaSample,
    /// The burned region's polygons (exterior counter-clockwise, holes clockwise, closed),
    /// in the coordinates of the terrain's CRS.
    pub polygons: Vec<Polygon>,
}

impl Perimeter {
    /// Area enclosed by the polygons (m²): equal to `cells` × cell area.
    pub fn polygon_area_m2(&self) -> f64 {
        total_area(&self.polygons)
    }

    /// The perimeter as a GeoJSON feature: a MultiPolygon with properties `time_s`, `time_h`,
    /// `area_ha`, `area_mu` and `cells`.
    ///
    /// ```
    /// use hazsim_fire::spread::Perimeter;
    /// let p = Perimeter { time: 3600.0, cells: 0, area: Default::default(), polygons: vec![] };
    /// let f = p.to_feature();
    /// assert_eq!(f.properties["time_s"], 3600.0);
    /// assert_eq!(f.properties["area_mu"], 0.0);
    /// ```
    pub fn to_feature(&self) -> Feature {
        let polys = self
            .polygons
            .iter()
            .map(|p| {
                let mut rings = Vec::with_capacity(1 + p.holes.len());
                rings.push(p.exterior.clone());
                rings.extend(p.holes.iter().cloned());
                rings
            })
            .collect();
        Feature::new(Geometry::MultiPolygon(polys))
            .with_property("time_s", self.time)
            .with_property("time_h", self.time / 3600.0)
            .with_property("area_ha", self.area.hectares)
            .with_property("area_mu", self.area.mu)
            .with_property("cells", self.cells as u64)
    }
}

impl SpreadResult {
    /// The burned region at each of `times` (s, each in `0..=end_time`), as exact polygons.
    ///
    /// A time that is negative, not finite, or after the end of the run is an error: the run
    /// knows nothing after its end.
    pub fn perimeters(&self, times: &[f64]) -> Result<Vec<Perimeter>, crate::Error> {
        for &t in times {
            if !(t.is_finite() && t >= 0.0 && t <= self.end_time) {
                return Err(crate::Error::InvalidInput {
                    parameter: "perimeter time".into(),
                    value: t,
                    expected: format!(
                        "a time in seconds from 0 to the end of the run ({} s)",
                        self.end_time
                    ),
                });
            }
        }
        let arr = &self.arrival_time;
        Ok(times
            .iter()
            .map(|&t| {
                let mask = arr.data.mapv(|a| a.is_finite() && (a as f64) <= t);
                let cells = mask.iter().filter(|&&b| b).count();
                Perimeter {
                    time: t,
                    cells,
                    area: AreaSample::new(t, cells as f64 * self.cell_area),
                    polygons: polygonize_view(mask.view(), &arr.transform, Connectivity::Four),
                }
            })
            .collect())
    }

    /// Perimeter times every `interval` seconds from `interval` to the end of the run, the end
    /// included (empty for a non-positive or non-finite interval).
    ///
    /// ```
    /// # use hazsim_fire::spread::SpreadResult;
    /// # use hazsim_grid::{Crs, GeoTransform, Raster};
    /// # let r = Raster::new(ndarray::Array2::<f32>::zeros((1, 1)), GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32650));
    /// # let res = SpreadResult { arrival_time: r.clone(), ros: r.clone(), fireline_intensity: r.clone(), flame_length: r, burned_times: vec![], cell_area: 1.0, end_time: 2500.0 };
    /// assert_eq!(res.perimeter_times(1000.0), vec![1000.0, 2000.0, 2500.0]);
    /// ```
    pub fn perimeter_times(&self, interval: f64) -> Vec<f64> {
        let mut out = Vec::new();
        if !(interval.is_finite() && interval > 0.0) {
            return out;
        }
        let mut k = 1u64;
        while (k as f64) * interval < self.end_time {
            out.push(k as f64 * interval);
            k += 1;
        }
        out.push(self.end_time);
        out
    }
}

/// Writes perimeters as a GeoJSON FeatureCollection (one MultiPolygon feature per time, see
/// [`Perimeter::to_feature`]), atomically; `epsg` names the CRS of the coordinates.
pub fn write_perimeters(
    path: impl AsRef<Path>,
    perimeters: &[Perimeter],
    epsg: Option<u32>,
) -> hazsim_io::Result<()> {
    let features: Vec<Feature> = perimeters.iter().map(Perimeter::to_feature).collect();
    write_geojson(path, &features, epsg)
}
