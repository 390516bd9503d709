"""Documented commands are tested commands: every shell command and Python snippet in
README.md and docs/ runs as written, in a fresh copy of the repository's tracked files, after
``make solve`` as the docs assume, and no tracked file changes.

What counts as a command: each line of a ``sh`` block, each ``$ `` line of a ``console``
block, each inline code span that starts with ``.venv/bin/``; a ``python`` block runs as a
plain script (no ``if __name__ == "__main__":`` guard, as a planner saves it). A command
exits 0 unless its line ends with ``# exit N``. The copy imports its own ``src``
(``PYTHONPATH``) and runs the tools of this checkout's ``.venv``.

A page's first ``plan`` command runs as a shell runs it, so ``.venv/bin/plan`` is tested as
the docs promise; its further plain ``plan`` commands (no shell syntax) run in this process
through click's runner, in the copy and its environment, as ``plan`` itself would: the
command counts its time limit from its own start, and the exit code is the same. Starting
Python and importing pandas, SciPy and OR-Tools took a second or more of every command, a
third of the documentation pages' time (issue 31: a suite run often).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NOT_RUN = {"make test": "the suite itself; CI runs it"}
"""Documented commands the suite does not run, and why."""

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`(\.venv/bin/[^`]+)`")
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


@dataclass(frozen=True)
class Snippet:
    """One documented command or script, where it stands, and the exit code it must give."""

    doc: str
    line: int
    kind: str
    text: str
    exit_code: int = 0

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.text.splitlines()[0]}"


def snippets(doc: Path) -> list[Snippet]:
    """Every command and script of ``doc``, in order."""
    text = doc.read_text(encoding="utf-8")
    name = str(doc.relative_to(ROOT))
    found: list[tuple[int, Snippet]] = []
    for match in FENCE.finditer(text):
        kind, body = match.group(1), match.group(2)
        first = text.count("\n", 0, match.start()) + 2
        if kind == "python":
            found.append((match.start(), Snippet(name, first, "python", body)))
        elif kind in ("sh", "console"):
            for offset, line in enumerate(_commands(body, prompt=kind == "console")):
                if line is not None:
                    found.append((match.start() + offset, _command(name, first + offset, line)))
    for match in INLINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append((match.start(), _command(name, line, match.group(1))))
    return [s for _pos, s in sorted(found, key=lambda f: f[0])]


def _commands(body: str, *, prompt: bool) -> list[str | None]:
    """A block's commands by line (None for lines that are not one): continued lines joined,
    comment lines skipped; in a console block only the lines after ``$ ``."""
    lines: list[str | None] = []
    pending = ""
    for raw in body.splitlines():
        if prompt:
            raw = raw[2:] if raw.startswith("$ ") else ""
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            lines.append(None)
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            lines.append(None)
            continue
        lines.append(pending + stripped)
        pending = ""
    return lines


def _command(doc: str, line: int, command: str) -> Snippet:
    expected = EXIT.search(command)
    return Snippet(doc, line, "sh", command, int(expected.group(1)) if expected else 0)


DOCS = [d for d in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))] if snippets(d)]
"""The pages that show a command."""


def _fresh_copy(folder: Path) -> Path:
    """The tracked files of the repository, as a clone has them, with this checkout's
    ``.venv`` (its interpreter and packages, linked; the copy's own ``src`` is imported) and
    an up-to-date stamp, so ``make`` does not install anything."""
    copy = folder / "repo"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, tracked):
        source = ROOT / name.decode()
        if source.is_file():
            target = copy / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    real, venv = Path(sys.prefix), copy / ".venv"
    venv.mkdir()
    for entry in real.iterdir():
        if entry.name == "pyvenv.cfg":
            shutil.copy2(entry, venv / entry.name)
        elif entry.is_dir():
            (venv / entry.name).symlink_to(entry)
    (venv / ".installed").touch()
    return copy


def _digests(copy: Path) -> dict[str, str]:
    """Each tracked file of the copy and a digest of its bytes."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {
        name: hashlib.sha256((copy / name).read_bytes()).hexdigest()
        for name in tracked
        if (copy / name).is_file()
    }


def _environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy / "src")
    env["PATH"] = f"{copy / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PLAN_LANG", None)
    env["MPLBACKEND"] = "Agg"
    return env


PLAN = {"plan", ".venv/bin/plan"}
"""How the docs call the tool."""

OWN_PROCESS = {
    "serve": "a server, run as a planner starts it",
    "--executor": "a Dask cluster of its own processes",
}
"""Arguments of a ``plan`` command that keep it in a process of its own, and why."""

SHELL = re.compile(r"[|&;<>()$`*?\[\]{}~\\]")
"""Characters the shell would read as more than a word's letters (a pipe, a redirection, a
variable, a glob...), quoted or not: a command with one runs in the shell."""


def _plain_plan(snippet: Snippet) -> list[str] | None:
    """The arguments of a ``plan`` command the shell would pass as they are written (no
    pipe, redirection, variable, glob or list; quotes and a trailing comment allowed), else
    None."""
    if snippet.kind != "sh":
        return None
    words = shlex.split(snippet.text, comments=True)
    if not words or words[0] not in PLAN or OWN_PROCESS.keys() & set(words):
        return None
    if any(SHELL.search(word) for word in words[1:]):
        return None
    return words[1:]


