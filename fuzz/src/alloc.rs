//! The out-of-memory guard of the fuzz build: a global allocator that aborts
//! the process on one allocation over [`MAX_ONE`] (256 MiB) or when the live
//! heap would pass [`MAX_LIVE`] (2 GiB), as libFuzzer's `-malloc_limit_mb` and
//! `-rss_limit_mb` do. An abort is a crash to AFL++; `replay` tells it from a
//! panic by the `ocilens-fuzz: out of memory` line this writes first.
//!
//! This is the one `unsafe` of the fuzz crate (a `GlobalAlloc` cannot be
//! written without it); ocilens itself keeps `forbid(unsafe_code)`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The largest single allocation (bytes).
pub const MAX_ONE: usize = 256 << 20;
/// The largest live heap (bytes).
pub const MAX_LIVE: usize = 2 << 30;

/// [`System`], counted and capped.
pub struct Capped;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The peak live heap since the last [`reset_peak`] (bytes).
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak at the current live heap.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}

#[cold]
fn out_of_memory(what: &str, size: usize) -> ! {
    // a fixed buffer: nothing here may allocate
    let mut buf = [0u8; 160];
    let mut w = &mut buf[..];
    let _ = write!(
        w,
        "ocilens-fuzz: out of memory: {what} ({size} bytes; caps: one allocation {MAX_ONE}, live {MAX_LIVE})\n"
    );
    let left = w.len();
    let n = buf.len() - left;
    let _ = std::io::stderr().write_all(&buf[..n]);
    std::process::abort()
}

fn grow(size: usize) {
    if size > MAX_ONE {
        out_of_memory("one allocation over 256 MiB", size);
    }
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    if live > MAX_LIVE {
        out_of_memory("live heap over 2 GiB", live);
    }
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` with the same arguments; the
// counting around it touches only atomics.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: the caller's contract is System's
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: as above
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            if new_size > MAX_ONE {
                out_of_memory("one allocation over 256 MiB", new_size);
            }
            grow(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: as above
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
