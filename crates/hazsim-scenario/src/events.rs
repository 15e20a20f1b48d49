//! The event log: every trigger, start, arrival, state change, release, relief and shelter
//! event with its time, hazard, asset and values, in English and Chinese. Written as
//! `events.jsonl` (one JSON object per line), the input of drill timelines.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A trigger condition held (the hazard starts after its lag, if its probability draw
    /// allows).
    Trigger,
    /// A trigger held but the probability draw kept the hazard from starting.
    TriggerSuppressed,
    /// A hazard started.
    HazardStart,
    /// A hazard's engine reached the end of its duration.
    HazardEnd,
    /// Debris released (cells, from a chain or a start).
    Release,
    /// A dam breach started to open.
    BreachStart,
    /// A debris deposit raised a flood's bed (a barrier lake forms behind it).
    BarrierDeposit,
    /// A hazard first reached an asset.
    Arrival,
    /// An asset's state changed (open, cut, damaged, destroyed).
    StateChange,
    /// A fire passed a size threshold (2 ha = 30 mu).
    FireSizeThreshold,
    /// People left damaged homes.
    Displacement,
    /// Displaced people were given a shelter.
    ShelterAssigned,
    /// A shelter filled.
    ShelterFull,
    /// Displaced people found no shelter with room that they could reach.
    Unsheltered,
    /// Relief reached affected people.
    ReliefReached,
    /// A warning sounded.
    Warning,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Scenario time (s from the start).
    pub t: f64,
    /// Wall-clock time (RFC 3339) when the scenario has a start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// What happened.
    pub kind: EventKind,
    /// The hazard id, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard: Option<String>,
    /// The asset id, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// Values (SI units in the key names: `depth_m`, `area_ha`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub values: Map<String, Value>,
    /// One line in English.
    pub message: String,
    /// One line in Chinese.
    pub message_zh: String,
}

impl Event {
    /// An event at `t` with its messages.
    pub fn new(t: f64, kind: EventKind, message: String, message_zh: String) -> Self {
        Event {
            t,
            time: None,
            kind,
            hazard: None,
            asset: None,
            values: Map::new(),
            message,
            message_zh,
        }
    }

    /// With a hazard id.
    pub fn hazard(mut self, id: &str) -> Self {
        self.hazard = Some(id.to_string());
        self
    }

    /// With an asset id.
    pub fn asset(mut self, id: &str) -> Self {
        self.asset = Some(id.to_string());
        self
    }

    /// With a value.
    pub fn value(mut self, key: &str, v: impl Into<Value>) -> Self {
        let v = v.into();
        // NaN and infinities are not JSON: leave them out.
        if let Value::Number(_) | Value::String(_) | Value::Bool(_) | Value::Array(_) = v {
            self.values.insert(key.to_string(), v);
        }
        self
    }

    /// With a float value rounded to 4 significant decimals (finite only).
    pub fn num(self, key: &str, v: f64) -> Self {
        if v.is_finite() {
            let r = if v.abs() >= 1.0 {
                (v * 1000.0).round() / 1000.0
            } else {
                v
            };
            self.value(key, r)
        } else {
            self
        }
    }
}
