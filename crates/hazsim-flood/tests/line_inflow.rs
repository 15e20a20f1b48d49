//! Line inflows: a hydrograph shared evenly by the cells a polyline crosses.
//!
//! Checks (tolerances in each test): the volume delivered is ∫ Q dt of the whole line (the
//! trapezoid rule over steps is exact for a piecewise-linear hydrograph whose breakpoints fall on
//! steps; each step's depth increment is rounded to f32, so 1e-7 relative), each crossed cell receives the same share, the mass balance closes
//! (1e-6, DESIGN.md), and bad lines are errors that name the input.

mod common;

use hazsim_flood::{simulate, FloodConfig, LineInflow, PointInflow};
use hazsim_grid::NoProgress;
use ndarray::Array2;

/// A flat closed box of 30 × 40 cells of 5 m (x 0..200, y 0..150).
fn flat() -> hazsim_grid::Terrain {
    common::terrain(Array2::zeros((30, 40)), 5.0)
}

#[test]
fn line_inflow_delivers_its_hydrograph_along_the_line() {
    let t = flat();
    // A west-east line through the middle of row 10 (y = 150 − 52.5), from x = 52.5 to 147.5:
    // columns 10..=29, 20 cells.
    let line = vec![(52.5, 97.5), (147.5, 97.5)];
    let hydrograph = vec![(0.0, 0.0), (60.0, 4.0), (120.0, 4.0), (180.0, 0.0)];
    let cfg = FloodConfig {
        duration: 60.0,
        line_inflows: vec![LineInflow {
            line: line.clone(),
            hydrograph: hydrograph.clone(),
        }],
        output_interval: Some(30.0),
        ..Default::default()
    };
    // After 60 s nothing has reached the walls: ∫ Q dt = ½ · 60 · 4 = 120 m³.
    let r = simulate(&t, cfg.clone(), &mut NoProgress).unwrap();
    let mb = r.mass_balance;
    assert!((mb.inflow - 120.0).abs() < 1e-7 * 120.0, "{}", mb.inflow);
    assert!(mb.error().abs() < 1e-6, "mass error {}", mb.error());
    // Water along the line, symmetric about it (rows 9 and 11), none at the far corners.
    let d = &r.field("flood.depth").unwrap().data;
    for c in 10..30 {
        assert!(d[[10, c]] > 0.0, "no water at column {c}");
        assert_eq!(
            d[[9, c]],
            d[[11, c]],
            "not symmetric about the line at column {c}"
        );
    }
    assert_eq!(d[[0, 0]], 0.0);
    // The same as 20 point inflows of Q/20 each (identical bits).
    let points = (10..30)
        .map(|c| PointInflow {
            x: 5.0 * c as f64 + 2.5,
            y: 97.5,
            hydrograph: hydrograph.iter().map(|&(t, q)| (t, q / 20.0)).collect(),
        })
        .collect();
    let p = simulate(
        &t,
        FloodConfig {
            line_inflows: vec![],
            inflows: points,
            ..cfg
        },
        &mut NoProgress,
    )
    .unwrap();
    let dp = &p.field("flood.depth").unwrap().data;
    assert!(d
        .iter()
        .zip(dp.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn bad_line_inflows_are_errors() {
    let t = flat();
    let run = |l: LineInflow| {
        simulate(
            &t,
            FloodConfig {
                duration: 10.0,
                line_inflows: vec![l],
                ..Default::default()
            },
            &mut NoProgress,
        )
        .unwrap_err()
        .to_string()
    };
    let e = run(LineInflow {
        line: vec![(10.0, 10.0), (500.0, 10.0)],
        hydrograph: vec![(0.0, 1.0)],
    });
    assert!(
        e.contains("line_inflows[0].line") && e.contains("500"),
        "{e}"
    );
    let e = run(LineInflow {
        line: vec![],
        hydrograph: vec![(0.0, 1.0)],
    });
    assert!(e.contains("line_inflows[0].line"), "{e}");
    let e = run(LineInflow {
        line: vec![(10.0, 10.0), (50.0, 10.0)],
        hydrograph: vec![(10.0, 1.0), (5.0, 2.0)],
    });
    assert!(e.contains("line_inflows[0].hydrograph"), "{e}");
}
