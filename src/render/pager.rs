//! Pagination: a list split into pages of a fixed size, and the `paginator` each page gets.

use crate::render::context::{PagerLink, PaginatorContext};
use crate::render::engine::Renderer;

/// One page of a paginated list.
pub(crate) struct Pager<'p> {
    pub(crate) number: usize,
    pub(crate) total: usize,
    pub(crate) items: &'p [usize],
    pub(crate) total_items: usize,
}

/// Page numbers linked on each side of the current one; the first and last are always linked.
const PAGER_WINDOW: usize = 2;

/// The pages `items` split into with `per_page` each; an empty list still has one (empty) page.
pub(crate) fn pager_count(items: &[usize], per_page: usize) -> usize {
    items.len().div_ceil(per_page).max(1)
}

/// Page `index` (from 0) of `items` split into pages of `per_page`.
pub(crate) fn pager(items: &[usize], per_page: usize, index: usize) -> Pager<'_> {
    Pager {
        number: index + 1,
        total: pager_count(items, per_page),
        items: &items[(index * per_page).min(items.len())..((index + 1) * per_page).min(items.len())],
        total_items: items.len(),
    }
}

/// URL of page `n` of a list whose first page is at `base`.
pub(crate) fn pager_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

impl Pager<'_> {
    /// The `paginator` of this page of a list whose first page is at `base`.
    pub(crate) fn context<'r>(&self, renderer: &'r Renderer, base: &str) -> PaginatorContext<'r> {
        let url = |n: usize| pager_url(base, n);
        PaginatorContext {
            pages: renderer.summaries_of(self.items),
            current: self.number,
            total_pages: self.total,
            total_items: self.total_items,
            previous: (self.number > 1).then(|| url(self.number - 1)),
            next: (self.number < self.total).then(|| url(self.number + 1)),
            first: url(1),
            last: url(self.total),
            pagers: self
                .linked()
                .into_iter()
                .map(|n| match n {
                    Some(n) => PagerLink::Page { number: n, url: url(n), current: n == self.number },
                    None => PagerLink::Gap { gap: true },
                })
                .collect(),
        }
    }

    /// The page numbers to link, `None` where numbers are left out: the first, the last, and
    /// [`PAGER_WINDOW`] on each side of the current page. Linking every page would make a long
    /// list's pages grow with its length (and the whole list's build time with its square).
    fn linked(&self) -> Vec<Option<usize>> {
        let low = self.number.saturating_sub(PAGER_WINDOW).max(1);
        let high = (self.number + PAGER_WINDOW).min(self.total);
        let mut out = Vec::new();
        for n in [1].into_iter().chain(low..=high).chain([self.total]) {
            match out.last() {
                Some(Some(last)) if n <= *last => continue,
                Some(Some(last)) if n == *last + 2 => out.push(Some(n - 1)),
                Some(Some(last)) if n > *last + 2 => out.push(None),
                _ => {}
            }
            out.push(Some(n));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pagination_links_a_window_not_every_page() {
        let items: Vec<usize> = (0..1000).collect();
        let linked = |index: usize| super::pager(&items, 10, index).linked();
        assert_eq!(linked(0), [Some(1), Some(2), Some(3), None, Some(100)]);
        assert_eq!(linked(49), [Some(1), None, Some(48), Some(49), Some(50), Some(51), Some(52), None, Some(100)]);
        assert_eq!(
            linked(4),
            [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), None, Some(100)],
            "no gap of one"
        );
        assert_eq!(linked(99), [Some(1), None, Some(98), Some(99), Some(100)]);
        assert_eq!(super::pager(&items[..30], 10, 1).linked(), [Some(1), Some(2), Some(3)]);
        assert_eq!(super::pager(&[], 10, 0).linked(), [Some(1)]);
    }
}
