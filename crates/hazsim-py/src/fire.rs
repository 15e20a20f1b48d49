//! `hazsim.fire`: the fire engine (hazsim-fire) from Python.
//!
//! The native layer takes inputs already put in shape by `python/hazsim/fire.py` (flat arrays
//! for the point model; lists of weather records, ignition points, lines and polygons for grid
//! spread) and does the rest in Rust with the GIL released: the Rothermel model elementwise,
//! rasterizing ignition and barrier geometry, the spread itself, perimeters.

use crate::convert::grid_input;
use crate::errors::{self, HazsimError};
use crate::progress::{check_callback, PyProgress};
use crate::raster::PyRaster;
use crate::terrain::PyTerrain;
use hazsim_fire::crown::{crown_fire, Canopy, CrownInputs};
use hazsim_fire::spread::{
    keep_burnable, FireSpread, Fuels, Ignition, SpreadConfig, SpreadResult, WeatherRecord,
    WeatherStream,
};
use hazsim_fire::wind_adjustment::{wind_adjustment_factor, Canopy as WafCanopy};
use hazsim_fire::{surface_fire_with, FireInputs, FuelModel, FuelMoisture, SpreadOptions};
use hazsim_grid::rasterize::{line_cells, polygon_cells};
use hazsim_grid::{Raster, Simulation, Terrain};
use numpy::{PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

fn options(behave: bool) -> SpreadOptions {
    if behave {
        SpreadOptions::behave()
    } else {
        SpreadOptions::default()
    }
}

fn spread_err(e: hazsim_fire::Error, progress: &mut PyProgress) -> PyErr {
    errors::engine(e, progress.error.take())
}

fn value_err(e: impl std::fmt::Display) -> PyErr {
    HazsimError::new_err(e.to_string())
}

// ---------------------------------------------------------------------------------------------
// The point model
// ---------------------------------------------------------------------------------------------

/// An element's error message: prefixed with its index when there are several elements.
fn element_err(i: usize, n: usize, e: impl std::fmt::Display) -> String {
    if n > 1 {
        format!("element {i}: {e}")
    } else {
        e.to_string()
    }
}

/// A dict of float64 arrays, column k of `rows` under `names[k]`.
fn columns<'py, const N: usize>(
    py: Python<'py>,
    names: &[&str],
    rows: &[[f64; N]],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, name) in names.iter().enumerate() {
        let v: Vec<f64> = rows.iter().map(|r| r[k]).collect();
        d.set_item(*name, PyArray1::from_vec(py, v))?;
    }
    Ok(d)
}

/// Fuel models by code, built once per call of the elementwise point models.
#[derive(Default)]
struct ModelCache(std::collections::HashMap<i64, FuelModel>);

impl ModelCache {
    /// Element i's fuel model (code `code`) and moistures (row i of the (n, 5) array `m`).
    fn element(
        &mut self,
        i: usize,
        code: i64,
        m: &ndarray::Array2<f64>,
    ) -> Result<(&FuelModel, FuelMoisture), String> {
        let n = m.nrows();
        let moist = FuelMoisture::new(m[[i, 0]], m[[i, 1]], m[[i, 2]], m[[i, 3]], m[[i, 4]])
            .map_err(|e| element_err(i, n, e))?;
        let model = match self.0.entry(code) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let c = u16::try_from(code).map_err(|_| {
                    format!(
                        "fuel_model[{i}] = {code}: not a fuel model code (1-13, 91-99, 101-204)"
                    )
                })?;
                v.insert(FuelModel::standard(c).map_err(|e| format!("fuel_model[{i}]: {e}"))?)
            }
        };
        Ok((model, moist))
    }
}

