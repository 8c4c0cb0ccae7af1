"""Rewrite telling, leading and closed sentences as one open, neutral question on the same topic.

A rejected question is only useful feedback if it comes with a better one, and a better question keeps the
deal's people and facts (the guide's "specific"), so the rewrite reuses the sentence's own names and nouns
in a small set of neutral templates:

- takeover  -> the rep keeps the work: "I'll call Reyna myself." -> "What would make a conversation with Reyna
               worth their time?"; otherwise "How do you plan to handle <topic>?"
- directive -> the rep chooses: "You need to loop in legal." -> "How are you thinking about involving legal?";
               "Call Omar today." -> "What do you want to get out of your next conversation with Omar?"
- leading   -> blame becomes curiosity ("Why didn't you book a next step?" -> "What got in the way of booking a
               next step?"); a pushed answer becomes "What's your read on <topic>?"
- closed    -> "Did you ask about budget?" -> "What have you learned so far about budget?"

Templates are plain on purpose: every output must itself classify as an open question (the tests check it
for every dataset item), and a plain question that fits is better than a clever one that does not.
"""

from __future__ import annotations

import re

from ._text import normalize, unquote
from .acts import classify_act

SUGGESTED_FOR = frozenset({"closed_question", "leading_question", "directive", "takeover"})

_ROLES = frozenset({"CFO", "COO", "CEO", "CTO", "CIO", "CRO", "CMO", "CISO", "VP", "SE", "AE", "SDR", "GC"})
_NOT_NAMES = frozenset(
    {
        "I", "I'll", "I'd", "I've", "I'm", "OK", "Okay", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Q1", "Q2", "Q3", "Q4", "Hi", "Thanks", "Please",
    }
)  # fmt: skip
# Deal nouns worth keeping as the topic (longest first when they overlap); lower case.
_TOPICS = (
    "mutual action plan", "security questionnaire", "security review", "success criteria", "business case",
    "close date", "renewal date", "go-live date", "board meeting", "economic buyer", "next step", "close plan",
    "pricing discussion", "vendor form", "pilot scope", "roi study", "legal review", "budget number",
    "decision process", "buying process", "procurement process", "exact words", "discount talk", "action plan",
    "follow-up", "objection-handling script", "multi-year option", "multi-year deal", "phased rollout",
    "budget", "pricing", "price", "proposal", "discount", "contract", "pilot", "legal", "procurement", "redlines",
    "deck", "forecast", "champion", "timeline", "demo", "roi", "msa", "meeting", "email", "term", "rollout",
    "signature", "invite", "thread", "reply", "agenda", "scope", "intro", "introduction", "objection",
    "negotiation", "bake-off", "evaluation", "finance", "security", "sign-off", "approval", "onboarding",
    "renewal", "order", "risk", "threat", "competition", "competitor", "users", "script", "call", "deal",
    "terms", "quote", "sow", "rfp", "nda", "crm", "stakeholders", "decision", "review", "questionnaire",
)  # fmt: skip
_MASS = frozenset({"budget", "pricing", "legal", "procurement", "finance", "security", "onboarding", "competition"})
_DETERMINERS = frozenset({"the", "their", "your", "our", "his", "her", "this", "that", "a", "an", "its", "my"})
_TOKEN = re.compile(r"[A-Za-z0-9][\w'%-]*")
_CONTACT = re.compile(
    r"\b(?i:call(?:ing|ed)?|e-?mail(?:ing|ed)?|phon(?:e|ing|ed)|ring(?:ing)?|meet(?:ing)?|met|ask(?:ing|ed)?|"
    r"chas(?:e|ing|ed)|ping(?:ing|ed)?|text(?:ing|ed)?|contact(?:ing|ed)?|message|messaging|pitch(?:ing)?|"
    r"(?:talk|speak)(?:ing)? (?:to|with)|(?:talked|spoke|spoken) (?:to|with)|reach(?:ing)? out to|"
    r"go(?:ing)? (?:back )?to|get(?:ting)? (?:back )?to|in front of|go(?:ing)? around|go(?:ing)? over|"
    r"push(?:ing)?|press(?:ing)?)\s+((?i:their|the|your|our|his|her)\s+)?([A-Z][\w-]*(?:'s)?(?:\s+[A-Z][\w-]*)?)"
)
_INVOLVE = re.compile(
    r"\b(?:loop(?:ing)?|bring(?:ing)?|pull(?:ing)?) (?:in )?((?:the |your |our )?[\w-]+)(?: in)?\b"
    r"|\b(?:involv(?:e|ing)|includ(?:e|ing)|invit(?:e|ing)) ((?:the |your |our )?[\w-]+)"
    r"|\bget(?:ting)? ((?:the |your |our )?[\w-]+) (?:in|involved|on board)\b",
    re.IGNORECASE,
)
_INVOLVABLE = frozenset({"legal", "finance", "procurement", "security", "it", "se", "sales", "engineering"})
_BLAME = re.compile(
    r"^(?:why (?:didn't|haven't|hasn't|hadn't|couldn't|wouldn't|weren't|did|would|on earth did|in the world did|"
    r"the hell did|ever did) you|(?:couldn't|shouldn't|can't|didn't) you have)\s+(?:have\s+)?(?:just\s+)?"
    r"([a-z]+)\b(.*?)[?.!]*$",
    re.IGNORECASE,
)
_GOT_IN_THE_WAY = re.compile(r"^(?:why (?:didn't|haven't|hasn't|hadn't|couldn't|weren't)|couldn't|can't|didn't)", re.I)
_LEARNING = re.compile(r"\b(?:ask|learn|hear|find|know|check|discuss|raise|mention|talk|speak|get a)", re.I)
_IRREGULAR = {
    "met": "meet", "sent": "send", "spoke": "speak", "spoken": "speak", "got": "get", "gotten": "get",
    "made": "make", "had": "have", "did": "do", "done": "do", "went": "go", "gone": "go", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "told": "tell", "brought": "bring", "thought": "think",
    "wrote": "write", "written": "write", "ran": "run", "saw": "see", "seen": "see", "left": "leave",
    "sold": "sell", "kept": "keep", "found": "find", "held": "hold", "built": "build", "lost": "lose",
    "paid": "pay", "said": "say", "began": "begin", "begun": "begin", "chose": "choose", "chosen": "choose",
    "forgot": "forget", "forgotten": "forget", "let": "let", "set": "set", "put": "put", "cut": "cut",
}  # fmt: skip
_DOUBLE = frozenset(
    {"get", "set", "put", "run", "stop", "plan", "cut", "sit", "hit", "let", "drop", "chat", "map", "swap", "ship",
     "skip", "win", "begin", "admit", "commit", "submit", "forget", "prep"}
)  # fmt: skip
# Known-open questions used when a rewrite built from the sentence's own words would not classify as open.
FALLBACKS = {
    "takeover": "How do you plan to handle this?",
    "directive": "What options do you see from here?",
    "leading_question": "What's your read on the situation?",
    "closed_question": "Where does the deal stand right now?",
}


