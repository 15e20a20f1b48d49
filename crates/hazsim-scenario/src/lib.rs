//! # hazsim-scenario
//!
//! Disaster scenarios over real terrain: one scenario file runs flood, fire and debris flow on
//! one clock, chains them (a storm releases debris flows, a fire sets up post-fire debris flows,
//! a reservoir breaches, a debris deposit dams a river), and measures what they do to people,
//! roads and buildings: arrivals, intensities, states over time, relief access, shelters,
//! warnings and the plan's KPIs. Every engine is driven through `hazsim_grid::Simulation`.
//!
//! ```text
//! scenario.toml ──► Scenario (checked) ──► ScenarioRun (one clock) ──► ScenarioResult
//!                                             │  flood / fire / debris engines
//!                                             │  triggers and chains
//!                                             │  exposure, relief, shelters, warnings
//!                                             ▼
//!                     out/<scenario>/ maps, impacts.csv/.geojson, events.jsonl, kpis.json, summary.md
//! ```
//!
//! The file format is documented key by key in `docs/scenario-file.md`.
//!
//! ```no_run
//! use hazsim_scenario::Scenario;
//! let s = Scenario::from_toml("scenarios/storm-valley.toml")?;
//! let result = s.run(&mut hazsim_grid::NoProgress)?;
//! hazsim_scenario::write_outputs(&result, std::path::Path::new("out"))?;
//! # Ok::<(), hazsim_scenario::Error>(())
//! ```

pub mod assets;
pub mod clock;
pub mod duration;
mod engines;
pub mod error;
pub mod events;
pub mod exposure;
pub mod output;
pub mod rain;
pub mod result;
mod scenario;
pub mod spec;
pub mod summary;

pub use clock::{ScenarioRun, Status};
pub use duration::Seconds;
pub use error::{Error, Result};
pub use events::{Event, EventKind};
pub use output::write_outputs;
pub use result::{ImpactRow, Kpis, ScenarioResult};
pub use scenario::{Scenario, MAX_CHECKS};
pub use spec::ScenarioSpec;

impl Scenario {
    /// Runs the scenario to its end. Progress is the fraction of the duration; cancelling
    /// returns [`Error::Cancelled`].
    pub fn run(&self, progress: &mut dyn hazsim_grid::Progress) -> Result<ScenarioResult> {
        ScenarioRun::new(self.clone()).finish(progress)
    }

    /// A run to step through ([`ScenarioRun::step`]).
    pub fn start_run(&self) -> ScenarioRun {
        ScenarioRun::new(self.clone())
    }
}