/// The Rothermel surface fire model elementwise over flat arrays of equal length (the Python
/// wrapper ``hazsim.fire.rothermel`` broadcasts and reshapes). ``moisture`` is (n, 5).
/// Returns a dict of float64 arrays; the first invalid element raises ``HazsimError`` naming
/// its index.
#[pyfunction]
#[pyo3(signature = (fuel_model, moisture, wind_speed, wind_direction, slope, aspect, behave = false))]
#[allow(clippy::too_many_arguments)]
pub fn rothermel_arrays<'py>(
    py: Python<'py>,
    fuel_model: PyReadonlyArray1<'py, i64>,
    moisture: PyReadonlyArray2<'py, f64>,
    wind_speed: PyReadonlyArray1<'py, f64>,
    wind_direction: PyReadonlyArray1<'py, f64>,
    slope: PyReadonlyArray1<'py, f64>,
    aspect: PyReadonlyArray1<'py, f64>,
    behave: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let codes = fuel_model.as_array().to_owned();
    let m = moisture.as_array().to_owned();
    let ws = wind_speed.as_array().to_owned();
    let wd = wind_direction.as_array().to_owned();
    let sl = slope.as_array().to_owned();
    let asp = aspect.as_array().to_owned();
    let n = codes.len();
    if m.dim() != (n, 5)
        || [ws.len(), wd.len(), sl.len(), asp.len()]
            .iter()
            .any(|&k| k != n)
    {
        return Err(errors::value(
            "rothermel_arrays: every input must have the same length n and moisture shape (n, 5)",
        ));
    }
    const NAMES: [&str; 13] = [
        "head_ros",
        "backing_ros",
        "flanking_ros",
        "direction_of_max_spread",
        "length_to_breadth",
        "eccentricity",
        "reaction_intensity",
        "fireline_intensity",
        "flame_length",
        "heat_per_unit_area",
        "residence_time",
        "effective_wind_speed",
        "no_wind_no_slope_ros",
    ];
    let opts = options(behave);
    let out: Result<Vec<[f64; 14]>, String> = py.detach(|| {
        let mut models = ModelCache::default();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (model, moist) = models.element(i, codes[i], &m)?;
            let f = surface_fire_with(
                model,
                &FireInputs {
                    moisture: moist,
                    midflame_wind_speed: ws[i],
                    wind_direction: wd[i],
                    slope_fraction: sl[i],
                    aspect: asp[i],
                },
                &opts,
            )
            .map_err(|e| element_err(i, n, e))?;
            out.push([
                f.head_ros,
                f.backing_ros,
                f.flanking_ros,
                f.direction_of_max_spread,
                f.length_to_breadth,
                f.eccentricity,
                f.reaction_intensity,
                f.fireline_intensity,
                f.flame_length,
                f.heat_per_unit_area,
                f.residence_time,
                f.effective_wind_speed,
                f.no_wind_no_slope_ros,
                if f.wind_limit_exceeded { 1.0 } else { 0.0 },
            ]);
        }
        Ok(out)
    });
    let out = out.map_err(errors::value)?;
    let d = columns(py, &NAMES, &out)?;
    let lim: Vec<bool> = out.iter().map(|r| r[13] != 0.0).collect();
    d.set_item("wind_limit_exceeded", PyArray1::from_vec(py, lim))?;
    Ok(d)
}

/// Crown fire (Scott & Reinhardt 2001) elementwise over flat arrays of equal length (the Python
/// wrapper ``hazsim.fire.crown_fire`` broadcasts and reshapes). ``moisture`` is (n, 5);
/// ``canopy`` is (n, 5): base height (m), bulk density (kg/m³), stand height (m), foliar moisture
/// (fraction), cover (fraction); ``wind`` is (n, 5): 20-ft wind (m/s), wind adjustment factor
/// (NaN: BehavePlus's, from the canopy and the fuel depth), wind direction, slope (rise/run),
/// aspect. Returns a dict of float64 arrays (``fire_type`` as int codes).
#[pyfunction]
#[pyo3(signature = (fuel_model, moisture, canopy, wind, behave = true))]
pub fn crown_fire_arrays<'py>(
    py: Python<'py>,
    fuel_model: PyReadonlyArray1<'py, i64>,
    moisture: PyReadonlyArray2<'py, f64>,
    canopy: PyReadonlyArray2<'py, f64>,
    wind: PyReadonlyArray2<'py, f64>,
    behave: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let codes = fuel_model.as_array().to_owned();
    let m = moisture.as_array().to_owned();
    let cn = canopy.as_array().to_owned();
    let wi = wind.as_array().to_owned();
    let n = codes.len();
    if m.dim() != (n, 5) || cn.dim() != (n, 5) || wi.dim() != (n, 5) {
        return Err(errors::value(
            "crown_fire_arrays: shapes must be (n,), (n, 5), (n, 5) and (n, 5)",
        ));
    }
    const NAMES: [&str; 16] = [
        "fire_type",
        "final_ros",
        "final_fireline_intensity",
        "final_flame_length",
        "final_heat_per_unit_area",
        "crown_fraction_burned",
        "transition_ratio",
        "active_ratio",
        "critical_surface_intensity",
        "critical_surface_ros",
        "active_crown_ros",
        "critical_crown_ros",
        "crowning_wind_20ft",
        "crown_length_to_breadth",
        "surface_ros",
        "waf",
    ];
    let opts = options(behave);
    let out: Result<Vec<[f64; 16]>, String> = py.detach(|| {
        let mut models = ModelCache::default();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (model, moist) = models.element(i, codes[i], &m)?;
            let c = Canopy {
                base_height: cn[[i, 0]],
                bulk_density: cn[[i, 1]],
                height: cn[[i, 2]],
                foliar_moisture: cn[[i, 3]],
            };
            let waf = if wi[[i, 1]].is_nan() {
                let shelter = WafCanopy {
                    cover: cn[[i, 4]],
                    height: c.height,
                    crown_ratio: if c.height > 0.0 {
                        (c.height - c.base_height) / c.height
                    } else {
                        0.0
                    },
                };
                wind_adjustment_factor(model.depth, Some(&shelter))
                    .map_err(|e| element_err(i, n, e))?
            } else {
                wi[[i, 1]]
            };
            let w = CrownInputs {
                moisture: moist,
                wind_20ft: wi[[i, 0]],
                waf,
                wind_direction: wi[[i, 2]],
                slope_fraction: wi[[i, 3]],
                aspect: wi[[i, 4]],
            };
            let f = crown_fire(model, &c, &w, &opts).map_err(|e| element_err(i, n, e))?;
            out.push([
                f.fire_type.code() as f64,
                f.final_ros,
                f.final_fireline_intensity,
                f.final_flame_length,
                f.final_heat_per_unit_area,
                f.crown_fraction_burned,
                f.transition_ratio,
                f.active_ratio,
                f.critical_surface_intensity,
                f.critical_surface_ros,
                f.active_crown_ros,
                f.critical_crown_ros,
                f.crowning_wind_20ft,
                f.crown_length_to_breadth,
                f.surface.head_ros,
                waf,
            ]);
        }
        Ok(out)
    });
    let out = out.map_err(errors::value)?;
    columns(py, &NAMES, &out)
}