def suggest_open_question(sentence: str, act: str) -> str | None:
    """An open, neutral question on the sentence's topic; None for open questions and statements."""
    if act not in SUGGESTED_FOR:
        return None
    suggestion = _rewrite(unquote(normalize(sentence)), act)
    return suggestion if is_open(suggestion) else FALLBACKS[act]


def _rewrite(text: str, act: str) -> str:
    """The template-based rewrite (see the module docstring); checked by the caller."""
    person = _contact_person(text)
    topic = _topic(text)
    name = _first_name(text)
    if act == "takeover":
        person = person or (None if topic else name)
        if person:
            return f"What would make a conversation with {person} worth their time?"
        return f"How do you plan to handle {topic or 'this'}?"
    if act == "directive":
        involved = _involved(text)
        if involved:
            return f"How are you thinking about involving {involved}?"
        if person:
            return f"What do you want to get out of your next conversation with {person}?"
        subject = topic or name
        return f"How are you thinking about {subject}?" if subject else "What options do you see from here?"
    subject = person or _join(name, topic, text)
    if act == "leading_question":
        blame = _blame(text)
        if blame:
            return blame
        if re.search(r",\s*\w+(?: \w+)?\s*\?$", text):  # tag question: "..., right?" checks a presumed fact
            return f"What have you learned so far about {subject or 'this'}?"
        return f"What's your read on {subject or 'the situation'}?"
    embedded = _embedded_question(text)
    if embedded:
        return embedded
    asks_to_learn = _LEARNING.search(text)
    if re.match(r"(?:did|have|has|had|is|are|was|were)\b", text, re.I) and not asks_to_learn and subject:
        return f"Where do things stand with {subject}?"
    if not subject:
        return "Where does the deal stand right now?"
    return f"What have you learned so far about {subject}?"


