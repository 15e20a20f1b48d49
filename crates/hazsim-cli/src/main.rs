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
    after_help = "Examples:\n  hazsim info scenarios/data/jacksboro_utm16n.tif\n  hazsim terrain scenarios/data/jacksboro_utm16n.tif --out out/terrain\n  hazsim render out/terrain/slope.tif --hillshade scenarios/data/jacksboro_utm16n.tif --out slope.png --colormap magma --units °\n  hazsim warp dem_wgs84.tif dem_utm.tif --t-srs EPSG:32616 --tr 90   (gdal feature)\n  hazsim flood --dem scenarios/data/jacksboro_utm16n.tif --duration 2h --rain-mmh 30 --out out/flood\n  hazsim demo --out out/demo"
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
    Flood(commands::flood::Args),
    Demo(commands::demo::Args),
    // debris voellmy: a top-level command until `hazsim debris` lands.
    DebrisVoellmy(commands::debris_voellmy::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info(a) => commands::info::run(a),
        Command::Terrain(a) => commands::terrain::run(a),
        Command::Render(a) => commands::render::run(a),
        Command::Warp(a) => commands::warp::run(a),
        Command::Flood(a) => commands::flood::run(a),
        Command::Demo(a) => commands::demo::run(a),
        Command::DebrisVoellmy(a) => commands::debris_voellmy::run(a),
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
