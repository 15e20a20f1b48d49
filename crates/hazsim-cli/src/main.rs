//! The `hazsim` command line. Thin: it parses arguments, calls the library, and prints results
//! and progress. Every error ends the program with one line on stderr and exit code 1.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod commands;
mod progress;

/// hazsim: hazard simulation over real terrain (DEM rasters).
///
/// Rasters are read from GeoTIFF (.tif) or ESRI ASCII grid (.asc) files (any GDAL format when
/// built with the `gdal` feature) and written as GeoTIFF; maps are written as PNG over a
/// hillshade. Engines need a projected CRS in metres: reproject geographic (degree) DEMs first,
/// e.g. with `hazsim warp` (gdal feature) or `gdalwarp -t_srs EPSG:32616`.
#[derive(Parser, Debug)]
#[command(
    name = "hazsim",
    version,
    about,
    propagate_version = true,
    after_help = "Examples:\n  hazsim info scenarios/data/jacksboro_utm16n.tif\n  hazsim terrain scenarios/data/jacksboro_utm16n.tif --out out/terrain\n  hazsim render out/terrain/slope.tif --hillshade scenarios/data/jacksboro_utm16n.tif --out slope.png --colormap magma --units °\n  hazsim warp dem_wgs84.tif dem_utm.tif --t-srs EPSG:32616 --tr 90   (gdal feature)\n  hazsim flood --dem scenarios/data/jacksboro_utm16n.tif --duration 2h --rain-mmh 30 --out out/flood\n  hazsim fire --dem scenarios/data/jacksboro_utm16n.tif --fuel 102 --wind 3 --wind-dir 270 --ignition 745000,4030000 --duration 4h --out out/fire\n  hazsim crown --dem scenarios/data/jacksboro_utm16n.tif --fuel 165 --wind 10 --wind-dir 225 --canopy-base-height 2 --canopy-bulk-density 0.12 --canopy-height 20 --out out/crown\n  hazsim debris route --dem scenarios/data/jacksboro_utm16n.tif --release-point X,Y --alpha 20 --out out/debris\n  hazsim demo --out out/demo\n  hazsim run scenarios/valley-storm-fire.toml --out out   (a scenario file: docs/scenario-file.md)\n  hazsim check scenarios/valley-storm-fire.toml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Info(commands::info::Args),
    Terrain(commands::terrain::Args),
    Render(commands::render::Args),
    Warp(commands::warp::Args),
    Flood(Box<commands::flood::Args>),
    Debris(commands::debris::Args),
    Fire(commands::fire::Args),
    Crown(commands::crown::Args),
    Demo(commands::demo::Args),
    Run(commands::scenario::RunArgs),
    Check(commands::scenario::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info(a) => commands::info::run(a),
        Command::Terrain(a) => commands::terrain::run(a),
        Command::Render(a) => commands::render::run(a),
        Command::Warp(a) => commands::warp::run(a),
        Command::Flood(a) => commands::flood::run(*a),
        Command::Debris(a) => commands::debris::run(a),
        Command::Fire(a) => commands::fire::run(a),
        Command::Crown(a) => commands::crown::run(a),
        Command::Demo(a) => commands::demo::run(a),
        Command::Run(a) => commands::scenario::run(a),
        Command::Check(a) => commands::scenario::check(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the message holds.
            let msg = e.to_string().replace('\n', " ");
            eprintln!("hazsim: error: {msg}");
            ExitCode::FAILURE
        }
    }
}
