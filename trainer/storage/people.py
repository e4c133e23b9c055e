"""Trainees, supervisors (argon2-hashed PINs) and exams."""

from __future__ import annotations

import secrets
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from trainer.errors import StorageError
from trainer.storage import recordings
from trainer.storage.base import StoreBase, clean_name, new_id
from trainer.storage.records import AccessDenied, RemovedTrainee, Supervisor, Trainee
from trainer.storage.schema import (
    attempts,
    calls,
    exam_trainees,
    recording_blobs,
    responses,
    reviews,
    supervisors,
    trainees,
    utcnow,
)

MIN_PIN = 6  # digits; a shorter PIN falls to an offline search of its hash in seconds


def check_pin(pin: str) -> str:
    """A new PIN: at least ``MIN_PIN`` characters (digits, or a longer password)."""
    if len(pin) < MIN_PIN:
        raise StorageError(
            f"a supervisor PIN needs at least {MIN_PIN} digits (or a password of {MIN_PIN} "
            "characters or more)"
        )
    return pin


REMOVED = "!removed"  # the secret of a removed supervisor: no PIN ever matches it


class PeopleMixin(StoreBase):
    # -- trainees ---------------------------------------------------------------------------

    def add_trainee(self, name: str, cohort: str | None = None) -> Trainee:
        name = clean_name(name, "trainee")

        def run(conn: Connection) -> Trainee:
            self._name_free(conn, name)
            row_id = new_id(
                conn.execute(insert(trainees).values(name=name, cohort=cohort, created_at=utcnow()))
            )
            self._audit(conn, "system", "trainee.add", f"trainee:{row_id}", name=name)
            return Trainee(int(row_id), name, cohort)

        return self.db.write(run)

    def ensure_trainee(self, name: str, cohort: str | None = None) -> Trainee:
        """The trainee called ``name``, added if new (concurrent callers get the same row)."""
        name = clean_name(name, "trainee")

        def run(conn: Connection) -> Trainee:
            self._insert_ignore(conn, trainees, name=name, cohort=cohort, created_at=utcnow())
            found = self._trainee(conn, name)
            assert found is not None
            if found.removed:
                self._name_free(conn, name)  # says the name belongs to a removed trainee
            return found

        return self.db.write(run)

    def trainee(self, name: str) -> Trainee:
        found = self.db.read(lambda conn: self._trainee(conn, " ".join(name.split())))
        if found is None or found.removed:
            raise StorageError(f"no trainee called {name!r}: add one with `trainer trainee add`")
        return found

    def _trainee(self, conn: Connection, name: str) -> Trainee | None:
        row = conn.execute(select(trainees).where(trainees.c.name == name)).first()
        return Trainee(row.id, row.name, row.cohort, row.removed_at is not None) if row else None

    def list_trainees(self, cohort: str | None = None) -> list[Trainee]:
        """The trainees on the roster (a removed trainee's kept attempts stay in reports)."""
        query = select(trainees).where(trainees.c.removed_at.is_(None)).order_by(trainees.c.name)
        if cohort is not None:
            query = query.where(trainees.c.cohort == cohort)
        rows = self.db.read(lambda conn: conn.execute(query).all())
        return [Trainee(r.id, r.name, r.cohort) for r in rows]

    def _name_free(self, conn: Connection, name: str) -> None:
        found = self._trainee(conn, name)
        if found is not None and found.removed:
            raise StorageError(
                f"a removed trainee, whose attempts were kept, is called {name!r}: choose "
                f"another name, or rename the removed one with `trainer trainee rename`"
            )
        if found is not None:
            raise StorageError(f"there is already a trainee called {name!r}")

    def rename_trainee(self, old: str, new: str, *, actor: str = "system") -> Trainee:
        """Give a trainee (on the roster or removed) another name; their history follows."""
        old, new = " ".join(old.split()), clean_name(new, "trainee")

        def run(conn: Connection) -> Trainee:
            found = self._trainee(conn, old)
            if found is None:
                raise StorageError(f"no trainee called {old!r}: `trainer trainee list` shows them")
            if new != old:
                self._name_free(conn, new)
            conn.execute(update(trainees).where(trainees.c.id == found.id).values(name=new))
            self._audit(
                conn, actor, "trainee.rename", f"trainee:{found.id}", old=old, new=new
            )  # fmt: skip
            return Trainee(found.id, new, found.cohort, found.removed)

        return self.db.write(run)

    def remove_trainee(self, name: str, *, purge: bool, actor: str = "system") -> RemovedTrainee:
        """Take a trainee off the roster. Without ``purge`` their calls and attempts stay (in
        reports and reviews, under their name); with it, every call, attempt, review, response
        and recording of theirs is deleted, the files once the rows are gone."""
        name = " ".join(name.split())

        def run(conn: Connection) -> tuple[RemovedTrainee, list[str]]:
            found = self._trainee(conn, name)
            if found is None:
                raise StorageError(f"no trainee called {name!r}: `trainer trainee list` shows them")
            theirs = select(calls.c.id).where(calls.c.trainee_id == found.id)
            their_attempts = select(attempts.c.id).where(attempts.c.call_id.in_(theirs))
            paths = list(
                conn.execute(
                    select(attempts.c.recording_path).where(
                        attempts.c.call_id.in_(theirs), attempts.c.recording_path.is_not(None)
                    )
                ).scalars()
            )
            n_calls = len(conn.execute(theirs).all())
            n_attempts = len(conn.execute(their_attempts).all())
            conn.execute(delete(exam_trainees).where(exam_trainees.c.trainee_id == found.id))
            if purge:
                conn.execute(delete(reviews).where(reviews.c.attempt_id.in_(their_attempts)))
                conn.execute(
                    delete(recording_blobs).where(recording_blobs.c.attempt_id.in_(their_attempts))
                )
                conn.execute(
                    delete(responses).where(
                        (responses.c.trainee_id == found.id) | responses.c.call_id.in_(theirs)
                    )
                )
                conn.execute(delete(attempts).where(attempts.c.call_id.in_(theirs)))
                conn.execute(delete(calls).where(calls.c.trainee_id == found.id))
                conn.execute(delete(trainees).where(trainees.c.id == found.id))
                detail: dict[str, Any] = {"purged": True}  # the name goes with the data
            else:
                conn.execute(
                    update(trainees).where(trainees.c.id == found.id).values(removed_at=utcnow())
                )
                detail = {"purged": False, "name": name}
                paths = []
            self._audit(
                conn, actor, "trainee.remove", f"trainee:{found.id}",
                calls=n_calls, attempts=n_attempts, recordings=len(paths), **detail,
            )  # fmt: skip
            return RemovedTrainee(name, purge, n_calls, n_attempts, len(paths)), paths

        removed, paths = self.db.write(run)
        for path in paths:
            recordings.remove(self.recordings_dir, path)
        return removed

    # -- supervisors ------------------------------------------------------------------------

    def add_supervisor(self, name: str, pin: str) -> int:
        name = clean_name(name, "supervisor")
        check_pin(pin)
        secret = self.hasher.hash(pin)

        def run(conn: Connection) -> int:
            if conn.execute(select(supervisors.c.id).where(supervisors.c.name == name)).first():
                raise StorageError(f"there is already a supervisor called {name!r}")
            row_id = new_id(
                conn.execute(
                    insert(supervisors).values(name=name, secret_hash=secret, created_at=utcnow())
                )
            )
            self._audit(conn, f"supervisor:{name}", "supervisor.add", f"supervisor:{row_id}")
            return int(row_id)

        return self.db.write(run)

    def supervisor_names(self) -> list[tuple[str, bool]]:
        """Every supervisor's name and whether they may sign in (a removed one may not)."""
        rows = self.db.read(
            lambda conn: conn.execute(
                select(supervisors.c.name, supervisors.c.secret_hash).order_by(supervisors.c.name)
            ).all()
        )
        return [(row.name, row.secret_hash != REMOVED) for row in rows]

    def remove_supervisor(self, name: str) -> None:
        """Stop a supervisor signing in; their reviews and exams stay, with their name."""
        self._set_secret(name, REMOVED, "supervisor.remove")

    def reset_supervisor_pin(self, name: str, pin: str) -> None:
        """A new PIN for a supervisor (a removed one may sign in again)."""
        check_pin(pin)
        self._set_secret(name, self.hasher.hash(pin), "supervisor.reset_pin")

    def _set_secret(self, name: str, secret: str, action: str) -> None:
        name = clean_name(name, "supervisor")

        def run(conn: Connection) -> None:
            changed = conn.execute(
                update(supervisors).where(supervisors.c.name == name).values(secret_hash=secret)
            )
            if not changed.rowcount:
                raise StorageError(f"there is no supervisor called {name!r}")
            self._audit(conn, "cli", action, f"supervisor:{name}")

        self.db.write(run)

    def verify_supervisor(self, name: str, pin: str) -> Supervisor:
        """Check a supervisor's PIN; the returned ``Supervisor`` authorises review actions on
        this repository. Raises ``AccessDenied`` (same message for a wrong name or PIN)."""
        name = " ".join(name.split())
        row = self.db.read(
            lambda conn: conn.execute(select(supervisors).where(supervisors.c.name == name)).first()
        )
        denied = AccessDenied("wrong supervisor name or PIN")
        try:
            # An unknown name costs a hash too, so timing does not tell which names exist.
            self.hasher.verify(row.secret_hash if row else self._dummy_hash(), pin)
            if row is None:
                raise denied
        except (VerificationError, InvalidHashError):
            self.db.write(lambda conn: self._audit(conn, f"supervisor:{name}", "pin.rejected"))
            raise denied from None
        assert row is not None
        if self.hasher.check_needs_rehash(row.secret_hash):
            new_hash = self.hasher.hash(pin)
            self.db.write(
                lambda conn: conn.execute(
                    update(supervisors)
                    .where(supervisors.c.id == row.id)
                    .values(secret_hash=new_hash)
                )
            )
        token = secrets.token_urlsafe(16)
        self._sessions[token] = row.id
        return Supervisor(row.id, row.name, token, pin_too_short=len(pin) < MIN_PIN)

    def change_pin(self, supervisor: Supervisor, new_pin: str) -> Supervisor:
        """A signed-in supervisor's new PIN (the rule of ``check_pin``); returns the
        supervisor, no longer flagged ``pin_too_short``."""
        sup = self._require_supervisor(supervisor)
        check_pin(new_pin)
        secret = self.hasher.hash(new_pin)

        def run(conn: Connection) -> None:
            conn.execute(
                update(supervisors).where(supervisors.c.id == sup.id).values(secret_hash=secret)
            )
            self._audit(conn, f"supervisor:{sup.name}", "pin.change", f"supervisor:{sup.id}")

        self.db.write(run)
        return Supervisor(sup.id, sup.name, sup.token, pin_too_short=False)

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_hex(16))
        return self._dummy

    def _require_supervisor(self, supervisor: Any) -> Supervisor:
        if not isinstance(supervisor, Supervisor) or self._sessions.get(supervisor.token) != (
            supervisor.id
        ):
            raise AccessDenied(
                "only a supervisor can change a score: verify the supervisor's PIN first"
            )
        return supervisor
