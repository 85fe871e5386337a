//! Compiles the rule files' automata when the crate is built (see `src/compiled.rs`): the rule
//! loader is compiled into this script from the crate's own sources, so what it builds is what
//! a process would compile from the same files.

#[allow(dead_code)]
#[path = "src/compiled.rs"]
mod compiled;
#[allow(dead_code)]
#[path = "src/infer.rs"]
mod infer;
#[allow(dead_code)]
#[path = "src/kind.rs"]
mod kind;
#[allow(dead_code)]
#[path = "src/lexicon.rs"]
mod lexicon;
#[allow(dead_code)]
#[path = "src/narrow.rs"]
mod narrow;
#[allow(dead_code)]
#[path = "src/normalize.rs"]
mod normalize;
#[allow(dead_code)]
#[path = "src/rules.rs"]
mod rules;

use kind::TimexKind;

fn main() {
    // The sources above and the rule files they include are tracked by the compiler: a change
    // to any of them rebuilds and so reruns this script.
    println!("cargo::rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let bytes = compiled::build().unwrap_or_else(|e| panic!("the rule files are broken: {e}"));
    std::fs::write(out.join("rules.dfa"), bytes).expect("writing the compiled rules");
}
