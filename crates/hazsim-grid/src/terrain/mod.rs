//! Terrain derivatives of a DEM, and [`Terrain`], which computes them lazily and caches them.
//!
//! One module per concept: [`slope`] (Horn 1981 slope and aspect), [`hillshade`],
//! [`fill`] (Priority-Flood depression filling, Barnes et al. 2014), [`flow_direction`] (D8),
//! [`mfd`] (Holmgren 1994 multiple-flow-direction weights), [`holmgren`] (the same partition
//! for arbitrary gradients), [`accumulation`] (D8 and MFD flow
//! accumulation), [`nodata`] (hole detection and filling) and [`neighbours`] (the 8-neighbourhood
//! every routine shares); [`watershed`] labels D8 catchments of pour points.

pub mod accumulation;
pub mod fill;
pub mod flow_direction;
pub mod hillshade;
pub mod holmgren;
pub mod mfd;
pub mod neighbours;
pub mod nodata;
pub mod slope;
pub mod watershed;

use crate::{Error, Raster, Result};
use std::sync::OnceLock;

/// An elevation raster plus lazily computed, cached derivatives. All engines take `&Terrain`.
///
/// [`Terrain::new`] checks the DEM once: north-up, projected CRS (metres), square cells, and no
/// NaN/nodata holes. After that every derivative is infallible.
///
/// ```
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
///
/// // A cone with its apex at the centre: everything drains outwards.
/// let z = Array2::from_shape_fn((21, 21), |(r, c)| {
///     100.0 - ((r as f32 - 10.0).powi(2) + (c as f32 - 10.0).powi(2)).sqrt()
/// });
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 210.0, 10.0), Crs::epsg(32616))).unwrap();
/// assert_eq!(t.d8_accumulation().data[[10, 10]], 1.0); // nothing drains into the apex
/// // Cone flank: 1 m per 10 m, atan(0.1) = 5.71°; Horn smooths the curvature slightly.
/// assert!((t.slope().data[[10, 15]] - 5.71).abs() < 0.1);
/// ```
#[derive(Debug, Clone)]
pub struct Terrain {
    dem: Raster<f32>,
    cell: f64,
    slope_aspect: OnceLock<slope::SlopeAspect>,
    filled: OnceLock<Raster<f32>>,
    d8: OnceLock<Raster<u8>>,
    d8_acc: OnceLock<Raster<f64>>,
}

impl Terrain {
    /// Wrap a DEM (metres) after checking it; errors name the DEM as `"DEM"`.
    pub fn new(dem: Raster<f32>) -> Result<Self> {
        Self::named(dem, "DEM")
    }

    /// Like [`Terrain::new`], naming the DEM `input` (e.g. its file name) in error messages.
    pub fn named(dem: Raster<f32>, input: &str) -> Result<Self> {
        let cell = dem.cell_size_metres(input)?;
        if dem.rows() < 3 || dem.cols() < 3 {
            return Err(Error::InvalidRaster {
                input: input.to_string(),
                reason: format!(
                    "a DEM needs at least 3×3 cells for slope and flow routing, this one is {}×{}",
                    dem.rows(),
                    dem.cols()
                ),
            });
        }
        nodata::check_no_holes(&dem, input)?;
        if let Some(bad) = dem.data.iter().find(|v| v.is_infinite()) {
            return Err(Error::InvalidRaster {
                input: input.to_string(),
                reason: format!("contains an infinite elevation ({bad}); set such cells to nodata and fill them"),
            });
        }
        Ok(Terrain {
            dem,
            cell,
            slope_aspect: OnceLock::new(),
            filled: OnceLock::new(),
            d8: OnceLock::new(),
            d8_acc: OnceLock::new(),
        })
    }

    /// The elevation raster (metres).
    pub fn dem(&self) -> &Raster<f32> {
        &self.dem
    }

    /// Cell size in metres.
    pub fn cell_size(&self) -> f64 {
        self.cell
    }

    /// (rows, cols).
    pub fn shape(&self) -> (usize, usize) {
        self.dem.shape()
    }

    fn slope_aspect(&self) -> &slope::SlopeAspect {
        self.slope_aspect.get_or_init(|| {
            slope::slope_aspect(&self.dem, 1.0).expect("DEM checked in Terrain::new")
        })
    }

    /// Slope in degrees (Horn 1981).
    pub fn slope(&self) -> &Raster<f32> {
        &self.slope_aspect().slope
    }

