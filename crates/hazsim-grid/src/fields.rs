//! The field registry: every field an engine produces or takes, with its SI unit and meaning, in
//! one table. Engines answer [`crate::Simulation::fields`] and [`crate::Simulation::inputs`]
//! with slices of it; the docs, Python's `hazsim.FIELDS` and the CLI's output names are
//! generated from it. A name is `<hazard>.<quantity>` and means one quantity everywhere: the
//! same name in two engines is the same quantity in the same unit (tested below).
//!
//! ```
//! use hazsim_grid::fields;
//! let f = fields::lookup("flood.max_depth").unwrap();
//! assert_eq!(f.unit, "m");
//! // A short name resolves within one engine's list.
//! assert_eq!(fields::resolve("max_depth", fields::FLOOD).unwrap().name, "flood.max_depth");
//! ```

use crate::FieldInfo;

/// Shorthand for a registry entry.
const fn f(name: &'static str, unit: &'static str, meaning: &'static str) -> FieldInfo {
    FieldInfo {
        name,
        unit,
        meaning,
    }
}

/// Outputs of the flood engine (`hazsim_flood::FloodSimulation`).
pub const FLOOD: &[FieldInfo] = &[
    f("flood.depth", "m", "water depth now"),
    f(
        "flood.speed",
        "m/s",
        "depth-averaged speed now (0 where depth <= wet threshold)",
    ),
    f(
        "flood.unit_discharge",
        "m2/s",
        "discharge per unit width now: magnitude of the cell's face-averaged discharge",
    ),
    f("flood.max_depth", "m", "maximum depth over the run"),
    f("flood.max_speed", "m/s", "maximum speed over the run"),
    f("flood.max_dv", "m2/s", "maximum of depth x speed over the run"),
    f(
        "flood.arrival_time",
        "s",
        "first time depth reached the arrival threshold (NaN = never)",
    ),
    f(
        "flood.duration",
        "s",
        "time spent deeper than the wet threshold",
    ),
    f(
        "flood.hazard_rating",
        "-",
        "maximum over time of d(v+0.5)+DF (Defra/EA FD2320)",
    ),
    f(
        "flood.hazard_class",
        "-",
        "FD2320 class of the hazard rating: 0 never wet, 1 low, 2 moderate, 3 significant, 4 extreme",
    ),
    f(
        "flood.infiltration",
        "m",
        "cumulative Green-Ampt infiltration (0 without infiltration)",
    ),
];

/// Inputs a running flood takes ([`crate::Simulation::set_input`]).
pub const FLOOD_INPUTS: &[FieldInfo] = &[
    f(
        "flood.rain_rate",
        "m/s",
        "extra rain rate added to the configured rain from now on (replaces the previous extra rain)",
    ),
    f(
        "flood.inflow",
        "m3/s",
        "extra inflow per cell from now on, held constant (replaces the previous extra inflow)",
    ),
    f(
        "flood.bed_change",
        "m",
        "raise (or lower, < 0) the bed by this much from now on; the water depth is kept, so volume is exact",
    ),
];

/// Outputs of the fire spread engine (`hazsim_fire::spread::FireSpread`).
pub const FIRE: &[FieldInfo] = &[
    f(
        "fire.arrival_time",
        "s",
        "time the fire front reached the cell (NaN = unburned)",
    ),
    f(
        "fire.ros",
        "m/s",
        "spread rate in the direction of arrival, at arrival",
    ),
    f(
        "fire.fireline_intensity",
        "kW/m",
        "Byram fireline intensity at arrival",
    ),
    f("fire.flame_length", "m", "Byram flame length at arrival"),
];

