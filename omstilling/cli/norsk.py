"""Typer's own words in the help and in usage errors, in Norwegian: its panel titles, "Usage:", the help
option's text. Typer 0.29 carries its own copy of Click with these words written in; we replace them here,
once, when the CLI is imported.

The panel titles live in `typer.rich_utils`, which Typer imports only to show help or an error (with Rich's Markdown
and tracebacks, and attrs: ~60 ms of a command's start); they are replaced right after it is imported, whenever
that is, so a command that neither asks for help nor fails does not load it."""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import typer._click.decorators as decorators
import typer._click.exceptions as exceptions
import typer._click.formatting as formatting

NORSK = {
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Se '{command} {option}' for hjelp.",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Missing argument": "Mangler argument",
    "Missing option": "Mangler valg",
    "Missing parameter": "Mangler parameter",
    "Missing command.": "Mangler kommando.",
    "No such option {name!r}.": "Ukjent valg {name!r}.",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig {number_type}.",
    "integer": "heltall",
    "Aborted!": "Avbrutt!",
    "default: {default}": "standard: {default}",
}


def install() -> None:
    if getattr(formatting, "_omstilling_norsk", False):
        return
    english_help_option = decorators.help_option

    def help_option(param_decls):
        add = english_help_option(param_decls)

        def decorate(command):
            command = add(command)
            command.params[-1].help = NORSK["Show this message and exit."]
            return command

        return decorate

    decorators.help_option = help_option
    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_norsk(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Bruk: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_norsk
    for cls, replacements in (
        (
            exceptions.BadParameter,
            (
                ("Invalid value for ", "Ugyldig verdi for "),
                ("Invalid value: ", "Ugyldig verdi: "),
                (" is not in the range ", " er utenfor "),
                (" is not a valid integer", " er ikke et heltall"),
                ("Input should be a valid integer, unable to parse string as an integer", "må være et heltall"),
                ("Input should be a valid integer", "må være et heltall"),
                ("Input should be less than or equal to ", "må være høyst "),
                ("Input should be greater than or equal to ", "må være minst "),
            ),
        ),
        (
            exceptions.MissingParameter,
            (
                ("Missing argument", "Mangler argumentet"),
                ("Missing option", "Mangler valget"),
                ("Missing parameter", "Mangler"),
            ),
        ),
        (
            exceptions.NoSuchOption,
            (
                ("No such option:", "Ukjent valg:"),
                ("Did you mean", "Mente du"),
                ("(Possible options:", "(Mulige valg:"),
            ),
        ),
    ):
        _translate(cls, replacements)
    formatting._omstilling_norsk = True
    after_import("typer.rich_utils", _panels)


def _panels(rich_utils: Any) -> None:  # typer.rich_utils
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenter"
    rich_utils.OPTIONS_PANEL_TITLE = "Valg"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandoer"
    rich_utils.ERRORS_PANEL_TITLE = "Feil"
    rich_utils.ABORTED_TEXT = "Avbrutt."
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[påkrevd]"
    rich_utils.RICH_HELP = "Se [blue]'{command_path} {help_option}'[/] for hjelp."


def _translate(cls, replacements) -> None:
    english = cls.format_message

    def format_message(self) -> str:
        text = english(self)
        for old, new in replacements:
            text = text.replace(old, new)
        return text

    cls.format_message = format_message


def after_import(name: str, then: Callable[[ModuleType], None]) -> None:
    """`then(module)` once the module `name` is imported: now, if it is already, or right after it is."""
    if name in sys.modules:
        then(sys.modules[name])
    else:
        sys.meta_path.insert(0, _Then(name, then))


class _Then(importlib.abc.MetaPathFinder):
    """Finds the one module as the other finders do, and gives its loader a last step."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then, self.done = name, then, False

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> Any:
        # Once the module has run (it stays on sys.meta_path: removing it could make an import elsewhere skip a
        # finder); a spec asked for without importing (`importlib.util.find_spec`) does not use it up.
        if fullname != self.name or self.done:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(fullname, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenLoader(spec.loader, self)
                return spec
        return None


class _ThenLoader(importlib.abc.Loader):
    """The module's own loader, and then `then(module)`."""

    def __init__(self, loader: Any, finder: _Then) -> None:
        self.loader, self.finder = loader, finder

    def create_module(self, spec: Any) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        if not self.finder.done:
            self.finder.done = True
            self.finder.then(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, … for tracebacks and inspect
        return getattr(self.loader, name)
