//! Terrain methods of hazsim-debris for Python: slope stability (SINMAP factor of safety,
//! SHALSTAB critical rainfall), the SINMAP stability index, release-area detection, LAHARZ
//! inundation and the Staley et al. (2017) M1 post-fire debris-flow likelihood.
//!
//! [`register`] adds the functions and result classes to a given module (`hazsim.debris`).

use crate::errors;
use crate::raster::PyRaster;
use crate::terrain::PyTerrain;
use hazsim_debris::{
    BurnSeverity, Catchments, Field, Laharz, LaharzCoefficients, LaharzParams, RainDuration,
    SinmapRanges, SlopeAreaRule, SoilParams, Stability, StaleyMap, StaleyParams, M1,
};
use hazsim_grid::{FlowRouting, Raster, Terrain};
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

/// SINMAP stability class codes and names (hazsim_debris::StabilityClass).
pub const STABILITY_CLASSES: [(u8, &str); 6] = [
    (1, "stable"),
    (2, "moderately stable"),
    (3, "quasi-stable"),
    (4, "lower threshold"),
    (5, "upper threshold"),
    (6, "defended"),
];

/// SHALSTAB class codes and names (hazsim_debris::ShalstabClass).
pub const SHALSTAB_CLASSES: [(u8, &str); 3] = [
    (1, "unconditionally stable"),
    (2, "conditional"),
    (3, "unconditionally unstable"),
];

fn debris_err(e: hazsim_debris::Error) -> PyErr {
    errors::value(e.to_string())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A float32 raster from a `Raster` (its own georeferencing, checked by the engine) or a 2-D
/// array (which takes the DEM's georeferencing, so its shape must match).
fn raster_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<Raster<f32>> {
    if let Ok(r) = obj.cast::<PyRaster>() {
        return r.get().to_f32(py);
    }
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a hazsim.Raster or a 2-D array on the DEM's grid; got a str \
             (read a file with hazsim.read_raster first)"
        )));
    }
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj, "float32")).map_err(|_| {
        PyTypeError::new_err(format!(
            "{name}: expected a hazsim.Raster or a 2-D array on the DEM's grid; got {}",
            type_name(obj)
        ))
    })?;
    let ua = arr.cast::<PyUntypedArray>()?;
    if ua.ndim() != 2 || ua.shape() != [dem.rows(), dem.cols()] {
        return Err(errors::value(format!(
            "{name}: expected a 2-D array of shape {:?} (the DEM's); got shape {:?}",
            dem.shape(),
            ua.shape()
        )));
    }
    let data = crate::convert::owned::<f32>(&arr)?;
    Ok(Raster {
        data,
        transform: dem.transform,
        crs: dem.crs.clone(),
        nodata: None,
    })
}

/// A parameter given as one number or as a raster on the DEM's grid.
fn field_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<Field> {
    if let Ok(v) = obj.extract::<f64>() {
        return Ok(Field::Uniform(v));
    }
    Ok(Field::Raster(raster_input(py, obj, dem, name)?))
}

/// `"d8"` or `"mfd"` (Holmgren exponent `exponent`).
fn parse_routing(routing: &str, exponent: f64) -> PyResult<FlowRouting> {
    match routing.to_ascii_lowercase().as_str() {
        "d8" => Ok(FlowRouting::D8),
        "mfd" => Ok(FlowRouting::Mfd { exponent }),
        _ => Err(errors::value(format!(
            "routing {routing:?}: expected 'd8' (one steepest neighbour) or 'mfd' (Holmgren 1994 \
             multiple flow directions, with mfd_exponent)"
        ))),
    }
}

/// The (row, col) of a world point in the DEM's CRS, or an error naming it.
fn point_cell(dem: &Raster<f32>, p: (f64, f64), name: &str) -> PyResult<(usize, usize)> {
    dem.cell_index(p.0, p.1).ok_or_else(|| {
        let b = dem.bounds();
        errors::value(format!(
            "{name} (x = {}, y = {}) lies outside the DEM (x {}..{}, y {}..{}); give \
             coordinates in the DEM's CRS inside its extent",
            p.0, p.1, b.x_min, b.x_max, b.y_min, b.y_max
        ))
    })
}

/// The value of an optional argument, with Python `None` taken as absent.
fn some<'py>(o: Option<&Bound<'py, PyAny>>) -> Option<Bound<'py, PyAny>> {
    o.filter(|v| !v.is_none()).cloned()
}

fn class_dict<'py>(py: Python<'py>, classes: &[(u8, &str)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in classes {
        d.set_item(*k, *v)?;
    }
    Ok(d)
}

/// Share of the finite cells of `r` for which `pred` holds.
fn share<T: Copy>(r: &Raster<T>, pred: impl Fn(T) -> bool) -> f64 {
    let n = r.data.len().max(1);
    r.data.iter().filter(|&&v| pred(v)).count() as f64 / n as f64
}

// ---------------------------------------------------------------------------------------------
// slope_stability
// ---------------------------------------------------------------------------------------------

