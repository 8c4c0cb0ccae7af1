"""Speech-act classification: is a sentence asking, or telling?

Every question the product shows passes through here, so the rules are ordered to fail safe: telling must
almost never pass as an open question. The checks run from the most to the least harmful act:

1. takeover  - the manager (or assistant) doing or deciding the rep's work ("I'll call Reyna myself").
2. directive - telling the rep what to do, however politely or however dressed as a question
               ("Could you please send me the deck?", "Call Omar today, and what will you ask him?").
3. leading   - a question that carries its answer, a suggested action or blame ("Don't you think ...?").
4. open      - what/how/who/which/where/why, or "walk me through", that is not a single-fact lookup.
5. closed    - yes/no or a single fact ("What's the close date?").
6. statement - everything else, including invitations without '?' ("Tell me more about the pilot.").

The classifier gets no speaker, so a rep owning their own action ("I'll handle the redlines myself") can be
read as a takeover; the dataset in evals/datasets/speech_acts.yaml measures how often that happens.
"""

from __future__ import annotations

import re
from typing import Literal

from ._lexicon import FACT_NOUNS, FINITE, IMPERATIVE_VERBS, PRONOUNS, REQUEST_VERBS, ROLE_NOUNS
from ._text import clauses, main_clause, prepare, strip_fillers, words

Act = Literal["open_question", "closed_question", "leading_question", "directive", "takeover", "statement"]
ACTS: tuple[str, ...] = (
    "open_question",
    "closed_question",
    "leading_question",
    "directive",
    "takeover",
    "statement",
)
TELLING: tuple[str, ...] = ("directive", "takeover")


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# --------------------------------------------------------------------------------------------- takeover
_FIRST_PERSON = r"(?:i'll|i will|i can|i could|i'm going to|i am going to|i'm gonna|i'd be happy to|i'm happy to|" \
    r"i'd like to|i want to|i plan to|let me|allow me to|why don't i|how about i|what if i|shall i|should i|" \
    r"do you want me to|want me to|would you like me to|i might|i may|i'll be)"  # fmt: skip
_TAKEOVER_VERB = (
    r"(?:handle|take care of|take over|take it from here|take this from here|take (?:the|this|that|your|their) "
    r"(?:next )?(?:call|meeting|demo|lead|negotiation|conversation|account|deal)|sort (?:\w+ )?out|sort it|fix|"
    r"decide|set (?:the|a|your|their)|rewrite|re-write|write|draft|redo|run|join|sit in|negotiate|be the one|"
    r"do the (?:talking|call|demo|pitch|negotiation|negotiating|pricing|follow-up|deal)|deal with|step in|jump in|"
    r"lead (?:the|this|your)|close (?:it|this|that|the deal|them|\w+ out)|jump on|hop on|"
    r"get on (?:a|the) (?:call|phone|zoom|line)|own (?:the|this|it))"
)
_TAKEOVER = _rx(
    # "I'll join the call and run pricing", "Let me handle it", "I'll be the one negotiating".
    rf"\b{_FIRST_PERSON}\s+(?:just |personally |go ahead and |also |quickly |happily |simply )?{_TAKEOVER_VERB}\b",
    rf"\band i'll (?:just |personally )?{_TAKEOVER_VERB}\b",
    # "Let me talk to Ulla": the manager reaching the buyer instead of the rep ("Let me check ..." is not).
    r"\blet me (?:just |personally )?(?:talk|call|email|e-mail|speak|reach out|phone|ring|message|ping|chase|contact|"
    r"meet|negotiate|pitch|go to|get on)\b",
    # "... myself", "... for you", "... on your behalf" after a first-person action.
    r"\b(?:i|i'll|i'd|i've|i'm|me|let me)\b[^.?!]*\b(?:(?:call|email|e-mail|phone|ring|text|message|ping|reach|"
    r"contact|talk|speak|meet|write|draft|send|handle|deal|chase|negotiate|pitch|present|run|book|set|schedule|fix|"
    r"sort|close|ask|tell|take|get|go|join|lead|rewrite|redo)(?:s|es|ed|d|ing)?|wrote|written|sent|spoke|spoken|met|"
    r"took|taken|ran|went|dealt|did|done|do it|do this|do that)\b[^.?!]*\b(?:myself|personally|on your behalf|"
    r"in your place|instead of you|(?<!do )(?<!help )for you)\b",
    r"\b(?:leave|give|hand) (?:it|this|that|him|her|them|the \w+|\w+) (?:to|with|over to) me\b",
    r"\b(?:go|goes|run|runs|come|comes|route|routes|routed|going|pass|passes) (?:through|via) me\b",
    r"\b(?:i'm|i am|i'll|i will|let me|i'm going to|i am going to) (?:taking|take) (?:it |this |things |the \w+ )?"
    r"(?:[\w-]+ )?(?:over|from here)\b",
    r"\b(?:i'm|i am) (?:now )?(?:handling|running|taking over|negotiating|taking care of|owning|taking the lead)\b",
    rf"^(?:i'm |i am |i'd be |i would be )?(?:more than )?(?:happy|glad) to (?:just )?{_TAKEOVER_VERB}\b",
    r"^(?:why don't i|how about i|how about if i|what if i just|shall i|do you want me to|want me to|would you like "
    r"me to|would it help if i|should i just|how about me|let me just|i could just|i can just)\b",
    # "I've drafted the follow-up below", "I've set the close plan", "I've already emailed Felix".
    r"\bi(?:'ve| have)(?: already| just| now)? (?:drafted|written|rewritten|redone|taken over|negotiated|"
    r"set the|decided (?:on )?the)\b",
    r"\bi(?:'ve| have)? already (?:emailed|called|messaged|phoned|rung|texted|contacted|reached out|spoken|talked|"
    r"pinged|booked|scheduled|set up|sent|told|asked|arranged|sorted|fixed|handled)\b",
    # "Here's the email you should send:", "Here is the discount to offer Vantage: 8%".
    r"\b(?:here's|here is|here are|below is|below are|attached is|find below)(?: the| a| an| your| my)?"
    r"(?: [\w-]+){0,2} (?:email|e-mail|reply|response|message|script|wording|words|pitch|talk track|close plan|"
    r"account plan|deal plan|discount|price|offer|draft|follow-up|followup|template|counter-offer|counteroffer|"
    r"redlines|agenda for your|proposal for|answer to give|objection handling)s?\b",
)


