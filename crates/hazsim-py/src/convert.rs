//! numpy ⇄ Rust conversions and CRS parsing.

use crate::errors;
use hazsim_grid::{Crs, GeoTransform, Raster};
use numpy::{Element, PyArray2, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;

/// Parse a CRS given as `None`, an int EPSG code, `"EPSG:nnnn"` or WKT text.
pub fn parse_crs(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Crs> {
    let Some(obj) = obj else {
        return Ok(Crs::unknown());
    };
    if obj.is_none() {
        return Ok(Crs::unknown());
    }
    if let Ok(code) = obj.extract::<u32>() {
        return Ok(Crs::epsg(code));
    }
    if let Ok(s) = obj.extract::<String>() {
        let t = s.trim();
        let up = t.to_ascii_uppercase();
        if let Some(rest) = up.strip_prefix("EPSG:") {
            return rest.trim().parse::<u32>().map(Crs::epsg).map_err(|_| {
                errors::value(format!(
                    "crs {s:?}: expected 'EPSG:<integer>', e.g. 'EPSG:32616'"
                ))
            });
        }
        if t.is_empty() {
            return Ok(Crs::unknown());
        }
        if t.contains('[') {
            return Ok(Crs::from_wkt(t));
        }
        return Err(errors::value(format!(
            "crs {s:?} is not understood: give an EPSG code (32616 or 'EPSG:32616') or WKT text"
        )));
    }
    // rasterio.crs.CRS and pyproj.CRS both offer to_wkt() and to_epsg().
    if obj.hasattr("to_wkt")? {
        let wkt: String = obj.call_method0("to_wkt")?.extract()?;
        let mut crs = Crs::from_wkt(wkt);
        if obj.hasattr("to_epsg")? {
            if let Ok(Some(code)) = obj.call_method0("to_epsg")?.extract::<Option<u32>>() {
                crs.epsg = Some(code);
            }
        }
        return Ok(crs);
    }
    Err(errors::value(format!(
        "crs of type {} is not understood: give an EPSG code, 'EPSG:nnnn', WKT, or a rasterio/pyproj CRS",
        obj.get_type().name()?
    )))
}

/// Parse a 6-tuple GDAL geotransform, or an `affine.Affine` (a, b, c, d, e, f).
pub fn parse_transform(obj: &Bound<'_, PyAny>) -> PyResult<GeoTransform> {
    // affine.Affine has .to_gdal().
    if obj.hasattr("to_gdal")? {
        let t: [f64; 6] = obj.call_method0("to_gdal")?.extract()?;
        return check_transform(t);
    }
    let v: Vec<f64> = obj.extract().map_err(|_| {
        errors::value("transform must be a GDAL 6-tuple (x_min, cell_w, 0, y_max, 0, -cell_h) or an affine.Affine")
    })?;
    let t: [f64; 6] = v.try_into().map_err(|v: Vec<f64>| {
        errors::value(format!(
            "transform has {} numbers; a GDAL geotransform has 6: (x_min, cell_w, 0, y_max, 0, -cell_h)",
            v.len()
        ))
    })?;
    check_transform(t)
}

fn check_transform(t: [f64; 6]) -> PyResult<GeoTransform> {
    if t.iter().any(|v| !v.is_finite()) {
        return Err(errors::value(format!(
            "transform {t:?} has a non-finite number"
        )));
    }
    if t[1] * t[5] - t[2] * t[4] == 0.0 {
        return Err(errors::value(format!(
            "transform {t:?} is singular (zero cell size); cell sizes are t[1] and -t[5]"
        )));
    }
    Ok(GeoTransform(t))
}

/// Read a 2-D numpy array of element type `T` into an owned ndarray (one copy).
pub fn owned<T: Element + Copy>(arr: &Bound<'_, PyAny>) -> PyResult<ndarray::Array2<T>> {
    let a = arr.cast::<PyArray2<T>>()?;
    Ok(a.readonly().as_array().to_owned())
}

/// The numpy dtype name of an array (e.g. "float32").
pub fn dtype_name(arr: &Bound<'_, PyAny>) -> PyResult<String> {
    let a = arr.cast::<PyUntypedArray>()?;
    a.dtype().str().map(|s| s.to_string())
}

/// The array as an owned f32 ndarray, converting its dtype if needed.
pub fn to_f32(py: Python<'_>, arr: &Bound<'_, PyAny>) -> PyResult<ndarray::Array2<f32>> {
    if arr.cast::<PyArray2<f32>>().is_ok() {
        return owned::<f32>(arr);
    }
    let np = py.import("numpy")?;
    let conv = np.call_method1("asarray", (arr, "float32"))?;
    owned::<f32>(&conv)
}

/// A Rust raster as a Python array object (moves the buffer; no copy).
pub fn array_to_py<T: Element>(py: Python<'_>, a: ndarray::Array2<T>) -> Py<PyAny> {
    PyArray2::from_owned_array(py, a).into_any().unbind()
}

/// Build a raster from parts (helper for code that has Rust data and Python metadata).
pub fn raster_parts<T>(r: Raster<T>) -> (ndarray::Array2<T>, GeoTransform, Crs, Option<f64>) {
    (r.data, r.transform, r.crs, r.nodata)
}

/// One value or a raster ([`hazsim_grid::Field`]): a number, or a `Raster` / 2-D array on the
/// DEM's grid (see [`grid_input`]). Manning's n, friction coefficients, travel angles and the
/// like all take this form.
pub(crate) fn field_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<hazsim_grid::Field> {
    if obj.cast::<crate::raster::PyRaster>().is_err()
        && !obj.is_instance_of::<pyo3::types::PyString>()
    {
        if let Ok(v) = obj.extract::<f64>() {
            return Ok(hazsim_grid::Field::Uniform(v));
        }
    }
    Ok(hazsim_grid::Field::Raster(grid_input(py, obj, dem, name)?))
}

/// A float32 raster on the DEM's grid from a `Raster` or a 2-D array (which takes the DEM's
/// georeferencing). The engine checks that it fits the grid.
pub(crate) fn grid_input(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    dem: &Raster<f32>,
    name: &str,
) -> PyResult<Raster<f32>> {
    if let Ok(r) = obj.cast::<crate::raster::PyRaster>() {
        return r.get().to_f32(py);
    }
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj, "float32")).map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{name}: expected a hazsim.Raster or a 2-D array on the DEM's grid; got {}",
            crate::progress::type_name(obj)
        ))
    })?;
    let ua = arr.cast::<PyUntypedArray>()?;
    if ua.ndim() != 2 {
        return Err(errors::value(format!(
            "{name}: expected a 2-D array of shape {:?} (the DEM's); got shape {:?}",
            dem.shape(),
            ua.shape()
        )));
    }
    let data = owned::<f32>(&arr)?;
    Ok(Raster {
        data,
        transform: dem.transform,
        crs: dem.crs.clone(),
        nodata: None,
    })
}
