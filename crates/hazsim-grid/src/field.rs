//! A physical parameter given either as one value for the whole grid or as a raster on it:
//! Manning's n, friction coefficients, travel angles, soil depth or cohesion, canopy base
//! height, and so on. One type for all of them, in every engine.
//!
//! In a configuration file (TOML or JSON, through serde) a field is a number (`manning =
//! 0.035`) or the path of a raster (`manning = "data/n.tif"`). A path is read onto the DEM's
//! grid by `hazsim_io::read_field_inputs` before a run; an engine given a path that has not been
//! read says so.

use crate::{Error, Raster, Result};
use std::path::PathBuf;

/// One value everywhere, or a raster on the DEM's grid (or, before it is read, its path).
///
/// The engines check a field against their grid and a validity rule before reading it; a raster
/// must share the DEM's grid ([`Raster::check_same_grid`]).
///
/// ```
/// use hazsim_grid::{Field, GeoTransform, Crs, Raster};
/// use ndarray::array;
///
/// let f: Field = 1.5.into();
/// assert_eq!(f, Field::Uniform(1.5));
/// assert_eq!(f.value_at(3, 4), 1.5);
///
/// let r = Raster::new(array![[1.0f32, -9999.0]], GeoTransform::north_up(0.0, 10.0, 10.0), Crs::epsg(32616))
///     .with_nodata(-9999.0);
/// let g = Field::from(r);
/// assert_eq!(g.value_at(0, 0), 1.0);
/// assert!(g.value_at(0, 1).is_nan()); // nodata reads as NaN
///
/// // From a configuration file: a number or a path.
/// #[derive(serde::Deserialize)]
/// struct Cfg { manning: Field, mu: Field }
/// let c: Cfg = toml::from_str("manning = 0.035\nmu = \"mu.tif\"").unwrap();
/// assert_eq!(c.manning, Field::Uniform(0.035));
/// assert_eq!(c.mu, Field::Path("mu.tif".into()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// The same value in every cell.
    Uniform(f64),
    /// One value per cell; must share the DEM's grid.
    Raster(Raster<f32>),
    /// The path of a raster not read yet (from a configuration file); reading it
    /// (`hazsim_io::read_field_inputs`) turns it into [`Field::Raster`].
    Path(PathBuf),
}

impl Field {
    /// The value at row `r`, column `c`: NaN where a raster holds NaN or its nodata value, and
    /// for a path not read yet. A raster cell outside its grid panics, as indexing does; check
    /// the grid first.
    pub fn value_at(&self, r: usize, c: usize) -> f64 {
        match self {
            Field::Uniform(v) => *v,
            Field::Raster(x) => {
                let v = x.data[[r, c]];
                if x.nodata.is_some_and(|nd| v as f64 == nd) {
                    f64::NAN
                } else {
                    v as f64
                }
            }
            Field::Path(_) => f64::NAN,
        }
    }

    /// An error unless the field holds its values (a path must be read first).
    ///
    /// ```
    /// use hazsim_grid::Field;
    /// assert!(Field::Uniform(0.2).require_read("mu").is_ok());
    /// let e = Field::Path("mu.tif".into()).require_read("mu").unwrap_err();
    /// assert!(e.to_string().contains("mu.tif"));
    /// ```
    pub fn require_read(&self, name: &str) -> Result<()> {
        match self {
            Field::Path(p) => Err(Field::unread(name, p)),
            _ => Ok(()),
        }
    }

    /// The error for input `name` given as the path `p` that was not read.
    pub fn unread(name: &str, p: &std::path::Path) -> Error {
        Error::InvalidParameter {
            name: name.to_string(),
            value: format!("\"{}\"", p.display()),
            expected: "a number or a raster in memory; a path from a configuration file is read \
                       first with hazsim_io::read_field_inputs (the CLI and scenario files do \
                       this)"
                .to_string(),
        }
    }
}

impl From<f64> for Field {
    fn from(v: f64) -> Self {
        Field::Uniform(v)
    }
}

impl From<Raster<f32>> for Field {
    fn from(r: Raster<f32>) -> Self {
        Field::Raster(r)
    }
}

impl serde::Serialize for Field {
    /// A number or a path; a raster in memory has no file form and is an error naming the fix.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Field::Uniform(v) => s.serialize_f64(*v),
            Field::Path(p) => s.serialize_str(&p.to_string_lossy()),
            Field::Raster(_) => Err(serde::ser::Error::custom(
                "a raster in memory cannot be written into a configuration; write it to a file \
                 (hazsim_io::write_raster) and give its path",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Field;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or the path of a raster on the DEM's grid")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Field, E> {
                Ok(Field::Uniform(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Field, E> {
                Ok(Field::Uniform(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Field, E> {
                Ok(Field::Uniform(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Field, E> {
                Ok(Field::Path(PathBuf::from(v)))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A configuration that holds [`Field`]s: lists them by name, so that the paths among them can be
/// read onto the DEM's grid in one place (`hazsim_io::read_field_inputs`).
pub trait FieldInputs {
    /// Every field of the configuration, by the name its key has in a configuration file.
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut Field)>;
}