/// Outputs of ``slope_stability``: rasters on the DEM's grid.
///
/// Attributes
/// ----------
/// factor_of_safety : Raster
///     FS at the given recharge (–), float32; +inf on flat cells.
/// wetness : Raster
///     Relative wetness w in 0..1 (–).
/// specific_area : Raster
///     Specific catchment area a = A/b (m).
/// critical_rainfall : Raster
///     SHALSTAB critical steady rainfall q_c (m/s); +inf unconditionally stable, NaN
///     unconditionally unstable. Multiply by 8.64e7 for mm/day.
/// stability_class : Raster
///     SINMAP class codes 1..6 (uint8); names in ``class_names``.
/// shalstab_class : Raster
///     SHALSTAB codes 1..3 (uint8); names in ``shalstab_class_names``.
/// class_names, shalstab_class_names : dict[int, str]
///
/// ``result["factor_of_safety"]`` is the same as ``result.factor_of_safety``.
#[pyclass(name = "StabilityResult", module = "hazsim.debris", frozen)]
pub struct PyStabilityResult {
    inner: Stability,
}

const STABILITY_KEYS: [&str; 6] = [
    "factor_of_safety",
    "wetness",
    "specific_area",
    "critical_rainfall",
    "stability_class",
    "shalstab_class",
];

impl PyStabilityResult {
    fn raster(&self, py: Python<'_>, name: &str) -> Option<PyRaster> {
        let s = &self.inner;
        Some(match name {
            "factor_of_safety" => PyRaster::from_rust(py, s.factor_of_safety.clone()),
            "wetness" => PyRaster::from_rust(py, s.wetness.clone()),
            "specific_area" => PyRaster::from_rust(py, s.specific_area.clone()),
            "critical_rainfall" => PyRaster::from_rust(py, s.critical_rainfall.clone()),
            "stability_class" => PyRaster::from_rust(py, s.class.clone()),
            "shalstab_class" => PyRaster::from_rust(py, s.shalstab_class.clone()),
            _ => return None,
        })
    }
}

#[pymethods]
impl PyStabilityResult {
    /// Factor of safety (–), float32; +inf on flat cells.
    #[getter]
    fn factor_of_safety(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.factor_of_safety.clone())
    }

    /// Relative wetness in 0..1 (–).
    #[getter]
    fn wetness(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.wetness.clone())
    }

    /// Specific catchment area (m).
    #[getter]
    fn specific_area(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.specific_area.clone())
    }

    /// Critical steady rainfall (m/s); +inf unconditionally stable, NaN unconditionally unstable.
    #[getter]
    fn critical_rainfall(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.critical_rainfall.clone())
    }

    /// SINMAP class codes 1..6 (uint8).
    #[getter]
    fn stability_class(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.class.clone())
    }

    /// SHALSTAB class codes 1..3 (uint8).
    #[getter]
    fn shalstab_class(&self, py: Python<'_>) -> PyRaster {
        PyRaster::from_rust(py, self.inner.shalstab_class.clone())
    }

    /// ``{code: name}`` of the SINMAP classes.
    #[getter]
    fn class_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        class_dict(py, &STABILITY_CLASSES)
    }

    /// ``{code: name}`` of the SHALSTAB classes.
    #[getter]
    fn shalstab_class_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        class_dict(py, &SHALSTAB_CLASSES)
    }

    /// Share of cells in each SINMAP class, ``{name: fraction}``.
    fn class_fractions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (code, name) in STABILITY_CLASSES {
            d.set_item(name, share(&self.inner.class, |v| v == code))?;
        }
        Ok(d)
    }

    /// The raster names.
    fn keys(&self) -> Vec<&'static str> {
        STABILITY_KEYS.to_vec()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<PyRaster> {
        self.raster(py, name).ok_or_else(|| {
            PyKeyError::new_err(format!(
                "{name:?} is not a stability output; the outputs are {STABILITY_KEYS:?}"
            ))
        })
    }

    fn __contains__(&self, name: &str) -> bool {
        STABILITY_KEYS.contains(&name)
    }

    fn __len__(&self) -> usize {
        STABILITY_KEYS.len()
    }

    fn __repr__(&self) -> String {
        let fs = &self.inner.factor_of_safety;
        let min = fs
            .data
            .iter()
            .filter(|v| v.is_finite())
            .fold(f32::INFINITY, |a, &b| a.min(b));
        format!(
            "StabilityResult(shape={:?}, min_fs={min:.3}, unstable={:.1}% (FS < 1), \
             unconditionally_unstable={:.1}%)",
            fs.shape(),
            100.0 * share(fs, |v| v < 1.0),
            100.0 * share(&self.inner.shalstab_class, |v| v == 3)
        )
    }
}