/// Crown fire potential of every cell (native part of ``hazsim.fire.crown_map``): the maps by
/// field name. Canopy arguments are numbers or rasters/arrays on the DEM's grid.
#[pyfunction]
#[pyo3(signature = (
    terrain, fuel_code, fuel_grid, moisture, wind_speed_20ft, wind_direction,
    canopy_base_height, canopy_bulk_density, canopy_height, canopy_cover, foliar_moisture, behave
))]
#[allow(clippy::too_many_arguments)]
pub fn crown_map<'py>(
    py: Python<'py>,
    terrain: &Bound<'py, PyTerrain>,
    fuel_code: Option<u16>,
    fuel_grid: Option<&Bound<'py, PyAny>>,
    moisture: [f64; 5],
    wind_speed_20ft: f64,
    wind_direction: f64,
    canopy_base_height: &Bound<'py, PyAny>,
    canopy_bulk_density: &Bound<'py, PyAny>,
    canopy_height: &Bound<'py, PyAny>,
    canopy_cover: &Bound<'py, PyAny>,
    foliar_moisture: &Bound<'py, PyAny>,
    behave: bool,
) -> PyResult<Bound<'py, PyDict>> {
    use crate::convert::field_input;
    let t = &terrain.get().inner;
    let dem = t.dem();
    let fuels = fuels_of(py, fuel_code, fuel_grid, dem)?;
    let canopy = hazsim_fire::crown_map::CanopyFields {
        base_height: field_input(py, canopy_base_height, dem, "canopy_base_height")?,
        bulk_density: field_input(py, canopy_bulk_density, dem, "canopy_bulk_density")?,
        height: field_input(py, canopy_height, dem, "canopy_height")?,
        cover: field_input(py, canopy_cover, dem, "canopy_cover")?,
        foliar_moisture: field_input(py, foliar_moisture, dem, "foliar_moisture")?,
    };
    let m = FuelMoisture::new(
        moisture[0],
        moisture[1],
        moisture[2],
        moisture[3],
        moisture[4],
    )
    .map_err(|e| errors::value(format!("moisture: {e}")))?;
    let map = py
        .detach(|| {
            hazsim_fire::crown_map::crown_map(
                t,
                &fuels,
                &canopy,
                m,
                wind_speed_20ft,
                wind_direction,
                &options(behave),
            )
        })
        .map_err(|e| errors::engine(e, None))?;
    let d = PyDict::new(py);
    for (info, r) in hazsim_fire::crown_map::CrownMap::FIELDS
        .iter()
        .zip(map.rasters())
    {
        d.set_item(info.name, PyRaster::from_rust(py, r.clone()))?;
    }
    Ok(d)
}

