//! The dependency rules of ARCHITECTURE.md, checked on the source: `events` is pure (no SQLite,
//! no store, no API), and the front ends reach the core through `api` and `model` only.

use std::path::Path;

fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn events_imports_no_store_api_or_sqlite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("crates/storyline-core/src/events"));
    assert!(files.len() >= 5, "events/ not found");
    for (path, text) in files {
        // Code lines only: the module docs may name what it does not use.
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for bad in ["rusqlite", "crate::api", "crate::store"] {
                assert!(
                    !line.contains(bad),
                    "{path} uses {bad}: events/ must stay pure"
                );
            }
        }
    }
}

#[test]
fn front_ends_import_only_api_and_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = rust_files(&root.join("src"));
    files.extend(rust_files(&root.join("src-tauri/src")));
    assert!(files.len() >= 10, "front-end sources not found");
    for (path, text) in files {
        for (i, _) in text.match_indices("storyline_core::") {
            let module: String = text[i + "storyline_core::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `storyline timex` is the tagger's own scorer front end.
            let allowed = matches!(module.as_str(), "api" | "model")
                || (module == "timex" && path.ends_with("timex.rs"));
            assert!(allowed, "{path} imports storyline_core::{module}");
        }
    }
}

#[test]
fn the_tagger_crate_depends_on_nothing_of_the_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("crates/storyline-timex/Cargo.toml")).unwrap();
    assert!(!manifest.contains("storyline-core"), "{manifest}");
}
