//! Per-cell inputs of the spread (elevation, slope, aspect) as held by the engine: one value
//! for the whole grid when every cell has it (flat or evenly tilted ground), so the common
//! synthetic and flat cases take no memory per cell and setup copies nothing.

use ndarray::Array2;
use rayon::prelude::*;

/// The values of a grid's cells in row-major order.
#[derive(Debug, Clone)]
pub(crate) enum CellValues {
    /// Every cell has this value.
    Same(f32),
    /// One value per cell.
    Each(Vec<f32>),
}

impl CellValues {
    /// The cells of `a`, with non-finite values replaced by 0 when `finite` is set.
    pub(crate) fn of(a: &Array2<f32>, finite: bool) -> Self {
        let fix = |x: f32| if finite && !x.is_finite() { 0.0 } else { x };
        if let Some(src) = a.as_slice() {
            if let Some(bits) = constant_bits(src) {
                return CellValues::Same(fix(f32::from_bits(bits)));
            }
        }
        let mut v: Vec<f32> = match a.as_slice() {
            Some(src) => src.to_vec(),
            None => a.iter().copied().collect(),
        };
        if finite {
            v.par_chunks_mut(4096).for_each(|c| {
                for x in c {
                    *x = fix(*x);
                }
            });
        }
        // Raw values that differ may still agree once non-finite ones are 0 (flat ground whose
        // aspect is NaN inside and 0 at the edges, say).
        match constant_bits(&v) {
            Some(bits) => CellValues::Same(f32::from_bits(bits)),
            None => CellValues::Each(v),
        }
    }

    /// Whether every cell has the same value.
    pub(crate) fn is_same(&self) -> bool {
        matches!(self, CellValues::Same(_))
    }

    /// The value of cell `i`, unchecked.
    ///
    /// # Safety
    /// `i` must be a cell of the grid.
    #[inline]
    pub(crate) unsafe fn get_unchecked(&self, i: usize) -> f32 {
        match self {
            CellValues::Same(v) => *v,
            // SAFETY: i is a cell (the caller's promise), and `Each` holds every cell.
            CellValues::Each(v) => unsafe { *v.get_unchecked(i) },
        }
    }
}

impl std::ops::Index<usize> for CellValues {
    type Output = f32;

    #[inline]
    fn index(&self, i: usize) -> &f32 {
        match self {
            CellValues::Same(v) => v,
            CellValues::Each(v) => &v[i],
        }
    }
}

/// The bits of the value every element of `v` has, if they are all equal (and `v` is not
/// empty). Chunked so the comparison vectorises.
fn constant_bits(v: &[f32]) -> Option<u32> {
    let first = v.first()?.to_bits();
    v.par_chunks(1 << 16)
        .all(|c| {
            c.chunks(1024).all(|b| {
                let mut acc = 0u32;
                for x in b {
                    acc |= x.to_bits() ^ first;
                }
                acc == 0
            })
        })
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_cells_are_held_once_and_non_finite_ones_become_zero() {
        let flat = Array2::from_elem((3, 4), 7.5f32);
        let v = CellValues::of(&flat, false);
        assert!(v.is_same());
        assert_eq!(v[11], 7.5);
        // NaN inside, 0 at the edges: one value once NaN is 0.
        let aspect = Array2::from_shape_fn((3, 4), |(r, c)| {
            if r == 1 && c > 0 && c < 3 {
                f32::NAN
            } else {
                0.0
            }
        });
        let v = CellValues::of(&aspect, true);
        assert!(v.is_same());
        assert_eq!(v[5], 0.0);
        let v = CellValues::of(&aspect, false);
        assert!(!v.is_same());
        assert!(v[5].is_nan() && v[4] == 0.0);
        // Column-major storage (no row-major slice) still gives row-major order.
        use ndarray::ShapeBuilder;
        let f = Array2::from_shape_vec((2, 3).f(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]).unwrap();
        assert!(f.as_slice().is_none());
        let v = CellValues::of(&f, false);
        assert!((0..6).all(|i| v[i] == i as f32));
        assert_eq!(unsafe { v.get_unchecked(4) }, 4.0);
        let v = CellValues::of(&Array2::from_elem((2, 2), f32::INFINITY), true);
        assert!(v.is_same() && v[3] == 0.0);
    }
}
