"""Language-aware word forms for the six languages people write in: sq, it, el, de, fr, en.

- `candidates(text)`: language identification per field, short texts too: the languages a field may
  be in, most likely first. The script decides first (Greek letters are Greek; Cyrillic is
  transliterated and tried as any Latin text); then
  stop-word and letter cues that survive in two-word phrases ("e", "dhe", "të" are Albanian; "d'",
  "des" French; "und", "ß" German ...); texts without a cue keep every language, so a lookup tries
  them all (the lexicon decides, and a wrong language rarely turns a phrase into another alias).
- `word_key(word, lang)`: the form two spellings of one word share: simplemma's dictionary lemma (it ships
  dictionaries for all six languages), then the stem (PyStemmer's Snowball stemmers for en, it, de, fr;
  Greek and Albanian have a short list of case, number and definite endings cut instead: Snowball's
  Greek stemmer cut genitive plurals differently from their nominatives), then folded to ASCII
  (case, accents, elision "l'"/"d'", Greek and Cyrillic transliterated by anyascii).
- `content_words(text, lang)`: the words a key is made of: Greek and German articles (and "von") left out.
- `split_compound(word, known)`: German compounds split into known parts, across any linking element
  ("Beihilfenrecht" -> "beihilf recht"), else a known first part and the rest ("Datenschutzbeauftragter"
  -> "datenschutz beauftragt"); `first_parts(known)` adds the first parts of the lexicon's own compounds
  ("Korruptionsbekämpfung" -> "korruption"), so a compound and its paraphrase can share a key.
Word keys, languages and compound splits are memoised: people repeat words far more than they invent them.
"""
from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import Stemmer
from simplemma.strategies import DictionaryLookupStrategy
from anyascii import anyascii

from matching.text import fold

