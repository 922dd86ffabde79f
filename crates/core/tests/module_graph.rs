//! Core's top-level modules import one another without a cycle, and in layers: the model
//! under Excel's rules, those under the package code, that under the readers and writers.
//!
//! Read from the sources: every `crate::…` path in a module's files (its `#[cfg(test)]` code
//! left out), each name resolved to the module that defines it through lib.rs's `pub use`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Lower layers first: a module may import only from the layers before its own.
const LAYERS: &[&[&str]] = &[&["model"], &["excel"], &["ooxml"], &["read", "write", "patch"]];

/// lib.rs's `mod x;` lines and, for every name it re-exports, the module it comes from.
fn modules_and_names() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = std::fs::read_to_string(format!("{SRC}/lib.rs")).expect("lib.rs");
    let lib = without_comments(&lib);
    let mut modules = BTreeSet::new();
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        let statement = statement.trim_start_matches("#[cfg(test)] ");
        let words: Vec<&str> = statement.split_whitespace().collect();
        match words.as_slice() {
            ["mod" | "pub mod" | "pub(crate) mod", name] => {
                modules.insert(name.to_string());
            }
            ["pub", "mod", name] => {
                modules.insert(name.to_string());
            }
            _ => {}
        }
        if let Some(path) = statement.strip_prefix("pub use ") {
            let (module, rest) = path.split_once("::").expect("pub use module::…");
            for item in leaves(rest) {
                names.insert(item, module.to_string());
            }
        }
    }
    (modules, names)
}

/// The last segment of every path in a use tree: `{a, b::{c, d}}` → a, c, d.
fn leaves(tree: &str) -> Vec<String> {
    tree.split(['{', '}', ','])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| item.rsplit("::").next().unwrap_or(item).trim().to_string())
        .collect()
}

/// The first segment of every path in a use tree: `{a::b, c::{d}, E}` → a, c, E.
fn heads(tree: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut item) = (0, String::new());
    for c in tree.chars() {
        match c {
            '{' => {
                if depth == 1 {
                    item.push('\u{0}');
                }
                depth += 1;
            }
            '}' => depth -= 1,
            ',' if depth == 1 => out.push(std::mem::take(&mut item)),
            c if depth == 1 => item.push(c),
            _ => {}
        }
    }
    out.push(item);
    out.into_iter()
        .map(|item| {
            let mut segments = item.split(|c: char| c == '\u{0}' || c == ':' || c.is_whitespace());
            segments.find(|s| !s.is_empty()).unwrap_or("").to_string()
        })
        .filter(|head| !head.is_empty())
        .collect()
}

fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal (a URL) is kept: only whole-line comments and
            // comments after code that has no quote are cut.
            Some(at) if line[..at].trim().is_empty() || !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source without its test code: a `#[cfg(test)]` item to its end, whole test files.
fn without_tests(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // Skip the item: to the `;` of `mod x;`, or to the brace that closes its block.
        let Some(open) = after.find(['{', ';']) else { return out };
        if after.as_bytes()[open] == b';' {
            rest = &after[open + 1..];
            continue;
        }
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after.char_indices().skip(open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The files of a top-level module: `x.rs` and everything under `x/`, test files aside.
fn files_of(module: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let single = Path::new(SRC).join(format!("{module}.rs"));
    if single.exists() {
        files.push(single);
    }
    let mut dirs = vec![Path::new(SRC).join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if path.is_dir() {
                dirs.push(path);
            } else if name.ends_with(".rs") && name != "tests.rs" && name != "proptests.rs" {
                files.push(path);
            }
        }
    }
    files
}

/// Every top-level module each module imports from.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let (modules, names) = modules_and_names();
    let resolve = |name: &str, file: &Path| -> Option<String> {
        if modules.contains(name) {
            return Some(name.to_string());
        }
        let module = names.get(name);
        assert!(
            module.is_some(),
            "{}: crate::{name} is neither a module nor re-exported by lib.rs",
            file.display()
        );
        module.cloned()
    };
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut imports = BTreeSet::new();
        for file in files_of(module) {
            let source = without_tests(&without_comments(&std::fs::read_to_string(&file).expect("source")));
            let mut rest = source.as_str();
            while let Some(at) = rest.find("crate::") {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + "crate::".len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // `pinsheet_crate::`, not a path of this crate
                }
                let targets = if rest.starts_with('{') {
                    let mut depth = 0;
                    let end = rest
                        .char_indices()
                        .find(|&(_, c)| {
                            depth += match c {
                                '{' => 1,
                                '}' => -1,
                                _ => 0,
                            };
                            depth == 0
                        })
                        .map_or(rest.len(), |(i, _)| i + 1);
                    heads(&rest[..end])
                } else {
                    let name: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    vec![name]
                };
                for name in targets {
                    if let Some(target) = resolve(&name, &file).filter(|target| target != module) {
                        imports.insert(target);
                    }
                }
            }
        }
        graph.insert(module.clone(), imports);
    }
    graph
}

/// A cycle through `graph`, as the modules in order, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn core_modules_import_one_another_without_a_cycle() {
    let graph = graph();
    assert!(graph.len() > 10, "the modules were not found: {graph:?}");
    if let Some(cycle) = cycle(&graph) {
        panic!("core's modules import in a cycle: {}\n{graph:#?}", cycle.join(" → "));
    }
}

#[test]
fn lower_layers_do_not_import_higher_ones() {
    let graph = graph();
    for (level, layer) in LAYERS.iter().enumerate() {
        let higher: Vec<&str> = LAYERS[level..].iter().flat_map(|l| l.iter().copied()).collect();
        for module in *layer {
            let imports = graph.get(*module).unwrap_or_else(|| panic!("no module {module}"));
            for import in imports {
                let allowed = !higher.contains(&import.as_str())
                    || (layer.contains(&import.as_str()) && level == LAYERS.len() - 1);
                assert!(allowed, "{module} imports {import}, a layer above it or beside it");
            }
        }
    }
}

#[test]
fn the_checker_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert_eq!(cycle(&graph).map(|c| c.join(" → ")).as_deref(), Some("a → b → c → a"));
    assert_eq!(heads("{a::b, c::{d, e}, F}"), ["a", "c", "F"]);
}

#[test]
#[ignore = "prints the graph: cargo test --test module_graph -- --ignored --nocapture"]
fn print_the_graph() {
    for (module, imports) in graph() {
        println!("{module} → {}", imports.into_iter().collect::<Vec<_>>().join(", "));
    }
}