    /// Aspect: the downslope direction in degrees clockwise from north (0..360); NaN on flat
    /// cells.
    pub fn aspect(&self) -> &Raster<f32> {
        &self.slope_aspect().aspect
    }

    /// Hillshade in 0..=1 for a light from `azimuth` degrees (clockwise from north) at
    /// `altitude` degrees above the horizon, with vertical exaggeration `z_factor`.
    pub fn hillshade(&self, azimuth: f64, altitude: f64, z_factor: f64) -> Result<Raster<f32>> {
        hillshade::hillshade(&self.dem, azimuth, altitude, z_factor)
    }

    /// The depression-filled DEM (Priority-Flood+ε: every cell drains to the edge).
    pub fn filled(&self) -> &Raster<f32> {
        self.filled
            .get_or_init(|| fill::fill_depressions(&self.dem, fill::FillMethod::Epsilon))
    }

    /// Depth of each depression: filled DEM minus DEM (metres).
    pub fn depression_depth(&self) -> Raster<f32> {
        let f = self.filled();
        let mut d = f.data.clone();
        d.zip_mut_with(&self.dem.data, |a, &b| *a -= b);
        self.dem.like(d)
    }

    /// D8 flow directions on the filled DEM, as ESRI codes (see [`flow_direction::D8`]).
    pub fn d8(&self) -> &Raster<u8> {
        self.d8
            .get_or_init(|| flow_direction::d8_directions(self.filled()))
    }

    /// D8 flow accumulation: the number of cells draining through each cell, itself included.
    pub fn d8_accumulation(&self) -> &Raster<f64> {
        self.d8_acc
            .get_or_init(|| accumulation::d8_accumulation(self.d8(), None).expect("same grid"))
    }

    /// Holmgren (1994) multiple-flow-direction weights on the filled DEM with exponent `x`.
    pub fn mfd_weights(&self, exponent: f64) -> Result<mfd::MfdWeights> {
        mfd::MfdWeights::new(self.filled(), exponent)
    }

    /// MFD flow accumulation (cells) with Holmgren exponent `x` on the filled DEM.
    pub fn mfd_accumulation(&self, exponent: f64) -> Result<Raster<f64>> {
        accumulation::mfd_accumulation(self.filled(), exponent, None)
    }

    /// Flow accumulation in cells by the chosen routing (D8 is cached, MFD is computed).
    ///
    /// ```
    /// use hazsim_grid::{FlowRouting, Raster, GeoTransform, Crs, Terrain};
    /// use ndarray::Array2;
    /// // A plane dipping south: by D8 row r gathers r + 1 cells.
    /// let z = Array2::from_shape_fn((5, 4), |(r, _)| 10.0 - r as f32);
    /// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
    /// assert_eq!(t.accumulation(FlowRouting::D8).unwrap().data[[3, 1]], 4.0);
    /// ```
    pub fn accumulation(&self, routing: accumulation::FlowRouting) -> Result<Raster<f64>> {
        match routing {
            accumulation::FlowRouting::D8 => Ok(self.d8_accumulation().clone()),
            accumulation::FlowRouting::Mfd { exponent } => self.mfd_accumulation(exponent),
        }
    }

    /// Specific catchment area `a = A / b` in metres (TOPMODEL, Beven & Kirkby 1979): the
    /// upslope area `A` (accumulation × cell area) per unit contour width `b`, taken as one cell
    /// width.
    ///
    /// ```
    /// use hazsim_grid::{FlowRouting, Raster, GeoTransform, Crs, Terrain};
    /// use ndarray::Array2;
    /// let z = Array2::from_shape_fn((5, 4), |(r, _)| 10.0 - r as f32);
    /// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
    /// // Row 3 gathers 4 cells of 100 m² through a 10 m wide contour: a = 40 m.
    /// assert_eq!(t.specific_catchment_area(FlowRouting::D8).unwrap().data[[3, 1]], 40.0);
    /// ```
    pub fn specific_catchment_area(
        &self,
        routing: accumulation::FlowRouting,
    ) -> Result<Raster<f64>> {
        let cell = self.cell;
        Ok(self.accumulation(routing)?.map(|&n| n * cell))
    }

    /// Upslope contributing area in m² from D8 accumulation.
    pub fn contributing_area(&self) -> Raster<f64> {
        let a = self.cell * self.cell;
        self.d8_accumulation().map(|&n| n * a)
    }
}