def is_open(question: str) -> bool:
    """Whether a suggestion (or any question) classifies as an open question."""
    return classify_act(question) == "open_question"


def _tokens(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


def _is_name(token: str) -> bool:
    bare = re.sub(r"'s$", "", token)
    return bool(bare[:1].isupper()) and bare not in _NOT_NAMES and not bare.isupper() and bare[1:].islower()


def _first_name(text: str) -> str | None:
    """The first proper name after the first word ("Is Trackwise still ...?" -> "Trackwise"), merged "Kestrel Bank"."""
    toks = _tokens(text)
    for i, (_, tok) in enumerate(toks):
        if i == 0 or not _is_name(tok):
            continue
        parts = [tok]
        for _, nxt in toks[i + 1 :]:
            if not _is_name(nxt) or parts[-1].endswith("'s"):
                break
            parts.append(nxt)
        return re.sub(r"'s$", "", " ".join(parts))
    return None


def _contact_person(text: str) -> str | None:
    """The person a sentence proposes to contact ("call their CFO" -> "their CFO", "talk to Ulla" -> "Ulla")."""
    for match in _CONTACT.finditer(text):
        det, who = match.group(1) or "", match.group(2)
        who = re.sub(r"'s$", "", who.split()[0] if who.split()[0].endswith("'s") else who)
        if who.split()[0] in _ROLES:
            return f"{det or 'the '}{who}"
        if _is_name(who.split()[0]) and not det:
            return who
    return None


def _topic(text: str) -> str | None:
    """The most specific deal noun phrase, with its determiner ("the 30 June close date", "budget", "their CFO")."""
    toks = _tokens(text)
    lowered = [tok.lower() for _, tok in toks]
    found: list[list[str]] = []
    for i in range(len(toks)):
        phrase = _match_topic(lowered, i) or (toks[i][1] if toks[i][1] in _ROLES else None)
        if not phrase:
            continue
        start = _determiner_before(toks, lowered, i)
        if start is None and lowered[i] in _VERB_NOUNS:
            continue  # "call the CFO" is an action, "the last call" is a topic
        end = i + len(phrase.split())
        if end < len(toks) and lowered[end] in _HEADS:
            end += 1  # "the legal questions", "Hana's team"
        words = [t for _, t in toks[(i if start is None else start) : end]]
        words = [w for w in words if w.lower() not in _LOADED]
        if start is None:
            if words[0].lower() not in _MASS:
                words.insert(0, "the")
        else:
            words[0] = {"a": "the", "an": "the", "this": "the", "that": "the", "my": "your"}.get(
                words[0].lower(), words[0] if words[0] != "The" else "the"
            )
        found.append(words)
    specific = [words for words in found if words[-1].lower() not in _GENERIC]
    if specific or found:
        return " ".join((specific or found)[0])
    if re.search(r"\d+\s*%", text):
        return "the discount"
    return None


def _determiner_before(toks: list[tuple[int, str]], lowered: list[str], i: int) -> int | None:
    """Index of the determiner that opens the noun phrase ending at token i, if there is one nearby."""
    for j in range(i - 1, max(i - 4, -1), -1):
        word = lowered[j]
        if word in _DETERMINERS or word.endswith("'s") and _is_name(toks[j][1]):
            return j
        if word in _STOP or not (word.isdigit() or toks[j][1] in _NOT_NAMES or re.fullmatch(r"[a-z-]+", word)):
            return None
    return None


_STOP = frozenset(
    {"to", "and", "or", "with", "for", "on", "in", "at", "of", "by", "about", "from", "is", "are", "was", "were",
     "be", "you", "i", "we", "they", "it", "what", "which", "who", "how", "not", "no", "any", "just", "send",
     "get", "offer", "book", "ask", "call", "set", "run", "write", "handle", "loop", "confirm"}
)  # fmt: skip
_HEADS = frozenset(
    {
        "questions",
        "issues",
        "concerns",
        "team",
        "side",
        "terms",
        "process",
        "review",
        "requirements",
        "sign-off",
        "approval",
        "timeline",
        "budget",
        "plan",
    }
)
# Nouns that are also verbs: a topic only with a determiner ("the last call", not "call the CFO").
_VERB_NOUNS = frozenset(
    {
        "call",
        "email",
        "reply",
        "review",
        "order",
        "quote",
        "invite",
        "price",
        "risk",
        "term",
        "demo",
        "forecast",
        "meeting",
        "pitch",
        "intro",
        "decision",
        "scope",
        "thread",
    }
)
# Nouns too generic to be the topic when a more specific one is present.
_GENERIC = frozenset(
    {"call", "meeting", "deal", "email", "review", "reply", "thread", "invite", "order", "decision", "risk", "crm"}
)
# Adjectives that carry the manager's answer ("the real threat"); dropped from the topic.
_LOADED = frozenset(
    {
        "real",
        "main",
        "obvious",
        "biggest",
        "only",
        "true",
        "missing",
        "quick",
        "free",
        "better",
        "best",
        "right",
        "wrong",
        "final",
        "updated",
        "exact",
    }
)


def _match_topic(lowered: list[str], i: int) -> str | None:
    for phrase in _TOPICS:
        parts = phrase.split()
        if lowered[i : i + len(parts)] == parts:
            return phrase
    return None


def _involved(text: str) -> str | None:
    """Who a directive wants involved ("loop in legal" -> "legal", "bring the SE in" -> "the SE")."""
    for match in _INVOLVE.finditer(text):
        who = next((group for group in match.groups() if group), "").strip()
        head = who.split()[-1]
        if head.lower() in _INVOLVABLE or head in _ROLES:
            return who
    return None


def _join(name: str | None, topic: str | None, text: str) -> str | None:
    """Name and topic in sentence order, at most two ("Omar and the pricing")."""
    if name and topic and name.lower() not in topic.lower():
        first, second = sorted((name, topic), key=lambda part: _position(text, part))
        return f"{first} and {second}"
    return topic or name


def _position(text: str, part: str) -> int:
    index = text.lower().find(part.lower().removeprefix("the "))
    return index if index >= 0 else len(text)


_EMBEDDED = re.compile(
    r"^(?:do|did|have|has) you (?:know|think about|thought about|considered|consider|find out|found out|ask|asked|"
    r"check|checked|figured out|figure out) (who|what|which|where|how) ((?:else |besides \w+ )?[a-z][\w'-]*)(.*?)\??$",
    re.IGNORECASE,
)


def _embedded_question(text: str) -> str | None:
    """'Do you know who signs the contract?' -> 'Who signs the contract, and how do you know?' (subject wh only)."""
    match = _EMBEDDED.match(text)
    if not match or match.group(2).split()[0].lower() in _DETERMINERS | {"you", "we", "they", "he", "she", "it"}:
        return None
    question = f"{match.group(1).capitalize()} {match.group(2)}{match.group(3)}".rstrip(" ?.")
    return f"{question}, and how do you know?"


def _blame(text: str) -> str | None:
    """'Why didn't you book a next step?' -> 'What got in the way of booking a next step?'."""
    match = _BLAME.match(text)
    if not match:
        return None
    verb, rest = match.group(1).lower(), match.group(2)
    rest = re.sub(r"\s+(?:yet|already|by now|sooner|earlier|at all)\b", "", rest).strip(" ,")
    gerund = _gerund(verb)
    if not gerund:
        return None
    phrase = f"{gerund} {rest}".strip()
    if _GOT_IN_THE_WAY.match(text):
        return f"What got in the way of {phrase}?"
    return f"What was your thinking behind {phrase}?"


def _gerund(verb: str) -> str | None:
    """The -ing form of a base or past form ("book" -> "booking", "met" -> "meeting", "asked" -> "asking")."""
    if verb in {"you", "we", "the", "a", "to", "not"}:
        return None
    if verb in _IRREGULAR:
        verb = _IRREGULAR[verb]
    elif verb.endswith("ied"):
        verb = verb[:-3] + "y"
    elif verb.endswith("eed") and len(verb) > 4 and verb not in {"needed", "seeded", "heeded"}:
        verb = verb[:-1]
    elif verb.endswith("ed") and len(verb) > 4:
        stem = verb[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] in "ptnbgdm":
            return stem + "ing"
        return stem + "ing"
    if verb in {"be", "see", "agree", "free", "flee"}:
        return verb + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if verb in _DOUBLE:
        return verb + verb[-1] + "ing"
    return verb + "ing"
