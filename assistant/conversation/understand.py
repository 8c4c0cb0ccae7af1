"""What the user means on this turn, read from the whole history the client sends (the API stays stateless).

Every user turn is linked (entities) and classified (intent) in one batch; the deal, rep, person, topic and
skill under discussion carry over from turn to turn unless a turn names others. A system message is context
from the start (it may name the deal or the user). The previous substantive turn (not a "why?" or a
"shorter please") is kept, so a follow-up can explain or reshape that answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..context import Context
from .entities import Linker, Mentions, mask
from .gazetteer import Gazetteer, gazetteer
from .intents import Turn, load_intent_model

FOLLOW_UPS = frozenset({"explain", "refine"})
NOT_SUBSTANTIVE = FOLLOW_UPS | {"unclear", "off_topic"}


@dataclass(frozen=True)
class Focus:
    """What the conversation is about at one point."""

    deal: str | None = None
    rep: str | None = None
    person: str | None = None
    topic: str | None = None
    skill: str | None = None
    competitor: str | None = None


@dataclass(frozen=True)
class Understood:
    text: str
    intent: str
    confidence: float
    focus: Focus  # after this turn, carried over included
    mentions: Mentions
    named_deals: tuple[str, ...] = ()  # deals this turn names itself (several: a comparison, no single focus)


@dataclass
class Conversation:
    gaz: Gazetteer
    linker: Linker
    speaker: str  # manager | rep
    user: str | None  # the rep typing (rep key)
    turns: list[Understood] = field(default_factory=list)
    system_focus: Focus = Focus()

    @property
    def last(self) -> Understood:
        return self.turns[-1]

    def previous_substantive(self) -> Understood | None:
        """The latest earlier turn that asked for an answer of its own (what "why?" and "shorter" refer to)."""
        return next((t for t in reversed(self.turns[:-1]) if t.intent not in NOT_SUBSTANTIVE), None)


def _scope(gaz: Gazetteer, user: str | None, focus: Focus) -> frozenset[str]:
    own = {d.deal_id for d in gaz.rep_deals(user)} if user else set()
    return frozenset(own | ({focus.deal} if focus.deal else set()))


def _advance(linker: Linker, gaz: Gazetteer, prior: Focus, m: Mentions) -> tuple[Focus, tuple[str, ...]]:
    """The focus after a turn with these mentions."""
    named = tuple(dict.fromkeys(m.deals))
    focus = prior
    if m.reps:
        rep = m.reps[-1]
        keep = focus.deal if focus.deal and gaz.deals[focus.deal].rep == rep else None
        focus = replace(focus, rep=rep, deal=keep, person=None if keep is None else focus.person)
    if len(named) == 1:
        deal = named[0]
        focus = replace(focus, deal=deal, rep=focus.rep if not m.reps else m.reps[-1])
        if focus.deal != prior.deal:
            focus = replace(focus, person=None, topic=None, competitor=None)
    elif len(named) > 1:
        focus = replace(focus, deal=None, person=None)
    if m.people:
        person = m.people[-1]
        deals = linker.person_deals(person)
        if focus.deal not in deals and len(named) <= 1 and deals:
            focus = replace(focus, deal=deals[0])
        focus = replace(focus, person=person)
    elif m.titles and focus.deal:
        titled = [p for p in gaz.deals[focus.deal].people if (p.title or "").lower() in m.titles]
        focus = replace(focus, person=titled[0].name if len(titled) == 1 else focus.person)
    topics = list(m.topics)
    if "economic_buyer" in topics or not topics and {"cfo", "ceo", "owner"} & set(m.titles):
        topics = ["economic_buyer"]  # "questions about the CFO", "wait till graham signs off on budget"
    if m.competitors:
        focus = replace(focus, competitor=m.competitors[-1])
        topics = topics or ["competition"]  # "numbrook is undercutting our price" is about pricing
    if topics:
        focus = replace(focus, topic=topics[-1])
    if m.skills:
        focus = replace(focus, skill=m.skills[-1])
    return focus, named


def understand(
    ctx: Context, team: str, speaker: str, user: str | None, system: list[str], users: list[str]
) -> Conversation:
    gaz = gazetteer(ctx, team)
    linker = Linker(gaz)
    convo = Conversation(gaz, linker, speaker, user)
    focus = Focus(rep=user) if user else Focus()
    for text in system:
        focus, _ = _advance(linker, gaz, focus, linker.link(text, _scope(gaz, user, focus)))
    convo.system_focus = focus
    linked: list[Mentions] = []
    for text in users:
        mentions = linker.link(text, _scope(gaz, user, focus))
        linked.append(mentions)
        focus, named = _advance(linker, gaz, focus, mentions)
        if user:  # a rep talks about their own work: naming a colleague does not make it theirs
            focus = replace(focus, rep=user)
        convo.turns.append(Understood(text, "", 0.0, focus, mentions, named))
    turns = [Turn(mask(u.text, m), speaker, i > 0) for i, (u, m) in enumerate(zip(convo.turns, linked, strict=True))]
    predictions = load_intent_model().predict(turns, ctx.embedder)
    convo.turns = [
        replace(u, intent=p.intent, confidence=p.confidence) for u, p in zip(convo.turns, predictions, strict=True)
    ]
    return convo
