"""The exceptions a user can cause, drawn once:

    OmstillingError                 anything the CLI prints as one line and exits 1 on
     ├── InputError                 input that breaks a rule; lists every problem, nothing is written
     ├── NotFound                   a programme, project or meeting that does not exist
     └── AmbiguousProgramme         --programme left out while the database holds several
"""

from __future__ import annotations

from dataclasses import dataclass


class OmstillingError(Exception):
    """Base class: an error with a message meant for the person at the keyboard."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a field, or sheet/row/column) and what."""

    field: str
    message: str
    value: object = None

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (got {self.value!r})"
        return f"{self.field}: {self.message}{shown}"


class InputError(OmstillingError):
    """Input that breaks one or more rules. Nothing has been written."""

    def __init__(self, what: str, problems: list[Problem]):
        self.what = what
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(f"invalid {what}: {listed}")


class NotFound(OmstillingError):
    """Something the user named does not exist."""


class AmbiguousProgramme(OmstillingError):
    """--programme was left out but the database holds more than one programme."""
