//! Nothing lost: a build killed with SIGKILL at any moment leaves the previous site complete and
//! byte for byte as it was, or (once the atomic swap has happened) the complete new one; never a
//! mix, and the next build recovers.
//!
//! A site of a thousand generated lessons (two languages) is big enough that a debug build takes
//! seconds; builds are killed while pages are being rendered into the staging directory (at
//! several fill levels) and right after the output and staging directories were exchanged, while
//! the old site is being deleted.

use crate::helpers::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LESSONS: usize = 1000;

type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Writes the generated lessons; `version` changes every page, so two versions differ everywhere.
fn write_lessons(root: &Path, version: &str) {
    write_n_lessons(root, version, LESSONS);
}

fn write_n_lessons(root: &Path, version: &str, lessons: usize) {
    let unit = root.join("content/lessons/03-many");
    std::fs::create_dir_all(&unit).unwrap();
    std::fs::write(
        unit.join("_index.md"),
        format!("---\ntitle: Many ({version})\n---\n"),
    )
    .unwrap();
    let body = "Heritage is what we keep and pass on.\n\n## Activity\n\n- one\n- two\n\n".repeat(8);
    for i in 0..lessons {
        std::fs::write(
            unit.join(format!("l{i:04}.md")),
            format!("---\ntitle: Lesson {i} ({version})\nsummary: Version {version}.\n---\n{body}"),
        )
        .unwrap();
    }
    // The home page names the version too, so every language's home differs.
    std::fs::write(
        root.join("content/_index.md"),
        format!("---\ntitle: Home ({version})\n---\nWelcome.\n"),
    )
    .unwrap();
}

fn start_build(root: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_paveldas"))
        .args(["build", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn build(root: &Path) -> Duration {
    let t = Instant::now();
    let o = paveldas(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    t.elapsed()
}

/// The staging directories beside the output (`.public.paveldas-<pid>`).
fn staging_dirs(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".public.paveldas-")
        })
        .collect()
}

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// The output's files but its manifest (which records where and when each file was written), after
/// checking that the manifest proves every one of them.
fn site_files(out: &Path) -> Snapshot {
    if let Err(foreign) = paveldas::output::manifest::verify(out) {
        panic!("the manifest does not prove the output: {foreign:?}");
    }
    let mut s = snapshot(out);
    s.remove(Path::new(".paveldas-output"));
    s
}

/// SIGKILLs the build; whether it was still running (else it had finished on its own).
fn kill(child: &mut Child) -> bool {
    // SAFETY: sends SIGKILL to our own child, which has not been waited for yet.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none_or(|c| c == 0),
        "the build failed: {status}"
    );
    status.code().is_none()
}

/// Which snapshot `out` is, or a panic naming the first difference.
fn which(out: &Path, a: &Snapshot, b: &Snapshot, what: &str) -> char {
    let now = site_files(out);
    if &now == a {
        return 'A';
    }
    if &now == b {
        return 'B';
    }
    let diff = now
        .keys()
        .chain(a.keys())
        .find(|k| now.get(*k) != a.get(*k))
        .cloned();
    panic!(
        "{what}: the output is neither the previous site nor the new one ({} files; first difference from the previous: {diff:?})",
        now.len()
    );
}

