//! The front queue of the minimum-travel-time search: an indexed 4-ary min-heap of cells keyed
//! on (tentative arrival time, cell index), with decrease-key.
//!
//! Each cell is in the queue at most once, so the queue never holds more entries than the fire
//! front has cells (a heap with lazy deletion holds one entry per improvement, several times
//! more). Ties in time are broken by the cell index, so the order cells leave the queue, and
//! with it every result, does not depend on the order they entered it.

const ARITY: usize = 4;

/// An indexed min-heap over cells `0..n`.
#[derive(Debug, Clone)]
pub(crate) struct FrontQueue {
    heap: Vec<(f64, u32)>,
    /// Heap position + 1 of each cell, 0 when the cell is not queued: a zero-filled vector is
    /// an empty queue, and its pages are mapped only where the front passes.
    pos: Vec<u32>,
}

#[inline]
fn less(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

impl FrontQueue {
    /// An empty queue for cells `0..n`.
    pub(crate) fn new(n: usize) -> Self {
        FrontQueue {
            heap: Vec::new(),
            pos: vec![0; n],
        }
    }

    /// The smallest entry.
    #[inline]
    pub(crate) fn peek(&self) -> Option<(f64, u32)> {
        self.heap.first().copied()
    }

    /// Number of queued cells.
    #[allow(dead_code)]
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }

    /// Queues `cell` at `time`, or lowers its time if it is queued later. The caller only calls
    /// this with a time lower than the cell's current one.
    #[inline]
    pub(crate) fn push_or_decrease(&mut self, time: f64, cell: u32) {
        let p = self.pos[cell as usize];
        if p == 0 {
            self.heap.push((time, cell));
            let i = self.heap.len() - 1;
            self.sift_up(i);
        } else {
            let i = p as usize - 1;
            debug_assert!(time <= self.heap[i].0);
            self.heap[i].0 = time;
            self.sift_up(i);
        }
    }

    /// Removes and returns the smallest entry.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(f64, u32)> {
        let top = *self.heap.first()?;
        let last = self.heap.pop().expect("non-empty");
        self.pos[top.1 as usize] = 0;
        if !self.heap.is_empty() {
            self.heap[0] = last;
            self.sift_down(0);
        }
        Some(top)
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        let e = self.heap[i];
        while i > 0 {
            let parent = (i - 1) / ARITY;
            let p = self.heap[parent];
            if !less(e, p) {
                break;
            }
            self.heap[i] = p;
            self.pos[p.1 as usize] = i as u32 + 1;
            i = parent;
        }
        self.heap[i] = e;
        self.pos[e.1 as usize] = i as u32 + 1;
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
            let mut best = first;
            let end = (first + ARITY).min(n);
            for c in first + 1..end {
                if less(self.heap[c], self.heap[best]) {
                    best = c;
                }
            }
            if !less(self.heap[best], e) {
                break;
            }
            self.heap[i] = self.heap[best];
            self.pos[self.heap[i].1 as usize] = i as u32 + 1;
            i = best;
        }
        self.heap[i] = e;
        self.pos[e.1 as usize] = i as u32 + 1;
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
