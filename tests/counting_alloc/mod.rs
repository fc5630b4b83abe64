//! The system allocator, counting on the threads that ask for it: the bytes live, their peak
//! and the largest single allocation. Only a thread that turned counting on is measured, so a
//! test can measure the client on its `current_thread` runtime while a server runs on a thread
//! of its own. Installed as the global allocator by each test binary that includes it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

pub struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

/// Records `grown` more live bytes (negative when freed) and an allocation of `size`.
fn record(grown: isize, size: usize) {
    // `try_with`: a thread being torn down has no locals left, and is not measured.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let live = LIVE.get() + grown;
            LIVE.set(live);
            PEAK.set(PEAK.get().max(live));
            LARGEST.set(LARGEST.get().max(size));
        }
    });
}

// SAFETY: every call is passed to `System` unchanged; the counting only reads the layouts.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize), 0);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            record(new_size as isize - layout.size() as isize, new_size);
        }
        moved
    }
}

/// Starts counting this thread's allocations (live bytes keep their running total).
#[allow(dead_code)] // Only the binaries that sample the heap themselves call it.
pub fn start_counting() {
    COUNTING.set(true);
}

/// Bytes this thread allocated and has not freed since it started counting.
#[allow(dead_code)] // Only the binaries that sample the heap themselves call it.
pub fn live_bytes() -> isize {
    LIVE.get()
}

/// What this thread allocated while `work` ran: the peak of live bytes above where it
/// started, and the largest single allocation.
#[allow(dead_code)] // Not every test binary that counts needs the peak.
pub async fn measure<T>(work: impl Future<Output = T>) -> (T, usize, usize) {
    let start = LIVE.get();
    PEAK.set(start);
    LARGEST.set(0);
    COUNTING.set(true);
    let value = work.await;
    COUNTING.set(false);
    (value, (PEAK.get() - start).max(0) as usize, LARGEST.get())
}
