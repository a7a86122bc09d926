"""The alias options of docs/matching.md §3 as the set page's label form offers them: words to
tick, turned into the option list (`[de stem compound]`) each alias carries.

The extension's editor does the same (extension/src/content/alias-options.js), in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

from footnote.match.aliases import STEM_LANGUAGES, split_options

# Each flag with the words the form shows for it, in the order the option list writes them.
ALIAS_FLAGS: tuple[tuple[str, str], ...] = (
    ("stem", "Also match other forms of the word (vaccinate, vaccinated, vaccinating)"),
    ("compound", "Match inside German compound words (Impfstoff in Coronaimpfstoff)"),
    ("fold", "Ignore ae/oe/ue spellings (Erderwaermung for Erderwärmung)"),
    ("accents", "Ignore missing accents on capitals (RECHAUFFEMENT for réchauffement)"),
)
# The languages an alias can be tied to, with their names ("" = any).
ALIAS_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("", "Any language"),
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
)


def with_options(alias: str, lang: str = "", flags: Iterable[str] = ()) -> str:
    """`alias` with the option list for `lang` and `flags` appended; unchanged when nothing is
    chosen or the alias already has an option list of its own (typed by hand)."""
    chosen = set(flags)
    words = ([lang] if lang else []) + [flag for flag, _ in ALIAS_FLAGS if flag in chosen]
    _, own_lang, own_flags = split_options(alias)
    if not words or own_lang or own_flags:
        return alias
    return f"{alias.strip()} [{' '.join(words)}]"


def stem_needs_language(lang: str, flags: Iterable[str], languages: list[str]) -> bool:
    """True when "other forms of the word" is ticked with no language to stem in: neither the
    aliases' language nor exactly one label language among English, German and French."""
    if "stem" not in set(flags) or lang in STEM_LANGUAGES:
        return False
    named = {x.lower() for x in languages}
    return not (len(named) == 1 and named <= STEM_LANGUAGES)