def _in_process(
    args: list[str], copy: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``plan ARGS`` run by click's runner in the copy with ``env``, as the console script
    would run it (a fault of the tool is its exit 3, not an exception here)."""
    changes = {name: value for name, value in env.items() if os.environ.get(name) != value}
    unset = {name: None for name in os.environ if name not in env}
    runner = CliRunner(env={**changes, **unset})
    with contextlib.chdir(copy):
        done = runner.invoke(main, args, catch_exceptions=False)
    return subprocess.CompletedProcess(["plan", *args], done.exit_code, done.stdout, done.stderr)


def _run(snippet: Snippet, copy: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if snippet.kind == "python":
        script = copy / ".snippet.py"
        script.write_text(snippet.text, encoding="utf-8")
        args = [sys.executable, str(script)]
    else:
        args = ["bash", "-c", snippet.text]
    return subprocess.run(
        args, cwd=copy, env=env, capture_output=True, text=True, check=False, timeout=600
    )


@dataclass(frozen=True)
class Solved:
    """A fresh copy where ``make solve`` has run, kept aside as ``pristine``; the tracked
    files' digests before ``make solve``."""

    pristine: Path
    copy: Path
    before: dict[str, str]

    def fresh(self) -> Path:
        """``copy`` as ``make solve`` left it, at the path it ran in: ``plans.json`` records
        the instance by its absolute path, and a page's commands must read their own copy."""
        if self.copy.exists():
            shutil.rmtree(self.copy)
        shutil.copytree(self.pristine, self.copy, symlinks=True)
        return self.copy


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    """``make solve`` once for every page (it solved Heze again for each of 12 pages, about
    8 s each); each page then runs in the copy restored as it left it."""
    copy = _fresh_copy(tmp_path_factory.mktemp("docs"))
    before = _digests(copy)
    setup = _run(Snippet("Makefile", 1, "sh", "make solve"), copy, _environment(copy))
    assert setup.returncode == 0, setup.stderr
    pristine = copy.with_name("pristine")
    shutil.copytree(copy, pristine, symlinks=True)
    return Solved(pristine, copy, before)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_documented_command_runs_as_written(doc: Path, solved: Solved) -> None:
    """Each command of the page gives the exit code it is documented with, in order, in a
    fresh copy where ``make solve`` has run; tracked files stay as they were."""
    found = snippets(doc)
    copy = solved.fresh()
    before = solved.before
    env = _environment(copy)
    spawned = False
    for snippet in found:
        if snippet.text.split("#")[0].strip() in NOT_RUN:
            continue
        args = _plain_plan(snippet)
        if args is not None and spawned:
            done = _in_process(args, copy, env)
        else:
            spawned = spawned or args is not None
            done = _run(snippet, copy, env)
        assert done.returncode == snippet.exit_code, f"{snippet}\n{done.stdout}\n{done.stderr}"
    after = _digests(copy)
    changed = sorted(name for name, digest in before.items() if after.get(name) != digest)
    assert not changed, f"documented commands changed tracked files: {changed}"


def test_the_documented_commands_are_found() -> None:
    """The harness sees the commands a reader sees: a sh block's lines (continuations joined,
    comments dropped), a console block's prompts, inline .venv/bin spans, exit annotations."""
    readme = snippets(ROOT / "README.md")
    assert [s.text for s in readme][:2] == [
        "make solve     # installs, then runs: plan solve instances/heze.yaml",
        "make test      # installs, then runs the whole test suite",
    ]
    assert any(s.kind == "python" for s in readme)
    assert any(s.text.startswith(".venv/bin/plan plot") for s in readme)
    languages = snippets(ROOT / "docs" / "languages.md")
    assert any("pybabel update --ignore-pot-creation-date" in s.text for s in languages)
    assert _command("x.md", 1, "plan check instances/heze.yaml  # exit 1").exit_code == 1


def test_only_plain_plan_commands_run_in_process() -> None:
    """A ``plan`` command the shell passes as written may run in this process; one with a
    pipe, a redirection, a variable, another program, a server or a Dask cluster runs in
    the shell, as written."""
    plain = _command("x.md", 1, "plan solve 'a b.yaml' --lang zh  # exit 2")
    assert _plain_plan(plain) == ["solve", "a b.yaml", "--lang", "zh"]
    assert _plain_plan(_command("x.md", 1, ".venv/bin/plan check x.yaml")) == ["check", "x.yaml"]
    for shell in (
        "plan check x.yaml | head",
        "plan check x.yaml > out.txt",
        "plan check $HOME/x.yaml",
        "plan check *.yaml",
        "mkdir -p results",
        "plan serve --host 0.0.0.0",
        "plan solve x.yaml --executor dask",
    ):
        assert _plain_plan(_command("x.md", 1, shell)) is None, shell
    assert _plain_plan(Snippet("x.md", 1, "python", "plan = 1")) is None
