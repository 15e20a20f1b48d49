//! Comparison with pyrothermel 0.1.4 (Python bindings of the behave library, the engine of
//! BehavePlus), used as a reference oracle.
//!
//! Every pin below was produced by `tests/gen_pyrothermel_pins.py` (run with
//! `pip install pyrothermel==0.1.4`), which for each case calls
//!
//! ```python
//! fm = pyrothermel.FuelModel.from_existing(code, units_preset='us_standard')
//! ms = pyrothermel.MoistureScenario(m1, m10, m100, mherb, mwoody)   # fractions
//! run = pyrothermel.PyrothermelRun(fm, ms, wind_mph, units_preset='us_standard',
//!                                  wind_direction=wind_from, slope=slope_deg, aspect=aspect)
//! o = run.run_surface_fire_in_direction_of_max_spread()   # head, dir, intensities, flame
//! run.run_surface_fire_in_direction_of_interest(o['direction'] + 180)['spread_rate']  # back
//! run.run_surface_fire_in_direction_of_interest(o['direction'] + 90)['spread_rate']   # side90
//! run.run_surface_fire_in_direction_of_interest(o['direction'] + 45)['spread_rate']   # side45
//! ```
//!
//! Units as pyrothermel's `us_standard` preset reports them: spread rates in ch/h, fireline
//! intensity in BTU/ft/s, flame length in ft, reaction intensity in BTU/ft²/s, directions in
//! degrees clockwise from north (wind from; aspect downslope, slope in degrees: the same
//! conventions as hazsim). Midflame wind is given directly ('direct_midflame', the default).
//! pyrothermel applies the wind limit here (`WindLimit::Applied`, hazsim's default).
//!
//! Tolerance: 1e-4 relative on every quantity (the brief's 2-decimal pins of BehavePlus
//! outputs are checked separately at 1e-3 relative, their rounding).

use hazsim_fire::units::{
    m_per_s_to_chains_per_hour, mph_to_m_per_s, KW_M2_PER_BTU_FT2_MIN, KW_M_PER_BTU_FT_S, M_PER_FT,
};
use hazsim_fire::{
    surface_fire_with, FireInputs, FuelModel, FuelMoisture, SpreadOptions, SurfaceFire,
};

struct Pin {
    code: u16,
    m: [f64; 5],
    wind_mph: f64,
    wind_from: f64,
    slope_deg: f64,
    aspect: f64,
    head_ch_h: f64,
    dir: f64,
    fireline_btu_ft_s: f64,
    flame_ft: f64,
    reaction_btu_ft2_s: f64,
    back_ch_h: f64,
    side90_ch_h: f64,
    side45_ch_h: f64,
}

