//! `hazsim.flood`: the flood engine (hazsim-flood) from Python.
//!
//! `simulate()` runs a whole flood, `Simulation` steps one, and both give a `FloodResult`. The
//! engine runs with the GIL released. Progress callbacks and Ctrl-C are served from inside the
//! engine's own progress reports, so a callback never changes the time steps taken: results are
//! the same with or without one.

use crate::convert::grid_input;
use crate::errors::{self, HazsimError};
use crate::progress::{check_callback, type_name, PyProgress};
use crate::raster::PyRaster;
use crate::terrain::PyTerrain;
use hazsim_flood::simulation::FLOOD_FIELDS;
use hazsim_flood::{
    Boundaries, Boundary, Breach, FloodConfig, FloodSimulation, GreenAmpt, LineInflow, MassBalance,
    PointInflow, Rain, Region, Reservoir, SeriesPoint, SoilParam, SoilTexture,
};
use hazsim_grid::{Raster, Simulation, Terrain};
use numpy::{PyArray1, PyArray2};

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// A flood engine error as a Python exception; an exception raised by the callback (or Ctrl-C)
/// takes precedence over the engine's `Cancelled`.
fn flood_err(e: hazsim_flood::Error, progress: &mut PyProgress) -> PyErr {
    errors::engine(e, progress.error.take())
}

// ---------------------------------------------------------------------------------------------
// Python values → FloodConfig
// ---------------------------------------------------------------------------------------------

/// A (time, value) series from any iterable of 2-item sequences (tuples, lists, an (n, 2) array).
fn pairs(obj: &Bound<'_, PyAny>, name: &str, form: &str) -> PyResult<Vec<(f64, f64)>> {
    let bad = || {
        PyTypeError::new_err(format!(
            "{name}: expected {form}; got {} {}",
            type_name(obj),
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    if obj.is_instance_of::<PyString>() {
        return Err(bad());
    }
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| bad())? {
        let item = item?;
        let v: Vec<f64> = item.extract().map_err(|_| bad())?;
        if v.len() != 2 {
            return Err(bad());
        }
        out.push((v[0], v[1]));
    }
    Ok(out)
}

const RAIN_FORM: &str = "None, a constant intensity in mm/h, a list of (time_s, mm_per_h) pairs, \
     a Raster of mm/h, or a list of (time_s, Raster of mm/h) pairs";

fn parse_rain(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Rain> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Rain::None);
    };
    if let Ok(r) = obj.cast::<PyRaster>() {
        return Ok(Rain::Rasters(vec![(0.0, r.get().to_f32(py)?)]));
    }
    if !obj.is_instance_of::<PyString>() {
        if let Ok(v) = obj.extract::<f64>() {
            return Ok(Rain::Uniform(vec![(0.0, v)]));
        }
    }
    let bad = || {
        PyTypeError::new_err(format!(
            "rain: expected {RAIN_FORM}; got {}",
            type_name(obj)
        ))
    };
    if obj.is_instance_of::<PyString>() {
        return Err(bad());
    }
    let items: Vec<Bound<'_, PyAny>> = obj
        .try_iter()
        .map_err(|_| bad())?
        .collect::<PyResult<_>>()?;
    // A list of (t, Raster) pairs?
    let is_raster_pair = |it: &Bound<'_, PyAny>| -> bool {
        it.extract::<(f64, Bound<'_, PyAny>)>()
            .map(|(_, r)| r.cast::<PyRaster>().is_ok())
            .unwrap_or(false)
    };
    if items.first().is_some_and(is_raster_pair) {
        let mut out = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            let (t, r): (f64, Bound<'_, PyAny>) = it.extract().map_err(|_| bad())?;
            let r = r.cast::<PyRaster>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "rain[{i}]: expected a (time_s, Raster of mm/h) pair like rain[0]; got a {}",
                    type_name(&r)
                ))
            })?;
            out.push((t, r.get().to_f32(py)?));
        }
        return Ok(Rain::Rasters(out));
    }
    Ok(Rain::Uniform(pairs(obj, "rain", RAIN_FORM)?))
}

const INFLOW_FORM: &str =
    "a list of (x, y, hydrograph) tuples or {'x', 'y', 'hydrograph'} dicts, where hydrograph is \
     a list of (time_s, Q_m3_per_s) pairs or a constant Q";

fn parse_hydrograph(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<(f64, f64)>> {
    if !obj.is_instance_of::<PyString>() {
        if let Ok(q) = obj.extract::<f64>() {
            return Ok(vec![(0.0, q)]);
        }
    }
    pairs(
        obj,
        name,
        "a list of (time_s, Q_m3_per_s) pairs or a constant Q in m3/s",
    )
}

/// The items of a list argument `what` (None: none); a lone string or dict is an error that says
/// to wrap it in a list.
fn list_items<'py>(
    obj: Option<&Bound<'py, PyAny>>,
    what: &str,
    form: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let bad = |got: String| PyTypeError::new_err(format!("{what}: expected {form}; {got}"));
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDict>() {
        return Err(bad(format!(
            "got a {}; wrap a single item in a list",
            type_name(obj)
        )));
    }
    obj.try_iter()
        .map_err(|_| bad(format!("got {}", type_name(obj))))?
        .collect()
}