def is_takeover(text: str) -> bool:
    """Whether a (prepared, lower-case) sentence has the manager or assistant doing the rep's work."""
    return bool(_TAKEOVER.search(text))


# -------------------------------------------------------------------------------------------- directive
_NOT_INVERTED = "".join(
    f"(?<!\\b{w} )"
    for w in (
        "do", "would", "will", "did", "might", "could", "should", "can", "think", "believe", "feel", "say", "sure",
        "know", "if", "whether", "when", "decide", "why", "wonder", "suspect", "guess", "worried", "worry",
        "unless", "where", "how", "feeling", "hear", "heard", "said", "says", "told", "decided",
    )
)  # fmt: skip
_DIRECTIVE = _rx(
    rf"{_NOT_INVERTED}\b(?:you|we)(?: really| definitely| absolutely| probably| just| seriously| still| also| simply|"
    r" honestly| clearly| certainly)* (?:need to|needs to|have to|must|should|shouldn't|ought to|'ve got to|"
    r"have got to|got to|gotta|'d better|had better|better)\b",
    r"\b(?:you|we)'d (?:better|best)\b",
    r"\bi(?: want| need|'d like| would like| expect|'m asking| am asking|'d want|'d love| would love)"
    r"(?: for)? you to\b",
    r"(?<!you )(?<!we )(?<!to )(?<!\bi )(?<!will )(?<!would )(?<!can )(?<!i'll )(?<!could )\bmake sure\b",
    r"\bit(?:'s| is|'d be| would be| might be| may be| could be| will be| should be)(?: really| definitely| "
    r"probably| also| always| still)? (?:worth|a good idea|best|wise|smart|time|important|critical|essential|key|"
    r"crucial|vital|better) (?:to |for you to )?(?!noting|mentioning|saying|remembering|pointing)\w+",
    r"\b(?:if i were|if i was) you\b|\bif it (?:were|was) me\b|\b(?:i'd|i would|were i) in your (?:shoes|position|"
    r"place)\b",
    r"\b(?:one|another|an|the|my|your|a|our)(?: best| right| obvious| smart| only| next| better| quickest| simplest|"
    r" easiest| first| good| useful| logical| natural| sensible| wise)*(?: next)? (?:option|move|step|thing to do|"
    r"play|approach|idea|bet|way forward|answer|solution|fix|course of action|advice|suggestion|recommendation|plan)"
    r"(?: here)? (?:should be|needs to be|has to be|must be)\b",
    r"\b(?:one|another|an|the|my|your|a|our)(?: best| right| obvious| smart| only| next| better| quickest| simplest|"
    r" easiest| first| good| useful| logical| natural| sensible| wise)*(?: next)? (?:option|move|step|thing to do|"
    r"play|approach|idea|bet|way forward|answer|solution|fix|course of action|advice|suggestion|recommendation|plan)"
    r"(?: here)? (?:is|would be|'s|will be|could be|might be) (?:to |just to |"
    r"probably to )?(?:\w+ing|call|send|bring|get|offer|go|ask|push|loop|book|escalate|drop|set|email|meet|talk|"
    r"walk|wait|hold|try|focus)\b",
    r"\bmy (?:advice|suggestion|recommendation|tip)\b",
    r"\b(?:what|all) (?:you|i'd|i would|we) (?:should |need to |have to |must |ought to |could )?do (?:is|now is)\b",
    r"\bi(?:'d| would)(?: probably| definitely| just| also| really| personally| strongly| actually| still)* "
    r"(?:suggest|recommend|advise|propose|push|call|send|offer|ask|email|go|get|bring|loop|book|try|focus|drop|"
    r"start|lead|set|escalate|talk|reach|skip|move|put|use|wait|hold|pitch|follow|chase|consider|include|invite|"
    r"prepare|schedule|insist|avoid|stop|keep|make|give|tell|cut|lower|raise|frame|position|anchor|open|close|"
    r"walk|not|hold off|go back|circle|ping|text|phone|meet|present|run|share|target)\b",
    r"\bi (?:strongly )?(?:suggest|recommend|advise|propose|urge)\b",
    r"\byou (?:might|may|could) (?:also |always |just )?(?:want to|wish to|consider|try|think about|look at)\b",
    r"(?:^|[,;:] |\band |\bor |\bmaybe |\bperhaps |\bso |\bthen |\bnow |\bplease )you (?:could|might|may|can) "
    r"(?:also |always |just |simply )?"
    rf"(?:{'|'.join(sorted(REQUEST_VERBS - {'see', 'use', 'find', 'read', 'be', 'do'}))})\b",
    r"\b(?:let's|let us) (?!(?:start|begin|look|review|go through|move on|turn|talk|recap|take a (?:look|step|minute|"
    r"moment|breath)|discuss|come back|pause|step back|think|spend|see|hear|dig|unpack|explore|walk|get into|go over|"
    r"switch|jump|wrap|summari[sz]e|reflect|play|compare|leave it there|stop there|keep it short|be honest)\b)",
    r"\byour (?:priority|job|focus|task|homework|goal|next step|next move|action|assignment|to-do|todo|mission)"
    r"(?: item)?(?: (?:this|for|today|next|tomorrow|before|on|from)\b[^.?!]*?)? (?:is|should be|will be|'s|are) "
    r"(?!what|how|why|who|which)\w+",
    r"\btell me (?:what|which|how|who|where|when)\b[^?]*\b(?:to|i should|i need to|i have to)\b",
    r"^(?:and |so |then |now )?(?:please |just )*(?:don't|do not|never) (?!you\b|we\b|they\b|i\b|he\b|she\b|it\b)\w+",
    r"\b(?:can|could|may) i (?:ask|get) you to\b|\bwould you mind\b(?! (?:walking|talking|taking) me through)",
)
# Polite requests: "Can you / Could you (please) VERB ...?" is a directive unless VERB invites an explanation.
_POLITE = re.compile(
    r"^(?:can|could|would|will) you (?:please |just |kindly |quickly |maybe |possibly |also |then )*"
    r"(?:be able to |be willing to |be open to |be up for |not )?([a-z'-]+)(?: ([a-z'-]+))?"
)
_EXPLAIN = re.compile(
    r"^(?:can|could|would|will) you (?:please |just |kindly |maybe |possibly )*(?:walk|talk|take) me through\b"
    r"|^(?:can|could|would|will) you (?:please |just |kindly |maybe |possibly )*(?:explain|describe|unpack|"
    r"elaborate|expand|say more|share (?:how|what|why|where|who|which|your|more)|help me (?:understand|see)|"
    r"tell me (?:about|more|how|why|what|where|who|which)|give me (?:a sense|an overview|your read|your take|"
    r"a picture|some context|a rundown|the background|the story)|paint|sketch|summari[sz]e (?:how|what|where))\b"
)