/// Shallow-landslide stability on an infinite slope with steady-state wetness: SINMAP's factor
/// of safety (Pack, Tarboton & Goodwin 1998), TOPMODEL wetness and SHALSTAB's critical steady
/// rainfall (Montgomery & Dietrich 1994).
///
/// ``FS = [C + cos θ (1 − w r) tan φ] / sin θ`` with ``C = (C_r + C_s) / (h ρ_s g)``,
/// ``r = ρ_w/ρ_s`` and ``w = min(R a / (T sin θ), 1)``.
///
/// Parameters
/// ----------
/// terrain : Terrain
/// soil_depth : float, Raster or 2-D array
///     Soil thickness perpendicular to the slope h (m), > 0.
/// cohesion : float, Raster or 2-D array
///     Soil cohesion C_s (Pa), >= 0.
/// friction_angle : float, Raster or 2-D array
///     Internal friction angle φ (degrees), in (0, 90).
/// root_cohesion : float, Raster or 2-D array
///     Root cohesion C_r (Pa), >= 0 (0 bare soil, 1e3–2e4 under forest).
/// soil_density : float, Raster or 2-D array
///     Wet soil density ρ_s (kg/m³), > 0.
/// transmissivity : float, Raster or 2-D array
///     Soil transmissivity T (m²/s), > 0.
/// recharge : float
///     Steady rainfall recharge R (m/s), >= 0; the default 5.787e-7 is 50 mm/day.
/// routing : "d8" or "mfd"
///     Flow routing of the specific catchment area.
/// mfd_exponent : float
///     Holmgren exponent for ``routing="mfd"``.
/// water_density : float
///     ρ_w (kg/m³).
///
/// Returns
/// -------
/// StabilityResult
///
/// Raises
/// ------
/// HazsimError
///     A parameter out of range or a raster on another grid; the message names it.
///
/// Examples
/// --------
/// >>> t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
/// >>> s = hazsim.debris.slope_stability(t, soil_depth=1.5, cohesion=2000, friction_angle=33)
/// >>> (s.factor_of_safety.data < 1).mean()
#[pyfunction]
#[pyo3(signature = (
    terrain, soil_depth = None, cohesion = None, friction_angle = None, *, root_cohesion = None,
    soil_density = None, transmissivity = None, recharge = 5.787e-7, routing = "d8",
    mfd_exponent = 1.1, water_density = 1000.0
))]
#[allow(clippy::too_many_arguments)]
pub fn slope_stability(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    soil_depth: Option<&Bound<'_, PyAny>>,
    cohesion: Option<&Bound<'_, PyAny>>,
    friction_angle: Option<&Bound<'_, PyAny>>,
    root_cohesion: Option<&Bound<'_, PyAny>>,
    soil_density: Option<&Bound<'_, PyAny>>,
    transmissivity: Option<&Bound<'_, PyAny>>,
    recharge: f64,
    routing: &str,
    mfd_exponent: f64,
    water_density: f64,
) -> PyResult<PyStabilityResult> {
    let t = &terrain.get().inner;
    let params = soil_params(
        py,
        t,
        [
            soil_depth,
            cohesion,
            friction_angle,
            root_cohesion,
            soil_density,
            transmissivity,
        ],
        routing,
        mfd_exponent,
        water_density,
    )?;
    let inner = py
        .detach(|| hazsim_debris::infinite_slope(t, &params, recharge))
        .map_err(debris_err)?;
    Ok(PyStabilityResult { inner })
}

/// SoilParams from the optional Python values (soil depth, cohesion, friction angle, root
/// cohesion, soil density, transmissivity); `None` keeps the default.
fn soil_params(
    py: Python<'_>,
    t: &Terrain,
    v: [Option<&Bound<'_, PyAny>>; 6],
    routing: &str,
    mfd_exponent: f64,
    water_density: f64,
) -> PyResult<SoilParams> {
    let dem = t.dem();
    let mut p = SoilParams {
        routing: parse_routing(routing, mfd_exponent)?,
        water_density,
        ..SoilParams::default()
    };
    let names = [
        "soil_depth",
        "cohesion",
        "friction_angle",
        "root_cohesion",
        "soil_density",
        "transmissivity",
    ];
    for (k, obj) in v.iter().enumerate() {
        let Some(obj) = obj else { continue };
        if obj.is_none() {
            continue;
        }
        let f = field_input(py, obj, dem, names[k])?;
        match k {
            0 => p.soil_depth = f,
            1 => p.soil_cohesion = f,
            2 => p.friction_angle = f,
            3 => p.root_cohesion = f,
            4 => p.soil_density = f,
            _ => p.transmissivity = f,
        }
    }
    Ok(p)
}

// ---------------------------------------------------------------------------------------------
// sinmap
// ---------------------------------------------------------------------------------------------

/// Outputs of ``sinmap``.
///
/// Attributes
/// ----------
/// index : Raster
///     SINMAP stability index SI (–): FS_min where >= 1, else the probability P(FS >= 1).
/// fs_min, fs_max : Raster
///     FS with the weakest/wettest and strongest/driest parameters.
/// stability_class : Raster
///     Class codes 1..6 (uint8); names in ``class_names``.
#[pyclass(name = "SinmapResult", module = "hazsim.debris", frozen)]
pub struct PySinmapResult {
    #[pyo3(get)]
    index: Py<PyRaster>,
    #[pyo3(get)]
    fs_min: Py<PyRaster>,
    #[pyo3(get)]
    fs_max: Py<PyRaster>,
    #[pyo3(get)]
    stability_class: Py<PyRaster>,
    unstable: f64,
    defended: f64,
}

#[pymethods]
impl PySinmapResult {
    /// ``{code: name}`` of the SINMAP classes.
    #[getter]
    fn class_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        class_dict(py, &STABILITY_CLASSES)
    }

    fn __repr__(&self) -> String {
        format!(
            "SinmapResult(SI<1: {:.1}% of cells, defended (SI = 0): {:.1}%)",
            100.0 * self.unstable,
            100.0 * self.defended
        )
    }
}