fn parse_inflows(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PointInflow>> {
    let bad =
        |what: String| PyTypeError::new_err(format!("inflows: expected {INFLOW_FORM}; {what}"));
    let mut out = Vec::new();
    for (i, item) in list_items(obj, "inflows", INFLOW_FORM)?
        .into_iter()
        .enumerate()
    {
        let name = format!("inflows[{i}]");
        let (x, y, hyd) = if let Ok(d) = item.cast::<PyDict>() {
            for k in d.keys() {
                let k: String = k.extract().unwrap_or_default();
                if !matches!(k.as_str(), "x" | "y" | "hydrograph") {
                    return Err(errors::value(format!(
                        "{name}: unknown key {k:?}; an inflow dict has 'x', 'y' and 'hydrograph'"
                    )));
                }
            }
            let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
                d.get_item(k)?.ok_or_else(|| {
                    errors::value(format!(
                        "{name}: missing key {k:?}; an inflow dict has 'x', 'y' and 'hydrograph'"
                    ))
                })
            };
            let x: f64 = get("x")?
                .extract()
                .map_err(|_| bad(format!("{name}['x'] is not a number")))?;
            let y: f64 = get("y")?
                .extract()
                .map_err(|_| bad(format!("{name}['y'] is not a number")))?;
            (x, y, get("hydrograph")?)
        } else {
            let (x, y, h): (f64, f64, Bound<'_, PyAny>) = item.extract().map_err(|_| {
                bad(format!(
                    "{name} = {} is not an (x, y, hydrograph) tuple",
                    item.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            (x, y, h)
        };
        let hydrograph = parse_hydrograph(&hyd, &format!("{name}.hydrograph"))?;
        out.push(PointInflow { x, y, hydrograph });
    }
    Ok(out)
}

const LINE_INFLOW_FORM: &str =
    "a list of (line, hydrograph) tuples or {'line', 'hydrograph'} dicts, where line is a list of \
     (x, y) vertices and hydrograph the discharge of the whole line: a list of (time_s, \
     Q_m3_per_s) pairs or a constant Q";

fn parse_line_inflows(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<LineInflow>> {
    let bad = |what: String| {
        PyTypeError::new_err(format!("line_inflows: expected {LINE_INFLOW_FORM}; {what}"))
    };
    let mut out = Vec::new();
    for (i, item) in list_items(obj, "line_inflows", LINE_INFLOW_FORM)?
        .into_iter()
        .enumerate()
    {
        let name = format!("line_inflows[{i}]");
        let (line, hyd) = if let Ok(d) = item.cast::<PyDict>() {
            let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
                d.get_item(k)?.ok_or_else(|| {
                    errors::value(format!(
                        "{name}: missing key {k:?}; a line inflow dict has 'line' and 'hydrograph'"
                    ))
                })
            };
            if d.len() != 2 {
                return Err(errors::value(format!(
                    "{name}: a line inflow dict has exactly the keys 'line' and 'hydrograph'"
                )));
            }
            (get("line")?, get("hydrograph")?)
        } else {
            item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|_| {
                    bad(format!(
                        "{name} = {} is not a (line, hydrograph) tuple",
                        item.repr().map(|r| r.to_string()).unwrap_or_default()
                    ))
                })?
        };
        let line = pairs(&line, &format!("{name}.line"), "a list of (x, y) vertices")?;
        let hydrograph = parse_hydrograph(&hyd, &format!("{name}.hydrograph"))?;
        out.push(LineInflow { line, hydrograph });
    }
    Ok(out)
}

const BOUNDARY_FORM: &str = "'closed', 'free', ('free', slope), 'critical', ('level', z_m) or \
     ('hydrograph', [(time_s, level_m), ...])";

fn parse_boundary(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Boundary> {
    let bad = || {
        errors::value(format!(
            "{name}: expected {BOUNDARY_FORM}; got {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    if obj.is_none() {
        return Ok(Boundary::Closed);
    }
    if let Ok(s) = obj.extract::<String>() {
        return match s.to_ascii_lowercase().as_str() {
            "closed" | "wall" => Ok(Boundary::Closed),
            "free" | "open" | "outflow" => Ok(Boundary::FreeOutflow { slope: None }),
            "critical" | "critical_depth" => Ok(Boundary::CriticalOutflow),
            _ => Err(bad()),
        };
    }
    let t = match obj.cast::<PyList>() {
        Ok(l) => l.to_tuple(),
        Err(_) => obj.cast::<PyTuple>().map_err(|_| bad())?.clone(),
    };
    if t.len() != 2 {
        return Err(bad());
    }
    let kind: String = t.get_item(0)?.extract().map_err(|_| bad())?;
    let arg = t.get_item(1)?;
    match kind.to_ascii_lowercase().as_str() {
        "free" | "open" | "outflow" => {
            let slope: Option<f64> = arg.extract().map_err(|_| bad())?;
            Ok(Boundary::FreeOutflow { slope })
        }
        "level" | "fixed_level" => Ok(Boundary::FixedLevel(arg.extract().map_err(|_| bad())?)),
        "hydrograph" | "level_hydrograph" => Ok(Boundary::LevelHydrograph(pairs(
            &arg,
            name,
            "a list of (time_s, level_m) pairs",
        )?)),
        "closed" | "wall" => Ok(Boundary::Closed),
        _ => Err(bad()),
    }
}

fn parse_boundaries(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Boundaries> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Boundaries::default());
    };
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut b = Boundaries::default();
        for (k, v) in d.iter() {
            let key: String = k.extract().map_err(|_| {
                errors::value(format!(
                    "boundaries: keys are 'north', 'east', 'south' and 'west'; got {}",
                    k.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            let slot = match key.to_ascii_lowercase().as_str() {
                "north" | "n" => &mut b.north,
                "east" | "e" => &mut b.east,
                "south" | "s" => &mut b.south,
                "west" | "w" => &mut b.west,
                _ => {
                    return Err(errors::value(format!(
                        "boundaries: unknown edge {key:?}; the edges are 'north', 'east', 'south' and 'west'"
                    )))
                }
            };
            *slot = parse_boundary(&v, &format!("boundaries[{key:?}]"))?;
        }
        return Ok(b);
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyTuple>() {
        return Ok(Boundaries::all(parse_boundary(obj, "boundaries")?));
    }
    Err(PyTypeError::new_err(format!(
        "boundaries: expected None (all closed), one condition for all edges ({BOUNDARY_FORM}) or a dict {{'north'|'east'|'south'|'west': condition}}; got {}",
        type_name(obj)
    )))
}

const INFILTRATION_FORM: &str = "None, a soil texture name ('loam', 'sandy_loam', ...), \
     {'texture': name, 'initial_saturation': 0..1} or {'k_s': m/s, 'psi_f': m, 'delta_theta': 0..1} \
     (each a number, a Raster or a 2-D array on the DEM's grid)";

fn dict_keys(d: &Bound<'_, PyDict>, name: &str, allowed: &[&str]) -> PyResult<()> {
    for k in d.keys() {
        let k: String = k.extract().unwrap_or_default();
        if !allowed.contains(&k.as_str()) {
            return Err(errors::value(format!(
                "{name}: unknown key {k:?}; the keys are {allowed:?}"
            )));
        }
    }
    Ok(())
}

fn required<'py>(d: &Bound<'py, PyDict>, name: &str, key: &str) -> PyResult<Bound<'py, PyAny>> {
    d.get_item(key)?
        .ok_or_else(|| errors::value(format!("{name}: missing key {key:?}")))
}

fn soil_param(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<SoilParam> {
    if obj.cast::<PyRaster>().is_err() && !obj.is_instance_of::<PyString>() {
        if let Ok(v) = obj.extract::<f64>() {
            return Ok(SoilParam::Uniform(v));
        }
    }
    Ok(SoilParam::Raster(grid_input(py, obj, dem, name)?))
}

fn parse_infiltration(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
    dem: &Raster<f32>,
) -> PyResult<Option<GreenAmpt>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let engine = |e: hazsim_flood::Error| errors::value(format!("infiltration: {e}"));
    if let Ok(name) = obj.extract::<String>() {
        let t = SoilTexture::from_name(&name).map_err(engine)?;
        return Ok(Some(GreenAmpt::texture(t, 0.3).map_err(engine)?));
    }
    let d = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "infiltration: expected {INFILTRATION_FORM}; got {}",
            type_name(obj)
        ))
    })?;
    if d.contains("texture")? {
        dict_keys(d, "infiltration", &["texture", "initial_saturation"])?;
        let name: String = required(d, "infiltration", "texture")?.extract()?;
        let s: f64 = match d.get_item("initial_saturation")? {
            Some(v) => v.extract()?,
            None => 0.3,
        };
        let t = SoilTexture::from_name(&name).map_err(engine)?;
        return Ok(Some(GreenAmpt::texture(t, s).map_err(engine)?));
    }
    dict_keys(d, "infiltration", &["k_s", "psi_f", "delta_theta"])?;
    Ok(Some(GreenAmpt {
        k_s: soil_param(
            py,
            &required(d, "infiltration", "k_s")?,
            dem,
            "infiltration.k_s",
        )?,
        psi_f: soil_param(
            py,
            &required(d, "infiltration", "psi_f")?,
            dem,
            "infiltration.psi_f",
        )?,
        delta_theta: soil_param(
            py,
            &required(d, "infiltration", "delta_theta")?,
            dem,
            "infiltration.delta_theta",
        )?,
    }))
}

/// A region from a dict holding 'polygon' (one ring of (x, y) or a list of rings) or 'mask'.
fn parse_region(py: Python<'_>, d: &Bound<'_, PyDict>, name: &str) -> PyResult<Region> {
    if let Some(m) = d.get_item("mask")? {
        let np = py.import("numpy")?;
        let arr = np.call_method1("asarray", (m, "bool"))?;
        let mask: numpy::PyReadonlyArray2<'_, bool> = arr.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}['mask']: expected a 2-D boolean array on the DEM's grid"
            ))
        })?;
        return Ok(Region::Mask(mask.as_array().to_owned()));
    }
    let poly = required(d, name, "polygon")?;
    let bad = || {
        PyTypeError::new_err(format!(
            "{name}['polygon']: expected a ring [(x, y), ...] or a list of rings (exterior first, then holes) in the DEM's CRS"
        ))
    };
    if let Ok(ring) = poly.extract::<Vec<(f64, f64)>>() {
        return Ok(Region::Polygon(vec![ring]));
    }
    let rings: Vec<Vec<(f64, f64)>> = poly.extract().map_err(|_| bad())?;
    Ok(Region::Polygon(rings))
}