#[rustfmt::skip]
const PINS: &[Pin] = &[
    Pin { code: 1, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 5.0, wind_from: 0.0, slope_deg: 0.0, aspect: 0.0, head_ch_h: 93.89103595223987, dir: 180.0, fireline_btu_ft_s: 156.0193760403539, flame_ft: 4.592769403675641, reaction_btu_ft2_s: 13.768877644486064, back_ch_h: 11.753967205731334, side90_ch_h: 20.892462956237793, side45_ch_h: 46.40322170533733 },
    Pin { code: 4, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 5.0, wind_from: 0.0, slope_deg: 0.0, aspect: 0.0, head_ch_h: 81.55026181519393, dir: 180.0, fireline_btu_ft_s: 3960.9880775470087, flame_ft: 20.333031804420678, reaction_btu_ft2_s: 199.9922835569277, back_ch_h: 10.20905875915758, side90_ch_h: 18.146416287409032, side45_ch_h: 40.30411253597925 },
    Pin { code: 8, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 5.0, wind_from: 0.0, slope_deg: 0.0, aspect: 0.0, head_ch_h: 2.0277932265521854, dir: 180.0, fireline_btu_ft_s: 7.007047035229476, flame_ft: 1.1019417272942398, reaction_btu_ft2_s: 15.452091806404114, back_ch_h: 0.25385400047159545, side90_ch_h: 0.4512208693724688, side45_ch_h: 1.0021844759721978 },
    Pin { code: 2, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 3.0, wind_from: 90.0, slope_deg: 15.0, aspect: 0.0, head_ch_h: 18.25655015512417, dir: 252.81675774027428, fireline_btu_ft_s: 163.21432088837102, flame_ft: 4.689011678985313, reaction_btu_ft2_s: 58.92335663017264, back_ch_h: 3.949303331984318, side90_ch_h: 6.493842211471711, side45_ch_h: 11.928206567632115 },
    Pin { code: 10, m: [0.03, 0.04, 0.05, 0.45, 0.7], wind_mph: 6.0, wind_from: 200.0, slope_deg: 25.0, aspect: 300.0, head_ch_h: 15.878299427504748, dir: 37.666875908489374, fireline_btu_ft_s: 439.94997175265576, flame_ft: 7.399085214672083, reaction_btu_ft2_s: 115.73259832081305, back_ch_h: 1.5319455257328767, side90_ch_h: 2.7942960974468494, side45_ch_h: 6.695629687864852 },
    Pin { code: 102, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 8.0, wind_from: 270.0, slope_deg: 20.0, aspect: 135.0, head_ch_h: 62.9462510547381, dir: 85.53509494877642, fireline_btu_ft_s: 279.77763752251644, flame_ft: 6.008229220755112, reaction_btu_ft2_s: 19.15096257264107, back_ch_h: 3.969875984236416, side90_ch_h: 7.46871707665855, side45_ch_h: 19.82180104065962 },
    Pin { code: 102, m: [0.1, 0.11, 0.12, 1.0, 1.2], wind_mph: 4.0, wind_from: 45.0, slope_deg: 10.0, aspect: 180.0, head_ch_h: 1.7881293130229035, dir: 227.79855787187284, fireline_btu_ft_s: 1.908283951118286, flame_ft: 0.6057707408613424, reaction_btu_ft2_s: 4.59823913797257, back_ch_h: 0.41796377090375403, side90_ch_h: 0.677553704310909, side45_ch_h: 1.2081300781627262 },
    Pin { code: 122, m: [0.03, 0.04, 0.05, 0.45, 0.7], wind_mph: 7.0, wind_from: 180.0, slope_deg: 5.0, aspect: 45.0, head_ch_h: 52.61037536981671, dir: 359.6974529222747, fireline_btu_ft_s: 514.6914539768914, flame_ft: 7.952874224431591, reaction_btu_ft2_s: 42.324067076459954, back_ch_h: 3.9088441237352227, side90_ch_h: 7.277020399592519, side45_ch_h: 18.62561513796759 },
    Pin { code: 145, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 6.0, wind_from: 315.0, slope_deg: 30.0, aspect: 90.0, head_ch_h: 56.1823471152098, dir: 153.65310786918099, fireline_btu_ft_s: 1624.863086359036, flame_ft: 13.495476681218763, reaction_btu_ft2_s: 85.70206962441019, back_ch_h: 7.196127900923383, side90_ch_h: 12.758128229251618, side45_ch_h: 28.134692785329527 },
    Pin { code: 149, m: [0.1, 0.11, 0.12, 1.0, 1.2], wind_mph: 3.0, wind_from: 120.0, slope_deg: 12.0, aspect: 270.0, head_ch_h: 13.861430662312051, dir: 304.35873822581925, fireline_btu_ft_s: 812.9986487536964, flame_ft: 9.814175789579936, reaction_btu_ft2_s: 191.34052219906212, back_ch_h: 3.340110558610014, side90_ch_h: 5.383088680020882, side45_ch_h: 9.485648178775316 },
    Pin { code: 161, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 4.0, wind_from: 90.0, slope_deg: 25.0, aspect: 0.0, head_ch_h: 2.553001464798171, dir: 243.06180307125155, fireline_btu_ft_s: 18.569452329983, flame_ft: 1.725282024944492, reaction_btu_ft2_s: 27.662272949998464, back_ch_h: 0.38192389511243874, side90_ch_h: 0.6644477416578501, side45_ch_h: 1.3931888606156562 },
    Pin { code: 163, m: [0.03, 0.04, 0.05, 0.45, 0.7], wind_mph: 5.0, wind_from: 10.0, slope_deg: 18.0, aspect: 200.0, head_ch_h: 32.51267923107885, dir: 188.02206143023386, fireline_btu_ft_s: 600.5046014433939, flame_ft: 8.537486500574909, reaction_btu_ft2_s: 70.45616444000244, back_ch_h: 4.817536092605368, side90_ch_h: 8.391647586540897, side45_ch_h: 17.651754456597118 },
    Pin { code: 183, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 5.0, wind_from: 225.0, slope_deg: 35.0, aspect: 30.0, head_ch_h: 0.5932321676267759, dir: 116.98918499247384, fireline_btu_ft_s: 2.1389467842138195, flame_ft: 0.6384170902461873, reaction_btu_ft2_s: 13.080907718357922, back_ch_h: 0.19333580473573983, side90_ch_h: 0.29162900741753056, side45_ch_h: 0.45531302245954736 },
    Pin { code: 188, m: [0.03, 0.04, 0.05, 0.45, 0.7], wind_mph: 2.0, wind_from: 0.0, slope_deg: 0.0, aspect: 0.0, head_ch_h: 2.900258524580104, dir: 180.0, fireline_btu_ft_s: 44.289042468005455, flame_ft: 2.57340895323715, reaction_btu_ft2_s: 63.99739652979929, back_ch_h: 0.8838276216972748, side90_ch_h: 1.3547939951676697, side45_ch_h: 2.1739205338250143 },
    Pin { code: 202, m: [0.1, 0.11, 0.12, 1.0, 1.2], wind_mph: 9.0, wind_from: 160.0, slope_deg: 8.0, aspect: 340.0, head_ch_h: 26.76030282145459, dir: 340.0, fireline_btu_ft_s: 439.91339581456657, flame_ft: 7.398802246369869, reaction_btu_ft2_s: 73.31876504473003, back_ch_h: 1.2158397036415423, side90_ch_h: 2.325998920159096, side45_ch_h: 6.564040178346409 },
    Pin { code: 124, m: [0.03, 0.04, 0.05, 0.45, 0.7], wind_mph: 0.0, wind_from: 0.0, slope_deg: 20.0, aspect: 90.0, head_ch_h: 11.989185296062015, dir: 270.0, fireline_btu_ft_s: 923.2183251687252, flame_ft: 10.405250625316505, reaction_btu_ft2_s: 297.3576204642445, back_ch_h: 4.051246500759949, side90_ch_h: 6.056089461040208, side45_ch_h: 9.316005670042015 },
    Pin { code: 1, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 0.0, wind_from: 0.0, slope_deg: 0.0, aspect: 0.0, head_ch_h: 4.186640359366873, dir: 180.0, fireline_btu_ft_s: 6.956968894304759, flame_ft: 1.0983120339587533, reaction_btu_ft2_s: 13.768877644486064, back_ch_h: 4.186640359366873, side90_ch_h: 4.186640359366873, side45_ch_h: 4.186640359366873 },
    Pin { code: 13, m: [0.06, 0.07, 0.08, 0.6, 0.9], wind_mph: 10.0, wind_from: 45.0, slope_deg: 40.0, aspect: 45.0, head_ch_h: 53.21515119610783, dir: 225.0, fireline_btu_ft_s: 3165.251480072857, flame_ft: 18.34004070447043, reaction_btu_ft2_s: 163.20248366487237, back_ch_h: 0.4909016061435639, side90_ch_h: 0.9728290138740868, side45_ch_h: 3.1810522848703253 },
];