_TELL_ME_WHAT_TO = re.compile(r"\b(?:what|which|how|who|when|where) .*\bto\b")
# Words that start the object of an instruction ("Offer them ...", "Send the ..."), not a subject's verb.
_OBJECT_STARTERS = frozenset(
    {
        "the", "a", "an", "this", "that", "these", "those", "it", "them", "him", "her", "me", "us", "your", "their",
        "his", "our", "my", "in", "out", "up", "back", "on", "off", "over", "to", "with", "for", "about", "down",
    }
)  # fmt: skip
_EMPHATIC_DO = frozenset(
    {"not", "the", "a", "an", "your", "it", "this", "that", "whatever", "everything", "more"}
)  # fmt: skip


def _imperative(clause: str) -> bool:
    """Whether a clause starts with an instruction verb ("send the proposal", "maybe think about ...")."""
    toks = words(strip_fillers(clause))
    if toks[:3] == ["go", "ahead", "and"]:
        toks = toks[3:]
    if not toks or toks[0] not in IMPERATIVE_VERBS:
        return False
    first, rest = toks[0], toks[1:]
    nxt = rest[0] if rest else ""
    if nxt in FINITE or (nxt in PRONOUNS - {"it", "this", "that", "them"} and first not in {"tell", "let", "help"}):
        return False
    if len(rest) > 1 and nxt not in _OBJECT_STARTERS and (rest[1] in FINITE or rest[1].endswith("ed")):
        return False  # a noun phrase followed by its verb: "Offer letters went out", "Call logs showed ..."
    if first in {"walk", "talk", "take"} and rest[:2] == ["me", "through"]:
        return False
    if first == "tell":
        return bool(rest) and (rest[0] != "me" or bool(_TELL_ME_WHAT_TO.search(clause)))
    if first == "let":
        return bool(rest) and rest[0] not in {"me", "us", "'s"}
    if first == "help":
        return bool(rest) and rest[:2] != ["me", "understand"] and rest[:2] != ["me", "see"]
    if first == "keep":
        return nxt != "me"
    if first == "see":
        return nxt in {"if", "whether", "that", "what", "who", "how"}
    if first in {"think", "look"}:
        return nxt in {"about", "through", "into", "at", "for", "over", "ahead"}
    if first == "be":
        return bool(rest) and nxt != "honest"
    if first == "do":  # "Do loop in legal", "Do not send pricing"; "Do you ...?" was ruled out above
        return nxt in IMPERATIVE_VERBS or nxt in _EMPHATIC_DO
    if first == "have":
        return (
            nxt in {"a", "another"}
            and len(rest) > 1
            and rest[1] in {"look", "word", "chat", "think", "go", "conversation", "quick", "try", "crack"}
        )
    return True