/// The code of a standard fuel model given by name or code, as behave and pyrothermel users type
/// them: ``"GR2"`` (102), ``"SH7"`` (147), ``"FM1"`` (1), ``"NB8"`` (98), ``"102"``; any case.
#[pyfunction]
pub fn fuel_code(name: &str) -> PyResult<u16> {
    FuelModel::by_name(name)
        .map(|m| m.code)
        .map_err(|e| errors::value(e.to_string()))
}

/// The 53 standard fuel models (Anderson 1982: 1-13; Scott & Burgan 2005: 101-204) and the
/// non-burnable codes 91-99, as dicts of their parameters in SI units.
#[pyfunction]
pub fn fuel_models<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    let l = PyList::empty(py);
    for code in FuelModel::standard_codes() {
        let m = FuelModel::standard(code).map_err(value_err)?;
        let d = PyDict::new(py);
        d.set_item("code", m.code)?;
        d.set_item("name", &m.name)?;
        d.set_item("description", &m.description)?;
        d.set_item("burnable", m.is_burnable())?;
        d.set_item("dynamic", m.dynamic)?;
        d.set_item("depth_m", m.depth)?;
        d.set_item("load_1h_kg_m2", m.load_1h)?;
        d.set_item("load_10h_kg_m2", m.load_10h)?;
        d.set_item("load_100h_kg_m2", m.load_100h)?;
        d.set_item("load_live_herb_kg_m2", m.load_live_herb)?;
        d.set_item("load_live_woody_kg_m2", m.load_live_woody)?;
        d.set_item("savr_1h_m2_m3", m.savr_1h)?;
        d.set_item("savr_live_herb_m2_m3", m.savr_live_herb)?;
        d.set_item("savr_live_woody_m2_m3", m.savr_live_woody)?;
        d.set_item("moisture_of_extinction_dead", m.moisture_of_extinction_dead)?;
        d.set_item("heat_content_dead_j_kg", m.heat_content_dead)?;
        d.set_item("heat_content_live_j_kg", m.heat_content_live)?;
        l.append(d)?;
    }
    Ok(l)
}

// ---------------------------------------------------------------------------------------------
// Grid spread inputs
// ---------------------------------------------------------------------------------------------

type Pt = (f64, f64);

/// Fuel codes on the DEM's grid from a Raster or a 2-D array of whole numbers.
/// The fuels from the Python side's split of `fuels=`: one standard model (which must burn) or
/// a raster of codes.
fn fuels_of(
    py: Python<'_>,
    fuel_code: Option<u16>,
    fuel_grid: Option<&Bound<'_, PyAny>>,
    dem: &Raster<f32>,
) -> PyResult<Fuels> {
    match (fuel_code, fuel_grid) {
        (Some(code), None) => {
            let m = FuelModel::standard(code).map_err(|e| errors::value(format!("fuels: {e}")))?;
            if !m.is_burnable() {
                return Err(errors::value(format!(
                    "fuels = {code}: fuel model {code} ({}) is non-burnable, so nothing would burn; \
                     pick a burnable model, e.g. 102 (short grass)",
                    m.name
                )));
            }
            Ok(Fuels::Uniform(m))
        }
        (None, Some(g)) => Ok(Fuels::Codes {
            codes: fuel_codes(py, g, dem)?,
            custom: vec![],
        }),
        _ => Err(errors::value(
            "fuels: give a fuel model code or name, or a raster of codes",
        )),
    }
}

fn fuel_codes(py: Python<'_>, obj: &Bound<'_, PyAny>, dem: &Raster<f32>) -> PyResult<Raster<u16>> {
    let r = grid_input(py, obj, dem, "fuels")?;
    match Fuels::from_code_raster(&r, "fuels") {
        Ok(Fuels::Codes { codes, .. }) => Ok(codes),
        Ok(Fuels::Uniform(_)) => unreachable!("a raster gives codes"),
        Err(e) => Err(errors::value(e.to_string())),
    }
}

/// Everything `FireSpread::new` needs, built from the wrapper's parsed arguments.
struct Inputs {
    fuels: Fuels,
    weather: WeatherStream,
    ignitions: Vec<Ignition>,
    barriers: Option<Raster<bool>>,
    config: SpreadConfig,
}

