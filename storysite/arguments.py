"""The command line read: its commands and options, and, for a slip in what was typed
(a misspelt command or option, a slug with a space, a port that is no port), one line
naming it and what was most likely meant, never argparse's usage block."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from .errors import one_line
from .slugs import meant_slug


class _OneLineParser(argparse.ArgumentParser):
    """Says what is wrong in one line, `python build.py serve: error: ...`, as every other
    problem is said; `--help` still shows the whole usage."""

    def error(self, message: str):
        self.exit(2, one_line(f"{self.prog}: error: {message}") + "\n")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line's parser, and each command's, by name (see read_arguments)."""
    parser = _OneLineParser(
        prog="python build.py", description="Build the bilingual Taobao villages story site."
    )
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: here)")
    common = argparse.ArgumentParser(add_help=False)  # so --project may also follow the command
    common.add_argument("--project", type=Path, default=argparse.SUPPRESS, help="project folder")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build", parents=[common], help="build the site into the output folder (the default)"
    )
    build.add_argument("--output", type=Path, help="output folder (default: site.yaml's output, _site/)")
    check = commands.add_parser(
        "check", parents=[common], help="validate everything without writing anything"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    serve = commands.add_parser("serve", parents=[common], help="preview with drafts and live reload")
    serve.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port, 1 to 65535 (default 8000)")
    new = commands.add_parser(
        "new",
        parents=[common],
        help="scaffold a chapter in every language",
        usage="python build.py new [-h] [--project PROJECT] slug",
    )
    new.add_argument("slug", nargs="?", help="lowercase letters, digits and hyphens, e.g. night-market")
    status = commands.add_parser(
        "status", parents=[common], help="which translations are current, stale or missing"
    )
    status.add_argument(
        "--mark", metavar="SLUG", help="record that SLUG's translations follow the current original"
    )
    return parser, commands.choices


def _port(text: str) -> int:
    """--port: a port a browser can be sent to. Not 0, which asks the system for any
    free port: the preview would not know which, nor could it say where it is."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 1 to 65535, e.g. 8000")
    return port


def _host(text: str) -> str:
    """--host: an empty one would listen on every address, and the preview could not
    say where to find it."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give an address, e.g. 127.0.0.1 (the default)")
    return text.strip()


def read_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line, read. The slug is optional to argparse only so that one typed
    with a leading hyphen (`new -night`) is named, not reported as missing: argparse
    reads it as an option it does not know."""
    parser, commands = _parser()
    typed = _typed_command(argv)
    if typed is not None and typed not in commands:
        listed = "the commands are " + ", ".join(commands)
        parser.error(f"there is no command '{typed}'{_meant(typed, commands, listed)}")
    args, unknown = parser.parse_known_args(argv)
    if args.command == "new":
        _read_slug(args, unknown, commands["new"])
    if unknown:
        parser.error(_unknown_option(unknown[0], args.command or "build", commands))
    return args


def _typed_command(argv: list[str]) -> str | None:
    """The first word that is neither an option nor --project's folder."""
    words = iter(argv)
    for word in words:
        if word == "--project":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _read_slug(args: argparse.Namespace, unknown: list[str], new: argparse.ArgumentParser) -> None:
    if args.slug is None and unknown and unknown[0].startswith("-"):
        new.error(
            f"'{unknown[0]}' is read as an option; a slug cannot start with a hyphen: "
            "use lowercase letters, digits and single hyphens, e.g. night-market"
        )
    if args.slug is None:
        new.error("name the new chapter: python build.py new SLUG, e.g. python build.py new night-market")
    words = [args.slug, *(word for word in unknown if not word.startswith("-"))]
    if len(words) > 1:  # `new night market`: the shell split what was meant as one slug
        meant = meant_slug(" ".join(words))
        new.error(
            f"'{' '.join(words)}' is not one slug: a slug has no spaces"
            + (f"; did you mean '{meant}'?" if meant else "")
        )


def _unknown_option(word: str, command: str, commands: dict[str, argparse.ArgumentParser]) -> str:
    options = [o for action in commands[command]._actions for o in action.option_strings]
    name = word.split("=", 1)[0]
    if name in options:  # typed before the command, where only --project is read
        return f"'{word}' belongs after the command: python build.py {command} {word}"
    listed = f"python build.py {command} --help lists them all"
    return f"{command} has no option '{word}'{_meant(name, options, listed)}"


def _meant(typed: str, choices, otherwise: str) -> str:
    """': did you mean X? (otherwise)', or ': otherwise' where nothing is close."""
    close = difflib.get_close_matches(typed, list(choices), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'? ({otherwise})" if close else f": {otherwise}"