/// SINMAP stability index from parameter ranges (Pack, Tarboton & Goodwin 1998): ``SI = FS_min``
/// where that is >= 1, else the probability that FS >= 1 with ``R/T``, the dimensionless
/// cohesion and ``tan φ`` uniform on their ranges; 0 where even ``FS_max < 1``.
///
/// Parameters
/// ----------
/// terrain : Terrain
/// recharge_over_t : (float, float)
///     Range (x1, x2) of R/T in 1/m, 0 <= x1 <= x2; default (1/3000, 1/2000).
/// cohesion : (float, float)
///     Range (C1, C2) of the *dimensionless* cohesion (C_r + C_s)/(h ρ_s g); default (0, 0.25).
/// friction_angle : (float, float)
///     Range (φ1, φ2) in degrees, 0 < φ1 <= φ2 < 90; default (30, 45).
/// soil_density, water_density : float
///     kg/m³.
/// routing : "d8" or "mfd"
/// mfd_exponent : float
///
/// Returns
/// -------
/// SinmapResult
///
/// Examples
/// --------
/// >>> si = hazsim.debris.sinmap(t, friction_angle=(28, 40))
/// >>> si.index.data.min()
#[pyfunction]
#[pyo3(signature = (
    terrain, *, recharge_over_t = (1.0 / 3000.0, 1.0 / 2000.0), cohesion = (0.0, 0.25),
    friction_angle = (30.0, 45.0), soil_density = 2000.0, water_density = 1000.0,
    routing = "d8", mfd_exponent = 1.1
))]
#[allow(clippy::too_many_arguments)]
pub fn sinmap(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    recharge_over_t: (f64, f64),
    cohesion: (f64, f64),
    friction_angle: (f64, f64),
    soil_density: f64,
    water_density: f64,
    routing: &str,
    mfd_exponent: f64,
) -> PyResult<PySinmapResult> {
    let ranges = SinmapRanges {
        recharge_over_t,
        cohesion,
        friction_angle,
        soil_density,
        water_density,
        routing: parse_routing(routing, mfd_exponent)?,
    };
    let t = &terrain.get().inner;
    let s = py
        .detach(|| hazsim_debris::sinmap_index(t, &ranges))
        .map_err(debris_err)?;
    let unstable = share(&s.index, |v| v < 1.0);
    let defended = share(&s.class, |v| v == 6);
    let wrap = |r: PyRaster| Py::new(py, r);
    Ok(PySinmapResult {
        index: wrap(PyRaster::from_rust(py, s.index))?,
        fs_min: wrap(PyRaster::from_rust(py, s.fs_min))?,
        fs_max: wrap(PyRaster::from_rust(py, s.fs_max))?,
        stability_class: wrap(PyRaster::from_rust(py, s.class))?,
        unstable,
        defended,
    })
}

// ---------------------------------------------------------------------------------------------
// release_areas
// ---------------------------------------------------------------------------------------------