#[allow(clippy::too_many_arguments)]
fn build_inputs(
    py: Python<'_>,
    terrain: &Terrain,
    fuel_code: Option<u16>,
    fuel_grid: Option<&Bound<'_, PyAny>>,
    weather: Vec<(f64, f64, f64, [f64; 5])>,
    points: Vec<(f64, f64, f64)>,
    lines: Vec<(Vec<Pt>, f64)>,
    polygons: Vec<(Vec<Vec<Pt>>, f64)>,
    barrier_mask: Option<&Bound<'_, PyAny>>,
    barrier_lines: Vec<Vec<Pt>>,
    barrier_polygons: Vec<Vec<Vec<Pt>>>,
    duration: f64,
    stencil_radius: u32,
    behave: bool,
) -> PyResult<Inputs> {
    let dem = terrain.dem();
    let fuels = fuels_of(py, fuel_code, fuel_grid, dem)?;
    let mut records = Vec::with_capacity(weather.len());
    for (i, (start, speed, dir, m)) in weather.into_iter().enumerate() {
        let moisture = FuelMoisture::new(m[0], m[1], m[2], m[3], m[4])
            .map_err(|e| errors::value(format!("weather[{i}]: {e}")))?;
        records.push(WeatherRecord {
            start,
            midflame_wind_speed: speed,
            wind_direction: dir,
            moisture,
        });
    }
    let weather = WeatherStream::new(records).map_err(value_err)?;
    let shape = dem.shape();
    let mut ignitions = Vec::new();
    for (k, (x, y, t)) in points.into_iter().enumerate() {
        let ig = Ignition::locate(terrain, x, y, t)
            .map_err(|e| errors::value(format!("ignitions[{k}]: {e}")))?;
        ignitions.push(ig);
    }
    let b = dem.bounds();
    let outside = |what: &str| {
        errors::value(format!(
            "{what}: no part of it falls on the grid (x {}..{}, y {}..{}); give coordinates in the terrain's CRS ({})",
            b.x_min, b.x_max, b.y_min, b.y_max, dem.crs
        ))
    };
    let mut shaped: Vec<(String, Vec<Ignition>)> = Vec::new();
    for (k, (line, t)) in lines.into_iter().enumerate() {
        let cells = line_cells(&dem.transform, shape, &line);
        if cells.is_empty() {
            return Err(outside(&format!("ignition line {k}")));
        }
        let igs = cells
            .into_iter()
            .map(|(row, col)| Ignition { row, col, time: t });
        shaped.push((format!("ignition line {k}"), igs.collect()));
    }
    for (k, (rings, t)) in polygons.into_iter().enumerate() {
        let cells = polygon_cells(&dem.transform, shape, &rings);
        if cells.is_empty() {
            return Err(outside(&format!("ignition polygon {k}")));
        }
        let igs = cells
            .into_iter()
            .map(|(row, col)| Ignition { row, col, time: t });
        shaped.push((format!("ignition polygon {k}"), igs.collect()));
    }
    if ignitions.is_empty() && shaped.is_empty() {
        return Err(errors::value(
            "ignitions: none given; pass a list of (x, y) or (x, y, t) points in the terrain's CRS",
        ));
    }
    let mut barriers: Option<Raster<bool>> = None;
    if let Some(m) = barrier_mask {
        let r = grid_input(py, m, dem, "barriers")?;
        barriers = Some(r.map(|&v| v != 0.0 && !v.is_nan()));
    }
    if !barrier_lines.is_empty() || !barrier_polygons.is_empty() {
        let mut mask =
            barriers.unwrap_or_else(|| dem.like(ndarray::Array2::from_elem(shape, false)));
        if mask.shape() != shape {
            return Err(errors::value(format!(
                "barriers: mask shape {:?} differs from the terrain's {shape:?}",
                mask.shape()
            )));
        }
        for l in &barrier_lines {
            for (r, c) in line_cells(&dem.transform, shape, l) {
                mask.data[[r, c]] = true;
            }
        }
        for p in &barrier_polygons {
            for (r, c) in polygon_cells(&dem.transform, shape, p) {
                mask.data[[r, c]] = true;
            }
        }
        barriers = Some(mask);
    }
    // Lines and polygons may cross roads or streams: ignite only the cells that can burn.
    for (what, igs) in shaped {
        let kept = keep_burnable(&igs, &fuels, barriers.as_ref());
        if kept.is_empty() {
            return Err(errors::value(format!(
                "{what}: every cell it covers is non-burnable or a barrier; move it onto burnable fuel"
            )));
        }
        ignitions.extend(kept);
    }
    Ok(Inputs {
        fuels,
        weather,
        ignitions,
        barriers,
        config: SpreadConfig {
            duration,
            stencil_radius,
            options: options(behave),
            ..SpreadConfig::default()
        },
    })
}

