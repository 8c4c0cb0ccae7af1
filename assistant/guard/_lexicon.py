"""Word lists behind the guard's rules, kept apart from the rules so they can grow without touching logic.

Lists are deliberately about sales work: the verbs a manager uses to tell a rep what to do, the verbs of
contacting a buyer, and the nouns that make a question a single-fact lookup. They are lower case.
"""

from __future__ import annotations

# Verbs that open an instruction when they start a clause ("Send the proposal", "Loop in legal").
IMPERATIVE_VERBS = frozenset(
    {
        "add", "anchor", "ask", "attach", "avoid", "book", "bring", "build", "call", "cancel", "cc", "chase",
        "check", "circle", "clean", "close", "confirm", "consider", "contact", "copy", "create", "cut", "demand",
        "dig", "discount", "document", "draft", "drop", "email", "e-mail", "emphasise", "emphasize", "engage",
        "escalate", "find", "fix", "focus", "follow", "forward", "frame", "get", "give", "go", "grab", "handle",
        "highlight", "hold", "identify", "include", "insist", "invite", "involve", "join", "keep", "lead", "lean",
        "line", "list", "lock", "loop", "lower", "make", "map", "meet", "mention", "message", "move", "nail",
        "negotiate", "offer", "phone", "pin", "ping", "pitch", "plan", "position", "prepare", "present",
        "prioritise", "prioritize", "propose", "pull", "push", "put", "qualify", "raise", "reach", "read",
        "reply", "remember", "remind", "remove", "request", "research", "respond", "review", "rewrite", "ring",
        "run", "schedule", "sell", "send", "set", "share", "ship", "show", "skip", "sort", "spend", "start",
        "stay", "stop", "summarise", "summarize", "swap", "switch", "take", "talk", "text", "trade", "try",
        "update", "use", "wait", "write", "target", "walk", "tell", "think", "look", "be",
        "do", "let", "help", "see", "speak", "sign", "brief", "prep", "rework", "resend", "re-send", "redo",
        "finish", "complete", "secure", "drive", "own", "pressure", "concede", "have",
    }
)  # fmt: skip

# Verbs that follow "Can/Could/Would you ..." in a request for an action (not an invitation to explain).
REQUEST_VERBS = IMPERATIVE_VERBS - {
    "be", "see", "think", "look", "tell", "walk", "help", "let", "remember", "do", "have"
}  # fmt: skip

# Verbs of reaching a buyer; with "myself"/"for you" they mark a takeover, in a directive they name a person.
CONTACT_VERBS = frozenset(
    {
        "call", "email", "e-mail", "phone", "ring", "meet", "talk", "speak", "reach", "contact", "message", "text",
        "ping", "ask", "chase", "approach", "visit", "pitch", "brief", "push", "press", "go",
    }
)  # fmt: skip

# Tokens that, right after an imperative-looking first word, show it was a noun or a name ("Chase said ...").
FINITE = frozenset(
    {
        "is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could", "should", "may",
        "might", "must", "does", "did", "do", "said", "says", "thinks", "wants", "told", "asked", "called",
        "went", "seems", "felt", "feels", "knows", "agreed", "signed", "left", "joined", "came", "got", "notes",
        "time", "times", "log", "logs", "list", "plan", "review", "of", "'s", "isn't", "wasn't", "doesn't",
        "didn't", "hasn't", "won't", "can't", "already",
    }
)  # fmt: skip

# Nouns that make "What's the X?" / "Which X is ...?" a single-fact lookup (closed).
FACT_NOUNS = frozenset(
    {
        "date", "amount", "value", "size", "price", "stage", "deadline", "term", "length", "number", "name",
        "title", "quota", "budget", "arr", "acv", "tcv", "mrr", "headcount", "discount", "probability", "total",
        "figure", "fee", "margin", "rate", "percentage", "role", "email", "phone", "address", "quarter", "month",
        "day", "week", "year", "version", "tier", "edition", "region", "count", "status", "seats", "licences",
        "licenses", "users", "volume", "cost", "spend", "score", "owner",
    }
)  # fmt: skip

# Nouns that make "Who is your X?" a single-name lookup (closed).
ROLE_NOUNS = frozenset(
    {
        "contact", "champion", "buyer", "sponsor", "signer", "signatory", "approver", "owner", "lead", "manager",
        "cfo", "coo", "ceo", "cto", "cio", "cro", "vp", "admin", "rep", "ae", "se", "person", "boss", "director",
        "head", "coach", "decision-maker", "maker", "counterpart", "stakeholder",
    }
)  # fmt: skip

PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it", "this", "that", "there", "these", "those"})
