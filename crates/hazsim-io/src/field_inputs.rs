//! Reading the rasters that a configuration names by path ([`hazsim_grid::Field::Path`]) onto
//! the DEM's grid, in one place for the CLI, the scenario files and Python.

use crate::{read_raster, Error, Result};
use hazsim_grid::{Field, FieldInputs, Raster};
use std::path::Path;

/// Reads `field` if it is a path (relative paths are taken from `base`), as float32 on `dem`'s
/// grid; nodata cells read as NaN. A number or a raster in memory is left as it is.
///
/// ```
/// use hazsim_grid::{Crs, Field, GeoTransform, Raster};
/// let dir = tempfile::tempdir().unwrap();
/// let dem = Raster::new(ndarray::Array2::<f32>::zeros((2, 3)), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
/// hazsim_io::write_raster(&dem.map(|_| 0.05f32), dir.path().join("n.tif")).unwrap();
/// let mut n = Field::Path("n.tif".into());
/// hazsim_io::read_field(&mut n, "manning", Some(dir.path()), &dem).unwrap();
/// assert_eq!(n.value_at(1, 2), 0.05f32 as f64);
/// let mut missing = Field::Path("nope.tif".into());
/// let e = hazsim_io::read_field(&mut missing, "manning", Some(dir.path()), &dem).unwrap_err();
/// assert!(e.to_string().contains("manning"));
/// ```
pub fn read_field(
    field: &mut Field,
    name: &str,
    base: Option<&Path>,
    dem: &Raster<f32>,
) -> Result<()> {
    let Field::Path(p) = field else {
        return Ok(());
    };
    let path = match base {
        Some(b) if p.is_relative() => b.join(&*p),
        _ => p.clone(),
    };
    let named = |e: Error| Error::InvalidParameter {
        name: name.to_string(),
        value: format!("\"{}\"", path.display()),
        expected: format!("a readable raster on the DEM's grid ({e})"),
    };
    let r = read_raster(&path).map_err(named)?.into_f32();
    dem.check_same_grid(&r, "the DEM", &format!("{name} ({})", path.display()))?;
    let nd = r.nodata;
    let r = r.map(|&v| {
        if nd.is_some_and(|n| v as f64 == n) {
            f32::NAN
        } else {
            v
        }
    });
    *field = Field::Raster(Raster { nodata: None, ..r });
    Ok(())
}

/// Reads every field of `cfg` given as a path ([`read_field`]).
pub fn read_field_inputs(
    cfg: &mut dyn FieldInputs,
    base: Option<&Path>,
    dem: &Raster<f32>,
) -> Result<()> {
    for (name, f) in cfg.field_inputs_mut() {
        read_field(f, &name, base, dem)?;
    }
    Ok(())
}
