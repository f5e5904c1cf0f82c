//! How much to read ahead from a slow, random-access source (a `File` in the page, read with
//! `FileReaderSync`): each read call there costs a round trip to the browser process, so a long
//! sequential stream wants few, large reads, while the index pass's scattered header reads want
//! small ones. The window doubles while reads follow on from each other and falls back to the
//! smallest when the reader seeks elsewhere (the readahead of an operating system's page cache).
//!
//! Measured in the page on the `scripts/bench` image (docs/performance.md, 2026-12-07): fixed
//! slices of 512 KiB took 8.0–8.7 s, 4 MiB 6.6–7.5 s, 16 MiB 6.4–6.8 s.

/// A read-ahead window between `min` and `max` bytes.
#[derive(Debug, Clone)]
pub struct Readahead {
    min: u64,
    max: u64,
    /// Where the last read ended and how long it was.
    last: Option<(u64, u64)>,
}

impl Readahead {
    /// A window that starts at `min` bytes and grows to at most `max` (`min <= max`, both > 0).
    pub fn new(min: u64, max: u64) -> Self {
        let min = min.max(1);
        Readahead {
            min,
            max: max.max(min),
            last: None,
        }
    }

    /// How many bytes to read from `pos` on: twice the last read if it ended at `pos`, else `min`.
    /// Never past `len`.
    pub fn next(&mut self, pos: u64, len: u64) -> u64 {
        let want = match self.last {
            Some((end, n)) if end == pos => n.saturating_mul(2).min(self.max),
            _ => self.min,
        };
        let n = want.min(len.saturating_sub(pos));
        self.last = Some((pos.saturating_add(n), want));
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_while_sequential_and_falls_back_on_a_seek() {
        let mut r = Readahead::new(256, 4096);
        assert_eq!(r.next(0, 1 << 20), 256);
        assert_eq!(r.next(256, 1 << 20), 512);
        assert_eq!(r.next(768, 1 << 20), 1024);
        assert_eq!(r.next(1792, 1 << 20), 2048);
        assert_eq!(r.next(3840, 1 << 20), 4096);
        assert_eq!(r.next(7936, 1 << 20), 4096, "capped at max");
        assert_eq!(r.next(100_000, 1 << 20), 256, "a seek starts small again");
        assert_eq!(r.next(100_256, 1 << 20), 512);
    }

    #[test]
    fn never_reads_past_the_end() {
        let mut r = Readahead::new(256, 4096);
        assert_eq!(r.next(0, 100), 100);
        assert_eq!(r.next(100, 100), 0);
        let mut r = Readahead::new(256, 4096);
        assert_eq!(r.next(0, 1000), 256);
        assert_eq!(r.next(256, 1000), 512);
        assert_eq!(r.next(768, 1000), 232, "the rest only");
    }

    #[test]
    fn degenerate_bounds_still_read() {
        let mut r = Readahead::new(0, 0);
        assert_eq!(r.next(0, 10), 1);
        assert_eq!(r.next(1, 10), 1);
    }
}
