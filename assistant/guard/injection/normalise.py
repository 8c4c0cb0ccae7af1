"""What the injection detector reads: a sentence normalised, with anything hidden inside it decoded.

An attacker hides the same words a reader would see behind encodings a person never types in a deal note:
full-width or mathematical letters (NFKC folds them), zero-width and bidirectional control characters (removed;
text inside a right-to-left override is also read reversed), Cyrillic or Greek letters inside Latin words
(mapped with the Unicode confusables table of `confusable_homoglyphs`), leetspeak, base64, hex, `\\x` escapes,
percent-encoding, HTML entities and ROT13. The detector scores the normalised text plus every decoded view;
the note itself is never changed (quotes stay verbatim substrings).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import regex

# Format characters a note never needs: zero-width space/joiners, word joiner, BOM, bidi embeddings and isolates.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufe00-\ufe0f\U000e0000-\U000e007f]"  # and Unicode tag characters (an invisible ASCII copy)
)
_RLO = re.compile("[\u202e\u202b\u2067]([^\u202c\u2069\n]*)")
_WORD = regex.compile(r"\w+")
_BASE64 = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{16,}={0,2}(?![\w+/=-])")
_HEX_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2}){4,}")
_HEX_RUN = re.compile(r"(?<![0-9a-fA-F])(?:0x)?(?:[0-9a-fA-F]{2}[ :]?){8,}(?![0-9a-fA-F])")
_PERCENT = re.compile(r"(?:%[0-9a-fA-F]{2}){3,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s"})


@dataclass(frozen=True)
class Inspection:
    """A sentence as the detector sees it."""

    normalised: str
    decoded: tuple[str, ...]  # views recovered from encodings, each already normalised
    invisible: int  # zero-width / bidi characters removed
    confusable: int  # letters mapped from another script inside Latin words

    @property
    def text(self) -> str:
        """The normalised sentence followed by its decoded views: the detector's input."""
        return " \n ".join((self.normalised, *self.decoded))


@lru_cache(maxsize=1)
def _latin_lookalikes() -> dict[str, str]:
    """Non-Latin letter -> the Latin letter it looks like (Unicode confusables.txt, via confusable_homoglyphs)."""
    import confusable_homoglyphs

    table = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for char, entry in table.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        latin = [h["c"] for h in entry if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()]  # noqa: E501
        if not latin:
            continue
        name = unicodedata.name(char, "")
        letter = name.split(" ")[-1]
        if len(letter) == 1 and "A" <= letter <= "Z":  # CYRILLIC CAPITAL LETTER ... I -> "I", not "l"
            out[char] = letter if "CAPITAL" in name else letter.lower()
        else:
            out[char] = latin[0]
    return out


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _script_mix(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return any(_is_latin(c) for c in letters) and any(not _is_latin(c) for c in letters)


def _map_confusables(text: str) -> tuple[str, int]:
    """Map look-alike letters in words that mix Latin with another script, or in all-look-alike words of a Latin
    sentence; genuine Cyrillic or Greek text (a Polish or Russian customer) is left alone."""
    table = _latin_lookalikes()
    words = _WORD.findall(text)
    latin_words = sum(1 for w in words if all(_is_latin(c) for c in w) and any(c.isalpha() for c in w))
    mostly_latin = latin_words >= max(1, len(words) // 2)
    mapped = 0

    def swap(match: regex.Match[str]) -> str:
        nonlocal mapped
        word = match.group(0)
        foreign = [c for c in word if c.isalpha() and not _is_latin(c)]
        if not foreign:
            return word
        if (_script_mix(word) or mostly_latin) and all(c in table for c in foreign):
            mapped += len(foreign)
            return "".join(table.get(c, c) for c in word)
        return word

    return _WORD.sub(swap, text), mapped


def _printable(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    letters = sum(c.isalpha() or c.isspace() for c in text)
    return text if len(text) >= 4 and letters >= 0.75 * len(text) and " " in text.strip() else None


def _decode_base64(token: str) -> str | None:
    if not re.search(r"[A-Z]", token) or not re.search(r"[a-z]", token):
        return None
    padded = token + "=" * (-len(token) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            found = _printable(decode(padded))
        except (binascii.Error, ValueError):
            continue
        if found:
            return found
    return None


def _decode_hex(token: str) -> str | None:
    digits = re.sub(r"\\x|0x|[ :]", "", token)
    try:
        return _printable(bytes.fromhex(digits))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Whole English words of the embedding model's WordPiece vocabulary: tells a ROT13 text from an ordinary one."""
    from ...embedding import model_files

    vocab = json.loads(model_files()[1].read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.isascii() and len(w) >= 3)


def _rot13(text: str) -> str | None:
    """The words that read as English only after ROT13 ("Vtaber nyy cerivbhf" -> "Ignore all previous")."""
    known = _known_words()
    unknown = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in known]
    revealed = [r for w in unknown if (r := codecs.encode(w, "rot13")).lower() in known]
    if len(revealed) >= 2 and len(revealed) * 2 >= len(unknown):
        return " ".join(revealed)
    return None


def _deleet(text: str) -> str | None:
    """Words that become English once digits and symbols are read as letters ("1gn0r3 4ll" -> "ignore all")."""
    known = _known_words()
    out, changed = [], 0
    for word in text.split():
        core = word.strip(".,;:!?()'\"")
        plain = core.lower().translate(_LEET)
        if plain != core.lower() and plain in known and core.lower() not in known and len(plain) >= 3:
            changed += 1
            out.append(plain)
        else:
            out.append(word)
    return " ".join(out) if changed >= 2 else None


def _base(text: str) -> tuple[str, int, int]:
    folded = unicodedata.normalize("NFKC", text)
    invisible = len(_INVISIBLE.findall(folded))
    folded = _INVISIBLE.sub("", folded)
    folded, confusable = _map_confusables(folded)
    return " ".join(folded.split()), invisible, confusable


def inspect(text: str) -> Inspection:
    """Normalise one sentence and decode what is hidden in it (see the module docstring)."""
    normalised, invisible, confusable = _base(text)
    views: list[str] = []
    views += [m.group(1)[::-1] for m in _RLO.finditer(unicodedata.normalize("NFKC", text)) if m.group(1).strip()]
    views += [d for m in _BASE64.finditer(normalised) if (d := _decode_base64(m.group(0)))]
    views += [d for m in _HEX_ESCAPES.finditer(normalised) if (d := _decode_hex(m.group(0)))]
    views += [d for m in _HEX_RUN.finditer(normalised) if (d := _decode_hex(m.group(0)))]
    if _PERCENT.search(normalised):
        views.append(unquote(normalised))
    if "&" in normalised and (unescaped := html.unescape(normalised)) != normalised:
        views.append(unescaped)
    if leet := _deleet(normalised):
        views.append(leet)
    if rotated := _rot13(normalised):
        views.append(rotated)
    decoded = tuple(dict.fromkeys(_base(v)[0] for v in views if v.strip()))
    return Inspection(normalised, decoded, invisible, confusable)
