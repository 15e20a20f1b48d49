//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in `hazsim-fire`. Each message names the input, its value and
/// the fix.
///
/// ```
/// use hazsim_fire::{Error, FuelModel};
/// let err = FuelModel::standard(42).unwrap_err();
/// assert!(matches!(err, Error::UnknownFuelModel { code: 42 }));
/// assert!(err.to_string().contains("42"));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// A fuel model code that is not in the standard table.
    #[error(
        "unknown fuel model code {code}: use an Anderson (1982) code 1-13, a Scott & Burgan (2005) \
         code (101-109, 121-124, 141-149, 161-165, 181-189, 201-204), a non-burnable code \
         (91, 92, 93, 98, 99), or build a custom model with FuelModel::new"
    )]
    UnknownFuelModel {
        /// The code that was asked for.
        code: u16,
    },
    /// A moisture given in percent where a fraction is expected (e.g. 6 for 6 %).
    /// A fuel model name that is not a standard one.
    #[error(
        "unknown fuel model {name:?}: use a Scott & Burgan (2005) name (GR1-GR9, GS1-GS4, SH1-SH9, \
         TU1-TU5, TL1-TL9, SB1-SB4, e.g. GR2), an Anderson (1982) name FM1-FM13, a non-burnable \
         NB1, NB2, NB3, NB8, NB9, or a numeric code such as 102"
    )]
    UnknownFuelModelName {
        /// The name given.
        name: String,
    },
    #[error(
        "{parameter} = {value} looks like a percentage: moistures are fractions of oven-dry \
         mass, so {value} % is {fraction}; divide by 100"
    )]
    MoistureInPercent {
        /// Name of the moisture, e.g. `moisture.one_hour`.
        parameter: &'static str,
        /// The value that was given.
        value: f64,
        /// The value as a fraction (value / 100).
        fraction: f64,
    },
    /// A numeric input outside its valid range (or NaN/infinite).
    #[error("invalid {parameter} = {value}: {expected}")]
    InvalidInput {
        /// Name of the input, e.g. `moisture.one_hour` or `slope_fraction`.
        parameter: String,
        /// The value that was given.
        value: f64,
        /// What is expected instead (the fix).
        expected: String,
    },
    /// An error every engine shares: a grid that does not match, a point outside the grid, a
    /// cancelled run.
    #[error(transparent)]
    Shared(#[from] hazsim_grid::Error),
}

impl Error {
    /// An [`Error::InvalidInput`].
    pub fn invalid(parameter: &str, value: f64, expected: &str) -> Self {
        Error::InvalidInput {
            parameter: parameter.to_string(),
            value,
            expected: expected.to_string(),
        }
    }

    /// Whether the run was cancelled through its progress callback.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Shared(e) if e.is_cancelled())
    }
}

impl From<Error> for hazsim_grid::Error {
    /// The shared form of a fire error: shared cases as themselves, invalid inputs as
    /// [`hazsim_grid::Error::InvalidParameter`], the rest as [`hazsim_grid::Error::Engine`].
    fn from(e: Error) -> Self {
        match e {
            Error::Shared(g) => g,
            Error::InvalidInput {
                parameter,
                value,
                expected,
            } => hazsim_grid::Error::param(&parameter, value, &expected),
            other => hazsim_grid::Error::engine("fire", other),
        }
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that `value` is finite and within `[min, max]`, else returns [`Error::InvalidInput`].
pub(crate) fn check_range(
    parameter: &'static str,
    value: f64,
    min: f64,
    max: f64,
    expected: &'static str,
) -> Result<()> {
    if value.is_finite() && value >= min && value <= max {
        Ok(())
    } else {
        Err(Error::invalid(parameter, value, expected))
    }
}