/// Debris-flow release areas detected from terrain, as a uint8 mask Raster (1 = release).
///
/// Parameters
/// ----------
/// terrain : Terrain
/// method : "slope_area" or "stability"
///     ``"slope_area"``: Flow-R's rule (Horton et al. 2013): slope β in [min_slope, max_slope]
///     and ``tan β >= coefficient · S_UCA^(−exponent)`` with the upslope area S_UCA in km².
///     ``"stability"``: cells whose factor of safety is below ``max_fs``, from ``stability``
///     (a StabilityResult) or, when that is None, from ``slope_stability`` run with the soil
///     keywords below (its defaults for those not given).
/// min_slope, max_slope : float
///     Degrees; defaults 15 and 90.
/// coefficient, exponent : float
///     k > 0 and e >= 0; defaults 0.31 and 0.15 (Horton et al. 2013, "extreme" curve).
/// min_area : float
///     Smallest upslope area that can release (m²).
/// routing : "d8" or "mfd"
/// mfd_exponent : float
/// stability : StabilityResult or None
/// max_fs : float
///     FS threshold (> 0) for ``method="stability"``; 1 by default.
/// soil_depth, cohesion, friction_angle, root_cohesion, soil_density, transmissivity, recharge
///     As for ``slope_stability``; only with ``method="stability"`` and no ``stability``.
///
/// Returns
/// -------
/// Raster
///     uint8 mask on the DEM's grid.
///
/// Examples
/// --------
/// >>> m = hazsim.debris.release_areas(t, "slope_area", min_area=5e3)
/// >>> int(m.data.sum())
#[pyfunction]
#[pyo3(signature = (
    terrain, method = "slope_area", *, min_slope = 15.0, max_slope = 90.0, coefficient = 0.31,
    exponent = 0.15, min_area = 0.0, routing = "d8", mfd_exponent = 1.1, stability = None,
    max_fs = 1.0, soil_depth = None, cohesion = None, friction_angle = None,
    root_cohesion = None, soil_density = None, transmissivity = None, recharge = None
))]
#[allow(clippy::too_many_arguments)]
pub fn release_areas(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    method: &str,
    min_slope: f64,
    max_slope: f64,
    coefficient: f64,
    exponent: f64,
    min_area: f64,
    routing: &str,
    mfd_exponent: f64,
    stability: Option<&Bound<'_, PyStabilityResult>>,
    max_fs: f64,
    soil_depth: Option<&Bound<'_, PyAny>>,
    cohesion: Option<&Bound<'_, PyAny>>,
    friction_angle: Option<&Bound<'_, PyAny>>,
    root_cohesion: Option<&Bound<'_, PyAny>>,
    soil_density: Option<&Bound<'_, PyAny>>,
    transmissivity: Option<&Bound<'_, PyAny>>,
    recharge: Option<f64>,
) -> PyResult<PyRaster> {
    let t = &terrain.get().inner;
    let soil = [
        soil_depth,
        cohesion,
        friction_angle,
        root_cohesion,
        soil_density,
        transmissivity,
    ];
    let method = method.to_ascii_lowercase().replace('-', "_");
    let soil_given = soil.iter().any(|v| some(*v).is_some()) || recharge.is_some();
    if soil_given && (method != "stability" || stability.is_some()) {
        return Err(errors::value(
            "soil parameters (soil_depth, cohesion, friction_angle, ...) apply only to \
             method='stability' without a precomputed stability=; drop them or the stability \
             result",
        ));
    }
    let mask = match method.as_str() {
        "slope_area" => {
            let rule = SlopeAreaRule {
                min_slope,
                max_slope,
                coefficient,
                exponent,
                min_area,
                routing: parse_routing(routing, mfd_exponent)?,
            };
            py.detach(|| hazsim_debris::release_by_slope_area(t, &rule))
                .map_err(debris_err)?
        }
        "stability" => match stability {
            Some(s) => {
                let s = &s.get().inner;
                t.dem()
                    .check_same_grid(&s.factor_of_safety, "DEM", "stability")
                    .map_err(errors::grid)?;
                hazsim_debris::release_by_stability(s, max_fs).map_err(debris_err)?
            }
            None => {
                let p = soil_params(py, t, soil, routing, mfd_exponent, 1000.0)?;
                let recharge = recharge.unwrap_or(5.787e-7);
                py.detach(|| {
                    let s = hazsim_debris::infinite_slope(t, &p, recharge)?;
                    hazsim_debris::release_by_stability(&s, max_fs)
                })
                .map_err(debris_err)?
            }
        },
        _ => {
            return Err(errors::value(format!(
                "method {method:?}: expected 'slope_area' (Flow-R slope–area rule) or \
                 'stability' (factor of safety below max_fs)"
            )))
        }
    };
    Ok(PyRaster::from_rust(py, mask))
}

// ---------------------------------------------------------------------------------------------
// laharz
// ---------------------------------------------------------------------------------------------

/// Outputs of ``laharz``.
///
/// Attributes
/// ----------
/// inundation : Raster
///     uint8 mask, 1 = inundated.
/// cross_section_area : float
///     Target A = a1 V^(2/3) (m²).
/// planimetric_target : float
///     Target B = a2 V^(2/3) (m²).
/// planimetric_area : float
///     Area inundated (m²); in [B, B + cell²) when ``reached_b``.
/// path_length : float
///     Length of the D8 flow path walked (m).
/// reached_b : bool
///     False when the path left the grid or ended in a pit before B was reached.
/// coefficients : (float, float)
///     (a1, a2).
/// sections : dict[str, numpy.ndarray]
///     Per cross-section ``row``, ``col``, ``level`` (m), ``area`` (m²), ``wet_cells``.
#[pyclass(name = "LaharzResult", module = "hazsim.debris", frozen)]
pub struct PyLaharzResult {
    #[pyo3(get)]
    inundation: Py<PyRaster>,
    #[pyo3(get)]
    cross_section_area: f64,
    #[pyo3(get)]
    planimetric_target: f64,
    #[pyo3(get)]
    planimetric_area: f64,
    #[pyo3(get)]
    path_length: f64,
    #[pyo3(get)]
    reached_b: bool,
    #[pyo3(get)]
    coefficients: (f64, f64),
    #[pyo3(get)]
    volume: f64,
    sections: Vec<hazsim_debris::LaharzSection>,
}

#[pymethods]
impl PyLaharzResult {
    /// Per cross-section arrays: ``row``, ``col``, ``level``, ``area``, ``wet_cells``.
    #[getter]
    fn sections<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let col = |f: &dyn Fn(&hazsim_debris::LaharzSection) -> f64| {
            numpy::PyArray1::from_vec(py, self.sections.iter().map(f).collect())
        };
        d.set_item("row", col(&|s| s.cell.0 as f64))?;
        d.set_item("col", col(&|s| s.cell.1 as f64))?;
        d.set_item("level", col(&|s| s.level))?;
        d.set_item("area", col(&|s| s.area))?;
        d.set_item("wet_cells", col(&|s| s.wet_cells as f64))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "LaharzResult(volume={:.3e} m3, A={:.1} m2, B={:.0} m2, inundated={:.0} m2, \
             path_length={:.0} m, reached_b={})",
            self.volume,
            self.cross_section_area,
            self.planimetric_target,
            self.planimetric_area,
            self.path_length,
            if self.reached_b { "True" } else { "False" }
        )
    }
}