fn parse_reservoir(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Reservoir>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let d = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "reservoir: expected a dict {{'polygon': [(x, y), ...] or 'mask': bool array, 'level': z_m}}; got {}",
            type_name(obj)
        ))
    })?;
    dict_keys(d, "reservoir", &["polygon", "mask", "level"])?;
    Ok(Some(Reservoir {
        region: parse_region(py, d, "reservoir")?,
        level: required(d, "reservoir", "level")?.extract()?,
    }))
}

fn parse_breach(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Breach>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let d = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "breach: expected a dict {{'polygon': [(x, y), ...] or 'mask': bool array, 'final_level': z_m, 'start': s, 'formation_time': s}}; got {}",
            type_name(obj)
        ))
    })?;
    dict_keys(
        d,
        "breach",
        &["polygon", "mask", "final_level", "start", "formation_time"],
    )?;
    let opt = |k: &str| -> PyResult<f64> {
        Ok(match d.get_item(k)? {
            Some(v) => v.extract()?,
            None => 0.0,
        })
    };
    Ok(Some(Breach {
        region: parse_region(py, d, "breach")?,
        final_level: required(d, "breach", "final_level")?.extract()?,
        start: opt("start")?,
        formation_time: opt("formation_time")?,
    }))
}

fn parse_walls(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<ndarray::Array2<bool>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj, "bool"))?;
    let mask: numpy::PyReadonlyArray2<'_, bool> = arr.extract().map_err(|_| {
        PyTypeError::new_err("walls: expected a 2-D boolean array on the DEM's grid (True = wall)")
    })?;
    Ok(Some(mask.as_array().to_owned()))
}

