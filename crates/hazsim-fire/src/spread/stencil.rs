//! The spread stencil: the set of directions a cell can ignite its neighbours in, and the
//! cells each segment crosses (so that a barrier one cell wide cannot be jumped).
//!
//! The stencil of radius `r` holds every offset (dr, dc) with max(|dr|, |dc|) ≤ r and
//! gcd(|dr|, |dc|) = 1: 8 directions for r = 1, 16 for 2, 32 for 3, 48 for 4 (Finney 2002
//! uses such neighbourhoods in the minimum-travel-time method). Longer offsets that are
//! multiples of shorter ones are left out: they add no direction.

/// One direction of the stencil.
#[derive(Debug, Clone, PartialEq)]
pub struct Offset {
    /// Row offset (positive is south).
    pub dr: i32,
    /// Column offset (positive is east).
    pub dc: i32,
    /// Length in cells, √(dr² + dc²).
    pub length: f64,
    /// Azimuth of the segment, radians clockwise from north: (sin, cos).
    pub sin_cos: (f64, f64),
    /// Cells (relative to the source) whose interior the segment crosses, endpoints excluded.
    pub crossed: Vec<(i32, i32)>,
    /// Pairs of diagonally adjacent cells the segment passes between through their shared
    /// corner: the segment is blocked if both are.
    pub squeezed: Vec<[(i32, i32); 2]>,
    /// Every cell the segment runs through (endpoints included) with the fraction of the
    /// segment's length inside it; the fractions sum to 1.
    pub weights: Vec<((i32, i32), f64)>,
}

fn gcd(a: i32, b: i32) -> i32 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// Fraction of the segment from (0, 0) to (dr, dc) inside the unit square centred on (r, c)
/// (Liang–Barsky clipping).
fn inside_fraction(dr: f64, dc: f64, r: f64, c: f64) -> f64 {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dr, -(r - 0.5)),
        (dr, r + 0.5),
        (-dc, -(c - 0.5)),
        (dc, c + 0.5),
    ] {
        // Constraint p t ≤ q.
        if p == 0.0 {
            if q <= 0.0 {
                return 0.0;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t1 - t0).max(0.0)
}

/// The stencil of radius `radius` (1..=8), in a fixed order.
///
/// ```
/// use hazsim_fire::spread::stencil::stencil;
/// assert_eq!(stencil(1).len(), 8);
/// assert_eq!(stencil(2).len(), 16);
/// assert_eq!(stencil(3).len(), 32);
/// assert_eq!(stencil(4).len(), 48);
/// // The knight's move (1, 2) crosses one cell on each side of its midpoint.
/// let k = stencil(2).into_iter().find(|o| (o.dr, o.dc) == (1, 2)).unwrap();
/// assert_eq!(k.crossed, vec![(0, 1), (1, 1)]);
/// ```
pub fn stencil(radius: u32) -> Vec<Offset> {
    let r = radius as i32;
    let mut out = Vec::new();
    for dr in -r..=r {
        for dc in -r..=r {
            if (dr, dc) == (0, 0) || gcd(dr.abs(), dc.abs()) != 1 {
                continue;
            }
            let (fr, fc) = (dr as f64, dc as f64);
            let mut crossed = Vec::new();
            let mut weights = Vec::new();
            for i in dr.min(0)..=dr.max(0) {
                for j in dc.min(0)..=dc.max(0) {
                    let w = inside_fraction(fr, fc, i as f64, j as f64);
                    if w <= 1e-9 {
                        continue;
                    }
                    weights.push(((i, j), w));
                    if (i, j) != (0, 0) && (i, j) != (dr, dc) {
                        crossed.push((i, j));
                    }
                }
            }
            // A primitive offset passes through a lattice corner only at its midpoint, and
            // only when both components are odd.
            let mut squeezed = Vec::new();
            if dr % 2 != 0 && dc % 2 != 0 {
                let (mr, mc) = (fr / 2.0, fc / 2.0); // a corner (half-integers)
                let (r0, r1) = ((mr - 0.5) as i32, (mr + 0.5) as i32);
                let (c0, c1) = ((mc - 0.5) as i32, (mc + 0.5) as i32);
                // The four cells around the corner; the segment runs through the pair on its
                // own diagonal and squeezes between the other two.
                let same_sign = (dr > 0) == (dc > 0);
                let pair = if same_sign {
                    [(r0, c1), (r1, c0)]
                } else {
                    [(r0, c0), (r1, c1)]
                };
                squeezed.push(pair);
            }
            let length = (fr * fr + fc * fc).sqrt();
            let az = fc.atan2(-fr);
            out.push(Offset {
                dr,
                dc,
                length,
                sin_cos: (az.sin(), az.cos()),
                crossed,
                squeezed,
                weights,
            });
        }
    }
    out
}

/// One stencil direction laid out for a grid of a given width: every neighbour as a linear
/// offset into the row-major cell arrays, so the spread loop does no 2-D index arithmetic.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    /// Row offset.
    pub dr: i32,
    /// Column offset.
    pub dc: i32,
    /// Linear offset of the destination.
    pub delta: isize,
    /// Horizontal length (m).
    pub horiz: f64,
    /// Unit vector of the azimuth ψ: (sin ψ, cos ψ) = (east, north) components.
    pub ux: f32,
    /// See `ux`.
    pub uy: f32,
    /// (sin ψ, cos ψ) in f64.
    pub sin_cos: (f64, f64),
    /// Range of this edge's entries in [`CompiledStencil::weights`].
    pub weights: (u32, u32),
    /// Range of this edge's entries in [`CompiledStencil::crossed`].
    pub crossed: (u32, u32),
    /// The two cells the segment squeezes between (linear offsets), if any.
    pub squeezed: Option<(isize, isize)>,
}

