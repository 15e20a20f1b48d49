//! Runs a scenario file and writes its outputs: the crate used directly, as an embedding
//! program would.
//!
//! ```text
//! cargo run --release -p hazsim-scenario --example run_scenario -- scenarios/valley-storm-fire.toml out
//! ```

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(file), out) = (args.next(), args.next().unwrap_or_else(|| "out".into())) else {
        eprintln!("usage: run_scenario SCENARIO.toml [OUT]");
        std::process::exit(2);
    };
    let run = || -> Result<(), hazsim_scenario::Error> {
        let s = hazsim_scenario::Scenario::from_toml(&file)?;
        for n in s.notes() {
            eprintln!("note: {n}");
        }
        let t0 = std::time::Instant::now();
        let r = s.run(&mut hazsim_grid::NoProgress)?;
        let wall = t0.elapsed().as_secs_f64();
        let dir = hazsim_scenario::write_outputs(&r, std::path::Path::new(&out))?;
        println!(
            "{}: {} events, {} assets -> {}",
            r.name,
            r.events.len(),
            r.impacts.len(),
            dir.display()
        );
        println!("{}", serde_json::to_string_pretty(&r.kpis).unwrap());
        println!(
            "wall {wall:.3} s (engines {:.3} s, scenario layer {:.3} s; overhead {:.1} % of the engines)",
            r.kpis.engine_seconds,
            r.kpis.scenario_seconds,
            100.0 * (wall - r.kpis.engine_seconds) / r.kpis.engine_seconds
        );
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
