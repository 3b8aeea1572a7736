//! The entry point Trunk builds: everything lives in the library.

/// The page's allocator: TLSF (rlsf) instead of the standard library's dlmalloc, for a smaller
/// bundle (issue 10; BENCHMARKS.md, "Bundle, issue 10, third pass"). Allocation and freeing take
/// constant time; memory is taken from the browser in 64 KiB pages, as dlmalloc does.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::GlobalTlsf = rlsf::GlobalTlsf::new();

fn main() {
    quorumscope::run_app();
}
