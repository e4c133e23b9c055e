"""PINs: a new one has at least 6 digits; one set before that rule still signs in, flagged
so the sign-in asks for a new one, and changing it is audited."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import insert

from trainer.cli import cli
from trainer.errors import StorageError
from trainer.storage import open_repository
from trainer.storage.records import AccessDenied
from trainer.storage.schema import supervisors, utcnow


@pytest.mark.parametrize("pin", ["1234", "12345", ""])
def test_a_short_new_pin_is_refused(pin: str) -> None:
    with open_repository() as repo, pytest.raises(StorageError, match="at least 6 digits"):
        repo.add_supervisor("Choi", pin)
    result = CliRunner().invoke(cli, ["supervisor", "add", "Choi"], input=f"{pin}\n{pin}\n")
    if pin:  # an empty answer makes click ask again until input runs out
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines()[-1].startswith("error: a supervisor PIN needs")


def test_an_old_short_pin_is_flagged_until_changed() -> None:
    with open_repository() as repo:
        old_hash = repo.hasher.hash("1234")  # set before the 6-digit rule
        repo.db.write(
            lambda conn: conn.execute(
                insert(supervisors).values(name="Choi", secret_hash=old_hash, created_at=utcnow())
            )
        )
        sup = repo.verify_supervisor("Choi", "1234")
        assert sup.pin_too_short
        with pytest.raises(StorageError, match="at least 6"):
            repo.change_pin(sup, "4321")
        changed = repo.change_pin(sup, "864213")
        assert not changed.pin_too_short
        assert repo.audit_entries(1)[0]["action"] == "pin.change"
        with pytest.raises(AccessDenied):
            repo.verify_supervisor("Choi", "1234")
        assert not repo.verify_supervisor("Choi", "864213").pin_too_short
