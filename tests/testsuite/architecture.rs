//! The shape of the code: no import cycle between the modules of `src/`. Each `.rs` file is a
//! module; a module depends on every module it names (`crate::a::b`, `super::x`, `self::x`, or a
//! child module by its bare name), whether in a `use` or inline; a file's own `#[cfg(test)]`
//! module at its end is not counted. A cycle is reported with the
//! chain of modules and the first line of each step, and a cycle planted in a copy of the sources
//! is found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`render::search::words`) for each source file under `src`.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(src).into_iter().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = p.strip_prefix(src).unwrap();
        if rel == Path::new("main.rs") {
            continue; // the binary, not a module of the library
        }
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let last = parts.pop().unwrap();
        match last.as_str() {
            "mod.rs" | "lib.rs" => {}
            name => parts.push(name.trim_end_matches(".rs").to_string()),
        }
        out.insert(parts.join("::"), p.to_path_buf());
    }
    out
}

/// Source text without comments and string literals (a path in a doc comment is no dependency).
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' && !(prev == '\'' && chars.get(i + 1) == Some(&'\'')) {
                in_str = !in_str;
                kept.push(' ');
            } else if !in_str {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The modules `module` names, each with the first line naming it.
fn dependencies(
    module: &str,
    text: &str,
    all: &BTreeMap<String, PathBuf>,
) -> BTreeMap<String, usize> {
    let code = code_of(text);
    let here: Vec<&str> = if module.is_empty() {
        vec![]
    } else {
        module.split("::").collect()
    };
    let parent: Vec<&str> = here[..here.len().saturating_sub(1)].to_vec();
    let children: BTreeSet<&str> = all
        .keys()
        .filter_map(|m| {
            let rest = if module.is_empty() {
                m.as_str()
            } else {
                m.strip_prefix(module)?.strip_prefix("::")?
            };
            (!rest.is_empty() && !rest.contains("::")).then_some(rest)
        })
        .collect();
    let mut deps = BTreeMap::new();
    let mut add = |path: Vec<String>, line: usize| {
        // The longest prefix that is a module.
        for n in (1..=path.len()).rev() {
            let m = path[..n].join("::");
            if all.contains_key(&m) {
                if m != module {
                    deps.entry(m).or_insert(line);
                }
                return;
            }
        }
    };
    for (i, line) in code.lines().enumerate() {
        let line_no = i + 1;
        if line.trim() == "#[cfg(test)]" {
            break; // a file's own tests (`mod tests { use super::*; }`) come last
        }
        if line.trim_start().starts_with("pub mod ")
            || line.trim_start().starts_with("mod ")
            || line.contains("#[path")
        {
            continue; // declaring a child is not depending on it
        }
        for (start, path) in paths_in(line) {
            let _ = start;
            let mut segs: Vec<String> = path.split("::").map(str::to_string).collect();
            let base: Vec<String> = match segs[0].as_str() {
                "crate" => {
                    segs.remove(0);
                    vec![]
                }
                "super" => {
                    let mut up = parent.clone();
                    segs.remove(0);
                    while segs.first().is_some_and(|s| s == "super") {
                        segs.remove(0);
                        up.pop();
                    }
                    up.iter().map(|s| s.to_string()).collect()
                }
                "self" => {
                    segs.remove(0);
                    here.iter().map(|s| s.to_string()).collect()
                }
                s if children.contains(s) => here.iter().map(|s| s.to_string()).collect(),
                _ => continue,
            };
            // `a::{b, c::d}` names a::b and a::c::d.
            for tail in expand(&segs) {
                let mut p = base.clone();
                p.extend(tail);
                add(p, line_no);
            }
        }
    }
    deps
}

/// Every `a::b::c` path (with a trailing `{...}` group if any) in a line of code.
fn paths_in(line: &str) -> Vec<(usize, String)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let word_start = |j: usize| {
            j == 0 || !(b[j - 1].is_ascii_alphanumeric() || b[j - 1] == b'_' || b[j - 1] == b':')
        };
        if (b[i].is_ascii_alphabetic() || b[i] == b'_') && word_start(i) {
            let start = i;
            let mut j = i;
            let mut depth = 0i32;
            while j < b.len() {
                let c = b[j];
                if c.is_ascii_alphanumeric() || c == b'_' || c == b':' {
                    j += 1;
                } else if c == b'{' && j >= 2 && &b[j - 2..j] == b"::" {
                    depth += 1;
                    j += 1;
                } else if depth > 0 && (c == b',' || c == b' ' || c == b'\n' || c == b'*') {
                    j += 1;
                } else if depth > 0 && c == b'}' {
                    depth -= 1;
                    j += 1;
                } else {
                    break;
                }
            }
            let s = &line[start..j];
            if s.contains("::") {
                out.push((start, s.to_string()));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Expands `a::{b, c::d}` into [a, b] and [a, c, d] (segments after a path's start).
fn expand(segs: &[String]) -> Vec<Vec<String>> {
    let joined = segs.join("::");
    if let Some(open) = joined.find('{') {
        let head: Vec<String> = joined[..open]
            .trim_end_matches("::")
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let inner = joined[open + 1..].trim_end_matches('}');
        let mut out = Vec::new();
        for item in split_top(inner) {
            let item = item.trim();
            if item.is_empty() || item == "self" {
                out.push(head.clone());
                continue;
            }
            let sub: Vec<String> = item.split("::").map(|s| s.trim().to_string()).collect();
            for t in expand(&sub) {
                let mut p = head.clone();
                p.extend(t);
                out.push(p);
            }
        }
        out
    } else {
        vec![segs
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()]
    }
}

fn split_top(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// The import cycles of the sources under `src`, each as a chain `a (file:line) → b → … → a`.
fn cycles(src: &Path) -> Vec<String> {
    let all = modules(src);
    let graph: BTreeMap<String, BTreeMap<String, usize>> = all
        .iter()
        .map(|(m, p)| {
            let text = std::fs::read_to_string(p).unwrap();
            (m.clone(), dependencies(m, &text, &all))
        })
        .collect();
    // Strongly connected components (Tarjan), then one cycle through each.
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeMap<String, usize>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        sccs: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g[v].keys() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                t.sccs.push(scc);
            }
        }
    }
    let mut t = T {
        g: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        sccs: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    let shown = |m: &str| {
        let p = &all[m];
        p.strip_prefix(src.parent().unwrap_or(src))
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let mut out = Vec::new();
    for scc in &t.sccs {
        let members: BTreeSet<&str> = scc.iter().copied().collect();
        let start = *members.iter().next().unwrap();
        // Breadth-first search for the shortest way back to `start` inside the component.
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut back = None;
        while let Some(v) = queue.pop_front() {
            for w in graph[v].keys() {
                let w = w.as_str();
                if w == start {
                    back = Some(v);
                    queue.clear();
                    break;
                }
                if members.contains(w) && !prev.contains_key(w) && w != start {
                    prev.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        let mut chain = vec![start];
        let mut v = back.unwrap();
        let mut rev = vec![v];
        while v != start {
            v = prev[v];
            if v != start {
                rev.push(v);
            }
        }
        rev.reverse();
        chain.extend(rev);
        chain.push(start);
        let steps: Vec<String> = chain
            .windows(2)
            .map(|w| format!("{} ({}:{})", w[0], shown(w[0]), graph[w[0]][w[1]]))
            .collect();
        out.push(format!(
            "{} → {start}  [component: {}]",
            steps.join(" → "),
            members.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_cycle_between_modules() {
    let found = cycles(&src());
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn a_cycle_planted_in_a_copy_is_found() {
    let copy = tempfile::tempdir().unwrap();
    let dst = copy.path().join("src");
    for e in walkdir::WalkDir::new(src()).into_iter().flatten() {
        let rel = e.path().strip_prefix(src()).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(dst.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), dst.join(rel)).unwrap();
        }
    }
    // The YAML reader naming the dev server, which (through the config) reads YAML.
    let yaml = dst.join("load/yaml.rs");
    let text = std::fs::read_to_string(&yaml).unwrap();
    // Before the file's own tests, which are not counted.
    let at = text.find("#[cfg(test)]").unwrap_or(text.len());
    let text = format!(
        "{}const _PLANTED: u16 = crate::serve::DEFAULT_PORT;\n{}",
        &text[..at],
        &text[at..]
    );
    std::fs::write(&yaml, text).unwrap();
    let found = cycles(&dst);
    assert!(
        found
            .iter()
            .any(|c| c.contains("load::yaml") && c.contains("serve")),
        "{found:?}"
    );
    // Comments and strings name no module.
    assert!(dependencies(
        "x",
        "// crate::serve::a\nlet s = \"crate::serve::b\";",
        &modules(&dst)
    )
    .is_empty());
}

#[test]
fn paths_and_groups_are_read() {
    let all: BTreeMap<String, PathBuf> = ["", "a", "a::b", "a::c", "a::c::d", "e"]
        .iter()
        .map(|m| (m.to_string(), PathBuf::from(format!("{m}.rs"))))
        .collect();
    let deps = dependencies(
        "e",
        "use crate::a::{b, c::d::Thing};\nfn f() { crate::a::helper(); }",
        &all,
    );
    assert_eq!(deps.keys().collect::<Vec<_>>(), ["a", "a::b", "a::c::d"]);
    let deps = dependencies("a::b", "use super::c::X;\nuse super::Y;", &all);
    assert_eq!(deps.keys().collect::<Vec<_>>(), ["a", "a::c"]);
    let deps = dependencies("a", "pub mod b;\nfn g() { c::run() }", &all);
    assert_eq!(deps.keys().collect::<Vec<_>>(), ["a::c"]);
}