def is_directive(text: str) -> bool:
    """Whether a (prepared) sentence tells the rep what to do: an instruction anywhere in it counts."""
    if _DIRECTIVE.search(text):
        return True
    core = main_clause(text)
    if _polite_request(core) == "directive":
        return True
    return any(_imperative(part) for part in [text, core, *clauses(text)[1:]])


def _polite_request(question: str) -> str | None:
    """Sort a "Can/Could/Would/Will you ...?" question into directive, open or closed; None for other forms."""
    if _EXPLAIN.search(question):
        return "open"
    match = _POLITE.match(question)
    if not match:
        return None
    verb, nxt = match.group(1), match.group(2) or ""
    if verb == "tell" and nxt == "me" or verb in {"confirm", "remind", "let"}:
        return "closed"
    if verb in REQUEST_VERBS and nxt not in FINITE:
        return "directive"
    return None


# ---------------------------------------------------------------------------------------------- leading
_NEG_AUX = r"(?:don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wouldn't|shouldn't|couldn't|can't|cannot|won't|" \
    r"haven't|hasn't|hadn't|mustn't|ain't|needn't)"  # fmt: skip
_SUBJ = r"(?:it|you|he|she|they|we|that|there|i|this)"
_LEADING = _rx(
    rf"^{_NEG_AUX}\b",
    rf",\s*(?:right|correct|yes|no|yeah|ok|okay|surely|agreed|true|yes or no|am i right|don't you think|"
    rf"wouldn't you say|no doubt|eh|huh|{_NEG_AUX} {_SUBJ}|(?:is|are|was|were|do|does|did|will|would|can|could|has|"
    rf"have|should) {_SUBJ})\s*\?$",
    r"\b(?:surely|obviously)\b",
    r"\bdon't you\b",
    r"^why (?:on earth|the hell|in the world|ever|not|didn't|haven't|hasn't|hadn't|wouldn't|couldn't|weren't|"
    r"wasn't|aren't|don't|doesn't|won't|would you|did you|do you keep|do you always|do you still|are you|were you|"
    r"have you|haven't you|did we|didn't we|do we keep|would we)\b",
    r"^how about\b",
    r"^what about (?:just |simply |maybe |also )?(?:\w+ing\b|we\b|you\b|if\b)",
    r"^what about(?: \S+){1,4}\?$",
    r"^what if (?:you|we)\b",
    r"^(?:have|has|did) you (?:ever |even |also )?(?:considered|consider|tried|try|thought about|think about|"
    r"thought of|think of)\s+(?:just |simply |maybe |perhaps |also |actually )?\w+ing\b",
    r"^(?:have|has|did) you (?:ever |even )?(?:considered|consider|tried|try|thought about|think about)\b.*"
    r"\b(?:just|simply)\b",
    r"\b(?:any|a|some) (?:good )?(?:reason|point|harm|downside) (?:not to|in not|why not|to not)\b",
    r"^are you (?:sure|certain|positive|really|seriously|honestly)\b",
    r"\bwhat(?:'s| is) (?:stopping|keeping|holding) you\b|\bwhat stops you\b",
    r"\b(?:who|what|where|how|which) else but\b|\bcould possibly\b|\bwho in (?:their|his|her) right mind\b",
    r"^how (?:could|can|would) (?:\w+ ){1,3}(?:say no|refuse|turn (?:this|it|that|us) down|turn down|resist|object|"
    r"argue with|not want|not see|ignore|possibly)\b",
    r"^(?:would|do|don't|wouldn't) you agree\b|^is it (?:fair|safe|right) to say\b",
    r"^(?:would|does|doesn't|wouldn't|will|won't) it (?:be )?(?:make sense|better|easier|faster|smarter|simpler|"
    r"wiser|cheaper|quicker|best|worth|a good idea|help to)\b",
    r"^should (?!i\b)\w+",
    r"^(?:do|does|did|is|are|was|were|would|will|can|could) (?:you|that|this|it|we|they) really\b",
    r"\bwhat's the (?:harm|problem|downside) (?:in|with) (?:just |simply )?\w+ing\b",
    r"^(?:do|would) you (?:not )?(?:think|agree|feel) (?:that )?\w+ (?:should|need to|must|ought to|would be better)\b",
)


