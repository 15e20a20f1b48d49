//! The wind limit of Rothermel (1972): above an effective midflame wind of
//! U_max = 0.9 I_R (ft/min, I_R in BTU/ft²/min) the wind is assumed to add no more to the spread.
//!
//! BehavePlus 5 applies it by default, and so does hazsim ([`WindLimit::Applied`]).
//! Andrews, Cruz & Rothermel (2013, Int. J. Wildland Fire 22:959-960) and Andrews (2012,
//! RMRS-GTR-266) note that the limit is often too restrictive, especially for grass models with
//! low reaction intensity; BehavePlus 6 no longer applies it by default. Choose
//! [`WindLimit::Ignored`] to follow that advice.

/// Whether the Rothermel (1972) wind limit caps the effective wind speed.
///
/// ```
/// use hazsim_fire::WindLimit;
/// assert_eq!(WindLimit::default(), WindLimit::Applied);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindLimit {
    /// Cap the effective wind at 0.9 I_R ft/min (BehavePlus 5 default).
    #[default]
    Applied,
    /// No cap (BehavePlus 6 default; Andrews et al. 2013).
    Ignored,
}

/// Maximum effective wind speed U_max = 0.9 I_R (ft/min, I_R in BTU/ft²/min; Rothermel 1972,
/// eq. 87).
pub(crate) fn wind_speed_limit(reaction_intensity: f64) -> f64 {
    0.9 * reaction_intensity
}
