"""The exceptions a user can cause, drawn once:

OmstillingError                 anything the CLI prints as one line and exits 1 on
 ├── InputError                 input that breaks a rule; lists every problem, nothing is written
 ├── NotFound                   a programme, project or meeting that does not exist
 └── AmbiguousProgramme         no programme named while the database holds several
"""

from __future__ import annotations

from dataclasses import dataclass

RECORD = "(posten)"  # a Problem's field when the rule is about the record as a whole


class OmstillingError(Exception):
    """Base class: an error with a message meant for the person at the keyboard."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a field, or sheet/row/column) and what."""

    field: str
    message: str
    value: object = None

    def __str__(self) -> str:
        """`grant_amount: -10 — må være 0 eller mer`: the value, when there is one, before what is wrong with it
        (as a workbook's lines read)."""
        if self.value is None:
            return f"{self.field}: {self.message}"
        return f"{self.field}: {quoted(self.value)} — {self.message}"


def quoted(value: object) -> str:
    """A value as the user gave it: text in «» (blank text as `(tom)`), a list item by item, anything else as
    it prints."""
    if isinstance(value, str):
        return f"«{value}»" if value.strip() else "(tom)"
    if isinstance(value, list | tuple):
        return ", ".join(quoted(item) for item in value) or "(tom)"
    return str(value)


class InputError(OmstillingError):
    """Input that breaks one or more rules. Nothing has been written. `what` names the record in Norwegian
    (`prosjekt 2014-02`), as in `ugyldig prosjekt 2014-02: end_date: prosjektet kan ikke slutte før det starter`."""

    def __init__(self, what: str, problems: list[Problem]):
        self.what = what
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(f"ugyldig {what}: {listed}")


class NotFound(OmstillingError):
    """Something the user named does not exist."""


class AmbiguousProgramme(OmstillingError):
    """No programme was named but the database holds more than one. The message lists them; `hint` says where
    to name one, in the words of the way in (`--programme` on the command line, the field in a Prefect form)."""

    def __init__(self, slugs: list[str], hint: str = "oppgi hvilket det gjelder"):
        self.slugs = list(slugs)
        self.hint = hint
        super().__init__(f"databasen har flere program ({', '.join(self.slugs)}): {hint}")

    def with_hint(self, hint: str) -> AmbiguousProgramme:
        """The same error, told how to choose where the person is."""
        return AmbiguousProgramme(self.slugs, hint)