/// A stencil compiled for a grid `cols` wide and cells `cell` metres across.
#[derive(Debug, Clone)]
pub(crate) struct CompiledStencil {
    /// Largest |dr| or |dc|.
    pub radius: usize,
    /// The directions, in [`stencil`]'s order.
    pub edges: Vec<Edge>,
    /// Linear offsets of the cells each segment runs through (endpoints included), with the
    /// fraction of the segment inside each (the fractions of an edge sum to 1).
    pub weights: Vec<(isize, f32)>,
    /// Linear offsets of the cells each segment crosses (endpoints excluded).
    pub crossed: Vec<isize>,
}

impl CompiledStencil {
    /// Compiles the stencil of `radius` for a grid `cols` wide with square cells of `cell` m.
    pub(crate) fn new(radius: u32, cols: usize, cell: f64) -> Self {
        let lin = |(dr, dc): (i32, i32)| dr as isize * cols as isize + dc as isize;
        let mut out = CompiledStencil {
            radius: radius as usize,
            edges: Vec::new(),
            weights: Vec::new(),
            crossed: Vec::new(),
        };
        for o in stencil(radius) {
            let w0 = out.weights.len() as u32;
            for &(p, f) in &o.weights {
                out.weights.push((lin(p), f as f32));
            }
            let c0 = out.crossed.len() as u32;
            out.crossed.extend(o.crossed.iter().map(|&p| lin(p)));
            out.edges.push(Edge {
                dr: o.dr,
                dc: o.dc,
                delta: lin((o.dr, o.dc)),
                horiz: o.length * cell,
                ux: o.sin_cos.0 as f32,
                uy: o.sin_cos.1 as f32,
                sin_cos: o.sin_cos,
                weights: (w0, out.weights.len() as u32),
                crossed: (c0, out.crossed.len() as u32),
                squeezed: o.squeezed.first().map(|pair| (lin(pair[0]), lin(pair[1]))),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_squeezes_between_the_other_two() {
        let s = stencil(1);
        let d = s.iter().find(|o| (o.dr, o.dc) == (1, 1)).unwrap();
        assert!(d.crossed.is_empty());
        assert_eq!(d.squeezed, vec![[(0, 1), (1, 0)]]);
        let d = s.iter().find(|o| (o.dr, o.dc) == (-1, 1)).unwrap();
        assert_eq!(d.squeezed, vec![[(-1, 0), (0, 1)]]);
    }

    #[test]
    fn weights_sum_to_one() {
        for o in stencil(8) {
            let sum: f64 = o.weights.iter().map(|w| w.1).sum();
            assert!((sum - 1.0).abs() < 1e-12, "{o:?}");
            assert_eq!(o.weights.len(), o.crossed.len() + 2);
        }
        let o = stencil(2)
            .into_iter()
            .find(|o| (o.dr, o.dc) == (0, 1))
            .unwrap();
        assert_eq!(o.weights, vec![((0, 0), 0.5), ((0, 1), 0.5)]);
        // (1, 2): a quarter of the length in each end cell and each crossed cell.
        let o = stencil(2)
            .into_iter()
            .find(|o| (o.dr, o.dc) == (1, 2))
            .unwrap();
        for w in &o.weights {
            assert!((w.1 - 0.25).abs() < 1e-12);
        }
    }

    #[test]
    fn long_offsets_cross_cells() {
        let s = stencil(3);
        let o = s.iter().find(|o| (o.dr, o.dc) == (3, 1)).unwrap();
        assert_eq!(o.crossed, vec![(1, 0), (2, 1)]);
        let o = s.iter().find(|o| (o.dr, o.dc) == (-1, 3)).unwrap();
        // passes through the corner at (-0.5, 1.5)
        assert_eq!(o.crossed, vec![(-1, 2), (0, 1)]);
        assert_eq!(o.squeezed, vec![[(-1, 1), (0, 2)]]);
    }
}