#[test]
fn a_killed_build_leaves_the_previous_site_complete() {
    let site = fixture("basic");
    let root = site.path();
    let out = root.join("public");

    // The two versions of the site, each built completely once for reference.
    write_lessons(root, "B");
    build(root);
    let b = site_files(&out);
    write_lessons(root, "A");
    let full = build(root);
    let a = site_files(&out);
    assert_ne!(a, b);
    assert!(a.len() > 2 * LESSONS, "{} files", a.len());
    let pages = a.len();

    // Kill while rendering, at several fill levels of the staging directory (a pseudo-random
    // order from the clock), alternating the version being built.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    let mut fills = [0.02, 0.15, 0.35, 0.55, 0.75, 0.92];
    let n = fills.len();
    fills.rotate_left(seed % n);
    let mut current = 'A';
    let mut rendering_kills = 0;
    for fill in fills {
        let next = if current == 'A' { 'B' } else { 'A' };
        write_lessons(root, &next.to_string());
        let mut child = start_build(root);
        // This build's own staging directory (a killed build's is left until the next one starts).
        let staging = root.join(format!(".public.paveldas-{}", child.id()));
        let want = (pages as f64 * fill) as usize;
        let deadline = Instant::now() + full * 20 + Duration::from_secs(30);
        let mut staged = 0;
        while Instant::now() < deadline {
            if staging.is_dir() {
                staged = count_files(&staging);
                if staged >= want.max(1) {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(
            kill(&mut child),
            "the build finished before {want} files were staged"
        );
        let now = which(&out, &a, &b, &format!("killed at {staged} staged files"));
        if now == current {
            rendering_kills += 1;
        }
        current = now;
    }
    assert!(
        rendering_kills >= 4,
        "only {rendering_kills} kills landed before the swap"
    );

    // Kill right after the swap: the output is the new site, complete, while the old one is being
    // deleted under the staging name.
    let mut swap_kills = 0;
    for _ in 0..3 {
        let next = if current == 'A' { 'B' } else { 'A' };
        write_lessons(root, &next.to_string());
        let before = std::fs::metadata(&out).unwrap().ino();
        let mut child = start_build(root);
        let staging = root.join(format!(".public.paveldas-{}", child.id()));
        let deadline = Instant::now() + full * 20 + Duration::from_secs(30);
        while Instant::now() < deadline && std::fs::metadata(&out).is_ok_and(|m| m.ino() == before)
        {
            std::hint::spin_loop();
        }
        // Still there: the old site was being deleted under the staging name.
        if kill(&mut child) && staging.is_dir() {
            swap_kills += 1;
        }
        assert_eq!(which(&out, &a, &b, "killed after the swap"), next);
        current = next;
    }
    assert!(
        swap_kills >= 1,
        "no kill landed while the old site was being removed"
    );

    // The next build clears what the killed ones left behind and succeeds.
    write_lessons(root, "A");
    build(root);
    assert_eq!(site_files(&out), a);
    assert!(
        staging_dirs(root).is_empty(),
        "left behind: {:?}",
        staging_dirs(root)
    );
}

/// The versions of lesson 0's title found anywhere in the output: one whole build shows one.
fn versions_in(out: &Path) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for (_, bytes) in snapshot(out) {
        let text = String::from_utf8_lossy(&bytes);
        let mut rest = &*text;
        while let Some(i) = rest.find("Edited zero v") {
            rest = &rest[i + "Edited zero v".len()..];
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            found.insert(n);
        }
    }
    found
}

fn edit_zero(root: &Path, version: usize) {
    std::fs::write(
        root.join("content/lessons/03-many/l0000.md"),
        format!("---\ntitle: Edited zero v{version}\nsummary: Version {version}.\n---\nBody {version}.\n"),
    )
    .unwrap();
}

#[test]
fn serve_killed_at_any_point_of_a_rebuild_leaves_one_whole_build() {
    let site = fixture("basic");
    let root = site.path();
    let out = root.join("public");
    // Enough pages that a rebuild takes a while (the edited lesson shows on its unit's page, its
    // neighbours, the overview and the search index), few enough for 50 server starts.
    write_n_lessons(root, "A", 120);
    edit_zero(root, 0);

    // How long a rebuild takes here, from the edit to the server's report.
    let mut serve = start_serve(root);
    let t = Instant::now();
    edit_zero(root, 1);
    loop {
        let line = serve
            .lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a rebuild");
        if line.starts_with("rebuilt in") {
            break;
        }
        assert!(!line.contains("error"), "{line}");
    }
    let rebuild = t.elapsed();
    kill(&mut serve.process.0);
    assert_eq!(versions_in(&out).into_iter().collect::<Vec<_>>(), ["1"]);

    // Kills spread over the rebuild (and a little past it), from a clock-seeded sequence.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut seen = std::collections::BTreeSet::new();
    for i in 2..52 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = rebuild.mul_f64((seed % 1000) as f64 / 1000.0 * 1.3);
        let mut serve = start_serve(root);
        // The first build of this server wrote version i - 1 (the sources it found).
        let was = (i - 1).to_string();
        let first: Vec<String> = versions_in(&out).into_iter().collect();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0], was);
        edit_zero(root, i);
        std::thread::sleep(delay);
        kill(&mut serve.process.0);
        let now = versions_in(&out);
        assert!(
            now.len() == 1,
            "killed {delay:?} into a rebuild: the output mixes versions {now:?}"
        );
        if let Err(foreign) = paveldas::output::manifest::verify(&out) {
            panic!("killed {delay:?} into a rebuild: files not of the manifest: {foreign:?}");
        }
        seen.insert(now.into_iter().next().unwrap() == was);
    }
    // Some kills landed before the swap (old build kept) and some after (new build whole).
    assert_eq!(
        seen.len(),
        2,
        "all 50 kills landed on the same side of the swap"
    );
}
