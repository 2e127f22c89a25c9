"""Contract tests: each outside service's documented behaviour, asserted against a target.

A contract module writes its assertions once, from the service's own documentation (each
test cites the page), and runs them against every target: our stand-in always, and the
real service when `make test-contracts` runs with the service's variable set (each
contract module names its variable; the README lists them). Elsewhere (`make test`, CI)
the real target is skipped with the reason, so a `.env` that names a real service never
sends the everyday test run over the network.
"""

from __future__ import annotations

import os

import pytest

STAND_IN, REAL = "stand-in", "real"


def targets(variable: str, example: str) -> list:
    """Parameters for a contract module's target fixture: the stand-in, and the real service.

    `variable` names the real service (its value is in os.environ); `example` shows a value.
    """
    real = os.environ.get(variable, "") if os.environ.get("CONTRACTS_REAL") == "1" else ""
    reason = f"the real service: run `{variable}={example} make test-contracts`"
    return [
        pytest.param(STAND_IN, id=STAND_IN),
        pytest.param(real, id=REAL, marks=pytest.mark.skipif(not real, reason=reason)),
    ]