/// The LAHARZ coefficient set from a name or an (a1, a2) pair.
fn parse_kind(kind: &Bound<'_, PyAny>) -> PyResult<LaharzCoefficients> {
    if let Ok(s) = kind.extract::<String>() {
        return match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "debris_flow" => Ok(LaharzCoefficients::DEBRIS_FLOW),
            "lahar" => Ok(LaharzCoefficients::LAHAR),
            "rock_avalanche" => Ok(LaharzCoefficients::ROCK_AVALANCHE),
            _ => Err(errors::value(format!(
                "kind {s:?}: expected 'debris_flow' (0.1, 20), 'lahar' (0.05, 200), \
                 'rock_avalanche' (0.2, 20) or an (a1, a2) pair"
            ))),
        };
    }
    let (a1, a2): (f64, f64) = kind.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "kind: expected 'debris_flow', 'lahar', 'rock_avalanche' or an (a1, a2) pair; got {}",
            type_name(kind)
        ))
    })?;
    Ok(LaharzCoefficients { a1, a2 })
}

/// LAHARZ inundation from volume–area scaling (Iverson, Schilling & Vallance 1998; Griswold &
/// Iverson 2008): a flow of volume V fills valley cross-sections of area ``A = a1 V^(2/3)`` down
/// the D8 path from ``point`` until the planimetric area ``B = a2 V^(2/3)`` is inundated.
///
/// Parameters
/// ----------
/// terrain : Terrain
/// point : (float, float)
///     Release point (x, y) in the DEM's CRS.
/// volume : float
///     Flow volume V (m³), > 0.
/// kind : str or (float, float)
///     ``"debris_flow"`` (a1, a2) = (0.1, 20), ``"lahar"`` (0.05, 200), ``"rock_avalanche"``
///     (0.2, 20), or your own (a1, a2), both > 0.
/// level_tolerance : float
///     Bisection tolerance of the fill level (m), > 0.
///
/// Returns
/// -------
/// LaharzResult
///
/// Examples
/// --------
/// >>> r = hazsim.debris.laharz(t, point=(x, y), volume=1e5, kind="debris_flow")
/// >>> r.planimetric_area, r.reached_b
#[pyfunction]
#[pyo3(signature = (terrain, point, volume, *, kind = None, level_tolerance = 1e-3))]
pub fn laharz(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    point: (f64, f64),
    volume: f64,
    kind: Option<&Bound<'_, PyAny>>,
    level_tolerance: f64,
) -> PyResult<PyLaharzResult> {
    let t = &terrain.get().inner;
    let coefficients = match kind {
        Some(k) if !k.is_none() => parse_kind(k)?,
        _ => LaharzCoefficients::DEBRIS_FLOW,
    };
    let cell = point_cell(t.dem(), point, "point")?;
    let params = LaharzParams {
        volume,
        coefficients,
        level_tolerance,
    };
    let out: Laharz = py
        .detach(|| hazsim_debris::laharz(t, cell, &params))
        .map_err(debris_err)?;
    let mask = out.inundation.map(|&b| b as u8);
    Ok(PyLaharzResult {
        inundation: Py::new(py, PyRaster::from_rust(py, mask))?,
        cross_section_area: out.cross_section_area,
        planimetric_target: out.planimetric_target,
        planimetric_area: out.planimetric_area,
        path_length: out.path_length,
        reached_b: out.reached_b,
        coefficients: (coefficients.a1, coefficients.a2),
        volume,
        sections: out.sections,
    })
}

// ---------------------------------------------------------------------------------------------
// postfire_likelihood
// ---------------------------------------------------------------------------------------------

/// Outputs of ``postfire_likelihood``.
///
/// Attributes
/// ----------
/// catchments : list of dict
///     One dict per catchment: ``label``, ``cells``, ``area`` (m²), ``terrain`` (T),
///     ``fire`` (F), ``soil`` (S), ``likelihood`` and ``rainfall_threshold`` (mm within the
///     duration; NaN when none). Empty when no pour points or labels were given.
/// likelihood, rainfall_threshold : Raster
///     Per cell of the drainage network (upslope area >= ``min_area``), each cell taken as the
///     outlet of its upslope area; NaN elsewhere.
/// upslope_area, terrain, fire, soil : Raster
///     D8 upslope area (m²) and the M1 variables T, F, S of each cell's upslope area.
/// duration_min : int
/// rainfall_mm, probability : float
#[pyclass(name = "PostfireResult", module = "hazsim.debris", frozen)]
pub struct PyPostfireResult {
    #[pyo3(get)]
    catchments: Py<PyList>,
    #[pyo3(get)]
    likelihood: Py<PyRaster>,
    #[pyo3(get)]
    rainfall_threshold: Py<PyRaster>,
    #[pyo3(get)]
    upslope_area: Py<PyRaster>,
    #[pyo3(get)]
    terrain: Py<PyRaster>,
    #[pyo3(get)]
    fire: Py<PyRaster>,
    #[pyo3(get)]
    soil: Py<PyRaster>,
    #[pyo3(get)]
    duration_min: u32,
    #[pyo3(get)]
    rainfall_mm: f64,
    #[pyo3(get)]
    probability: f64,
    n_catchments: usize,
    max_likelihood: f64,
}