/// Raise the NaN/nodata cells of a DEM into closed walls for a flood run.
///
/// Returns ``(dem, walls)``: a copy of ``raster`` whose holes stand 10 km above its highest
/// valid cell (so ``hazsim.Terrain`` accepts it), and the boolean mask of the holes to pass as
/// ``walls=`` to :func:`simulate`. No water enters a wall and no rain falls on it. The other
/// choice is ``raster.fill_nodata()``, which fills small voids from their edges.
///
/// Examples
/// --------
/// >>> dem, walls = hazsim.flood.nodata_as_walls(hazsim.read_raster("dem_with_holes.tif"))
/// >>> r = hazsim.flood.simulate(hazsim.Terrain(dem), 3600, rain=30.0, walls=walls)
#[pyfunction]
pub fn nodata_as_walls<'py>(
    py: Python<'py>,
    raster: &Bound<'py, PyRaster>,
) -> PyResult<(PyRaster, Bound<'py, PyArray2<bool>>)> {
    let dem = raster.get().to_f32(py)?;
    let (walled, mask) = hazsim_flood::walls::nodata_as_walls(&dem)
        .map_err(|e| HazsimError::new_err(e.to_string()))?;
    Ok((
        PyRaster::from_rust(py, walled),
        PyArray2::from_owned_array(py, mask),
    ))
}

/// Everything `simulate()` and `Simulation()` accept besides the terrain, as Python objects.
struct Options<'a, 'py> {
    duration: f64,
    rain: Option<&'a Bound<'py, PyAny>>,
    inflows: Option<&'a Bound<'py, PyAny>>,
    line_inflows: Option<&'a Bound<'py, PyAny>>,
    boundaries: Option<&'a Bound<'py, PyAny>>,
    manning: &'a Bound<'py, PyAny>,
    initial_depth: Option<&'a Bound<'py, PyAny>>,
    alpha: Option<f64>,
    theta: f64,
    output_interval: Option<f64>,
    snapshots: Vec<String>,
    wet_threshold: f64,
    arrival_threshold: f64,
    max_dt: Option<f64>,
    max_speed: Option<f64>,
    infiltration: Option<&'a Bound<'py, PyAny>>,
    reservoir: Option<&'a Bound<'py, PyAny>>,
    breach: Option<&'a Bound<'py, PyAny>>,
    walls: Option<&'a Bound<'py, PyAny>>,
    max_froude: Option<f64>,
}

impl Options<'_, '_> {
    fn config(&self, py: Python<'_>, terrain: &Terrain) -> PyResult<FloodConfig> {
        let dem = terrain.dem();
        let d = FloodConfig::default();
        let manning = crate::convert::field_input(py, self.manning, dem, "manning")?;
        let initial_depth = match self.initial_depth.filter(|o| !o.is_none()) {
            None => None,
            Some(o) => Some(grid_input(py, o, dem, "initial_depth")?),
        };
        Ok(FloodConfig {
            duration: self.duration,
            alpha: self.alpha.unwrap_or(d.alpha),
            theta: self.theta,
            manning,
            wet_threshold: self.wet_threshold,
            arrival_threshold: self.arrival_threshold,
            h_flow_min: d.h_flow_min,
            max_dt: self.max_dt.unwrap_or(d.max_dt),
            output_interval: self.output_interval,
            snapshots: self.snapshots.clone(),
            boundaries: parse_boundaries(self.boundaries)?,
            initial_depth,
            rain: parse_rain(py, self.rain)?,
            inflows: parse_inflows(self.inflows)?,
            line_inflows: parse_line_inflows(self.line_inflows)?,
            max_speed: self.max_speed.unwrap_or(d.max_speed),
            infiltration: parse_infiltration(py, self.infiltration, dem)?,
            reservoir: parse_reservoir(py, self.reservoir)?,
            breach: parse_breach(py, self.breach)?,
            walls: parse_walls(py, self.walls)?,
            max_froude: self.max_froude,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// FloodResult
// ---------------------------------------------------------------------------------------------

fn series_dict<'py>(py: Python<'py>, s: &[SeriesPoint]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let col = |f: fn(&SeriesPoint) -> f64| s.iter().map(f).collect::<Vec<f64>>();
    d.set_item("time", PyArray1::from_vec(py, col(|p| p.time)))?;
    d.set_item(
        "flooded_area",
        PyArray1::from_vec(py, col(|p| p.flooded_area)),
    )?;
    d.set_item("volume", PyArray1::from_vec(py, col(|p| p.volume)))?;
    Ok(d)
}

fn mass_dict<'py>(py: Python<'py>, m: &MassBalance) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("inflow", m.inflow)?;
    d.set_item("boundary_inflow", m.boundary_inflow)?;
    d.set_item("rain", m.rain)?;
    d.set_item("outflow", m.outflow)?;
    d.set_item("infiltration", m.infiltration)?;
    d.set_item("storage_initial", m.storage_initial)?;
    d.set_item("storage_now", m.storage_now)?;
    d.set_item("residual", m.residual())?;
    d.set_item("error", m.error())?;
    Ok(d)
}

fn fields_list<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, FLOOD_FIELDS.iter().map(|f| (f.name, f.unit, f.meaning)))
}