// ---------------------------------------------------------------------------------------------
// FireResult
// ---------------------------------------------------------------------------------------------

const FIELD_NAMES: [&str; 4] = [
    "fire.arrival_time",
    "fire.ros",
    "fire.fireline_intensity",
    "fire.flame_length",
];

/// The outputs of a fire run.
///
/// Attributes
/// ----------
/// arrival_time, ros, fireline_intensity, flame_length : Raster
///     ``fire.arrival_time`` (s, NaN = unburned), ``fire.ros`` (m/s), ``fire.fireline_intensity``
///     (kW/m) and ``fire.flame_length`` (m), at arrival. Also ``result["fire.ros"]``.
/// time : float
///     Model time (s) of the outputs.
/// final_area : dict
///     ``{"time", "ha", "mu"}`` burned at the end (time in s).
/// time_exceeding_2ha : float or None
///     First time (s) the burned area exceeded 2 ha (30 mu); None if it never did.
/// grade : tuple of str
///     Fire grade by burned area, ``(chinese, english)``: 一般 general (< 1 ha), 较大 large
///     (1-100 ha), 重大 major (100-1000 ha), 特别重大 extra major (>= 1000 ha).
#[pyclass(name = "FireResult", module = "hazsim.fire", frozen)]
pub struct PyFireResult {
    res: SpreadResult,
    fields: Vec<(&'static str, Py<PyRaster>)>,
}

impl PyFireResult {
    fn build(py: Python<'_>, res: SpreadResult) -> PyResult<Self> {
        let rasters = [
            res.arrival_time.clone(),
            res.ros.clone(),
            res.fireline_intensity.clone(),
            res.flame_length.clone(),
        ];
        let fields = FIELD_NAMES
            .iter()
            .zip(rasters)
            .map(|(n, r)| Ok((*n, Py::new(py, PyRaster::from_rust(py, r))?)))
            .collect::<PyResult<_>>()?;
        Ok(PyFireResult { res, fields })
    }

    fn get(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyRaster>> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name || n.strip_prefix("fire.") == Some(name))
            .map(|(_, r)| r.clone_ref(py))
            .ok_or_else(|| {
                PyKeyError::new_err(format!(
                    "{name:?} is not a fire field; the fields are {FIELD_NAMES:?}"
                ))
            })
    }
}

#[pymethods]
impl PyFireResult {
    /// ``fire.arrival_time`` (s since the start; NaN where the fire never arrived).
    #[getter]
    fn arrival_time(&self, py: Python<'_>) -> PyResult<Py<PyRaster>> {
        self.get(py, "fire.arrival_time")
    }

    /// ``fire.ros``: spread rate at arrival in the direction of arrival (m/s).
    #[getter]
    fn ros(&self, py: Python<'_>) -> PyResult<Py<PyRaster>> {
        self.get(py, "fire.ros")
    }

    /// ``fire.fireline_intensity``: Byram's intensity at arrival (kW/m).
    #[getter]
    fn fireline_intensity(&self, py: Python<'_>) -> PyResult<Py<PyRaster>> {
        self.get(py, "fire.fireline_intensity")
    }

    /// ``fire.flame_length``: Byram (1959) flame length at arrival (m).
    #[getter]
    fn flame_length(&self, py: Python<'_>) -> PyResult<Py<PyRaster>> {
        self.get(py, "fire.flame_length")
    }