/// Maps of crown fire potential (`hazsim_fire::crown_map`), cell by cell under one weather.
pub const FIRE_CROWN_MAP: &[FieldInfo] = &[
    f(
        "fire.crown_fire_type",
        "-",
        "Scott & Reinhardt fire type: 0 surface, 1 torching, 2 conditional crown fire, 3 crowning",
    ),
    f("fire.crown_ros", "m/s", "final spread rate, surface or crown"),
    f(
        "fire.crown_fireline_intensity",
        "kW/m",
        "final fireline intensity, surface or crown",
    ),
    f("fire.crown_flame_length", "m", "final flame length, surface or crown"),
    f(
        "fire.transition_ratio",
        "-",
        "surface fireline intensity over the intensity that starts crowning (>= 1: crown fire starts)",
    ),
    f(
        "fire.active_ratio",
        "-",
        "crown spread rate over the rate that sustains active crowning (>= 1: active)",
    ),
    f(
        "fire.crowning_index",
        "m/s",
        "20-ft wind speed at which an active crown fire can spread",
    ),
];

/// Inputs a running fire takes.
pub const FIRE_INPUTS: &[FieldInfo] = &[f(
    "fire.ignition",
    "-",
    "cells set burning now: every cell with a finite value other than 0",
)];

/// Outputs of energy-line debris-flow routing (`hazsim_debris::RoutingSimulation`).
pub const DEBRIS_ROUTING: &[FieldInfo] = &[
    f(
        "debris.susceptibility",
        "-",
        "maximum reach probability (routed flux fraction) over release cells",
    ),
    f(
        "debris.energy_line_speed",
        "m/s",
        "maximum energy-line speed sqrt(2 g z_delta) over the routes (not a simulated flow speed)",
    ),
    f(
        "debris.travel_angle",
        "deg",
        "maximum travel angle from a release cell (NaN = not reached)",
    ),
    f(
        "debris.travel_length",
        "m",
        "longest horizontal path length from a release cell",
    ),
    f(
        "debris.release_count",
        "-",
        "number of release cells reaching the cell",
    ),
    f(
        "debris.energy_line_pressure",
        "kPa",
        "impact pressure c rho v^2 at the maximum energy-line speed (Hubl et al. 2009)",
    ),
];

/// Inputs of energy-line routing.
pub const DEBRIS_ROUTING_INPUTS: &[FieldInfo] = &[f(
    "debris.release",
    "-",
    "cells released now: every cell with a finite value other than 0",
)];

/// Outputs of the Voellmy flow engine (`hazsim_debris::VoellmySimulation`).
pub const DEBRIS_VOELLMY: &[FieldInfo] = &[
    f(
        "debris.depth",
        "m",
        "flow depth now (vertical; volume per plan area)",
    ),
    f(
        "debris.speed",
        "m/s",
        "depth-averaged speed along the surface now",
    ),
    f("debris.max_depth", "m", "maximum flow depth over the run"),
    f("debris.max_speed", "m/s", "maximum flow speed over the run"),
    f(
        "debris.max_impact_pressure",
        "kPa",
        "maximum over the run of the dynamic pressure rho v^2",
    ),
    f(
        "debris.deposit",
        "m",
        "depth of material at rest (as of the last advance)",
    ),
];

/// Inputs of a running Voellmy flow.
pub const DEBRIS_VOELLMY_INPUTS: &[FieldInfo] = &[f(
    "debris.release_depth",
    "m",
    "depth of material added now to each cell (0 or NaN: none)",
)];

/// Every list of the registry, outputs and inputs, with the engine each belongs to.
pub const GROUPS: &[(&str, &[FieldInfo])] = &[
    ("flood", FLOOD),
    ("flood inputs", FLOOD_INPUTS),
    ("fire", FIRE),
    ("fire inputs", FIRE_INPUTS),
    ("fire crown map", FIRE_CROWN_MAP),
    ("debris routing", DEBRIS_ROUTING),
    ("debris routing inputs", DEBRIS_ROUTING_INPUTS),
    ("debris voellmy", DEBRIS_VOELLMY),
    ("debris voellmy inputs", DEBRIS_VOELLMY_INPUTS),
];

/// Every field in the registry, each name once, in table order.
///
/// ```
/// let all = hazsim_grid::fields::all();
/// assert!(all.iter().any(|f| f.name == "fire.arrival_time"));
/// ```
pub fn all() -> Vec<&'static FieldInfo> {
    let mut out: Vec<&'static FieldInfo> = Vec::new();
    for (_, list) in GROUPS {
        for fi in list.iter() {
            if !out.iter().any(|o| o.name == fi.name) {
                out.push(fi);
            }
        }
    }
    out
}

