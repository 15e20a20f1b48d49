//! A weather stream: piecewise-constant midflame wind and fuel moistures over time.

use crate::FuelMoisture;

/// Weather from `start` (s since the start of the run) until the next record's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeatherRecord {
    /// Time this record takes effect (s).
    pub start: f64,
    /// Midflame wind speed (m/s).
    pub midflame_wind_speed: f64,
    /// Direction the wind comes from, degrees clockwise from north.
    pub wind_direction: f64,
    /// Fuel moistures (fractions).
    pub moisture: FuelMoisture,
}

/// Piecewise-constant weather: record `i` holds from its `start` to record `i + 1`'s; the first
/// record also holds before its start and the last one for ever.
///
/// ```
/// use hazsim_fire::spread::{WeatherRecord, WeatherStream};
/// use hazsim_fire::FuelMoisture;
/// let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
/// let w = WeatherStream::new(vec![
///     WeatherRecord { start: 0.0, midflame_wind_speed: 2.0, wind_direction: 270.0, moisture: m },
///     WeatherRecord { start: 3600.0, midflame_wind_speed: 2.0, wind_direction: 0.0, moisture: m },
/// ]).unwrap();
/// assert_eq!(w.period_at(10.0), 0);
/// assert_eq!(w.period_at(3600.0), 1);
/// assert_eq!(w.period_end(0), 3600.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WeatherStream {
    records: Vec<WeatherRecord>,
}

impl WeatherStream {
    /// A stream from records in increasing `start` order; at least one record.
    pub fn new(records: Vec<WeatherRecord>) -> Result<Self, crate::Error> {
        if records.is_empty() {
            return Err(crate::Error::invalid(
                "weather",
                0.0,
                "at least one weather record",
            ));
        }
        for (i, r) in records.iter().enumerate() {
            if !r.start.is_finite() || (i > 0 && r.start <= records[i - 1].start) {
                return Err(crate::Error::invalid(
                    "weather.start",
                    r.start,
                    "finite record start times in strictly increasing order (s)",
                ));
            }
            r.moisture.validate()?;
            if !(r.midflame_wind_speed.is_finite() && r.midflame_wind_speed >= 0.0) {
                return Err(crate::Error::invalid(
                    "weather.midflame_wind_speed",
                    r.midflame_wind_speed,
                    "a finite midflame wind speed ≥ 0 m/s",
                ));
            }
            if !r.wind_direction.is_finite() {
                return Err(crate::Error::invalid(
                    "weather.wind_direction",
                    r.wind_direction,
                    "a finite direction in degrees clockwise from north",
                ));
            }
        }
        Ok(WeatherStream { records })
    }

    /// Constant weather.
    pub fn constant(
        midflame_wind_speed: f64,
        wind_direction: f64,
        moisture: FuelMoisture,
    ) -> Result<Self, crate::Error> {
        Self::new(vec![WeatherRecord {
            start: 0.0,
            midflame_wind_speed,
            wind_direction,
            moisture,
        }])
    }

    /// The records.
    pub fn records(&self) -> &[WeatherRecord] {
        &self.records
    }

    /// Index of the record in effect at time `t`.
    pub fn period_at(&self, t: f64) -> usize {
        self.records
            .partition_point(|r| r.start <= t)
            .saturating_sub(1)
    }

    /// Time record `i` stops holding (infinite for the last).
    pub fn period_end(&self, i: usize) -> f64 {
        self.records.get(i + 1).map_or(f64::INFINITY, |r| r.start)
    }
}
