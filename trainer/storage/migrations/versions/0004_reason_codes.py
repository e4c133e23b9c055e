"""Reasons stored as codes with parameters (rendered in the viewer's language), not as English
sentences. Attempts saved from now on hold their whole verdict (``core.record``); this turns
the sentences of older attempts back into codes where a template matches and keeps any other
as it was written. Their diff was never stored, so none is made up.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from trainer.core.record import codes_from_text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

attempts = sa.table("attempts", sa.column("id", sa.Integer), sa.column("breakdown", sa.JSON))


def _convert(breakdown: dict[str, Any], to_codes: bool) -> dict[str, Any]:
    from trainer.core.record import reason_texts

    out = dict(breakdown)
    for part in ("reasons", "notes"):
        items = breakdown.get(part) or []
        if to_codes:
            out[part] = [codes_from_text(i) if isinstance(i, str) else i for i in items]
        else:
            out[part] = reason_texts(breakdown, "en", part)
    return out


def _rewrite(to_codes: bool) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(attempts.c.id, attempts.c.breakdown)).all()
    for row in rows:
        breakdown = row.breakdown
        if not isinstance(breakdown, dict) or breakdown.get("format") == 2:
            continue  # nothing stored, or already a whole verdict
        changed = _convert(breakdown, to_codes)
        if changed != breakdown:
            conn.execute(attempts.update().where(attempts.c.id == row.id).values(breakdown=changed))


def upgrade() -> None:
    _rewrite(to_codes=True)


def downgrade() -> None:
    _rewrite(to_codes=False)
