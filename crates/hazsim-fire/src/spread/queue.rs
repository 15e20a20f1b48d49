//! The front queue of the minimum-travel-time search: an indexed 4-ary min-heap of cells keyed
//! on (tentative arrival time, cell index), with decrease-key.
//!
//! Each cell is in the queue at most once, so the queue never holds more entries than the fire
//! front has cells (a heap with lazy deletion holds one entry per improvement, several times
//! more). Ties in time are broken by the cell index, so the order cells leave the queue, and
//! with it every result, does not depend on the order they entered it.

const ARITY: usize = 4;

/// An indexed min-heap over cells `0..n`.
///
/// Entries are packed keys ([`key`]): the bits of the time above the cell index, so one
/// unsigned comparison orders by time, then by index, and the smallest of four children is
/// picked without branches.
#[derive(Debug, Clone)]
pub(crate) struct FrontQueue {
    heap: Vec<u128>,
    /// Heap position + 1 of each cell, 0 when the cell is not queued: a zero-filled vector is
    /// an empty queue, and its pages are mapped only where the front passes.
    pos: Vec<u32>,
}

/// The packed key of `cell` at `time` (≥ 0, not NaN): for such times the IEEE bits increase
/// with the value, so comparing keys as integers compares (time, cell) lexicographically.
/// `time + 0.0` turns −0 into +0, which `<` treats as equal.
#[inline]
fn key(time: f64, cell: u32) -> u128 {
    debug_assert!(time >= 0.0, "queue time {time}");
    (((time + 0.0).to_bits() as u128) << 32) | cell as u128
}

#[inline]
fn cell_of(k: u128) -> u32 {
    k as u32
}

#[inline]
fn time_of(k: u128) -> f64 {
    f64::from_bits((k >> 32) as u64)
}

impl FrontQueue {
    /// An empty queue for cells `0..n`.
    pub(crate) fn new(n: usize) -> Self {
        FrontQueue {
            heap: Vec::new(),
            pos: vec![0; n],
        }
    }

    /// The smallest entry: (time, cell). A time of −0 comes back as +0.
    #[inline]
    pub(crate) fn peek(&self) -> Option<(f64, u32)> {
        self.heap.first().map(|&k| (time_of(k), cell_of(k)))
    }

    /// Number of queued cells.
    #[allow(dead_code)]
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }

    /// Queues `cell` at `time` (≥ 0), or lowers its time if it is queued later. The caller only
    /// calls this with a time lower than the cell's current one.
    #[inline]
    pub(crate) fn push_or_decrease(&mut self, time: f64, cell: u32) {
        let k = key(time, cell);
        let p = self.pos[cell as usize];
        if p == 0 {
            self.heap.push(k);
            let i = self.heap.len() - 1;
            self.sift_up(i);
        } else {
            let i = p as usize - 1;
            debug_assert!(k <= self.heap[i]);
            self.heap[i] = k;
            self.sift_up(i);
        }
    }

    /// Removes and returns the smallest entry: (time, cell). A time of −0 comes back as +0.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(f64, u32)> {
        let top = *self.heap.first()?;
        let last = self.heap.pop().expect("non-empty");
        self.pos[cell_of(top) as usize] = 0;
        if !self.heap.is_empty() {
            self.heap[0] = last;
            self.sift_down(0);
        }
        Some((time_of(top), cell_of(top)))
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        let e = self.heap[i];
        while i > 0 {
            let parent = (i - 1) / ARITY;
            let p = self.heap[parent];
            if e >= p {
                break;
            }
            self.heap[i] = p;
            self.pos[cell_of(p) as usize] = i as u32 + 1;
            i = parent;
        }
        self.heap[i] = e;
        self.pos[cell_of(e) as usize] = i as u32 + 1;
    }

    #[inline]
    fn sift_down(&mut self, mut i: usize) {
        let n = self.heap.len();
        let e = self.heap[i];
        loop {
            let first = ARITY * i + 1;
            if first >= n {
                break;
            }
            let (best, b) = if first + ARITY <= n {
                // All four children: a branch-free tournament (keys are distinct).
                let h = &self.heap[first..first + ARITY];
                let (i01, k01) = if h[1] < h[0] { (1, h[1]) } else { (0, h[0]) };
                let (i23, k23) = if h[3] < h[2] { (3, h[3]) } else { (2, h[2]) };
                let (ib, kb) = if k23 < k01 { (i23, k23) } else { (i01, k01) };
                (first + ib, kb)
            } else {
                let mut best = first;
                for c in first + 1..n {
                    if self.heap[c] < self.heap[best] {
                        best = c;
                    }
                }
                (best, self.heap[best])
            };
            if b >= e {
                break;
            }
            self.heap[i] = b;
            self.pos[cell_of(b) as usize] = i as u32 + 1;
            i = best;
        }
        self.heap[i] = e;
        self.pos[cell_of(e) as usize] = i as u32 + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_index_order_with_decrease_key() {
        let mut q = FrontQueue::new(10);
        for (t, c) in [(5.0, 3), (1.0, 7), (5.0, 2), (9.0, 1), (3.0, 4)] {
            q.push_or_decrease(t, c);
        }
        q.push_or_decrease(0.5, 1); // 9 → 0.5
        q.push_or_decrease(5.0, 3); // equal: stays
        let mut out = Vec::new();
        while let Some(e) = q.pop() {
            out.push(e);
        }
        assert_eq!(out, vec![(0.5, 1), (1.0, 7), (3.0, 4), (5.0, 2), (5.0, 3)]);
        assert_eq!(q.len(), 0);
    }

    #[test]
    fn negative_zero_ties_with_zero_and_infinity_sorts_last() {
        let mut q = FrontQueue::new(6);
        q.push_or_decrease(f64::INFINITY, 0);
        q.push_or_decrease(0.0, 4);
        q.push_or_decrease(-0.0, 5);
        q.push_or_decrease(-0.0, 2);
        q.push_or_decrease(1e-300, 1);
        let mut out = Vec::new();
        while let Some((t, c)) = q.pop() {
            out.push((t.to_bits(), c));
        }
        // (time, cell) order under `<`, where −0 == +0 (returned as +0).
        let z = 0.0f64.to_bits();
        let want = vec![
            (z, 2),
            (z, 4),
            (z, 5),
            (1e-300f64.to_bits(), 1),
            (f64::INFINITY.to_bits(), 0),
        ];
        assert_eq!(out, want);
    }

    #[test]
    fn matches_a_sorted_reference_on_many_keys() {
        // A linear congruential sequence of keys and decreases, checked against sorting.
        let n = 500;
        let mut q = FrontQueue::new(n);
        let mut best = vec![f64::INFINITY; n];
        let mut x: u64 = 12345;
        for _ in 0..5000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let c = (x >> 33) as usize % n;
            let t = ((x >> 11) % 1000) as f64;
            if t < best[c] {
                best[c] = t;
                q.push_or_decrease(t, c as u32);
            }
        }
        let mut want: Vec<(f64, u32)> = best
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_finite())
            .map(|(c, &t)| (t, c as u32))
            .collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut got = Vec::new();
        while let Some(e) = q.pop() {
            got.push(e);
        }
        assert_eq!(got, want);
    }
}
