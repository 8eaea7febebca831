"""The time zone a programme lives in when nothing else is said: the one home of that default.

A programme's own zone is `Programme.timezone` (its snapshot's `timezone`): its deadlines, meetings and the
instants its pages show are in it. The installation's zone (`OMSTILLING_TIMEZONE`, read by `omstilling.clock`)
says what "today" is for the daily tick and the command line; both default to this."""

from __future__ import annotations

DEFAULT_TIMEZONE = "Europe/Oslo"
