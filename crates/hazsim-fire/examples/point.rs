//! Prints the surface fire behaviour at a point in customary units, for comparisons with
//! BehavePlus/pyrothermel:
//!
//! `cargo run -p hazsim-fire --example point -- CODE M1 M10 M100 MHERB MWOODY WIND_MPH WIND_FROM SLOPE_DEG ASPECT [nolimit]`
use hazsim_fire::units::{m_per_s_to_chains_per_hour, mph_to_m_per_s, KW_M_PER_BTU_FT_S};
use hazsim_fire::{
    surface_fire_with, FireInputs, FuelModel, FuelMoisture, SpreadOptions, WindLimit,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 10 {
        eprintln!("usage: point CODE M1 M10 M100 MHERB MWOODY WIND_MPH WIND_FROM SLOPE_DEG ASPECT [nolimit]");
        std::process::exit(2);
    }
    let v: Vec<f64> = args[1..10]
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    let model = FuelModel::standard(args[0].parse()?)?;
    let inputs = FireInputs {
        moisture: FuelMoisture::new(v[0], v[1], v[2], v[3], v[4])?,
        midflame_wind_speed: mph_to_m_per_s(v[5]),
        wind_direction: v[6],
        slope_fraction: v[7].to_radians().tan(),
        aspect: v[8],
    };
    let wind_limit = if args.get(10).map(String::as_str) == Some("nolimit") {
        WindLimit::Ignored
    } else {
        WindLimit::Applied
    };
    let f = surface_fire_with(
        &model,
        &inputs,
        &SpreadOptions {
            wind_limit,
            ..SpreadOptions::behave()
        },
    )?;
    println!(
        "head {:.10} ch/h dir {:.6} back {:.10} flank {:.10} LB {:.8} I_B {:.8} BTU/ft/s r0 {:.10} ch/h limited {} I_R {:.10} BTU/ft2/s",
        m_per_s_to_chains_per_hour(f.head_ros),
        f.direction_of_max_spread,
        m_per_s_to_chains_per_hour(f.backing_ros),
        m_per_s_to_chains_per_hour(f.flanking_ros),
        f.length_to_breadth,
        f.fireline_intensity / KW_M_PER_BTU_FT_S,
        m_per_s_to_chains_per_hour(f.no_wind_no_slope_ros),
        f.wind_limit_exceeded,
        f.reaction_intensity / hazsim_fire::units::KW_M2_PER_BTU_FT2_MIN / 60.0
    );
    Ok(())
}
