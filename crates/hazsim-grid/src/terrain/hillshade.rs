//! Analytical hillshading (Lambertian reflectance of the Horn-gradient surface).
//!
//! `hs = cos(Z)·cos(S) + sin(Z)·sin(S)·cos(A − φ)` with zenith `Z = 90° − altitude`, slope `S`,
//! light azimuth `A` and aspect `φ` (downslope direction), clamped to 0..=1 (Burrough &
//! McDonnell 1998, Principles of GIS, §8.3; the same formula ESRI and GDAL use).

use crate::{Error, Raster, Result};

/// Hillshade in 0..=1 of `dem` for light from `azimuth` degrees (clockwise from north) at
/// `altitude` degrees above the horizon, with vertical exaggeration `z_factor`. NaN where the DEM
/// is NaN or nodata.
///
/// ```
/// use hazsim_grid::{hillshade, Raster, GeoTransform, Crs};
/// use ndarray::Array2;
/// let flat = Raster::new(Array2::<f32>::zeros((3, 3)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616));
/// let hs = hillshade(&flat, 315.0, 45.0, 1.0).unwrap();
/// assert!((hs.data[[1, 1]] - 45f32.to_radians().sin()).abs() < 1e-6);
/// ```
pub fn hillshade(
    dem: &Raster<f32>,
    azimuth: f64,
    altitude: f64,
    z_factor: f64,
) -> Result<Raster<f32>> {
    if !(0.0..=90.0).contains(&altitude) {
        return Err(Error::param(
            "altitude",
            altitude,
            "degrees above the horizon in 0..=90 (45 is usual)",
        ));
    }
    if !azimuth.is_finite() {
        return Err(Error::param(
            "azimuth",
            azimuth,
            "degrees clockwise from north (315 is usual)",
        ));
    }
    if !(z_factor.is_finite() && z_factor > 0.0) {
        return Err(Error::param(
            "z_factor",
            z_factor,
            "a positive vertical exaggeration (1 for true relief)",
        ));
    }
    dem.check_north_up("DEM")?;
    let (gx, gy) = super::slope::gradient(dem, z_factor)?;
    let zen = (90.0 - altitude).to_radians();
    let (cz, sz) = (zen.cos() as f32, zen.sin() as f32);
    // Unit vector towards the light, horizontal part (east, north).
    let az = azimuth.to_radians();
    let (le, ln) = (az.sin() as f32, az.cos() as f32);
    let mut out = gx.clone();
    ndarray::Zip::from(&mut out)
        .and(&gx)
        .and(&gy)
        .par_for_each(|o, &p, &q| {
            if p.is_nan() {
                *o = f32::NAN;
                return;
            }
            // Surface normal ∝ (−p, −q, 1); cos(incidence) = n·l.
            let norm = (1.0 + p * p + q * q).sqrt();
            let v = (cz - sz * (p * le + q * ln)) / norm;
            *o = v.clamp(0.0, 1.0);
        });
    Ok(dem.like(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};
    use ndarray::Array2;

    #[test]
    fn slope_facing_the_light_is_brighter() {
        // Plane descending towards the north-west faces a 315° light.
        let z = Array2::from_shape_fn((5, 5), |(r, c)| (r + c) as f32);
        let dem = Raster::new(z, GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616));
        let lit = hillshade(&dem, 315.0, 45.0, 1.0).unwrap().data[[2, 2]];
        let dark = hillshade(&dem, 135.0, 45.0, 1.0).unwrap().data[[2, 2]];
        assert!(lit > dark, "{lit} vs {dark}");
        // Formula check: S = atan(√2·0.1), aspect = 315° (downslope to NW).
        let s = (0.1f64 * 2f64.sqrt()).atan();
        let want = 45f64.to_radians().cos() * s.cos() + 45f64.to_radians().sin() * s.sin();
        assert!((lit as f64 - want).abs() < 1e-5);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let dem = Raster::new(
            Array2::<f32>::zeros((3, 3)),
            GeoTransform::north_up(0.0, 3.0, 1.0),
            Crs::epsg(32616),
        );
        assert!(hillshade(&dem, 315.0, 95.0, 1.0).is_err());
        assert!(hillshade(&dem, f64::NAN, 45.0, 1.0).is_err());
        assert!(hillshade(&dem, 315.0, 45.0, -1.0).is_err());
    }
}
