//! `hazsim run` and `hazsim check`: a scenario file (flood, fire and debris flow on one clock,
//! with assets, relief and the plan's KPIs) run or checked through `hazsim_scenario`. The CLI
//! only reads the arguments, calls the library and prints; every rule lives in the library.

use super::Result;
use crate::progress::Bar;
use hazsim_scenario::duration::format_duration;
use hazsim_scenario::{Kpis, Scenario, ScenarioResult};
use std::path::{Path, PathBuf};

const RUN_HELP: &str = "\
A scenario file (TOML) names the DEM, the hazards and when they start (a time or a trigger:
rain, a gauge, a fire's area, post-fire rain; a dam breach also on a reservoir level), the
assets (GeoJSON layers), relief depots, warning points and the plan's targets. Paths in it are
relative to the file.
Every key is documented in docs/scenario-file.md. `hazsim check` reads and checks a file
without running it.

Outputs in OUT/<scenario>/ (the scenario name made file-safe, e.g. out/valley-fire-and-storm/ for the scenario named Valley fire and storm):
  <hazard>.<quantity>.tif/.png  maps of every hazard that started: maxima and arrival times on
                                the scenario clock (storm.max_depth.tif, storm.arrival_time.png)
  impacts.csv, impacts.geojson  one row / feature per asset: state, arrivals, intensities,
                                time cut, people
  events.jsonl                  one JSON event a line (t, kind, message, message_zh)
  kpis.json                     the KPIs: people exposed and displaced, relief within its
                                targets, warned share, largest fire, roads cut, shelters
  summary.md                    the KPI table against the plan's targets (English and Chinese)
  scenario.json                 the scenario as run
The folder is written whole at the end: a failed or cancelled run writes nothing, and an
earlier folder of the same name is replaced only once the new one is complete.

Examples:
  hazsim run scenarios/valley-storm-fire.toml --out out
  hazsim run scenarios/valley-storm-fire.toml --out out --quiet
  hazsim check scenarios/valley-storm-fire.toml";

const CHECK_HELP: &str = "\
Reads the file, every raster and asset layer it names, checks every key, reference, time and
trigger, and builds every hazard's engine once, without running anything. Errors name the file,
the line or the key, and what would work. The file format: docs/scenario-file.md.

Examples:
  hazsim check scenarios/valley-storm-fire.toml
  hazsim run scenarios/valley-storm-fire.toml --out out";

/// Run a scenario file: flood, fire and debris flow on one clock, chained by triggers, with
/// their impacts on people, roads and buildings and the plan's KPIs; writes maps, impacts,
/// events, KPIs and a summary into OUT/<scenario>/ (see docs/scenario-file.md).
#[derive(clap::Args, Debug)]
#[command(after_help = RUN_HELP)]
pub struct RunArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: PathBuf,
    /// Output folder; the results go into OUT/<scenario>/ (created if missing).
    #[arg(long, short, value_name = "OUT", default_value = "out")]
    pub out: PathBuf,
    /// Hide the progress bar and the summary (the output folder is still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Check a scenario file without running it: every key, reference, raster, asset layer and
/// engine configuration (see docs/scenario-file.md).
#[derive(clap::Args, Debug)]
#[command(after_help = CHECK_HELP)]
pub struct CheckArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: PathBuf,
}

/// `n thing` or `n things`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A count of people, rounded (never "-0": sums over nothing are -0.0).
fn people(x: f64) -> String {
    format!("{:.0}", x + 0.0)
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", 100.0 * x)
    } else {
        "–".to_string()
    }
}

/// `hazsim run`.
pub fn run(a: RunArgs) -> Result {
    let scenario = Scenario::from_toml(&a.scenario)?;
    for n in scenario.notes() {
        eprintln!("note: {n}");
    }
    let mut bar = Bar::new(2, a.quiet);
    bar.step("scenario");
    let result = match scenario.run(&mut bar) {
        Ok(r) => r,
        Err(e) => {
            bar.finish();
            if e.is_cancelled() {
                return Err(format!("{e}; nothing was written").into());
            }
            return Err(e.into());
        }
    };
    bar.done_step();
    bar.step("writing outputs");
    let written = hazsim_scenario::write_outputs(&result, &a.out);
    bar.finish();
    let dir = written?;
    if a.quiet {
        println!("output: {}", dir.display());
    } else {
        print_summary(&result, &dir);
    }
    Ok(())
}

