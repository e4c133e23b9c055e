"""One supervisor sign-in per app session: every supervisor screen uses it, and it is
forgotten after a quiet spell (no key pressed on a supervisor screen for ``timeout`` seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

QUIET_S = 600.0


class SignIn:
    def __init__(self, timeout: float = QUIET_S, clock: Callable[[], float] = time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self._supervisor: Any = None
        self._last = 0.0

    def set(self, supervisor: Any) -> None:
        self._supervisor, self._last = supervisor, self.clock()

    def current(self) -> Any:
        """The signed-in supervisor, or None once the sign-in has been quiet too long."""
        if self._supervisor is not None and self.clock() - self._last > self.timeout:
            self._supervisor = None
        return self._supervisor

    def touch(self) -> None:
        if self.current() is not None:
            self._last = self.clock()
