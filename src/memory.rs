//! Memory use of a build. Loading holds every Markdown source, resolving replaces them with
//! rendered HTML, rendering makes one page per job: with glibc's default of one malloc arena per
//! thread, memory freed by one stage stays mapped in another thread's arena. Two arenas and an
//! explicit trim between stages keep the peak resident size close to what is really live.

/// Called once at start-up, before any threads exist.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before other threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns memory freed by the last stage to the operating system.
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of the allocator's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}