#[pymethods]
impl PyPostfireResult {
    /// The catchment table as ``{column: numpy.ndarray}`` (float64 columns).
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let list = self.catchments.bind(py);
        for key in [
            "label",
            "cells",
            "area",
            "terrain",
            "fire",
            "soil",
            "likelihood",
            "rainfall_threshold",
        ] {
            let mut v = Vec::with_capacity(list.len());
            for row in list.iter() {
                v.push(row.get_item(key)?.extract::<f64>()?);
            }
            d.set_item(key, numpy::PyArray1::from_vec(py, v))?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "PostfireResult(M1 {} min, R={} mm, P={}, catchments={}, max network likelihood={:.3})",
            self.duration_min,
            self.rainfall_mm,
            self.probability,
            self.n_catchments,
            self.max_likelihood
        )
    }
}

/// A u32 label raster from a Raster or array of non-negative integers (NaN/nodata → 0).
fn labels_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
) -> PyResult<Raster<u32>> {
    let r = raster_input(py, obj, dem, "labels")?;
    let cols = r.cols().max(1);
    if let Some((i, v)) = r.data.iter().enumerate().find(|(_, &v)| {
        !(v.is_nan() || r.is_nodata_value(v) || (v >= 0.0 && v.fract() == 0.0 && v < 4.0e9))
    }) {
        return Err(errors::value(format!(
            "labels: {v} at row {}, col {} is not a catchment label; expected integers >= 0 \
             (0 = no catchment), e.g. from catchment_labels",
            i / cols,
            i % cols
        )));
    }
    Ok(r.map(|&v| {
        if v.is_nan() || r.is_nodata_value(v) {
            0
        } else {
            v as u32
        }
    }))
}