    /// Output rasters by field name (a new dict each time; the rasters are shared).
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (n, r) in &self.fields {
            d.set_item(*n, r.clone_ref(py))?;
        }
        Ok(d)
    }

    /// Model time (s) of the outputs.
    #[getter]
    fn time(&self) -> f64 {
        self.res.end_time
    }

    /// Burned area at the end: ``{"time", "ha", "mu"}`` (time in s, as every engine's series).
    #[getter]
    fn final_area<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let a = self.res.final_area();
        let d = PyDict::new(py);
        d.set_item("time", a.time)?;
        d.set_item("ha", a.hectares)?;
        d.set_item("mu", a.mu)?;
        Ok(d)
    }

    /// First time (s) the burned area exceeded 2 ha (30 mu), or None.
    #[getter]
    fn time_exceeding_2ha(&self) -> Option<f64> {
        self.res.time_exceeding_2ha()
    }

    /// First time (s) the burned area exceeded ``hectares``, or None.
    fn time_exceeding(&self, hectares: f64) -> PyResult<Option<f64>> {
        if !(hectares.is_finite() && hectares >= 0.0) {
            return Err(errors::value(format!(
                "hectares = {hectares}: expected a finite area >= 0 ha"
            )));
        }
        Ok(self.res.time_exceeding(hectares))
    }

    /// Fire grade by final burned area as ``(chinese, english)``, e.g. ``("较大", "large")``.
    #[getter]
    fn grade(&self) -> (&'static str, &'static str) {
        let g = self.res.grade();
        (g.name_zh(), g.name_en())
    }

    /// Burned area every ``interval`` seconds from 0 to the end (both included), as float64
    /// arrays ``{"time", "area_ha", "area_mu"}`` (time in s, as every engine's series).
    fn area_timeline<'py>(&self, py: Python<'py>, interval: f64) -> PyResult<Bound<'py, PyDict>> {
        if !(interval.is_finite() && interval > 0.0) {
            return Err(errors::value(format!(
                "interval = {interval}: expected a time step > 0 s, e.g. 600"
            )));
        }
        let s = self.res.area_timeline(interval);
        let d = PyDict::new(py);
        d.set_item("time", PyArray1::from_iter(py, s.iter().map(|a| a.time)))?;
        d.set_item(
            "area_ha",
            PyArray1::from_iter(py, s.iter().map(|a| a.hectares)),
        )?;
        d.set_item("area_mu", PyArray1::from_iter(py, s.iter().map(|a| a.mu)))?;
        Ok(d)
    }

    /// The burned region at each of ``times`` (s, within the run) as a GeoJSON
    /// FeatureCollection dict: one MultiPolygon feature per time with properties ``time_s``,
    /// ``time_h``, ``area_ha``, ``area_mu`` and ``cells``. Rings run along cell edges (exterior
    /// counter-clockwise, holes clockwise, closed), so each feature's area is exactly its burned
    /// cells' area. Coordinates are in the terrain's CRS, named by a ``crs`` member when it has
    /// an EPSG code.
    fn perimeters<'py>(&self, py: Python<'py>, times: Vec<f64>) -> PyResult<Bound<'py, PyAny>> {
        let res = &self.res;
        let out = py.detach(|| -> Result<String, String> {
            let p = res.perimeters(&times).map_err(|e| e.to_string())?;
            let feats: Vec<_> = p.iter().map(|q| q.to_feature()).collect();
            let fc = hazsim_io::vector::feature_collection(&feats, res.arrival_time.crs.epsg)
                .map_err(|e| e.to_string())?;
            Ok(fc.to_string())
        });
        let text = out.map_err(errors::value)?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// Write the perimeters at ``times`` as a GeoJSON file (see ``perimeters``).
    fn write_perimeters(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        times: Vec<f64>,
    ) -> PyResult<()> {
        let res = &self.res;
        py.detach(|| -> PyResult<()> {
            let p = res.perimeters(&times).map_err(value_err)?;
            hazsim_fire::spread::write_perimeters(&path, &p, res.arrival_time.crs.epsg)
                .map_err(errors::io)
        })
    }

    /// Field names.
    fn keys(&self) -> Vec<&'static str> {
        FIELD_NAMES.to_vec()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyRaster>> {
        self.get(py, name)
    }

    fn __contains__(&self, name: &str) -> bool {
        FIELD_NAMES.contains(&name)
    }

    fn __len__(&self) -> usize {
        FIELD_NAMES.len()
    }

    fn __repr__(&self) -> String {
        let a = self.res.final_area();
        let g = self.res.grade();
        let t2 = match self.res.time_exceeding_2ha() {
            Some(t) => format!("{t:.0} s"),
            None => "never".into(),
        };
        format!(
            "FireResult(time={} s, burned={:.3} ha ({:.1} mu), grade={} ({}), past 2 ha at {t2})",
            self.res.end_time,
            a.hectares,
            a.mu,
            g.name_zh(),
            g.name_en()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

/// The native stepping engine behind ``hazsim.fire.Simulation`` (build it through that class,
/// which parses fuels, weather, ignitions and barriers).
#[pyclass(name = "NativeSimulation", module = "hazsim.fire")]
pub struct PySimulation {
    sim: FireSpread,
    duration: f64,
}

#[pymethods]
impl PySimulation {
    #[new]
    #[pyo3(signature = (
        terrain, fuel_code, fuel_grid, weather, points, lines, polygons, barrier_mask,
        barrier_lines, barrier_polygons, duration, stencil_radius, behave
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        terrain: &Bound<'_, PyTerrain>,
        fuel_code: Option<u16>,
        fuel_grid: Option<&Bound<'_, PyAny>>,
        weather: Vec<(f64, f64, f64, [f64; 5])>,
        points: Vec<(f64, f64, f64)>,
        lines: Vec<(Vec<Pt>, f64)>,
        polygons: Vec<(Vec<Vec<Pt>>, f64)>,
        barrier_mask: Option<&Bound<'_, PyAny>>,
        barrier_lines: Vec<Vec<Pt>>,
        barrier_polygons: Vec<Vec<Vec<Pt>>>,
        duration: f64,
        stencil_radius: u32,
        behave: bool,
    ) -> PyResult<Self> {
        let t = &terrain.get().inner;
        if !(duration.is_finite() && duration >= 0.0) {
            return Err(errors::value(format!(
                "duration = {duration}: expected a finite time >= 0 s, e.g. 3600"
            )));
        }
        let inp = build_inputs(
            py,
            t,
            fuel_code,
            fuel_grid,
            weather,
            points,
            lines,
            polygons,
            barrier_mask,
            barrier_lines,
            barrier_polygons,
            duration,
            stencil_radius,
            behave,
        )?;
        let sim = py
            .detach(|| {
                FireSpread::new(
                    t,
                    &inp.fuels,
                    &inp.weather,
                    &inp.ignitions,
                    inp.barriers.as_ref(),
                    &inp.config,
                )
            })
            .map_err(value_err)?;
        Ok(PySimulation { sim, duration })
    }

    /// Model time (s) since the start.
    #[getter]
    fn now(&self) -> f64 {
        self.sim.now()
    }

    /// The planned length of the run (s).
    #[getter]
    fn duration(&self) -> f64 {
        self.duration
    }

    /// Cells burned so far.
    #[getter]
    fn burned_cells(&self) -> usize {
        self.sim.burned_times().len()
    }

    /// Advance to model time ``until`` (s) with the GIL released; see
    /// ``hazsim.fire.Simulation.advance``.
    #[pyo3(signature = (until = None, progress = None))]
    fn advance(
        &mut self,
        py: Python<'_>,
        until: Option<f64>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let callback = check_callback(progress)?;
        let until = until.unwrap_or(f64::INFINITY);
        let mut prog = PyProgress::new(callback);
        let sim = &mut self.sim;
        let out = py.detach(|| sim.advance(until, &mut prog));
        out.map_err(|e| spread_err(e, &mut prog))?;
        prog.finish(py, "fire spread")
    }

    /// A copy of a field now as a float32 numpy array.
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray2<f32>>> {
        let full = if name.starts_with("fire.") {
            name.to_string()
        } else {
            format!("fire.{name}")
        };
        match self.sim.field(&full) {
            Some(v) => Ok(PyArray2::from_owned_array(py, v.to_owned())),
            None => Err(errors::value(format!(
                "field {name:?} is not a fire field; the fields are {FIELD_NAMES:?}"
            ))),
        }
    }

    /// A FireResult of the state now.
    fn result(&self, py: Python<'_>) -> PyResult<PyFireResult> {
        let sim = &self.sim;
        let res = py.detach(|| sim.result());
        PyFireResult::build(py, res)
    }

    fn __repr__(&self) -> String {
        let res_cells = self.sim.burned_times().len();
        format!(
            "NativeSimulation(now={} s of {} s, burned_cells={res_cells})",
            self.sim.now(),
            self.duration
        )
    }
}

/// The fields of the fire engine as (name, unit, meaning) tuples.
fn fields_list<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    let l = PyList::empty(py);
    for f in hazsim_fire::spread::FIELDS {
        l.append((f.name, f.unit, f.meaning))?;
    }
    Ok(l)
}

/// Fills the `hazsim._native.fire` submodule.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyFireResult>()?;
    m.add_class::<PySimulation>()?;
    m.add_function(wrap_pyfunction!(rothermel_arrays, m)?)?;
    m.add_function(wrap_pyfunction!(crown_fire_arrays, m)?)?;
    m.add_function(wrap_pyfunction!(fuel_models, m)?)?;
    m.add_function(wrap_pyfunction!(fuel_code, m)?)?;
    m.add_function(wrap_pyfunction!(crown_map, m)?)?;
    m.add("FIELDS", fields_list(py)?)?;
    Ok(())
}
