"""One error type for everything an editor can get wrong.

Every problem the generator finds in the project carries the file and line it
comes from, formats itself as ``path:line: severity: message`` and is collected
rather than raised one at a time, so a build reports all its problems at once.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    """An error stops the build; a warning is reported and the build goes on."""

    ERROR = "error"
    WARNING = "warning"


ERROR, WARNING = Severity.ERROR, Severity.WARNING


def one_line(text: str) -> str:
    """Control characters (a newline typed into a file name or a quoted value) shown
    as escapes, so that every problem stays on one line of the terminal."""
    return CONTROL.sub(_escaped, text)


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's category Cc, exactly


def _escaped(match: re.Match) -> str:
    return repr(match.group())[1:-1]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: Severity = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {self.severity.value}: {self.message}")

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.message)


class Interrupted(KeyboardInterrupt):
    """Ctrl+C (or `kill`) once a build may have changed the output folder: the editor is
    told what the folder now holds, which a plain KeyboardInterrupt (nothing written
    yet) leaves unsaid."""

    def __init__(self, outcome: str):
        super().__init__(outcome)
        self.outcome = outcome


class SiteError(Exception):
    """Raised with one or more problems when the project cannot be built."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: p.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # travels back from a worker process intact
        return (SiteError, (self.problems,))

    @classmethod
    def single(cls, path: str | Path, line: int | None, message: str) -> SiteError:
        return cls([Problem(str(path), line, message)])


@dataclass
class Problems:
    """Collects problems across a build; raises once, at a stage boundary."""

    items: list[Problem] = field(default_factory=list)
    # Each problem once: a derived edition is checked with the text it comes from, so one
    # slip in a Simplified file would otherwise be reported again for the Traditional.
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def error(self, path: str | Path, line: int | None, message: str) -> None:
        self.extend([Problem(str(path), line, message, ERROR)])

    def warn(self, path: str | Path, line: int | None, message: str) -> None:
        self.extend([Problem(str(path), line, message, WARNING)])

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in self._seen:
                self._seen.add(problem)
                self.items.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SiteError(self.errors)
