//! The memory allocator. A build allocates and frees millions of small strings, maps and page
//! buffers from every thread (front matter, template contexts, Tera's values, search words);
//! with glibc's malloc that was 13% of a large build's CPU time. mimalloc (version 2: it returns
//! freed pages to the system sooner than version 3, which kept the peak resident size 50 MiB
//! higher here) cuts a 10,000-lesson build's time by about a tenth.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
