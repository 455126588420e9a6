//! The memory allocator. A build allocates and frees millions of small strings, maps and page
//! buffers from every thread (front matter, template contexts, Tera's values, search words);
//! with glibc's malloc that was 13% of a large build's CPU time. mimalloc (version 2: it returns
//! freed pages to the system sooner than version 3, which kept the peak resident size 50 MiB
//! higher here) cuts a 10,000-lesson build's time by about a tenth.
//!
//! Built without transparent huge pages (the `no_thp` feature: mimalloc does not ask the kernel
//! for them with `madvise`). With them, a fault in a fresh 2 MiB region made the kernel compact
//! memory and zero a whole huge page first, most of all right after another big process (such as
//! Hugo in the benchmark) left memory fragmented: 10% of the build's wall time here.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
