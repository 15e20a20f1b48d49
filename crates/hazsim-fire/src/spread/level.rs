//! The segments of a uniform cell on level ground that improve a neighbour's tentative arrival
//! time.
//!
//! When every cell of a cell's stencil window has the same fire and the ground is level, the
//! travel time of segment k is one table entry τ_k (its horizontal length times the slowness in
//! its direction), so the neighbour j = i + Δ_k is improved when t + τ_k < best\[j\]. Only a few
//! of the 96 segments improve anything (most neighbours are burned or already reached sooner),
//! so the tests are done four at a time with AVX2 (gathering best\[j\]) where the CPU has it,
//! and only the improving segments are visited one by one. Both paths compute t + τ_k with the
//! same IEEE addition and compare it the same way (ordered `<`), so they give the same bits.

/// Per-direction linear offsets and travel times, padded to a multiple of 4 with entries that
/// never improve anything (offset 0, time +∞).
#[derive(Debug, Clone, Default)]
pub(crate) struct LevelTable {
    delta: Vec<i64>,
    tau: Vec<f64>,
    /// Number of real directions.
    len: usize,
}

/// Most directions a stencil has (radius 8: 176), rounded up to whole mask words.
pub(crate) const MASK_WORDS: usize = 3;

impl LevelTable {
    /// The table for directions with linear offsets `delta` and travel times `tau` (s, ≥ 0).
    pub(crate) fn new(entries: impl Iterator<Item = (isize, f64)>) -> Self {
        let mut t = LevelTable::default();
        for (d, tau) in entries {
            t.delta.push(d as i64);
            t.tau.push(tau);
        }
        t.len = t.delta.len();
        assert!(t.len <= 64 * MASK_WORDS, "stencil too large for the mask");
        while t.delta.len() % 4 != 0 {
            t.delta.push(0);
            t.tau.push(f64::INFINITY);
        }
        t
    }

    /// Number of directions.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Travel time of direction `k`.
    #[inline]
    pub(crate) fn tau(&self, k: usize) -> f64 {
        self.tau[k]
    }

    /// Linear offset of direction `k`.
    #[inline]
    pub(crate) fn delta(&self, k: usize) -> isize {
        self.delta[k] as isize
    }

    /// Bit k of the result is set when `time + τ_k < best[i + Δ_k]`.
    ///
    /// # Safety
    /// `i + Δ_k` must be an index of `best` for every direction k (true of a uniform cell,
    /// whose whole stencil window lies inside the grid).
    #[inline]
    pub(crate) unsafe fn improving(&self, best: &[f64], i: usize, time: f64) -> [u64; MASK_WORDS] {
        debug_assert!(self
            .delta
            .iter()
            .all(|&d| ((i as i64 + d) as usize) < best.len()));
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above); indices as promised.
            return unsafe { self.improving_avx2(best, i, time) };
        }
        // SAFETY: as promised by the caller.
        unsafe { self.improving_scalar(best, i, time) }
    }

    /// [`Self::improving`] one direction at a time.
    ///
    /// # Safety
    /// As [`Self::improving`].
    unsafe fn improving_scalar(&self, best: &[f64], i: usize, time: f64) -> [u64; MASK_WORDS] {
        let mut mask = [0u64; MASK_WORDS];
        for k in 0..self.len {
            let j = (i as i64 + self.delta[k]) as usize;
            // SAFETY: j is an index of best (the caller's promise).
            if time + self.tau[k] < unsafe { *best.get_unchecked(j) } {
                mask[k / 64] |= 1 << (k % 64);
            }
        }
        mask
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn improving_avx2(&self, best: &[f64], i: usize, time: f64) -> [u64; MASK_WORDS] {
        use std::arch::x86_64::*;
        let mut mask = [0u64; MASK_WORDS];
        let base = _mm256_set1_epi64x(i as i64);
        let t = _mm256_set1_pd(time);
        let n = self.delta.len();
        for (w, word) in mask.iter_mut().enumerate() {
            // Up to 64 directions per word, accumulated in a register.
            let (c0, c1) = (64 * w, n.min(64 * w + 64));
            let mut acc = 0u64;
            for c in (c0..c1).step_by(4) {
                // SAFETY: c + 3 < delta.len() = tau.len() (padded to a multiple of 4); the
                // gathered indices i + Δ lie in best (the caller's promise; padding has Δ = 0).
                unsafe {
                    let d = _mm256_loadu_si256(self.delta.as_ptr().add(c) as *const __m256i);
                    let b = _mm256_i64gather_pd::<8>(best.as_ptr(), _mm256_add_epi64(base, d));
                    let a = _mm256_add_pd(t, _mm256_loadu_pd(self.tau.as_ptr().add(c)));
                    let m = _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_LT_OQ>(a, b)) as u64;
                    acc |= m << (c - c0);
                }
            }
            *word = acc;
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mask (AVX2 where available) against the definition, on values that include ties,
    /// +∞ and burned (earlier) neighbours.
    #[test]
    fn improving_matches_the_scalar_definition() {
        let n = 400;
        let best: Vec<f64> = (0..n)
            .map(|j| match j % 7 {
                0 => f64::INFINITY,
                1 => 5.0,
                _ => (j as f64 * 0.37) % 11.0,
            })
            .collect();
        for len in [8usize, 16, 45, 96, 176] {
            let entries: Vec<(isize, f64)> = (0..len)
                .map(|k| {
                    let d = (k as isize * 13 % 101) - 50;
                    let tau = if k % 11 == 0 {
                        f64::INFINITY
                    } else {
                        (k % 9) as f64 * 0.5
                    };
                    (d, tau)
                })
                .collect();
            let t = LevelTable::new(entries.iter().copied());
            for (i, time) in [(60usize, 0.0), (200, 3.0), (300, 5.0), (340, 10.5)] {
                // SAFETY: i ± 50 lies in 0..400.
                let (got, scalar) = unsafe {
                    (
                        t.improving(&best, i, time),
                        t.improving_scalar(&best, i, time),
                    )
                };
                assert_eq!(got, scalar, "len {len}, cell {i}");
                for (k, &(d, tau)) in entries.iter().enumerate() {
                    let want = time + tau < best[(i as isize + d) as usize];
                    assert_eq!(got[k / 64] >> (k % 64) & 1 == 1, want, "len {len}, k {k}");
                }
                for k in len..64 * MASK_WORDS {
                    assert_eq!(got[k / 64] >> (k % 64) & 1, 0, "padding bit {k}");
                }
            }
        }
    }
}