# Dictionary lookup only: simplemma's default chain then tries clitic, affix and morpheme decompositions,
# which cost most on the typos people make and find little the Snowball stem below does not (11 of
# 28,614 distinct generated skills resolve differently; a quarter of the cold lookups' time saved).
_LEMMATIZER = simplemma.Lemmatizer(lemmatization_strategy=DictionaryLookupStrategy())
LANGS = ("en", "sq", "it", "el", "de", "fr")
SNOWBALL = {"en": "english", "it": "italian", "de": "german", "fr": "french"}
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|un|dell|all|dall|nell|sull)['’]", re.I)
# Albanian definite, plural and case endings, longest first (simplemma leaves many inflected forms).
_SQ_ENDINGS = ("ave", "eve", "ive", "ës", "es", "it", "in", "ën", "et", "ve", "së", "ja", "je", "ra", "ri",
               "a", "e", "i", "t")
_SQ_FOLDED_ENDINGS = tuple(fold(e) for e in _SQ_ENDINGS)  # the stem is cut from folded words
# Greek case and number endings of nouns, adjectives and participles (folded: no tonos, final ς as σ),
# longest first. Snowball's Greek stemmer cuts them unevenly ("δημόσιος" -> "δημοσι", "δημοσίων" ->
# "δημοσ"; "ηλεκτρονικές" -> "ηλεκτρονικ", "ηλεκτρονικών" -> "ηλεκτρον"), so genitive plurals missed
# their concepts; one ending cut, then a stem-final ι (-ιος/-ια/-ιων, -εια), gives every form one stem.
_EL_ENDINGS = ("ουσ", "εων", "εωσ", "εισ", "οσ", "ου", "οι", "ων", "εσ", "ησ", "ασ", "α", "η", "ο", "ε", "ι")
# Articles (and German "von", the genitive's other form) left out of lexicon keys: people write "ισότητα
# φύλων" for "ισότητα των φύλων", "Bekämpfung von Korruption" for "Bekämpfung der Korruption".
_ARTICLES = {lang: frozenset(a.casefold() for a in articles.split()) for lang, articles in {  # ς casefolds to σ
    "el": "ο η το οι τα του της των τον την τη τους τις",
    "de": "der die das des dem den von vom",
}.items()}
# Between two parts of a German compound: a linking element, or a suffix the stemmer cuts from the first
# part's own key ("Konformitätsbewertung" -> "konformitatsbewert", "Konformitätsbewertungsstellen").
_DE_LINKS = ("ungs", "ung", "ens", "es", "en", "er", "n", "s", "e", "")
_MIN_REST = 3  # letters of a compound's unknown rest: "-wesen" is keyed "wes" ("Justizwesen" -> "justiz" + "wes")
# Words that mark a language in short texts; only words of one language are listed.
_CUES = {
    "sq": {"dhe", "të", "në", "nga", "për", "së", "një", "edhe", "ose", "si", "ku"},
    "it": {"di", "della", "delle", "dei", "degli", "il", "gli", "con", "nel", "nella", "ed", "che", "degli"},
    "de": {"und", "der", "die", "das", "für", "mit", "im", "von", "zur", "zum", "bei", "oder"},
    "fr": {"et", "les", "le", "du", "pour", "avec", "aux", "au", "dans", "sur"},
    "en": {"and", "the", "of", "for", "with", "to", "at", "on"},
}
_CUE_LETTERS = {"ë": "sq", "ß": "de", "ä": "de", "ö": "de", "ü": "de", "é": "fr", "è": "fr", "ê": "fr",
                "à": "it", "ò": "it", "ù": "it"}
_TOKEN = re.compile(r"[\w']+|[^\w\s]", re.UNICODE)


def ascii_fold(text: str) -> str:
    """fold (case, accents, punctuation), elisions cut ("l'audit" -> "audit") and any remaining
    non-Latin script transliterated ("προστασία" -> "prostasia", "закон" -> "zakon")."""
    folded = fold(_ELISION.sub(" ", text))
    return folded if folded.isascii() else fold(anyascii(folded))


@lru_cache(maxsize=100_000)
def candidates(text: str) -> tuple[str, ...]:
    """Languages to try for a short text, most likely first."""
    if _GREEK.search(text):
        return ("el",)
    lowered = text.casefold()
    votes = dict.fromkeys(LANGS, 0)
    for token in _TOKEN.findall(lowered):
        for lang, words in _CUES.items():
            if token in words:
                votes[lang] += 1
    for letter, lang in _CUE_LETTERS.items():
        if letter in lowered:
            votes[lang] += 1
    ranked = sorted((lang for lang in LANGS if lang != "el"), key=lambda lang: -votes[lang])
    return tuple(ranked)


@lru_cache(maxsize=400_000)
def word_key(word: str, lang: str) -> str:
    """Lemma, then stem, then ASCII: the shared form of one word's spellings in one language."""
    lemma = _LEMMATIZER.lemmatize(word, lang=lang) if len(word) > 2 else word
    # Stripping endings cannot undo a changed stem ("διπλώματα" -> "διπλωματ", its lemma "δίπλωμα" ->
    # "διπλωμ"), so the shorter stem of word and lemma is the key; on a tie the word's own, since an
    # ambiguous form may be lemmatised as another word ("ενισχύσεις" -> the verb "ενισχύω").
    forms = (word,) if lemma == word else (word, lemma)
    stems = [_stem(form.casefold(), lang) for form in forms]
    return ascii_fold(min(stems, key=len)).replace(" ", "")


def _stem(word: str, lang: str) -> str:
    if lang in SNOWBALL:
        return _stemmer(lang).stemWord(word)
    if lang == "el":
        return _strip_greek(fold(word))
    return _strip_albanian(fold(word))


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    return Stemmer.Stemmer(SNOWBALL[lang])


def _strip_albanian(word: str) -> str:
    for ending in _SQ_FOLDED_ENDINGS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[:-len(ending)]
    return word


def _strip_greek(word: str, min_stem: int = 3) -> str:
    for ending in _EL_ENDINGS:
        if len(word) - len(ending) >= min_stem and word.endswith(ending):
            word = word[:-len(ending)]
            break
    return word[:-1] if word.endswith("ι") and len(word) > min_stem else word


def words(text: str) -> list[str]:
    """The words of a text as typed (elisions cut), for word_key."""
    return [w for w in re.split(r"[\W_]+", _ELISION.sub(" ", text[:20_000])) if w]


def content_words(text: str, lang: str) -> list[str]:
    """words(text) without the articles of `lang`."""
    articles = _ARTICLES.get(lang)
    found = words(text)
    return [w for w in found if w.casefold() not in articles] if articles else found


def split_compound(key: str, known: frozenset[str] | set[str], min_part: int = 4) -> list[str]:
    """A German compound's word key split into known keys ("marktuberwachungsbehord" -> "markt",
    "uberwach", "behord"), else [key]. `known`: the lexicon's German word keys. Wholly into known parts
    if it can be (known_parts); else its longest known first part and the rest ("datenschutzbeauftragt"
    -> "datenschutz", "beauftragt")."""
    if key in known or len(key) < min_part + _MIN_REST:
        return [key]
    return known_parts(key, known, min_part) or _known_head(key, known, min_part) or [key]


def known_parts(key: str, known: frozenset[str] | set[str], min_part: int = 4) -> list[str] | None:
    """`key` cut into two or more known keys, the longest known head first, skipping a linking element
    between them; None if it cannot be."""
    for cut in range(len(key) - min_part, min_part - 1, -1):
        head, tail = key[:cut], key[cut:]
        if head not in known:
            continue
        for link in _DE_LINKS:
            rest = tail[len(link):]
            if tail.startswith(link) and len(rest) >= min_part:
                parts = [rest] if rest in known else known_parts(rest, known, min_part)
                if parts:
                    return [head, *parts]
    return None


def first_parts(known: frozenset[str] | set[str], min_part: int = 4) -> set[str]:
    """The first parts of known compounds that end in another known word, keyed as the word alone
    ("korruptionsbekampf" with "bekampf" known gives "korruption": the German stem of "korruptions"),
    so that the compound and its paraphrase ("Bekämpfung von Korruption") can share a key."""
    stemmer = _stemmer("de")
    found = set()
    for word in known:
        for cut in range(min_part, len(word) - min_part + 1):
            if word[cut:] in known:
                head = stemmer.stemWord(word[:cut])
                if len(head) >= min_part:
                    found.add(head)
    return found


def _known_head(key: str, known: frozenset[str] | set[str], min_part: int) -> list[str] | None:
    """The longest known first part and the unknown rest: a known field before a generic head noun
    ("datenschutz" + "beauftragt", "bankenaufsicht" + "sbehord"), so the field still counts as a phrase.
    Not an unknown first part before a known one: the first part names the field ("Wasserwirtschaft" is
    water management, not the economy), so a known last part alone says too little."""
    for cut in range(len(key) - _MIN_REST, min_part - 1, -1):
        if key[:cut] in known:
            return [key[:cut], key[cut:]]
    return None
