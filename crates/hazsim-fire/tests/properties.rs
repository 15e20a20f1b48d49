//! Physical properties and input validation of the point model. These are qualitative
//! properties of Rothermel (1972) and of the elliptical fire shape (Anderson 1983; Catchpole,
//! de Mestre & Gill 1982); tolerances are floating-point round-off (1e-12 relative) unless
//! stated.

use hazsim_fire::moisture::HerbCuring;
use hazsim_fire::units::mph_to_m_per_s;
use hazsim_fire::{
    surface_fire, surface_fire_with, Error, FireInputs, FuelModel, FuelMoisture, SpreadOptions,
    SurfaceFire, WindLimit,
};

fn moisture() -> FuelMoisture {
    FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap()
}

fn inputs(wind_mph: f64, wind_from: f64, slope: f64, aspect: f64) -> FireInputs {
    FireInputs {
        moisture: moisture(),
        midflame_wind_speed: mph_to_m_per_s(wind_mph),
        wind_direction: wind_from,
        slope_fraction: slope,
        aspect,
    }
}

fn fire(code: u16, i: &FireInputs) -> SurfaceFire {
    surface_fire(&FuelModel::standard(code).unwrap(), i).unwrap()
}

const BURNABLE: &[u16] = &[1, 2, 4, 8, 10, 102, 122, 145, 149, 161, 165, 183, 189, 202];

#[test]
fn ros_increases_with_wind() {
    for &code in BURNABLE {
        let mut last = 0.0;
        for u in [0.0, 1.0, 2.0, 4.0, 8.0] {
            let r = fire(code, &inputs(u, 0.0, 0.0, 0.0)).head_ros;
            assert!(
                r > last,
                "code {code}: ROS {r} at {u} mi/h not above {last}"
            );
            last = r;
        }
    }
}

#[test]
fn ros_increases_with_slope() {
    for &code in BURNABLE {
        let mut last = 0.0;
        for s in [0.0, 0.1, 0.3, 0.6, 1.0] {
            let r = fire(code, &inputs(2.0, 180.0, s, 180.0)).head_ros;
            assert!(
                r > last,
                "code {code}: ROS {r} at slope {s} not above {last}"
            );
            last = r;
        }
    }
}

#[test]
fn ros_decreases_with_dead_moisture() {
    for &code in BURNABLE {
        let mut last = f64::INFINITY;
        for m in [0.02, 0.04, 0.06, 0.08, 0.10] {
            let mut i = inputs(3.0, 0.0, 0.0, 0.0);
            i.moisture.one_hour = m;
            i.moisture.ten_hour = m + 0.01;
            i.moisture.hundred_hour = m + 0.02;
            let r = fire(code, &i).head_ros;
            assert!(r < last, "code {code}: ROS {r} at {m} not below {last}");
            last = r;
        }
    }
}

#[test]
fn ros_decreases_with_live_moisture() {
    for code in [4, 10, 145, 122] {
        let mut last = f64::INFINITY;
        for m in [0.5, 0.8, 1.1, 1.5] {
            let mut i = inputs(3.0, 0.0, 0.0, 0.0);
            i.moisture.live_woody = m;
            i.moisture.live_herb = m;
            let r = fire(code, &i).head_ros;
            assert!(
                r < last,
                "code {code}: ROS {r} at live {m} not below {last}"
            );
            last = r;
        }
    }
}

#[test]
fn no_spread_above_dead_moisture_of_extinction() {
    // Dead-only models: the dead class is fully damped at M_f >= M_x (Rothermel 1972, eq. 29).
    for code in [1, 3, 8, 9, 11, 181, 186, 201] {
        let model = FuelModel::standard(code).unwrap();
        let mx = model.moisture_of_extinction_dead;
        let mut i = inputs(5.0, 0.0, 0.3, 180.0);
        i.moisture.one_hour = mx;
        i.moisture.ten_hour = mx + 0.01;
        i.moisture.hundred_hour = mx + 0.02;
        let f = surface_fire(&model, &i).unwrap();
        assert_eq!(f.head_ros, 0.0, "code {code}");
        assert!(!f.spreads());
        assert_eq!(f.fireline_intensity, 0.0);
        // Just below extinction it still spreads.
        i.moisture.one_hour = mx - 0.01;
        i.moisture.ten_hour = mx - 0.01;
        i.moisture.hundred_hour = mx - 0.01;
        assert!(surface_fire(&model, &i).unwrap().spreads(), "code {code}");
    }
}

#[test]
fn non_burnable_codes_give_zero() {
    for code in [91, 92, 93, 98, 99] {
        let f = fire(code, &inputs(10.0, 0.0, 0.5, 0.0));
        assert_eq!(f.head_ros, 0.0);
        assert_eq!(f.backing_ros, 0.0);
        assert_eq!(f.flame_length, 0.0);
        assert_eq!(f.ros_at(123.0), 0.0);
    }
}

