//! Page furniture: lines of a news page that are not the article (comment stamps, share and tweet
//! widgets, "page last updated" stamps, wire headers, teaser blocks). The rules are data, in
//! `resources/en/ingest/furniture.txt`; this engine only applies them line by line, so its cost
//! is linear in the text.

use std::sync::OnceLock;

use crate::timex::narrow::Narrowed;
use regex_syntax::hir::Hir;

/// The rule file, built in.
const RULES: &str = include_str!("../resources/en/ingest/furniture.txt");

/// Longer lines are never furniture: a paragraph that mentions "Reply" is article text.
const MAX_LINE_CHARS: usize = 200;
/// Inside a teaser block, a line of this many words or more is prose and ends the block.
const BLOCK_PROSE_WORDS: usize = 12;
/// A teaser block never drops more lines than this, whatever follows its heading.
const BLOCK_MAX_LINES: usize = 12;

/// The compiled rules and the examples of the rule file.
#[derive(Debug)]
pub struct Furniture {
    // Compiled for the characters news uses (`\w`, `.` and `\S` cut down to them), with the
    // rules as written for a line outside them: compiling the full Unicode classes was a
    // third of a CLI `add`. Same matches either way (`storyline_timex::narrow`).
    lines: Narrowed,
    blocks: Narrowed,
    tails: Narrowed,
    line_names: Vec<String>,
    /// `(line number, text, must be dropped)` for every `example:` / `keep:` line.
    pub examples: Vec<(usize, String, bool)>,
}

