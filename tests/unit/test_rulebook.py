"""Drafting a pack from the rulebook: the seed's quoted phrases come out as the table."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED
from tests.unit.test_packs import RULEBOOK_TABLE, _plain, _table_forms
from trainer.core.phrases import expand
from trainer.core.rulebook import convert_quote, draft_from_text

SEED = SHARED / "seed" / "000_719b967ae0312b78.txt"

DRAFT_TO_TURN = {
    "reception.1": "reception.greet",
    "reception.2": "reception.offer_help",
    "reception.3a": "reception.acknowledge",
    "reception.3b": "reception.pardon",
    "reception.4": "reception.wait",
    "reception.5": "reception.sorry_wait",
    "reception.6": "reception.apology",
    "reception.7": "reception.farewell",
    "phone.1": "phone.answer",
    "phone.2": "phone.transfer",
    "phone.3": "phone.not_in",
    "phone.4": "phone.unknown_person",
}


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_seed_draft_matches_the_phrase_table() -> None:
    draft = draft_from_text(SEED.read_text(encoding="utf-8"), company="宇和物业管理")
    assert [t.id for t in draft.turns] == list(DRAFT_TO_TURN)
    for turn in draft.turns:
        forms = {
            _plain(f) for form in turn.forms for f in expand(form, {"company": "宇和物业管理"})
        }
        assert forms == _table_forms(RULEBOOK_TABLE[DRAFT_TO_TURN[turn.id]]), turn.id
    assert draft.turns[8].forms[0].startswith("您好！{company}")
    assert draft.turns[0].situation == "当见到客人时"


def test_quote_conversion() -> None:
    assert convert_quote("请稍候,我去叫他(她)") == ["请稍候，我去叫[他|她]"]
    assert convert_quote("您慢走,再见!(或请走好)") == ["您慢走，再见！", "请走好"]
    assert convert_quote("您请讲(或请讲)。") == ["您请讲。", "请讲。"]
    assert convert_quote("您是否需要留言或传话(视情况可告诉手机号码)") == ["您是否需要留言或传话"]


def test_other_introducers_and_joiners() -> None:
    text = "（二）用语\n1、客人道谢时应答:“不客气”或说“这是我应该做的”。\n2、无引号的一条。\n"
    draft = draft_from_text(text)
    assert [(t.id, t.forms) for t in draft.turns] == [("reception.1", ["不客气", "这是我应该做的"])]
