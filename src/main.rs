fn main() {
    limit_malloc_arenas();
    std::process::exit(dossier::cli::main());
}

/// glibc gives each thread that allocates its own arena and keeps what is
/// freed in each one, so a build's peak memory is the sum of every
/// thread's peak rather than the peak of what is alive: 408 MB instead of
/// 346 MB at 10,000 articles (benches/build.sh). One arena costs no
/// measurable time, as rendering allocates little now. Set before any
/// thread starts; `MALLOC_ARENA_MAX` in the environment still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