/// The registry entry of a full name (`flood.depth`).
pub fn lookup(name: &str) -> Option<&'static FieldInfo> {
    GROUPS
        .iter()
        .flat_map(|(_, l)| l.iter())
        .find(|f| f.name == name)
}

/// A full name (`flood.depth`) or a short one (`depth`) looked up in one engine's list.
pub fn resolve(name: &str, list: &'static [FieldInfo]) -> Option<&'static FieldInfo> {
    list.iter()
        .find(|f| f.name == name || f.name.split_once('.').map(|(_, q)| q) == Some(name))
}

/// The registry as a Markdown page (`docs/fields.md` is this text): one table per engine, its
/// outputs and then the inputs it takes while running.
///
/// ```
/// let md = hazsim_grid::fields::markdown();
/// assert!(md.contains("| `flood.depth` | m |"));
/// ```
pub fn markdown() -> String {
    let mut s = String::from(
        "# Fields\n\n\
         Every field a hazsim engine produces (outputs) or takes while running (inputs, set with \
         `Simulation::set_input`), with its SI unit. A name is `<hazard>.<quantity>` and means one \
         quantity in every engine. Python: `hazsim.FIELDS`; Rust: `hazsim::grid::fields`.\n\n\
         Generated from the registry (`crates/hazsim-grid/src/fields.rs`) by \
         `cargo run --example field_table > docs/fields.md`; a test keeps it current.\n",
    );
    for (group, list) in GROUPS {
        s.push_str(&format!(
            "\n## {group}\n\n| name | unit | meaning |\n|---|---|---|\n"
        ));
        for f in list.iter() {
            s.push_str(&format!("| `{}` | {} | {} |\n", f.name, f.unit, f.meaning));
        }
    }
    s
}

/// The error for a name that `list` does not hold, listing the names it does.
pub fn unknown(input: &str, name: &str, list: &[FieldInfo]) -> crate::Error {
    let names: Vec<&str> = list.iter().map(|f| f.name).collect();
    crate::Error::param(input, name, &format!("one of {}", names.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name is unique within each list, and the same name in two lists is one quantity (same
    /// unit, same meaning).
    #[test]
    fn names_are_unique_and_each_means_one_quantity() {
        let mut seen: Vec<&FieldInfo> = Vec::new();
        for (group, list) in GROUPS {
            for (i, a) in list.iter().enumerate() {
                assert!(
                    !list[..i].iter().any(|b| b.name == a.name),
                    "{} twice in {group}",
                    a.name
                );
                if let Some(b) = seen.iter().find(|b| b.name == a.name) {
                    assert_eq!((b.unit, b.meaning), (a.unit, a.meaning), "{}", a.name);
                }
                seen.push(a);
            }
        }
        assert_eq!(all().len(), seen.len());
    }

    /// Names are `<hazard>.<quantity>` in lower case, the hazard one of the three, units from
    /// a short list of SI spellings, and no name says `velocity` (the quantity is a speed).
    #[test]
    fn names_and_units_follow_the_convention() {
        for f in all() {
            let (hazard, quantity) = f.name.split_once('.').expect("hazard.quantity");
            assert!(["flood", "fire", "debris"].contains(&hazard), "{}", f.name);
            assert!(
                quantity.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                f.name
            );
            assert!(!quantity.contains("velocity"), "{}: say speed", f.name);
            assert!(
                ["m", "m/s", "m2/s", "m3/s", "s", "-", "deg", "kW/m", "kPa"].contains(&f.unit),
                "{}: unit {}",
                f.name,
                f.unit
            );
            assert!(!f.meaning.is_empty());
        }
    }

    #[test]
    fn short_names_resolve_within_a_list() {
        assert_eq!(
            resolve("depth", DEBRIS_VOELLMY).unwrap().name,
            "debris.depth"
        );
        assert!(resolve("depth", FIRE).is_none());
        assert!(lookup("debris.max_velocity").is_none());
    }
}