/// Rasters by field name.
type NamedRasters = Vec<(&'static str, Py<PyRaster>)>;

/// The outputs of a flood run: rasters on the DEM's grid, a (time, area, volume) series and the
/// mass balance.
///
/// Attributes
/// ----------
/// fields : dict[str, Raster]
///     Every flood field at the end of the run, by name (``"flood.depth"``,
///     ``"flood.max_depth"``, ``"flood.arrival_time"``, ...; see ``hazsim.flood.FIELDS``), as
///     float32 rasters. ``result["flood.max_depth"]`` is the same.
/// series : dict[str, numpy.ndarray]
///     ``time`` (s), ``flooded_area`` (m², cells deeper than the wet threshold) and ``volume``
///     (m³) at t = 0, every output interval and the end.
/// mass_balance : dict[str, float]
///     Volumes in m³ (``inflow``, ``boundary_inflow``, ``rain``, ``outflow``, ``infiltration``,
///     ``storage_initial``, ``storage_now``), their ``residual`` and the relative ``error``.
/// steps : int
///     Solver steps taken.
/// time : float
///     Model time (s) of the outputs.
#[pyclass(name = "FloodResult", module = "hazsim.flood", frozen)]
pub struct PyFloodResult {
    fields: Vec<(&'static str, Py<PyRaster>)>,
    snapshots: Vec<(f64, NamedRasters)>,
    series: Vec<SeriesPoint>,
    mass: MassBalance,
    steps: u64,
    time: f64,
    max_depth: f64,
}

impl PyFloodResult {
    fn build(
        py: Python<'_>,
        fields: Vec<(&'static str, Raster<f32>)>,
        series: Vec<SeriesPoint>,
        mass: MassBalance,
        steps: u64,
        time: f64,
    ) -> PyResult<Self> {
        let max_depth = fields
            .iter()
            .find(|(n, _)| *n == "flood.max_depth")
            .map(|(_, r)| {
                r.data
                    .iter()
                    .filter(|v| v.is_finite())
                    .fold(0.0f32, |a, &b| a.max(b)) as f64
            })
            .unwrap_or(f64::NAN);
        let fields = fields
            .into_iter()
            .map(|(n, r)| Ok((n, Py::new(py, PyRaster::from_rust(py, r))?)))
            .collect::<PyResult<_>>()?;
        Ok(PyFloodResult {
            fields,
            snapshots: Vec::new(),
            series,
            mass,
            steps,
            time,
            max_depth,
        })
    }
}

#[pymethods]
impl PyFloodResult {
    /// Output rasters by field name (a new dict each time; the rasters are shared).
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (n, r) in &self.fields {
            d.set_item(*n, r.clone_ref(py))?;
        }
        Ok(d)
    }

    /// ``time`` (s), ``flooded_area`` (m²) and ``volume`` (m³) as float64 numpy arrays.
    #[getter]
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        series_dict(py, &self.series)
    }

    /// The fields asked for with ``snapshots=`` at every output time, as a list of
    /// ``(time_s, {field name: Raster})`` in time order (empty unless asked for).
    #[getter]
    fn snapshots<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .snapshots
            .iter()
            .map(|(t, fields)| {
                let d = PyDict::new(py);
                for (n, r) in fields {
                    d.set_item(*n, r.clone_ref(py))?;
                }
                (*t, d).into_pyobject(py)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Volumes (m³) in, out and stored, the residual (m³) and the relative ``error``.
    #[getter]
    fn mass_balance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        mass_dict(py, &self.mass)
    }

    /// Solver steps taken.
    #[getter]
    fn steps(&self) -> u64 {
        self.steps
    }

    /// Model time (s) of the outputs.
    #[getter]
    fn time(&self) -> f64 {
        self.time
    }

    /// Field names, in the order of ``hazsim.flood.FIELDS``.
    fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(n, _)| *n).collect()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyRaster>> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.clone_ref(py))
            .ok_or_else(|| {
                PyKeyError::new_err(format!(
                    "{name:?} is not a flood field; the fields are {:?}",
                    self.keys()
                ))
            })
    }

    fn __contains__(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| *n == name)
    }

    fn __len__(&self) -> usize {
        self.fields.len()
    }

    fn __repr__(&self) -> String {
        let area = self.series.last().map(|p| p.flooded_area).unwrap_or(0.0);
        let vol = self.series.last().map(|p| p.volume).unwrap_or(0.0);
        format!(
            "FloodResult(time={} s, steps={}, max_depth={:.3} m, flooded_area={:.0} m2, volume={:.1} m3, mass_error={:.2e})",
            self.time,
            self.steps,
            self.max_depth,
            area,
            vol,
            self.mass.error()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// simulate()
// ---------------------------------------------------------------------------------------------

/// Run a flood over a terrain for `duration` seconds and return its outputs.
///
/// The local-inertial shallow-water solver of hazsim-flood (Bates et al. 2010, with the
/// θ-weighted momentum of de Almeida et al. 2012) runs with the GIL released.
///
/// Parameters
/// ----------
/// terrain : Terrain
///     The DEM (metres, projected CRS).
/// duration : float
///     Length of the run in seconds (>= 0).
/// rain : None, float, list of (t, mm/h), Raster or list of (t, Raster)
///     Rain in mm/h: a constant, a piecewise-constant series (each value holds from its time to
///     the next; after the last time its value holds, so end a storm with ``(t, 0.0)``), a raster
///     of intensities on the DEM's grid, or a series of such rasters.
/// inflows : list of (x, y, hydrograph) or dicts {"x", "y", "hydrograph"}
///     Point inflows at world coordinates in the DEM's CRS; hydrograph is a list of
///     ``(t, Q m³/s)`` pairs, linearly interpolated, or a constant Q.
/// line_inflows : list of (line, hydrograph) or dicts {"line", "hydrograph"}
///     Line inflows: ``line`` is a list of ``(x, y)`` vertices in the DEM's CRS and the
///     hydrograph (as for ``inflows``) the discharge of the whole line, shared evenly by the
///     cells the line crosses (a reach's lateral inflow, a levee overtopping).
/// boundaries : None, str, tuple or dict
///     Edge conditions: None (all closed), one condition for all four edges, or a dict
///     ``{"north" | "east" | "south" | "west": condition}`` (unnamed edges stay closed). A
///     condition is ``"closed"``, ``"free"`` (normal-depth outflow on the local bed slope),
///     ``("free", slope)``, ``"critical"`` (outflow at critical depth, q = h √(g h)),
///     ``("level", z_m)`` or ``("hydrograph", [(t, level_m), ...])``.
/// manning : float, Raster or 2-D array
///     Manning's n (s m^-1/3), one value or one per cell.
/// initial_depth : None, Raster or 2-D array
///     Water depth (m) at t = 0; None starts dry.
/// alpha : float or None
///     Courant number; None takes the engine's default (0.6). At most sqrt(theta / 2).
/// theta : float
///     Momentum weighting in [0, 1]; 0.8 by default.
/// output_interval : float or None
///     Interval (s) of the series; None records the start and the end only.
/// snapshots : list of str or None
///     Fields to keep at every output interval (``["flood.depth"]`` or short names such as
///     ``["depth", "speed"]``; needs ``output_interval``), returned in ``result.snapshots`` as
///     ``(time_s, {name: Raster})``. Each snapshot of a field holds 4 bytes per cell.
/// wet_threshold : float
///     Depth (m) above which a cell counts as flooded (area, duration, speed, hazard).
/// arrival_threshold : float
///     Depth (m) whose first crossing sets ``flood.arrival_time``.
/// max_dt : float or None
///     Upper limit of the time step (s); None takes the engine's default (10 s).
/// max_speed : float or None
///     Speed (m/s) above which the run is declared unstable; None takes the default (50 m/s).
/// infiltration : None, str or dict
///     Green–Ampt infiltration (Green & Ampt 1911, Mein & Larson 1973): a soil texture name
///     (``"sand"``, ``"loamy_sand"``, ``"sandy_loam"``, ``"loam"``, ``"silt_loam"``,
///     ``"sandy_clay_loam"``, ``"clay_loam"``, ``"silty_clay_loam"``, ``"sandy_clay"``,
///     ``"silty_clay"``, ``"clay"``; Rawls et al. 1983, at 30 % initial saturation),
///     ``{"texture": name, "initial_saturation": s}``, or ``{"k_s": m/s, "psi_f": m,
///     "delta_theta": fraction}`` with each a number, a Raster or a 2-D array. The cumulative
///     depth is the field ``flood.infiltration`` (m) and the volume ``mass_balance["infiltration"]``.
/// reservoir : None or dict
///     ``{"polygon": [(x, y), ...] (or a list of rings, exterior first), "level": z_m}`` or
///     ``{"mask": bool array, "level": z_m}``: cells whose centres lie inside start filled to the
///     water-surface elevation ``level`` (m), on top of ``initial_depth``.
/// breach : None or dict
///     ``{"polygon" | "mask": ..., "final_level": z_m, "start": s, "formation_time": s}``: the
///     bed of the cells inside falls linearly from the DEM (the dam crest) to ``final_level``
///     between ``start`` and ``start + formation_time`` (0 = sudden failure; both default 0).
/// walls : None or 2-D bool array
///     Cells that are closed walls (no water, no rain), e.g. the mask from
///     :func:`nodata_as_walls` for a DEM with holes.
/// max_froude : float or None
///     Cap of the face Froude number (e.g. 1 on steep terrain, where the local inertial scheme
///     can give unphysical speeds); None (default) for no cap.
/// progress : callable or None
///     ``progress(fraction, stage)`` is called about every 1 % of the run and at the end with
///     the GIL held. Returning ``False`` stops the run with ``hazsim.flood.Cancelled`` (a
///     ``HazsimError``); an exception it raises stops the run and propagates. The callback
///     never changes the results.
///
/// Returns
/// -------
/// FloodResult
///
/// Raises
/// ------
/// HazsimError
///     Invalid input (the message names the parameter) or an unstable run.
/// Cancelled
///     The progress callback returned False.
/// KeyboardInterrupt
///     Ctrl-C during the run.
///
/// Examples
/// --------
/// >>> t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
/// >>> r = hazsim.flood.simulate(t, 600, rain=50.0, boundaries="free")
/// >>> r["flood.max_depth"].data.max()
#[pyfunction]
#[pyo3(signature = (
    terrain, duration, *, rain = None, inflows = None, line_inflows = None, boundaries = None,
    manning = None,
    initial_depth = None, alpha = None, theta = 0.8, output_interval = None, snapshots = None,
    wet_threshold = 0.01, arrival_threshold = 0.1, max_dt = None, max_speed = None,
    infiltration = None, reservoir = None, breach = None, walls = None, max_froude = None,
    progress = None
))]
#[allow(clippy::too_many_arguments)]
pub fn simulate(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    duration: f64,
    rain: Option<&Bound<'_, PyAny>>,
    inflows: Option<&Bound<'_, PyAny>>,
    line_inflows: Option<&Bound<'_, PyAny>>,
    boundaries: Option<&Bound<'_, PyAny>>,
    manning: Option<&Bound<'_, PyAny>>,
    initial_depth: Option<&Bound<'_, PyAny>>,
    alpha: Option<f64>,
    theta: f64,
    output_interval: Option<f64>,
    snapshots: Option<Vec<String>>,
    wet_threshold: f64,
    arrival_threshold: f64,
    max_dt: Option<f64>,
    max_speed: Option<f64>,
    infiltration: Option<&Bound<'_, PyAny>>,
    reservoir: Option<&Bound<'_, PyAny>>,
    breach: Option<&Bound<'_, PyAny>>,
    walls: Option<&Bound<'_, PyAny>>,
    max_froude: Option<f64>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyFloodResult> {
    let callback = check_callback(progress)?;
    let default_n = 0.035f64.into_pyobject(py)?.into_any();
    let t = &terrain.get().inner;
    let cfg = Options {
        duration,
        rain,
        inflows,
        line_inflows,
        boundaries,
        manning: manning.unwrap_or(&default_n),
        initial_depth,
        alpha,
        theta,
        output_interval,
        snapshots: snapshots.unwrap_or_default(),
        wet_threshold,
        arrival_threshold,
        max_dt,
        max_speed,
        infiltration,
        reservoir,
        breach,
        walls,
        max_froude,
    }
    .config(py, t)?;
    let mut prog = PyProgress::new(callback);
    let out = py.detach(|| hazsim_flood::simulate(t, cfg, &mut prog));
    let res = out.map_err(|e| flood_err(e, &mut prog))?;
    prog.finish(py, "flood")?;
    let mut r = PyFloodResult::build(
        py,
        res.fields,
        res.series,
        res.mass_balance,
        res.steps,
        duration,
    )?;
    let dem = t.dem();
    r.snapshots = res
        .snapshots
        .into_iter()
        .map(|s| {
            let fields = s
                .fields
                .into_iter()
                .map(|(n, a)| Ok((n, Py::new(py, PyRaster::from_rust(py, dem.like(a)))?)))
                .collect::<PyResult<_>>()?;
            Ok((s.time, fields))
        })
        .collect::<PyResult<_>>()?;
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

/// A flood run to step through time: advance it, look at its fields, advance again.
///
/// Takes the same arguments as ``hazsim.flood.simulate`` except ``progress``, which goes to
/// ``advance``. ``duration`` is the planned length of the run: it scales the progress fractions
/// and sizes the series, but ``advance`` may go past it. Stepping to a time and then on gives
/// the same numbers as one run when the intermediate time is an output time (a multiple of
/// ``output_interval``) or a rain change, because the solver lands a step on every such time.
///
/// Examples
/// --------
/// >>> sim = hazsim.flood.Simulation(t, 3600, rain=[(0, 30.0), (1800, 0.0)], output_interval=600)
/// >>> sim.advance(1800)
/// >>> depth = sim.field("flood.depth")   # numpy float32 copy
/// >>> sim.advance(3600)
/// >>> result = sim.result()
#[pyclass(name = "Simulation", module = "hazsim.flood")]
pub struct PySimulation {
    sim: FloodSimulation,
    terrain: Py<PyTerrain>,
}

#[pymethods]
impl PySimulation {
    #[new]
    #[pyo3(signature = (
        terrain, duration, *, rain = None, inflows = None, line_inflows = None, boundaries = None,
        manning = None,
        initial_depth = None, alpha = None, theta = 0.8, output_interval = None,
        wet_threshold = 0.01, arrival_threshold = 0.1, max_dt = None, max_speed = None,
        infiltration = None, reservoir = None, breach = None, walls = None, max_froude = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        terrain: &Bound<'_, PyTerrain>,
        duration: f64,
        rain: Option<&Bound<'_, PyAny>>,
        inflows: Option<&Bound<'_, PyAny>>,
        line_inflows: Option<&Bound<'_, PyAny>>,
        boundaries: Option<&Bound<'_, PyAny>>,
        manning: Option<&Bound<'_, PyAny>>,
        initial_depth: Option<&Bound<'_, PyAny>>,
        alpha: Option<f64>,
        theta: f64,
        output_interval: Option<f64>,
        wet_threshold: f64,
        arrival_threshold: f64,
        max_dt: Option<f64>,
        max_speed: Option<f64>,
        infiltration: Option<&Bound<'_, PyAny>>,
        reservoir: Option<&Bound<'_, PyAny>>,
        breach: Option<&Bound<'_, PyAny>>,
        walls: Option<&Bound<'_, PyAny>>,
        max_froude: Option<f64>,
    ) -> PyResult<Self> {
        let default_n = 0.035f64.into_pyobject(py)?.into_any();
        let t = &terrain.get().inner;
        let cfg = Options {
            duration,
            rain,
            inflows,
            line_inflows,
            boundaries,
            manning: manning.unwrap_or(&default_n),
            initial_depth,
            alpha,
            theta,
            output_interval,
            snapshots: Vec::new(),
            wet_threshold,
            arrival_threshold,
            max_dt,
            max_speed,
            infiltration,
            reservoir,
            breach,
            walls,
            max_froude,
        }
        .config(py, t)?;
        let sim = py
            .detach(|| FloodSimulation::new(t, cfg))
            .map_err(|e| HazsimError::new_err(e.to_string()))?;
        Ok(PySimulation {
            sim,
            terrain: terrain.clone().unbind(),
        })
    }

    /// Model time (s) since the start.
    #[getter]
    fn now(&self) -> f64 {
        self.sim.now()
    }

    /// The planned length of the run (s).
    #[getter]
    fn duration(&self) -> f64 {
        self.sim.config().duration
    }

    /// Solver steps taken so far.
    #[getter]
    fn steps(&self) -> u64 {
        self.sim.steps()
    }

    /// The terrain this run floods.
    #[getter]
    fn terrain(&self, py: Python<'_>) -> Py<PyTerrain> {
        self.terrain.clone_ref(py)
    }

    /// Advance the run to model time ``until`` (s), with the GIL released. A time at or before
    /// ``now`` does nothing; ``None`` runs to the end of the planned ``duration``.
    ///
    /// ``progress(fraction, stage)``, when given, is called about every 1 % of this advance
    /// (fraction 0..1 of the span from ``now`` to ``until``) and at its end; returning
    /// ``False`` stops the run early with ``hazsim.Cancelled``. The state stays valid at
    /// the last completed step, so the run can be advanced again; ``flood.speed`` is then the
    /// last step's discharge over the depth now.
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
        out.map_err(|e| flood_err(e, &mut prog))?;
        prog.finish(py, "flood")
    }

    /// A copy of a field now, as a float32 numpy array (``"flood.depth"``, or the short
    /// ``"depth"``; see ``fields()``).
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray2<f32>>> {
        // A short name (`depth`) works as in every engine.
        let full = hazsim_grid::fields::resolve(name, FLOOD_FIELDS).map_or(name, |f| f.name);
        match self.sim.field(full) {
            Some(v) => Ok(PyArray2::from_owned_array(py, v.to_owned())),
            None => Err(errors::value(format!(
                "field {name:?} is not a flood field; the fields are {:?}",
                FLOOD_FIELDS.iter().map(|f| f.name).collect::<Vec<_>>()
            ))),
        }
    }

    /// The fields this engine exposes, as (name, unit, meaning) tuples.
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        fields_list(py)
    }

    /// Volumes (m³) in, out and stored so far, the residual and the relative ``error``.
    #[getter]
    fn mass_balance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        mass_dict(py, &self.sim.mass_balance())
    }

    /// ``time``, ``flooded_area`` and ``volume`` at t = 0 and every output time reached so far.
    #[getter]
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        series_dict(py, self.sim.series())
    }

    /// A FloodResult of the state now: every field as a Raster, the series up to now (with a
    /// record for now appended) and the mass balance. Equal to what ``simulate`` returns when
    /// the run has reached its duration.
    fn result(&self, py: Python<'_>) -> PyResult<PyFloodResult> {
        let terrain = self.terrain.bind(py).get();
        let dem = terrain.inner.dem();
        let cell = terrain.inner.cell_size() * terrain.inner.cell_size();
        let sim = &self.sim;
        let (fields, series) = py.detach(|| {
            let fields: Vec<(&'static str, Raster<f32>)> = FLOOD_FIELDS
                .iter()
                .filter_map(|f| sim.field(f.name).map(|v| (f.name, dem.like(v.to_owned()))))
                .collect();
            let mut series = sim.series().to_vec();
            if series.last().map(|p| p.time) != Some(sim.now()) {
                let wet_threshold = sim.config().wet_threshold as f32;
                let wet = sim
                    .field("flood.depth")
                    .map(|h| h.iter().filter(|&&v| v > wet_threshold).count())
                    .unwrap_or(0);
                series.push(SeriesPoint {
                    time: sim.now(),
                    flooded_area: wet as f64 * cell,
                    volume: sim.mass_balance().storage_now,
                });
            }
            (fields, series)
        });
        PyFloodResult::build(
            py,
            fields,
            series,
            self.sim.mass_balance(),
            self.sim.steps(),
            self.sim.now(),
        )
    }

    fn __repr__(&self) -> String {
        let depth = self.sim.field("flood.depth");
        let max = depth
            .map(|h| h.iter().fold(0.0f32, |a, &b| a.max(b)))
            .unwrap_or(0.0);
        let (rows, cols) = depth.map(|h| h.dim()).unwrap_or((0, 0));
        format!(
            "Simulation(now={} s of {} s, shape=({rows}, {cols}), steps={}, max_depth={max:.3} m, volume={:.1} m3, mass_error={:.2e})",
            self.sim.now(),
            self.sim.config().duration,
            self.sim.steps(),
            self.sim.mass_balance().storage_now,
            self.sim.mass_balance().error()
        )
    }
}

/// Fills the `hazsim._native.flood` submodule.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyFloodResult>()?;
    m.add_class::<PySimulation>()?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(nodata_as_walls, m)?)?;
    m.add("FIELDS", fields_list(py)?)?;
    Ok(())
}
