//! 1D dam break on a dry, flat, (practically) frictionless bed against Ritter's (1892) analytic
//! solution: h = (2√(g h0) − (x − x0)/t)² / (9 g) for x0 − √(g h0) t < x < x0 + 2√(g h0) t.

mod common;

use hazsim_flood::{FloodConfig, FloodSimulation};
use hazsim_grid::{NoProgress, Simulation};
use ndarray::Array2;

#[test]
fn ritter_dry_bed_dam_break() {
    let (rows, cols, dx) = (3usize, 2000usize, 1.0f64);
    let t = common::terrain(Array2::zeros((rows, cols)), dx);
    let h0 = 1.0f64;
    let x0 = 1000.0f64; // dam at the face between columns 999 and 1000
    let h_init = Array2::from_shape_fn(
        (rows, cols),
        |(_, c)| if c < 1000 { h0 as f32 } else { 0.0 },
    );
    let cfg = FloodConfig {
        duration: 60.0,
        // n = 1e-4: the friction term g Δt n² |q| / h^{7/3} is < 1e-3 of the denominator except
        // in the last millimetres of the front; Manning's n must be > 0.
        manning: hazsim_grid::Field::Uniform(1e-4),
        initial_depth: Some(common::like(&t, h_init)),
        ..Default::default()
    };
    let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    let g = 9.81f64;
    let c0 = (g * h0).sqrt();
    let time = 60.0;
    sim.advance(time, &mut NoProgress).unwrap();
    let h = sim.field("flood.depth").unwrap();
    // Wet front: the last cell deeper than 1 mm (= h_flow_min).
    let front_col = (0..cols).rev().find(|&c| h[[1, c]] > 1e-3).unwrap();
    let x_front = (front_col as f64 + 1.0) * dx; // downstream edge of that cell
    let ritter = 2.0 * c0 * time;
    let ratio = (x_front - x0) / ritter;
    // Ritter's rarefaction: the scheme has no convective term, so there it is checked only
    // loosely (measured worst error 0.255 h0 at t = 60 s, dx = 1 m).
    let mut worst_ritter = 0.0f64;
    // The local inertial system's own Riemann solution (derived for this test):
    // h_t + q_x = 0, q_t + (g h²/2)_x = 0 has wave speeds ±√(gh). A left rarefaction with
    // q = (2/3)√g (h0^{3/2} − h^{3/2}) and h = (x − x0)²/(g t²) joins a plateau h*, q* that a
    // shock of speed s = q*/h* = √(g h*/2) ends on the dry bed; so
    // h*^{3/2} (√½ + 2/3) = (2/3) h0^{3/2}: h* = 0.6176 h0 and s = 0.278 × Ritter's front speed.
    let h_star = ((2.0 / 3.0) * h0.powf(1.5) / (0.5f64.sqrt() + 2.0 / 3.0)).powf(2.0 / 3.0);
    let c_star = (g * h_star).sqrt();
    let mut worst_li = 0.0f64;
    for c in 0..cols {
        let x = (c as f64 + 0.5) * dx;
        if x > x0 - c0 * time && x < x0 {
            let exact = (2.0 * c0 - (x - x0) / time).powi(2) / (9.0 * g);
            worst_ritter = worst_ritter.max((h[[1, c]] as f64 - exact).abs());
            let li = if x < x0 - c_star * time {
                (x - x0).powi(2) / (g * time * time)
            } else {
                h_star
            };
            worst_li = worst_li.max((h[[1, c]] as f64 - li).abs());
        }
    }
    let li_ratio = (h_star * g / 2.0).sqrt() / (2.0 * c0);
    eprintln!(
        "front/Ritter {ratio:.3} (local inertial system: {li_ratio:.3}); worst |h - Ritter| {worst_ritter:.3} m, \
         worst |h - local inertial exact| {worst_li:.3} m"
    );
    // Front: Ritter's x0 + 2√(g h0) t is the full shallow-water answer; the local inertial scheme
    // is known to lag it in frictionless, supercritical flow (de Almeida & Bates 2013, WRR 49,
    // "Applicability of the local inertial approximation of the shallow water equations to flood
    // modeling"). Measured ratio 0.330 (α = 0.6, Δx = 1 m, t = 60 s); the scheme's own system
    // gives 0.278, and the face depth h_f = max(η) − max(z) (Bates et al. 2010) pushes the bore a
    // little faster than that. Band: 0.25–0.45.
    assert!((0.25..0.45).contains(&ratio), "front ratio {ratio}");
    // Rarefaction and plateau against the local inertial exact solution: measured worst error
    // 0.048 h0, from the smeared rarefaction tail and the plateau (about 0.58 vs h* = 0.618);
    // tolerance 0.1 h0.
    assert!(worst_li < 0.1 * h0, "worst local-inertial error {worst_li}");
    // Against Ritter only a loose bound: the missing convective term costs up to 0.255 h0 here.
    assert!(worst_ritter < 0.3 * h0, "worst Ritter error {worst_ritter}");
    // rows identical (closed side walls)
    for c in 0..cols {
        assert_eq!(h[[0, c]], h[[1, c]]);
    }
    assert!(sim.mass_balance().error().abs() < 1e-6);
}
