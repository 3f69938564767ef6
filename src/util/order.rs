//! Sorting vectors of large values without moving each value many times.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, moving each item by one swap: the order is found on
/// indices, then applied by following its cycles. A merge sort moves every element about
/// log₂ n times, which for a site's pages (over a kilobyte each) was most of the sort.
pub(crate) fn sort_large_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| compare(&items[a], &items[b]));
    // `order[k]` is where the item that belongs at `k` is now; each cycle of that permutation
    // is rotated into place with swaps, and marked done by `order[k] = k`.
    for start in 0..items.len() {
        let mut k = start;
        while order[k] != start {
            let from = order[k];
            items.swap(k, from);
            order[k] = k;
            k = from;
        }
        order[k] = k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_a_stable_sort() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 10, 257] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            let mut got = items;
            sort_large_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "length {len}");
        }
    }
}