#[test]
fn wind_limit_caps_effective_wind() {
    // FM8 (compact litter, low I_R) at 20 mi/h exceeds U_max = 0.9 I_R.
    let model = FuelModel::standard(8).unwrap();
    let i = inputs(20.0, 0.0, 0.0, 0.0);
    let capped = surface_fire(&model, &i).unwrap();
    let free = surface_fire_with(
        &model,
        &i,
        &SpreadOptions {
            wind_limit: WindLimit::Ignored,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(capped.wind_limit_exceeded && !free.wind_limit_exceeded);
    assert!(free.head_ros > capped.head_ros);
    // Capped effective wind = 0.9 I_R ft/min with I_R in BTU/ft²/min.
    let i_r_btu_ft2_min = capped.reaction_intensity / hazsim_fire::units::KW_M2_PER_BTU_FT2_MIN;
    let u_max = 0.9 * i_r_btu_ft2_min * hazsim_fire::units::M_S_PER_FT_MIN;
    assert!((capped.effective_wind_speed - u_max).abs() < 1e-9 * u_max);
    // More wind no longer changes a capped fire.
    let capped2 = surface_fire(&model, &inputs(30.0, 0.0, 0.0, 0.0)).unwrap();
    assert!((capped2.head_ros - capped.head_ros).abs() < 1e-12 * capped.head_ros);
    // Below the limit both options agree.
    let low = inputs(2.0, 0.0, 0.0, 0.0);
    let a = surface_fire(&model, &low).unwrap();
    let b = surface_fire_with(
        &model,
        &low,
        &SpreadOptions {
            wind_limit: WindLimit::Ignored,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn ellipse_head_back_flank() {
    for &code in BURNABLE {
        for (u, wd, s, asp) in [
            (5.0, 0.0, 0.0, 0.0),
            (3.0, 90.0, 0.4, 30.0),
            (8.0, 250.0, 0.2, 200.0),
        ] {
            let f = fire(code, &inputs(u, wd, s, asp));
            let tol = 1e-12 * f.head_ros;
            assert!((f.ros_at(f.direction_of_max_spread) - f.head_ros).abs() < tol);
            assert!((f.ros_at(f.direction_of_max_spread + 180.0) - f.backing_ros).abs() < tol);
            assert!((f.ros_at(f.direction_of_max_spread - 180.0) - f.backing_ros).abs() < tol);
            // Flanking = semi-minor axis b = (head + back) / (2 L/B). Seen from the rear focus,
            // the widest point of the ellipse lies at angle acos(e) from the head direction and
            // its lateral offset is b: ROS(acos e) sin(acos e) = b.
            let theta = f.eccentricity.acos().to_degrees();
            let lateral = f.ros_at(f.direction_of_max_spread + theta) * theta.to_radians().sin();
            assert!((lateral - f.flanking_ros).abs() < tol, "code {code}");
            // L/B from the rates: (head + back) / (2 flank).
            let lb = (f.head_ros + f.backing_ros) / (2.0 * f.flanking_ros);
            assert!((lb - f.length_to_breadth).abs() < 1e-12 * lb);
            // Symmetry about the head direction and monotone decrease away from it.
            assert!(
                (f.ros_at(f.direction_of_max_spread + 70.0)
                    - f.ros_at(f.direction_of_max_spread - 70.0))
                .abs()
                    < tol
            );
            assert!(
                f.ros_at(f.direction_of_max_spread + 30.0)
                    > f.ros_at(f.direction_of_max_spread + 60.0)
            );
            assert!(f.head_ros >= f.flanking_ros && f.flanking_ros >= f.backing_ros);
        }
    }
}

#[test]
fn no_wind_no_slope_is_a_circle() {
    let f = fire(1, &inputs(0.0, 0.0, 0.0, 0.0));
    assert_eq!(f.length_to_breadth, 1.0);
    assert_eq!(f.eccentricity, 0.0);
    assert_eq!(f.head_ros, f.no_wind_no_slope_ros);
    assert_eq!(f.backing_ros, f.head_ros);
    assert!((f.ros_at(77.0) - f.head_ros).abs() < 1e-15);
}

#[test]
fn direction_conventions() {
    // Wind from the west pushes the fire east.
    let f = fire(1, &inputs(5.0, 270.0, 0.0, 0.0));
    assert!((f.direction_of_max_spread - 90.0).abs() < 1e-9);
    // No wind, a south-facing slope (aspect 180 = downslope south): spread upslope, north.
    let f = fire(1, &inputs(0.0, 0.0, 0.3, 180.0));
    assert!(
        f.direction_of_max_spread
            .min(360.0 - f.direction_of_max_spread)
            < 1e-9
    );
    // Wind blowing upslope: aligned, the two effects add.
    let aligned = fire(1, &inputs(5.0, 180.0, 0.3, 180.0));
    assert!(
        aligned
            .direction_of_max_spread
            .min(360.0 - aligned.direction_of_max_spread)
            < 1e-9
    );
    let cross = fire(1, &inputs(5.0, 90.0, 0.3, 180.0));
    assert!(aligned.head_ros > cross.head_ros);
    // Cross wind from the east on a north-upslope: head between north (0) and west (270).
    assert!(cross.direction_of_max_spread > 270.0 && cross.direction_of_max_spread < 360.0);
    // Directions given outside [0, 360) are the same directions.
    let a = fire(4, &inputs(5.0, 45.0, 0.2, 100.0));
    let b = fire(4, &inputs(5.0, 45.0 - 360.0, 0.2, 100.0 + 720.0));
    assert!((a.head_ros - b.head_ros).abs() < 1e-12 * a.head_ros);
}

#[test]
fn dynamic_curing_transfers_herb_to_dead() {
    // GR2 at 30 % herb moisture is fully cured: behaves as if the herb were dead fuel at the
    // 1-h moisture; at >= 120 % it is fully green. Cured grass spreads much faster.
    let mut i = inputs(5.0, 0.0, 0.0, 0.0);
    i.moisture.live_herb = 0.30;
    let cured = fire(102, &i).head_ros;
    i.moisture.live_herb = 1.20;
    let green = fire(102, &i).head_ros;
    assert!(cured > 5.0 * green);
    // The exact S&B line and behave's rounded line agree at the ends of the ramp, except for
    // behave's 0.001 residual at 120 %.
    assert_eq!(HerbCuring::ScottBurgan.cured_fraction(0.3), 1.0);
    assert_eq!(HerbCuring::BehavePlus.cured_fraction(0.3), 1.0);
    assert_eq!(HerbCuring::ScottBurgan.cured_fraction(1.3), 0.0);
    assert_eq!(HerbCuring::BehavePlus.cured_fraction(1.3), 0.0);
}

#[test]
fn intensity_and_flame_length_relations() {
    let f = fire(4, &inputs(5.0, 0.0, 0.0, 0.0));
    // Byram: I_B = I_R R t_r (kW/m² · m/s · s = kW/m).
    let i_b = f.reaction_intensity * f.head_ros * f.residence_time;
    assert!((i_b - f.fireline_intensity).abs() < 1e-9 * i_b);
    // Byram (1959) metric form, L = 0.0775 I_B^0.46 (m, kW/m): the customary 0.45 ft
    // (BTU/ft/s) form used inside is 0.07748 in metric units, so they agree to 5e-4 (the
    // rounding of 0.0775).
    let l = 0.0775 * f.fireline_intensity.powf(0.46);
    assert!((l - f.flame_length).abs() < 5e-4 * l);
    assert!(
        (f.heat_per_unit_area - f.reaction_intensity * f.residence_time).abs()
            < 1e-9 * f.heat_per_unit_area
    );
}

// ---- bad input ----

fn invalid_parameter(e: Error) -> String {
    match e {
        Error::InvalidInput { parameter, .. } => parameter,
        Error::MoistureInPercent { parameter, .. } => parameter.to_string(),
        other => panic!("expected InvalidInput or MoistureInPercent, got {other:?}"),
    }
}

#[test]
fn negative_moisture_is_rejected_with_its_name() {
    let e = FuelMoisture::new(-0.01, 0.07, 0.08, 0.6, 0.9).unwrap_err();
    assert_eq!(invalid_parameter(e.clone()), "moisture.one_hour");
    assert!(e.to_string().contains("-0.01"));
    let mut i = inputs(5.0, 0.0, 0.0, 0.0);
    i.moisture.live_woody = -1.0;
    let e = surface_fire(&FuelModel::standard(4).unwrap(), &i).unwrap_err();
    assert_eq!(invalid_parameter(e), "moisture.live_woody");
    // Percentages by mistake.
    let e = FuelMoisture::new(0.06, 7.0, 0.08, 0.6, 0.9).unwrap_err();
    assert!(matches!(e, Error::MoistureInPercent { fraction, .. } if fraction == 0.07));
    assert_eq!(invalid_parameter(e), "moisture.ten_hour");
    let e = FuelMoisture::new(0.06, 0.07, f64::NAN, 0.6, 0.9).unwrap_err();
    assert_eq!(invalid_parameter(e), "moisture.hundred_hour");
}

#[test]
fn unknown_fuel_code_is_rejected() {
    for code in [0, 14, 90, 94, 100, 110, 150, 205, 999] {
        let e = FuelModel::standard(code).unwrap_err();
        assert_eq!(e, Error::UnknownFuelModel { code });
        assert!(e.to_string().contains(&code.to_string()));
    }
}

#[test]
fn negative_or_absurd_wind_is_rejected() {
    let m = FuelModel::standard(1).unwrap();
    for u in [-0.1, f64::NAN, f64::INFINITY, 1000.0] {
        let mut i = inputs(0.0, 0.0, 0.0, 0.0);
        i.midflame_wind_speed = u;
        assert_eq!(
            invalid_parameter(surface_fire(&m, &i).unwrap_err()),
            "midflame_wind_speed"
        );
    }
    let mut i = inputs(1.0, 0.0, 0.0, 0.0);
    i.wind_direction = f64::NAN;
    assert_eq!(
        invalid_parameter(surface_fire(&m, &i).unwrap_err()),
        "wind_direction"
    );
}

#[test]
fn slope_out_of_range_is_rejected() {
    let m = FuelModel::standard(1).unwrap();
    for s in [-0.1, 10.5, f64::NAN] {
        let i = inputs(1.0, 0.0, s, 0.0);
        let e = surface_fire(&m, &i).unwrap_err();
        assert!(e.to_string().contains("slope_fraction"));
        assert_eq!(invalid_parameter(e), "slope_fraction");
    }
    let mut i = inputs(1.0, 0.0, 0.2, 0.0);
    i.aspect = f64::INFINITY;
    assert_eq!(
        invalid_parameter(surface_fire(&m, &i).unwrap_err()),
        "aspect"
    );
}

#[test]
fn invalid_custom_fuel_model_is_rejected() {
    let ok = |depth: f64, loads: [f64; 5], mx: f64| {
        FuelModel::new(
            250,
            "X",
            depth,
            loads,
            [6000.0, 5000.0, 5000.0],
            mx,
            18.6e6,
            18.6e6,
            false,
        )
    };
    assert!(ok(0.3, [0.1, 0.0, 0.0, 0.0, 0.0], 0.25).is_ok());
    assert_eq!(
        invalid_parameter(ok(0.0, [0.1, 0.0, 0.0, 0.0, 0.0], 0.25).unwrap_err()),
        "fuel_model.depth"
    );
    assert_eq!(
        invalid_parameter(ok(0.3, [0.1, -0.1, 0.0, 0.0, 0.0], 0.25).unwrap_err()),
        "fuel_model.load_10h"
    );
    assert_eq!(
        invalid_parameter(ok(0.3, [0.1, 0.0, 0.0, 0.0, 0.0], 0.0).unwrap_err()),
        "fuel_model.moisture_of_extinction_dead"
    );
    assert_eq!(
        invalid_parameter(ok(0.3, [0.1, 0.0, 0.0, 0.0, 0.0], 25.0).unwrap_err()),
        "fuel_model.moisture_of_extinction_dead"
    );
    // A model broken after construction is caught by the spread function too.
    let mut m = FuelModel::standard(4).unwrap();
    m.savr_1h = -5.0;
    assert_eq!(
        invalid_parameter(surface_fire(&m, &inputs(1.0, 0.0, 0.0, 0.0)).unwrap_err()),
        "fuel_model.savr_1h"
    );
}

#[test]
fn standard_table_is_complete() {
    let codes = FuelModel::standard_codes();
    let expected: Vec<u16> = (1..=13)
        .chain([91, 92, 93, 98, 99])
        .chain(101..=109)
        .chain(121..=124)
        .chain(141..=149)
        .chain(161..=165)
        .chain(181..=189)
        .chain(201..=204)
        .collect();
    assert_eq!(codes, expected);
    for c in codes {
        let m = FuelModel::standard(c).unwrap();
        assert!(m.validate().is_ok(), "{}", m.name);
        assert_eq!(m.is_burnable(), !(91..=99).contains(&c));
    }
    // Spot checks against the publications (Scott & Burgan 2005 Table 7; Anderson 1982).
    let gr6 = FuelModel::standard(106).unwrap();
    assert!((gr6.heat_content_dead - 9000.0 * 2326.0).abs() < 1e-6); // GR6: 9000 BTU/lb
    let sh5 = FuelModel::standard(145).unwrap();
    assert!((hazsim_fire::units::kg_per_m2_to_tons_per_acre(sh5.load_1h) - 3.6).abs() < 1e-12);
    assert!((sh5.depth - 6.0 * 0.3048).abs() < 1e-12);
    let fm13 = FuelModel::standard(13).unwrap();
    assert!((fm13.load_100h - 1.288 * hazsim_fire::units::KG_M2_PER_LB_FT2).abs() < 1e-12);
}