def _leading(question: str, core: str) -> bool:
    """Leading anywhere: the whole question, its main clause, or a later clause ("..., and why not Reyna?")."""
    parts = [question, core, *(strip_fillers(part) for part in clauses(question)[1:])]
    return any(_LEADING.search(part) for part in parts)


# ------------------------------------------------------------------------------------------ open/closed
_WH = r"(?:what|what's|whats|how|how's|who|who's|whom|whose|which|where|where's|why|why's|when|when's)"
_WH_START = re.compile(
    rf"^(?:{_WH}\b|(?:in|on|for|from|by|at|with|under|to) (?:what|which|whom|whose)\b|to what extent\b)"
)
_INVITATION = re.compile(
    r"^(?:(?:walk|talk|take) me through|tell me (?:about|more|how|why|what|where|who|which)|help me (?:understand|"
    r"see)|describe|explain|unpack|paint me a picture)\b"
)
_AUX_START = re.compile(
    r"^(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|shall|may|might|must|am|isn't|"
    r"aren't|don't|doesn't|didn't)\b"
)
_INVERTED_WH = re.compile(
    rf"^{_WH}\b(?:'s| is| are| was| were| do| does| did| will| would| can| could| should| has| have| might| "
    r"\w+ (?:is|are|was|were|do|does|did|will|would|can|could|should|has|have|might))\b(?! why| because| what)"
)
_DET = r"(?:the|your|their|our|his|her|its|this|that|[a-z0-9-]+'s?)"


