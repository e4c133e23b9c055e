"""A pack's ``courtesy``, ``service`` and ``conduct`` sections, merged onto its language's defaults.

    courtesy: [欢迎再来, "re:我是.{1,4}"]      # added to the language's courtesy phrases
    service: [门禁卡, 物业费]                  # added to what guided replies may talk about
    conduct:
      buck:                                  # a default family: these are added to it
        cues: [找物业公司去]
      noise:                                 # a family of the pack's own: give its reason
        reason: 不得在电话里大声喧哗。
        cues: [大声点]
        patterns: ["re:喂{3,}"]
        unless: [不要大声]

Every ``re:`` pattern is compiled here (RE2, see ``trainer.core.pattern``): one that does not
compile is a pack problem with its line. So is a cue or pattern of the pack's that would hit
one of the pack's own standard phrases or key phrases (the standard phrase would fail); a
default cue that would is left out for that pack.
"""

from __future__ import annotations

from dataclasses import replace

from trainer.core import conduct_ko, conduct_zh
from trainer.core.conduct import collides, colliding, said_phrases
from trainer.core.pattern import PREFIX, PatternError, compile_pattern
from trainer.core.phrases import TemplateError, expand
from trainer.core.scenario import ConductFamily, Turn
from trainer.packs.reader import Node, Reader, join, kind_name

DEFAULTS: dict[str, tuple[tuple[ConductFamily, ...], tuple[str, ...]]] = {
    "zh": (conduct_zh.FAMILIES, conduct_zh.COURTESY),
    "ko": (conduct_ko.FAMILIES, conduct_ko.COURTESY),
}
SERVICE: dict[str, tuple[str, ...]] = {"zh": conduct_zh.SERVICE, "ko": conduct_ko.SERVICE}
FAMILY_FIELDS = ("reason", "cues", "patterns", "unless")


def entries(r: Reader, node: Node | None, field: str, *, patterns: bool | None) -> list[str]:
    """A list of phrases and/or ``re:`` patterns, each checked (``patterns``: True only
    patterns, False only phrases, None either)."""
    if node is None:
        return []
    if not isinstance(node.value, list):
        r.problem(node, field, "must be a list")
        return []
    out: list[str] = []
    for i, item in enumerate(node.value):
        where = join(field, i)
        if not isinstance(item.value, str) or not item.value.strip():
            what = "is empty" if isinstance(item.value, str) else kind_name(type(item.value))
            r.problem(item, where, f"must be a phrase or an re: pattern, not {what}")
            continue
        text = item.value.strip()
        if text.startswith(PREFIX):
            if patterns is False:
                r.problem(item, where, "must be a phrase (put re: patterns under patterns)")
                continue
            try:
                compile_pattern(text[len(PREFIX) :])
            except PatternError as exc:
                r.problem(item, where, str(exc))
                continue
        elif patterns is True:
            r.problem(item, where, "must be an re: pattern (put phrases under cues)")
            continue
        else:
            try:
                expand(text)
            except TemplateError as exc:
                r.problem(item, where, str(exc))
                continue
        out.append(text)
    return out


def _standard_phrases(turns: dict[str, Turn]) -> list[tuple[str, str]]:
    """(turn id, phrase) for every accepted wording and key phrase of the pack."""
    out = []
    for turn in turns.values():
        out.extend((turn.id, form) for form in turn.forms)
        out.extend((turn.id, form) for key in turn.keys for form in key.forms)
    return out


def conduct_and_courtesy(
    r: Reader, root: Node, language: str, turns: dict[str, Turn]
) -> tuple[tuple[ConductFamily, ...], tuple[str, ...]]:
    families, courtesy = DEFAULTS.get(language, ((), ()))
    phrases = _standard_phrases(turns)

    every = [e for f in families for e in (*f.cues, *f.patterns)]
    hit = {every[i] for i in colliding(every, phrases, language)}

    def clean(entries: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(e for e in entries if e not in hit)

    merged = {f.id: replace(f, cues=clean(f.cues), patterns=clean(f.patterns)) for f in families}
    extra_courtesy = entries(r, r.node(root, "courtesy"), "courtesy", patterns=None)

    node = r.node(root, "conduct")
    if node is not None and not isinstance(node.value, dict):
        r.problem(node, "conduct", "must be a mapping of family id to reason, cues and patterns")
    elif node is not None:
        parsed = []
        for fid, item in node.value.items():
            field = join("conduct", fid)
            if not isinstance(item.value, dict):
                r.problem(item, field, "must be a mapping with reason, cues, patterns, unless")
                continue
            r.only(item, field, FAMILY_FIELDS)
            reason = r.get(item, "reason", field, str, required=fid not in merged, default="")
            lists = {
                name: entries(r, r.node(item, name), join(field, name), patterns=kind)
                for name, kind in (("cues", None), ("patterns", True), ("unless", False))
            }
            parsed.append((fid, item, field, reason, lists))
        # the pack's own cues against its phrases in one pass; the few that hit, one by one
        # for the phrase to name
        own = [e for *_, lists in parsed for name in ("cues", "patterns") for e in lists[name]]
        hits = {own[i] for i in colliding(own, phrases, language)}
        said = said_phrases(phrases, language) if hits else []
        for fid, item, field, reason, lists in parsed:
            for name in ("cues", "patterns"):
                entries_node = r.node(item, name)
                for entry in lists[name]:
                    hit = collides(entry, phrases, language, said) if entry in hits else None
                    if hit is not None and entries_node is not None:
                        r.problem(
                            entries_node,
                            join(field, name),
                            f"{entry!r} would fail the standard phrase of {hit[0]}: {hit[1]!r}",
                        )
            base = merged.get(fid, ConductFamily(fid, reason or ""))
            merged[fid] = ConductFamily(
                fid,
                reason or base.reason,
                base.cues + tuple(lists["cues"]),
                base.patterns + tuple(lists["patterns"]),
                base.unless + tuple(lists["unless"]),
            )
    return tuple(merged.values()), courtesy + tuple(extra_courtesy)


def service_words(r: Reader, root: Node, language: str) -> tuple[str, ...]:
    """The language's service words and the pack's own ``service:`` phrases (what a guided
    turn's reply may talk about: 物业费, 门禁卡...)."""
    return SERVICE.get(language, ()) + tuple(
        entries(r, r.node(root, "service"), "service", patterns=False)
    )