/// Relative tolerance for the pyrothermel pins.
const REL_TOL: f64 = 1e-4;

fn run(pin: &Pin) -> SurfaceFire {
    let inputs = FireInputs {
        moisture: FuelMoisture::new(pin.m[0], pin.m[1], pin.m[2], pin.m[3], pin.m[4]).unwrap(),
        midflame_wind_speed: mph_to_m_per_s(pin.wind_mph),
        wind_direction: pin.wind_from,
        slope_fraction: pin.slope_deg.to_radians().tan(),
        aspect: pin.aspect,
    };
    surface_fire_with(
        &FuelModel::standard(pin.code).unwrap(),
        &inputs,
        &SpreadOptions::behave(),
    )
    .unwrap()
}

fn rel(ours: f64, reference: f64) -> f64 {
    if reference == 0.0 {
        ours.abs()
    } else {
        ((ours - reference) / reference).abs()
    }
}

/// Angular difference in degrees, in [0, 180].
fn angle_diff(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

#[test]
fn pyrothermel_pins_agree_to_1e_4() {
    let mut worst = (0.0_f64, String::new());
    let mut failures = Vec::new();
    for pin in PINS {
        let fire = run(pin);
        let checks = [
            (
                "head ROS",
                m_per_s_to_chains_per_hour(fire.head_ros),
                pin.head_ch_h,
            ),
            (
                "fireline intensity",
                fire.fireline_intensity / KW_M_PER_BTU_FT_S,
                pin.fireline_btu_ft_s,
            ),
            ("flame length", fire.flame_length / M_PER_FT, pin.flame_ft),
            (
                "reaction intensity",
                fire.reaction_intensity / KW_M2_PER_BTU_FT2_MIN / 60.0,
                pin.reaction_btu_ft2_s,
            ),
            (
                "backing ROS",
                m_per_s_to_chains_per_hour(fire.backing_ros),
                pin.back_ch_h,
            ),
            (
                "ROS at head+180",
                m_per_s_to_chains_per_hour(fire.ros_at(fire.direction_of_max_spread + 180.0)),
                pin.back_ch_h,
            ),
            (
                "ROS at head+90",
                m_per_s_to_chains_per_hour(fire.ros_at(pin.dir + 90.0)),
                pin.side90_ch_h,
            ),
            (
                "ROS at head+45",
                m_per_s_to_chains_per_hour(fire.ros_at(pin.dir + 45.0)),
                pin.side45_ch_h,
            ),
        ];
        for (what, ours, reference) in checks {
            let r = rel(ours, reference);
            println!(
                "code {:3} {what:20} ours {ours:.10} pyrothermel {reference:.10} rel {r:.2e}",
                pin.code
            );
            if r > worst.0 {
                worst = (r, format!("code {} {what}", pin.code));
            }
            if r > REL_TOL {
                failures.push(format!(
                    "code {} {what}: ours {ours} vs pyrothermel {reference} (rel {r:.2e})",
                    pin.code
                ));
            }
        }
        let d = angle_diff(fire.direction_of_max_spread, pin.dir);
        if d > 1e-3 {
            failures.push(format!(
                "code {} direction: ours {} vs pyrothermel {}",
                pin.code, fire.direction_of_max_spread, pin.dir
            ));
        }
    }
    println!("worst relative difference {:.2e} ({})", worst.0, worst.1);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Two-decimal pins of BehavePlus/pyrothermel (FM1/FM4/FM8 at 6/7/8/60/90 %, 5 mi/h midflame,
/// flat ground): 93.89, 81.55 and 2.03 ch/h. Tolerance: half a unit of the last decimal
/// (0.005 ch/h), the rounding of the pins themselves. (A 1e-3 relative tolerance would be
/// tighter than the rounding of 2.03: pyrothermel gives 2.02779 ch/h, 1.1e-3 away.) The
/// unrounded values are pinned at 1e-4 relative above.
#[test]
fn brief_pins_two_decimals() {
    for (code, expected) in [(1, 93.89), (4, 81.55), (8, 2.03)] {
        let fire = run(&Pin {
            code,
            m: [0.06, 0.07, 0.08, 0.60, 0.90],
            wind_mph: 5.0,
            wind_from: 0.0,
            slope_deg: 0.0,
            aspect: 0.0,
            head_ch_h: 0.0,
            dir: 0.0,
            fireline_btu_ft_s: 0.0,
            flame_ft: 0.0,
            reaction_btu_ft2_s: 0.0,
            back_ch_h: 0.0,
            side90_ch_h: 0.0,
            side45_ch_h: 0.0,
        });
        let ch_h = m_per_s_to_chains_per_hour(fire.head_ros);
        assert!(
            (ch_h - expected).abs() <= 0.005,
            "FM{code}: {ch_h} ch/h vs {expected}"
        );
    }
}