/// Post-fire debris-flow likelihood and rainfall threshold with the M1 model of Staley et al.
/// (2017): ``x = β + C1·T·R + C2·F·R + C3·S·R``, ``P = eˣ/(1 + eˣ)``, per catchment and per
/// cell of the drainage network.
///
/// Parameters
/// ----------
/// terrain : Terrain
/// dnbr : Raster, 2-D array or None
///     dNBR (×1000 scale); moderate/high severity from ``moderate_high_dnbr`` (270).
/// arrival_time : Raster, 2-D array or None
///     Instead of dNBR: a simulated fire's arrival time (finite = burned), e.g.
///     ``fire.arrival_time``; with ``intensity`` (kW/m) cells >= ``moderate_high_intensity``
///     (346 kW/m) count as moderate/high, else every burned cell does. A screening proxy.
/// intensity : Raster, 2-D array or None
/// kf : float, Raster or 2-D array
///     Soil KF-factor (–), >= 0.
/// rainfall_mm : float
///     Peak rainfall accumulation R (mm) within the duration, >= 0.
/// duration_min : int
///     15, 30 or 60 (the calibrated durations).
/// pour_points : list of (x, y) or None
///     Catchment outlets in the DEM's CRS; each takes its whole D8 upslope area.
/// labels : Raster, 2-D array or None
///     Catchment labels instead of pour points (0 = none).
/// probability : float
///     Likelihood for the rainfall threshold, in (0, 1).
/// min_area : float
///     Upslope area (m²) from which a cell counts as channel in the maps; 2e4 (0.02 km²).
///
/// Returns
/// -------
/// PostfireResult
///
/// Examples
/// --------
/// >>> r = hazsim.debris.postfire_likelihood(t, dnbr=dnbr, kf=0.25, rainfall_mm=12,
/// ...                                        duration_min=15, pour_points=[(x, y)])
/// >>> r.catchments[0]["likelihood"]
#[pyfunction]
#[pyo3(signature = (
    terrain, *, dnbr = None, arrival_time = None, intensity = None, kf = None,
    rainfall_mm = 10.0, duration_min = 15, pour_points = None, labels = None,
    probability = 0.5, min_area = 2e4, moderate_high_dnbr = 270.0,
    moderate_high_intensity = 346.0
))]
#[allow(clippy::too_many_arguments)]
pub fn postfire_likelihood(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    dnbr: Option<&Bound<'_, PyAny>>,
    arrival_time: Option<&Bound<'_, PyAny>>,
    intensity: Option<&Bound<'_, PyAny>>,
    kf: Option<&Bound<'_, PyAny>>,
    rainfall_mm: f64,
    duration_min: i64,
    pour_points: Option<Vec<(f64, f64)>>,
    labels: Option<&Bound<'_, PyAny>>,
    probability: f64,
    min_area: f64,
    moderate_high_dnbr: f64,
    moderate_high_intensity: f64,
) -> PyResult<PyPostfireResult> {
    let t = &terrain.get().inner;
    let dem = t.dem();
    let severity = match (some(dnbr), some(arrival_time)) {
        (Some(d), None) => {
            if some(intensity).is_some() {
                return Err(errors::value(
                    "intensity goes with arrival_time, not dnbr; drop one of them",
                ));
            }
            BurnSeverity::Dnbr {
                dnbr: raster_input(py, &d, dem, "dnbr")?,
                moderate_high_min: moderate_high_dnbr,
            }
        }
        (None, Some(a)) => BurnSeverity::FireArrival {
            arrival_time: raster_input(py, &a, dem, "arrival_time")?,
            intensity: some(intensity)
                .map(|i| raster_input(py, &i, dem, "intensity"))
                .transpose()?,
            moderate_high_intensity,
        },
        (Some(_), Some(_)) => {
            return Err(errors::value(
                "give burn severity once: dnbr= or arrival_time= (with intensity=), not both",
            ))
        }
        (None, None) => {
            return Err(errors::value(
                "burn severity missing: give dnbr= (a dNBR raster) or arrival_time= (a fire's \
                 arrival-time raster, optionally with intensity=)",
            ))
        }
    };
    let kf = match some(kf) {
        Some(k) => field_input(py, &k, dem, "kf")?,
        None => {
            return Err(errors::value(
                "kf missing: give the soil KF-factor (a number such as 0.25, or a raster)",
            ))
        }
    };
    let minutes = u32::try_from(duration_min).unwrap_or(0);
    let duration = RainDuration::from_minutes(minutes).map_err(|_| {
        errors::value(format!(
            "invalid duration_min = {duration_min}: expected 15, 30 or 60 minutes (the durations \
             Staley et al. 2017 calibrated M1 for)"
        ))
    })?;
    let params = StaleyParams {
        model: M1::for_duration(duration),
        rainfall: rainfall_mm,
        probability,
    };
    let catchments = match (pour_points, some(labels)) {
        (Some(_), Some(_)) => {
            return Err(errors::value(
                "give catchments once: pour_points= or labels=, not both",
            ))
        }
        (Some(pp), None) => Some(Catchments::PourPoints(
            pp.iter()
                .enumerate()
                .map(|(k, &p)| point_cell(dem, p, &format!("pour_points[{k}]")))
                .collect::<PyResult<_>>()?,
        )),
        (None, Some(l)) => Some(Catchments::Labels(labels_input(py, &l, dem)?)),
        (None, None) => None,
    };
    let (table, map): (Vec<_>, StaleyMap) = py
        .detach(|| {
            let table = match &catchments {
                Some(c) => hazsim_debris::staley_m1(t, &severity, &kf, c, &params)?,
                None => Vec::new(),
            };
            let map = hazsim_debris::staley_m1_map(t, &severity, &kf, &params, min_area)?;
            Ok((table, map))
        })
        .map_err(debris_err)?;
    let list = PyList::empty(py);
    for c in &table {
        let d = PyDict::new(py);
        d.set_item("label", c.label)?;
        d.set_item("cells", c.cells)?;
        d.set_item("area", c.area)?;
        d.set_item("terrain", c.terrain)?;
        d.set_item("fire", c.fire)?;
        d.set_item("soil", c.soil)?;
        d.set_item("likelihood", c.likelihood)?;
        d.set_item("rainfall_threshold", c.rainfall_threshold)?;
        list.append(d)?;
    }
    let max_likelihood = map
        .likelihood
        .data
        .iter()
        .filter(|v| v.is_finite())
        .fold(f64::NAN, |a, &b| if a >= b as f64 { a } else { b as f64 });
    let wrap = |r: Raster<f32>| Py::new(py, PyRaster::from_rust(py, r));
    Ok(PyPostfireResult {
        catchments: list.unbind(),
        likelihood: wrap(map.likelihood)?,
        rainfall_threshold: wrap(map.rainfall_threshold)?,
        upslope_area: wrap(map.upslope_area)?,
        terrain: wrap(map.terrain)?,
        fire: wrap(map.fire)?,
        soil: wrap(map.soil)?,
        duration_min: minutes,
        rainfall_mm,
        probability,
        n_catchments: table.len(),
        max_likelihood,
    })
}

/// Adds the debris terrain methods (functions, result classes, class tables) to `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyStabilityResult>()?;
    m.add_class::<PySinmapResult>()?;
    m.add_class::<PyLaharzResult>()?;
    m.add_class::<PyPostfireResult>()?;
    m.add_function(wrap_pyfunction!(slope_stability, m)?)?;
    m.add_function(wrap_pyfunction!(sinmap, m)?)?;
    m.add_function(wrap_pyfunction!(release_areas, m)?)?;
    m.add_function(wrap_pyfunction!(laharz, m)?)?;
    m.add_function(wrap_pyfunction!(postfire_likelihood, m)?)?;
    m.add("STABILITY_CLASSES", class_dict(py, &STABILITY_CLASSES)?)?;
    m.add("SHALSTAB_CLASSES", class_dict(py, &SHALSTAB_CLASSES)?)?;
    Ok(())
}
