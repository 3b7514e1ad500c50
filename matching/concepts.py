"""A cross-lingual concept lexicon: any typed phrase, in any of the six languages, onto a taxonomy entry.

Built from the taxonomy's own names and aliases (every language column): each alias is keyed in its own
language by matching.language.word_key (lemma, stem, ASCII) over its words without articles, so "appalti
pubblici", "appalto pubblico" and "Appalti Pubblici" share one key, as do "προστασία δεδομένων",
"προστασίας δεδομένων" and "δημοσίων συμβάσεων" / "δημόσιες συμβάσεις". German aliases are also keyed with
their compounds cut into known parts ("Beihilferecht" = "Beihilfenrecht"; "Korruptionsbekämpfung" =
"Bekämpfung von Korruption"). A typed text is keyed in each language it may be in (most likely first)
and looked up: whole, with its words sorted, then as known phrases inside it (n-grams, longest first),
with German compounds split into known parts. The first language that finds something wins, so a wrong
guess costs a lookup, not a match.
"""
from __future__ import annotations

from functools import lru_cache

from matching.language import (LANGS, candidates, content_words, first_parts, known_parts, split_compound,
                               word_key)

MAX_WINDOW = 6


class ConceptLexicon:
    def __init__(self, entries: list[tuple[str, str | None, str]]):
        """`entries`: (alias, its language or None for names and ids, written in English, target)."""
        self.keys: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        for alias, lang, target in entries:
            for key_lang in (lang,) if lang else ("en",):
                key = self._key(alias, key_lang)
                if key and len(key.replace(" ", "")) >= 4:
                    self.keys[key_lang].setdefault(key, target)
                    self.keys[key_lang].setdefault(" ".join(sorted(key.split())), target)
        german = frozenset(w for key in self.keys["de"] for w in key.split())
        self.german_words = german | first_parts(german)
        self._add_compound_parts()
        self._split = lru_cache(maxsize=200_000)(self._split_word)

    def _add_compound_parts(self) -> None:
        """Each German alias also keyed with its compounds cut into known words ("Beihilferecht" ->
        "beihilf recht"), so that another linking element ("Beihilfenrecht") reaches it; after the aliases
        themselves, which keep their keys. In any word order only for a text written as separate words
        ("Bekämpfung von Korruption" = "Korruptionsbekämpfung"): two compounds of the same parts in
        another order mean different things ("Abschlussjahr" is not "Jahresabschluss")."""
        keys = self.keys["de"]
        self.paraphrases: dict[str, str] = {}
        for key, target in list(keys.items()):
            split = " ".join(p for w in key.split() for p in known_parts(w, self.german_words) or [w])
            if split != key:
                keys.setdefault(split, target)
                self.paraphrases.setdefault(" ".join(sorted(split.split())), target)

    def _split_word(self, key: str) -> list[str]:
        return split_compound(key, self.german_words)

    @staticmethod
    def _word_keys(text: str, lang: str) -> list[str]:
        return [word_key(w, lang) for w in content_words(text, lang)]

    def _key(self, text: str, lang: str) -> str:
        return " ".join(self._word_keys(text, lang))

    def _keyed(self, text: str, lang: str) -> list[str]:
        return self._split_compounds(self._word_keys(text, lang), lang)

    def _split_compounds(self, keys: list[str], lang: str) -> list[str]:
        return [part for k in keys for part in self._split(k)] if lang == "de" else keys

    def lookup(self, text: str) -> str | None:
        """The target a whole typed phrase means, or None."""
        for lang in candidates(text):
            unsplit = self._word_keys(text, lang)
            keyed = self._split_compounds(unsplit, lang)
            key, any_order = " ".join(keyed), " ".join(sorted(keyed))
            hit = self.keys[lang].get(key) or self.keys[lang].get(any_order)
            if not hit and lang == "de" and len(keyed) == len(unsplit):
                hit = self.paraphrases.get(any_order)  # separate words, no compound among them
            if hit:
                return hit
        return None

    def phrases(self, text: str, languages: int = len(LANGS)) -> list[str]:
        """Targets of known phrases inside a longer text, longest first, not overlapping; from the
        first of its `languages` most likely languages that finds any."""
        for lang in candidates(text)[:languages]:
            found = self._phrases(self._keyed(text, lang), self.keys[lang])
            if found:
                return found
        return []

    @staticmethod
    def _phrases(keyed: list[str], keys: dict[str, str]) -> list[str]:
        found, used = [], [False] * len(keyed)
        for size in range(min(MAX_WINDOW, len(keyed)), 0, -1):
            for i in range(len(keyed) - size + 1):
                if any(used[i:i + size]):
                    continue
                window = " ".join(keyed[i:i + size])
                if size == 1 and len(window) < 5:
                    continue  # a lone short stem is too generic to name a concept
                target = keys.get(window)
                if target and target not in found:
                    found.append(target)
                    used[i:i + size] = [True] * size
        return found