/// The run in about fifteen lines: the folder, the hazards and the KPIs.
fn print_summary(r: &ScenarioResult, dir: &Path) {
    let sc = &r.scenario;
    let k: &Kpis = &r.kpis;
    println!(
        "{}: {}, {}, {}",
        r.name,
        sc.spec().scenario.duration,
        count(k.hazards.len(), "hazard"),
        count(r.impacts.len(), "asset")
    );
    println!("output: {}", dir.display());
    println!("hazards:");
    for h in &k.hazards {
        match h.started_at {
            Some(t) => println!(
                "  {} ({}): started {}, {:.2} ha ({:.1} mu), {}",
                h.id,
                h.kind,
                format_duration(t),
                h.area_ha,
                h.area_mu,
                h.status
            ),
            None => println!("  {} ({}): not started ({})", h.id, h.kind, h.status),
        }
    }
    println!(
        "people: {} exposed, {} displaced",
        people(k.people_exposed),
        people(k.people_displaced)
    );
    if !k.relief.is_empty() {
        let parts: Vec<String> = k
            .relief
            .iter()
            .map(|rk| {
                format!(
                    "{} h: {} ({})",
                    rk.within_h,
                    people(rk.people),
                    pct(rk.share)
                )
            })
            .collect();
        println!("relief within {}", parts.join("; "));
    }
    let verdict = if !k.warned_share.is_finite() {
        "no one exposed"
    } else if k.warned_share >= 0.9 {
        "met"
    } else {
        "not met"
    };
    println!(
        "warned in time: {} ({}), target ≥ 90 %: {verdict}",
        people(k.people_warned_in_time),
        pct(k.warned_share)
    );
    let any_fire = k
        .hazards
        .iter()
        .any(|h| h.kind == "fire" && h.started_at.is_some());
    if any_fire {
        let passed = k
            .hazards
            .iter()
            .filter_map(|h| h.passed_2ha_at.map(|t| (t, &h.id)))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        println!(
            "largest fire: {:.2} ha / {:.1} mu; passed 2 ha (30 mu): {}",
            k.largest_fire_ha,
            k.largest_fire_mu,
            match passed {
                Some((t, id)) => format!("yes, {id} at {}", format_duration(t.round())),
                None if k.fire_over_2ha => "yes".to_string(),
                None => "no".to_string(),
            }
        );
    } else {
        println!("largest fire: none burned");
    }
    println!(
        "roads cut: {} (up to {:.2} km at once, {:.2} km·h); hospitals {}, schools {} affected; {} damaged",
        k.roads_cut,
        k.road_cut_max_km + 0.0,
        k.road_cut_km_h + 0.0,
        k.hospitals_affected,
        k.schools_affected,
        count(k.assets_damaged, "asset")
    );
    println!(
        "shelters: capacity {}, peak {} people, {} displaced without a shelter",
        people(k.shelter_capacity),
        people(k.shelter_peak),
        people(k.unsheltered)
    );
    println!(
        "see {} (kpis.json, impacts.csv, events.jsonl)",
        dir.join("summary.md").display()
    );
}

/// `hazsim check`.
pub fn check(a: CheckArgs) -> Result {
    let scenario = Scenario::from_toml(&a.scenario)?;
    let spec = scenario.spec();
    let (rows, cols) = scenario.terrain().shape();
    println!(
        "ok: {}: {}, {}, {}, duration {}, checks every {}, DEM {rows} x {cols} cells of {} m",
        spec.scenario.name,
        count(spec.hazards.len(), "hazard"),
        count(scenario.assets().len(), "asset"),
        count(spec.depots.len(), "depot"),
        spec.scenario.duration,
        spec.scenario.check_interval,
        scenario.terrain().cell_size()
    );
    for h in &spec.hazards {
        println!("  hazard {} ({})", h.id(), h.kind());
    }
    for n in scenario.notes() {
        println!("note: {n}");
    }
    Ok(())
}