_PREPOSITIONS = frozenset({"on", "for", "at", "of", "in", "with", "from", "to", "about", "behind", "between"})


def _fact_lookup(question: str) -> bool:
    """Whether a wh-question asks for one known fact (a date, an amount, a name, a stage)."""
    q = question.rstrip(" ?.!")
    toks = words(q)
    if re.match(r"^how (?:much|many|long|often|old|big|far|soon|large|high|low)\b", q):
        return not re.match(r"^how (?:much|far) (?:do|does|did|would|will|has|have) \w+ (?:care|trust|know|value)", q)
    if re.match(r"^(?:when|when's)\b(?! you| we)", q) and len(toks) <= 12:
        return True
    if re.match(r"^what (?:time|day|date|percentage|stage|price|discount|amount|number|version|tier|quarter)\b", q):
        return True
    match = re.match(rf"^(?:what|who|which)(?:'s| is| was| are| were)(?: {_DET})?((?: [a-z0-9'-]+){{1,4}})$", q)
    if match:
        tail = match.group(1).split()
        nouns = FACT_NOUNS if toks[0].startswith("what") or toks[0] == "which" else ROLE_NOUNS
        for i, tok in enumerate(tail):
            if tok in _PREPOSITIONS:
                return False  # the head noun came before: "your read on the discount" is not a lookup
            if tok.rstrip("s") in nouns or tok in nouns:
                after = tail[i + 1 :]
                return not after or after[0] in _PREPOSITIONS
        return False
    match = re.match(r"^(?:what|which) ([a-z-]+) (?:is|are|was|were|did|does|do)\b", q)
    return bool(match and (match.group(1).rstrip("s") in FACT_NOUNS or match.group(1) in FACT_NOUNS))


def _question_clause(text: str) -> str:
    """The part of a question that asks: the main clause, or the last clause if only that one is a wh-question."""
    core = main_clause(text)
    if _WH_START.match(core) or _AUX_START.match(core) or _INVITATION.match(core):
        return core
    parts = clauses(text)
    if len(parts) > 1 and _WH_START.match(parts[-1]):
        return parts[-1]
    return core


def _interrogative(text: str) -> bool:
    """A question form without '?': "what is ...", "did you ...", "is the ..." (not "what Omar said ...")."""
    core = main_clause(text)
    if _INVERTED_WH.match(core):
        return True
    match = _AUX_START.match(core)
    if not match:
        return False
    toks = words(core)
    if toks[0] in {"do", "have", "had"}:
        return len(toks) > 1 and toks[1] in PRONOUNS | {"the", "your", "our", "their", "anyone", "anybody"}
    return len(toks) > 1


def classify_act(sentence: str) -> Act:
    """The speech act of one sentence (see the module docstring for the order of the checks)."""
    text = prepare(sentence)
    if not re.search(r"[a-z]", text):
        return "statement"
    if is_takeover(text):
        return "takeover"
    asks = text.rstrip(" .!\"')").endswith("?")
    core = _question_clause(text)
    if is_directive(text):
        return "directive"
    if _polite_request(core) == "open":
        return "open_question"
    if not asks:
        if _INVITATION.match(core) and core.startswith(("walk", "talk", "take")):
            return "open_question"
        if not _interrogative(text):
            return "statement"
    if _leading(text, core):
        return "leading_question"
    if _polite_request(core) == "closed":
        return "closed_question"
    if _INVITATION.match(core) or _WH_START.match(core):
        return "closed_question" if _fact_lookup(core) else "open_question"
    return "closed_question"


def telling_kind(text: str) -> Literal["directive", "takeover"] | None:
    """The kind of telling found anywhere in a text (a takeover outranks a directive), or None."""
    prepared = prepare(text)
    if is_takeover(prepared):
        return "takeover"
    if is_directive(prepared):
        return "directive"
    return None