impl Furniture {
    /// The built-in rules, compiled once per process.
    pub fn global() -> &'static Furniture {
        static F: OnceLock<Furniture> = OnceLock::new();
        F.get_or_init(|| {
            // The file is part of the binary and a test loads it: an error is a build mistake.
            Furniture::parse(RULES).unwrap_or_else(|e| panic!("furniture.txt: {e}"))
        })
    }

    /// Parses a rule file (format in its header).
    pub fn parse(src: &str) -> Result<Furniture, String> {
        let (mut lines, mut blocks, mut tails, mut line_names, mut examples) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, raw) in src.lines().enumerate() {
            let n = i + 1;
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if let Some(ex) = l.strip_prefix("example:") {
                examples.push((n, ex.trim().to_string(), true));
                continue;
            }
            if let Some(ex) = l.strip_prefix("keep:") {
                examples.push((n, ex.trim().to_string(), false));
                continue;
            }
            let (head, re) = l
                .split_once("=>")
                .ok_or_else(|| format!("line {n}: expected `line|block|tail NAME => REGEX`"))?;
            let mut head = head.split_whitespace();
            let (kind, name) = (head.next().unwrap_or(""), head.next().unwrap_or(""));
            if name.is_empty() || head.next().is_some() {
                return Err(format!(
                    "line {n}: expected `line|block|tail NAME => REGEX`"
                ));
            }
            let re = format!("^(?:{})$", re.trim());
            // Parsed once, here, so an error names its line; the sets are built from these.
            let re = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(&re)
                .map_err(|e| format!("line {n}: bad regex: {e}"))?;
            match kind {
                "line" => {
                    lines.push(re);
                    line_names.push(name.to_string());
                }
                "block" => blocks.push(re),
                "tail" => tails.push(re),
                _ => return Err(format!("line {n}: unknown rule kind `{kind}`")),
            }
        }
        let build = |res: Vec<Hir>| Narrowed::from_hirs(res, true);
        Ok(Furniture {
            lines: build(lines)?,
            blocks: build(blocks)?,
            tails: build(tails)?,
            line_names,
            examples,
        })
    }

    /// The name of the line rule `line` (trimmed) matches, if it is furniture on its own.
    pub fn line_rule(&self, line: &str) -> Option<&str> {
        let l = line.trim();
        if l.is_empty() || l.chars().count() > MAX_LINE_CHARS {
            return None;
        }
        let i = self.lines.first_match(l)?;
        self.line_names.get(i).map(String::as_str)
    }

    fn opens_block(&self, line: &str) -> bool {
        let l = line.trim();
        !l.is_empty() && l.chars().count() <= MAX_LINE_CHARS && self.blocks.is_match(l)
    }

    fn opens_tail(&self, line: &str) -> bool {
        let l = line.trim();
        !l.is_empty() && l.chars().count() <= MAX_LINE_CHARS && self.tails.is_match(l)
    }

    /// `text` without its furniture lines, and how many lines were dropped. Paragraph breaks
    /// (blank lines) are kept where the text had them; runs left empty collapse.
    pub fn strip(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut dropped = 0;
        let mut block_left = 0usize;
        let mut pending_break = "";
        let mut at = 0usize;
        for line in text.split('\n') {
            let line_start = at;
            at += line.len() + 1;
            if 2 * line_start >= text.len() && self.opens_tail(line) {
                dropped += 1 + text.get(at..).map_or(0, |rest| {
                    rest.split('\n').filter(|l| !l.trim().is_empty()).count()
                });
                break;
            }
            let words = line.split_whitespace().count();
            if line.trim().is_empty() {
                if !out.is_empty() {
                    pending_break = "\n\n";
                }
                continue;
            }
            let in_block = block_left > 0 && words < BLOCK_PROSE_WORDS;
            if block_left > 0 && !in_block {
                block_left = 0;
            }
            let drop = if self.opens_block(line) {
                block_left = BLOCK_MAX_LINES;
                true
            } else if in_block {
                block_left -= 1;
                true
            } else {
                self.line_rule(line).is_some()
            };
            if drop {
                dropped += 1;
                continue;
            }
            if !out.is_empty() {
                out.push_str(if pending_break.is_empty() {
                    "\n"
                } else {
                    pending_break
                });
            }
            pending_break = "";
            out.push_str(line);
        }
        (out, dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_furniture_example_holds() {
        let f = Furniture::global();
        assert!(f.examples.len() > 20, "only {} examples", f.examples.len());
        let mut bad = Vec::new();
        for (n, line, furniture) in &f.examples {
            let dropped = f.line_rule(line).is_some() || f.opens_block(line) || f.opens_tail(line);
            if dropped != *furniture {
                let want = if *furniture { "dropped" } else { "kept" };
                bad.push(format!("furniture.txt:{n}: {line:?} should be {want}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn the_sets_match_what_unicode_regex_sets_match() {
        // The rules as `regex::RegexSet`s, the way they were first compiled.
        let mut sets: [(&str, Vec<String>); 3] = [
            ("line", Vec::new()),
            ("block", Vec::new()),
            ("tail", Vec::new()),
        ];
        for l in RULES.lines().map(str::trim) {
            let Some((head, re)) = l.split_once("=>").filter(|_| !l.starts_with('#')) else {
                continue;
            };
            let kind = head.split_whitespace().next().unwrap_or("");
            if let Some((_, v)) = sets.iter_mut().find(|(k, _)| *k == kind) {
                v.push(format!("^(?:{})$", re.trim()));
            }
        }
        let plain: Vec<regex::RegexSet> = sets
            .iter()
            .map(|(_, v)| {
                regex::RegexSetBuilder::new(v)
                    .case_insensitive(true)
                    .build()
                    .unwrap()
            })
            .collect();
        let f = Furniture::global();
        let mut lines: Vec<String> = Vec::new();
        for (_, line, _) in &f.examples {
            lines.push(line.clone());
            lines.push(line.replace(' ', "\u{a0}"));
            lines.push(line.replace('e', "é").replace('|', "•"));
            lines.push(format!("{line} Дом"));
            lines.push(line.replace(' ', " · ").replace('\'', "’"));
        }
        lines.push("Café | Zürich » Größe · Sport".into());
        lines.push("© 2025 Ωmega Press".into());
        let mut dropped = 0;
        for l in &lines {
            let want = plain[0].matches(l).into_iter().next();
            assert_eq!(f.lines.first_match(l), want, "{l}");
            assert_eq!(f.blocks.is_match(l), plain[1].is_match(l), "{l}");
            assert_eq!(f.tails.is_match(l), plain[2].is_match(l), "{l}");
            dropped += usize::from(want.is_some());
        }
        assert!(dropped > 30, "only {dropped} lines matched");
        for set in [&f.lines, &f.blocks, &f.tails] {
            assert!(set.full().is_ok());
        }
    }

    #[test]
    fn strip_drops_furniture_and_keeps_paragraphs() {
        let text = "LONDON | Tue Jun 5, 2012 6:02 am EDT\n\nThe bridge closed on Monday.\n\n\
                    Share this story\nRETWEET\n\nEngineers will inspect it on Friday.\n\n\
                    Related stories\nStorm hits the coast road\nFerry cancelled again\n\n\
                    March 3, 2012 at 9:41 pm | Report abuse";
        let (out, dropped) = Furniture::global().strip(text);
        assert_eq!(
            out,
            "The bridge closed on Monday.\n\nEngineers will inspect it on Friday."
        );
        assert_eq!(dropped, 7);
    }

    #[test]
    fn a_block_stops_at_prose() {
        let text = "Most popular\nFerry cancelled again\nThe council said on Tuesday that the \
                    bridge would stay closed until engineers had finished their inspection.";
        let (out, _) = Furniture::global().strip(text);
        assert!(out.starts_with("The council said on Tuesday"), "{out}");
    }

    #[test]
    fn a_comment_thread_ends_the_article_only_in_its_second_half() {
        let article = "The bridge closed on Monday after engineers found cracks in the deck.\n\n\
                       The council said it would stay closed until the repairs are finished.";
        let text = format!(
            "{article}\n\n12 Comments\nriverwatcher\nStay safe, the road \
                            was flooded on Sunday night and nobody came to help at all."
        );
        assert_eq!(Furniture::global().strip(&text).0, article);
        // Under the headline, a comment count is a link: what follows is the article.
        let text = format!("Bridge closed\n12 Comments\n{article}");
        assert!(Furniture::global()
            .strip(&text)
            .0
            .contains("engineers found cracks"));
    }

    #[test]
    fn long_lines_are_never_furniture() {
        let line = format!("Reply | Report abuse {}", "word ".repeat(60));
        assert_eq!(Furniture::global().line_rule(&line), None);
    }

    #[test]
    fn bad_rule_files_name_the_line() {
        let e = Furniture::parse("# c\nline x => (\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = Furniture::parse("shelf x => a\n").unwrap_err();
        assert!(e.contains("unknown rule kind"), "{e}");
    }
}
