"""A result folder is replaced whole, and no file the tool did not write is touched (issue 28):
the planner's files survive ``solve`` and ``solve --force``, an earlier result is refused
when the files are written, a kill at any step of the swap leaves the old result or the new
one, two writers take turns, and no reader of a result is led out of its folder."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner import InputError, Result, SolveOptions, load_instance, solve, write_result
from pairing_planner.api import load_result
from pairing_planner.cli import main
from pairing_planner.instance.instance import Instance
from pairing_planner.io import locks
from pairing_planner.io.file_sets import Output, write_together
from pairing_planner.io.manifest import MANIFEST, checksum, read_manifest
from pairing_planner.io.plans import read_plan
from pairing_planner.io.result_folders import Part, inside, replacing_folder, writing_file
from pairing_planner.report.files import result_dir
from tests.conftest import INSTANCES, ROOT

HEZE = INSTANCES / "heze-as-stated.yaml"
NAME = "heze-as-stated"
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "COLUMNS": "1000"}


def run(*args: str) -> tuple[int, str]:
    """``plan ARGS``: the exit code and stderr, its lines joined (rich wraps them)."""
    done = CliRunner(env=ENGLISH).invoke(main, list(args), catch_exceptions=False)
    return done.exit_code, " ".join(done.stderr.split())


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) by its path there, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def instance() -> Instance:
    return load_instance(HEZE)


@pytest.fixture(scope="module")
def one(instance: Instance) -> Result:
    """A result of one plan (read back, as a child process reads it)."""
    return Result.from_json(solve(instance).to_json())


@pytest.fixture(scope="module")
def two(instance: Instance) -> Result:
    """A result of two plans: replacing ``one`` by it adds plan-2.csv."""
    return Result.from_json(solve(instance, SolveOptions(plans=2)).to_json())


def test_the_planners_files_survive_solve_and_solve_force(tmp_path: Path) -> None:
    """plan-edited.csv (a planner's, in the result folder) is kept, byte for byte, by a
    refused solve and by solve --force; an earlier result's surplus plan goes."""
    out = tmp_path / "out"
    assert run("solve", str(HEZE), "--out", str(out), "--plans", "2", "--quiet")[0] == 0
    folder = out / NAME
    edited = folder / "plan-edited.csv"
    edited.write_bytes(b"helper_id,recipient_id\r\nmine,mine\r\n")
    before = files_of(folder)
    code, err = run("solve", str(HEZE), "--out", str(out), "--quiet")
    assert code == 2 and "already holds a result" in err
    assert files_of(folder) == before
    assert run("solve", str(HEZE), "--out", str(out), "--force", "--quiet")[0] == 0
    assert edited.read_bytes() == b"helper_id,recipient_id\r\nmine,mine\r\n"
    assert not (folder / "plan-2.csv").exists()
    assert sorted(os.listdir(out)) == [NAME]


def test_a_planners_plan_csv_is_never_replaced(tmp_path: Path) -> None:
    """A plan-1.csv the tool did not write: solve exits 2 naming it before solving, even
    with --force, and leaves it as it was."""
    folder = tmp_path / NAME
    folder.mkdir()
    (folder / "plan-1.csv").write_text("my own plan\n", encoding="utf-8")
    for extra in ([], ["--force"]):
        code, err = run("solve", str(HEZE), "--out", str(tmp_path), "--quiet", *extra)
        assert code == 2 and "plan-1.csv" in err and "never replaced" in err
    assert os.listdir(folder) == ["plan-1.csv"]
    assert (folder / "plan-1.csv").read_text(encoding="utf-8") == "my own plan\n"


def test_a_planners_file_found_when_writing_stops_the_write(
    tmp_path: Path, instance: Instance, two: Result
) -> None:
    """A planner's plan-2.csv (not checked before solving) is found when the files are
    written: nothing is written, the earlier result and their file stay, no temporary."""
    folder = tmp_path / NAME
    folder.mkdir()
    (folder / "plan-2.csv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match="never replaced") as error:
        write_result(instance, two, tmp_path, force=True)
    assert error.value.problems[0].file == folder / "plan-2.csv"
    assert os.listdir(folder) == ["plan-2.csv"]
    assert sorted(os.listdir(tmp_path)) == [NAME]


def test_an_edited_file_of_ours_counts_as_the_planners(
    tmp_path: Path, instance: Instance, one: Result
) -> None:
    """plan-1.csv opened and saved with a change is the planner's now: --force refuses to
    replace it rather than lose the change."""
    folder = write_result(instance, one, tmp_path)
    with (folder / "plan-1.csv").open("a", encoding="utf-8") as edited:
        edited.write("a note\n")
    with pytest.raises(InputError, match="never replaced"):
        write_result(instance, one, tmp_path, force=True)
    assert (folder / "plan-1.csv").read_text(encoding="utf-8-sig").endswith("a note\n")


def test_a_result_written_while_solving_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, instance: Instance, one: Result
) -> None:
    """Two solves to one folder without --force: the one that writes second exits 2 when it
    writes (the check before solving passed for both) and the first one's result stays."""
    import pairing_planner.api as api

    solve_alone = api.solve

    def another_solve_writes_meanwhile(*args: object, **kwargs: object) -> Result:
        write_result(instance, one, tmp_path)
        return solve_alone(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "solve", another_solve_writes_meanwhile)
    code, err = run("solve", str(HEZE), "--out", str(tmp_path), "--plans", "2", "--quiet")
    assert code == 2 and "already holds a result, so this one was not written" in err
    assert load_result(tmp_path / NAME).plans == one.plans
    assert not (tmp_path / NAME / "plan-2.csv").exists()


def test_write_result_twice_without_force_refuses_the_second(
    tmp_path: Path, instance: Instance, one: Result, two: Result
) -> None:
    """The library's writer checks for an earlier result itself."""
    folder = write_result(instance, one, tmp_path)
    before = files_of(folder)
    with pytest.raises(InputError, match="so this one was not written"):
        write_result(instance, two, tmp_path)
    assert files_of(folder) == before


def test_calendar_does_not_replace_ics_or_chart_without_force(tmp_path: Path) -> None:
    """The .ics files and the chart of a calendar whose sheet and JSON are gone still make
    it a calendar: without --force, exit 2 and every file as it was; a planner's own
    calendar.png in a new calendar folder is never replaced, even with --force."""
    assert run("solve", str(HEZE), "--out", str(tmp_path), "--quiet")[0] == 0
    result = tmp_path / NAME
    calendar = ["calendar", str(result), "--time-limit", "3"]
    assert run(*calendar)[0] == 0
    folder = result / "calendar-1"
    assert {"calendar.png", "calendar.xlsx"} <= set(os.listdir(folder))
    (folder / "calendar.xlsx").unlink()
    (folder / "calendar.json").unlink()
    before = files_of(result)
    code, err = run(*calendar)
    assert code == 2 and "already holds a calendar" in err
    assert files_of(result) == before
    mine = result / "mine"
    mine.mkdir()
    (mine / "calendar.png").write_bytes(b"my chart")
    code, err = run(*calendar, "--out", str(mine), "--force")
    assert code == 2 and "calendar.png" in err and "never replaced" in err
    assert (result / "mine" / "calendar.png").read_bytes() == b"my chart"


def test_a_calendar_keeps_the_result_and_a_new_solve_drops_the_old_calendar(
    tmp_path: Path,
) -> None:
    """calendar --force replaces the calendar only (the solve's files and the planner's note
    stay); solve --force drops the old plan's calendar, which describes a plan no longer
    there, but keeps the sheet the bureau has marked up (changed since written)."""
    assert run("solve", str(HEZE), "--out", str(tmp_path), "--quiet")[0] == 0
    result = tmp_path / NAME
    calendar = ["calendar", str(result), "--time-limit", "3", "--no-ics"]
    assert run(*calendar)[0] == 0
    (result / "calendar-1" / "note.txt").write_text("keep me\n", encoding="utf-8")
    plans = (result / "plans.json").read_bytes()
    assert run(*calendar, "--force")[0] == 0
    assert (result / "plans.json").read_bytes() == plans
    assert (result / "calendar-1" / "note.txt").exists()
    with (result / "calendar-1" / "calendar.xlsx").open("ab") as marked:
        marked.write(b"\0")
    assert run("solve", str(HEZE), "--out", str(tmp_path), "--force", "--quiet")[0] == 0
    assert sorted(os.listdir(result / "calendar-1")) == ["calendar.xlsx", "note.txt"]
    code, err = run(*calendar, "--force")
    assert code == 2 and "calendar.xlsx" in err


def test_calendar_out_refuses_a_folder_of_the_planners(tmp_path: Path) -> None:
    """--out names a folder holding files the tool did not write: it is not swapped, exit 2
    before scheduling."""
    assert run("solve", str(HEZE), "--out", str(tmp_path / "results"), "--quiet")[0] == 0
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "letter.docx").write_bytes(b"x")
    code, err = run("calendar", str(tmp_path / "results" / NAME), "--out", str(mine))
    assert code == 2 and "holds files the tool did not write" in err
    assert os.listdir(mine) == ["letter.docx"]


CHILD = """
import os, sys, time
from pathlib import Path
from pairing_planner import Result, load_instance, write_result
from pairing_planner.io import folder_swap

step, marker, out, result = sys.argv[1:5]

def stop_here():
    Path(marker).write_text("here")
    time.sleep(60)

if step == "writing":
    os.fsync = lambda fd: stop_here()
elif step == "before-swap":
    folder_swap.exchange = lambda new, folder: stop_here()
elif step == "after-swap":
    folder_swap.discard = lambda path: stop_here()
elif step == "between-renames":
    folder_swap.exchange = lambda new, folder: False
    rename = os.rename
    def renamed_then_stop(source, target):
        rename(source, target)
        stop_here()
    os.rename = renamed_then_stop
elif step == "slow-swap":
    exchange = folder_swap.exchange
    def slowly(new, folder):
        time.sleep(0.3)
        return exchange(new, folder)
    folder_swap.exchange = slowly
instance = load_instance(sys.argv[5])
write_result(instance, Result.from_json(Path(result).read_text()), out, force=True)
"""


def _child(step: str, tmp_path: Path, out: Path, result: Result) -> subprocess.Popen[bytes]:
    """A process replacing the result in ``out`` by ``result``, stopping at ``step``."""
    source = tmp_path / f"{step}-{len(result.plans)}.json"
    source.write_text(result.to_json(), encoding="utf-8")
    marker = tmp_path / f"{step}.marker"
    args = [step, str(marker), str(out), str(source), str(HEZE)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(CHILD), *args], env=env)


def _killed_at(step: str, tmp_path: Path, out: Path, result: Result) -> None:
    """Run a child until it reaches ``step``, then kill it (SIGKILL: no clean-up at all)."""
    child = _child(step, tmp_path, out, result)
    marker = tmp_path / f"{step}.marker"
    deadline = time.monotonic() + 60
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), "the child never reached the step"
    child.send_signal(signal.SIGKILL)
    child.wait()


@pytest.mark.parametrize("next_command", ["check", "write"])
@pytest.mark.parametrize(
    ("step", "seen"),
    [
        ("writing", "old"),
        ("before-swap", "old"),
        ("after-swap", "new"),
        ("between-renames", "none"),
    ],
)
def test_a_kill_at_any_step_leaves_the_old_result_or_the_new(
    tmp_path: Path,
    instance: Instance,
    one: Result,
    two: Result,
    step: str,
    seen: str,
    next_command: str,
) -> None:
    """kill -9 while the new files are written, before the swap, after it, or between the
    two renames where the atomic exchange is missing: a reader sees the old result or the new
    one (or, between the renames, none), never a mix; the next command — a solve checking
    the folder before solving, or a writer — puts the old one back if it was set aside, and
    no temporary or lock stays."""
    out = tmp_path / "out"
    old = files_of(write_result(instance, one, out))
    new = files_of(write_result(instance, two, tmp_path / "reference"))
    _killed_at(step, tmp_path, out, two)
    folder = out / NAME
    expected = {"old": old, "new": new}.get(seen)
    assert (files_of(folder) if folder.exists() else None) == expected
    assert len(os.listdir(out)) > 1, "the kill left nothing to clear"
    with pytest.raises(InputError, match="already holds a result"):
        if next_command == "check":
            result_dir(out, NAME, force=False)
        else:
            write_result(instance, one, out)
    assert files_of(folder) == (new if seen == "new" else old)
    assert sorted(os.listdir(out)) == [NAME]


def test_two_forced_writers_at_once_end_with_one_whole_result(
    tmp_path: Path, instance: Instance, one: Result, two: Result
) -> None:
    """Two --force writers of one folder at the same time: both succeed, one after the
    other, and the folder holds one of the two results whole."""
    out = tmp_path / "out"
    expected = [
        files_of(write_result(instance, r, tmp_path / f"reference-{len(r.plans)}"))
        for r in (one, two)
    ]
    children = [_child("slow-swap", tmp_path, out, r) for r in (one, two)]
    assert [c.wait(timeout=60) for c in children] == [0, 0]
    assert files_of(out / NAME) in expected
    assert sorted(os.listdir(out)) == [NAME]


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(locks, "LOCK_WAIT", 0.2)
    yield


@pytest.mark.usefixtures("short_wait")
def test_a_busy_folder_is_refused_naming_the_process_that_holds_it(
    tmp_path: Path, instance: Instance, one: Result
) -> None:
    """Another command holds the folder: after a short wait, exit 2 naming its process; the
    lock file goes with the holder."""
    folder = tmp_path / NAME
    with locks.holding(folder):
        with pytest.raises(InputError, match=rf"process {os.getpid()}\) is writing"):
            write_result(instance, one, tmp_path)
        inside_result = folder / "ledger.xlsx"
        folder.mkdir()
        (folder / MANIFEST).write_text('{"format": 1, "files": {}}', encoding="utf-8")
        with (
            pytest.raises(InputError, match="is writing"),
            writing_file(inside_result, force=False),
        ):
            pass
    assert sorted(os.listdir(tmp_path)) == [NAME]


def test_writing_a_single_file_refuses_one_that_appeared(tmp_path: Path) -> None:
    """The check for an existing file is made again when writing, under the lock."""
    target = tmp_path / "ledger.xlsx"
    target.write_bytes(b"made meanwhile")
    with pytest.raises(InputError, match="pass --force"), writing_file(target, force=False):
        pass
    with writing_file(target, force=True):
        pass
    assert os.listdir(tmp_path) == ["ledger.xlsx"]


def test_a_result_naming_a_path_is_refused_by_every_reader(
    tmp_path: Path, instance: Instance, one: Result
) -> None:
    """A plans.json whose instance is ``../../x``: load_result and read_plan refuse it (an
    input error naming the field), and the writer never leaves the folder it was given."""
    document = json.loads(one.to_json())
    document["instance"] = "../../x"
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for read in (load_result, read_plan):
        with pytest.raises(InputError, match="must be named by an id") as error:
            read(path)
        assert error.value.problems[0].field == "instance"
    outside = replace(one, instance="../../x")
    with pytest.raises(InputError, match="outside the folder"):
        write_result(instance, outside, tmp_path / "a" / "b")
    assert sorted(os.listdir(tmp_path)) == ["plans.json"]
    with pytest.raises(InputError, match="outside the folder"):
        inside(tmp_path, "../x")


def test_a_damaged_list_of_our_files_is_an_input_error(
    tmp_path: Path, instance: Instance, one: Result
) -> None:
    """A list that is not ours (a path out of the folder in it): exit 2 naming the list."""
    folder = write_result(instance, one, tmp_path)
    (folder / MANIFEST).write_text('{"files": {"../x": "0"}}', encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read") as error:
        write_result(instance, one, tmp_path, force=True)
    assert error.value.problems[0].file == folder / MANIFEST


def test_a_result_of_an_earlier_version_is_replaced_with_force(
    tmp_path: Path, instance: Instance, one: Result, two: Result
) -> None:
    """A folder written before the list existed: its plans.json and plan-K.csv count as the
    tool's, so --force replaces them; any other file stays."""
    folder = write_result(instance, two, tmp_path)
    (folder / MANIFEST).unlink()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match="already holds a result"):
        write_result(instance, one, tmp_path)
    write_result(instance, one, tmp_path, force=True)
    assert sorted(os.listdir(folder)) == [MANIFEST, "notes.txt", "plan-1.csv", "plans.json"]
    (folder / MANIFEST).unlink()
    with replacing_folder(folder, part=Part("calendar-1"), force=False, held="") as new:
        (new / "calendar.json").write_text("{}", encoding="utf-8")
    listed = read_manifest(folder)
    assert sorted(listed) == ["calendar-1/calendar.json", "plan-1.csv", "plans.json"]
    assert listed["plans.json"] == checksum(folder / "plans.json")


def test_generate_writes_the_instance_and_its_tables_or_nothing(tmp_path: Path) -> None:
    """generate --tables beside a planner's table of the same name: exit 2, nothing written;
    a second run without --force is refused; with it, all three files are replaced."""
    target = tmp_path / "x.yaml"
    table = tmp_path / "x-helpers.csv"
    table.write_text("mine\n", encoding="utf-8")
    generate = ["generate", "--recipients", "20", "--tables", "-o", str(target)]
    assert run(*generate)[0] == 2
    assert os.listdir(tmp_path) == ["x-helpers.csv"]
    table.unlink()
    assert run(*generate)[0] == 0
    assert run(*generate)[0] == 2
    assert run(*generate, "--seed", "1", "--force")[0] == 0
    assert sorted(os.listdir(tmp_path)) == ["x-helpers.csv", "x-recipients.csv", "x.yaml"]
    assert load_instance(target).recipients


def _two_files(tmp_path: Path, text: str) -> list[Output]:
    """An instance and its contacts file, both holding ``text``."""
    return [Output(tmp_path / "x.contacts.csv", text, bom=True), Output(tmp_path / "x.yaml", text)]


def test_a_set_stopped_before_its_journal_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while the second file is written: both old files stay, no temporary."""
    write_together(_two_files(tmp_path, "old\n"), force=False)
    synced: list[int] = []

    def full_on_the_second(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_on_the_second)
    with pytest.raises(InputError, match="No space left"):
        write_together(_two_files(tmp_path, "new\n"), force=True)
    monkeypatch.undo()
    assert {p.name: p.read_text(encoding="utf-8-sig") for p in tmp_path.iterdir()} == {
        "x.contacts.csv": "old\n",
        "x.yaml": "old\n",
    }


def test_a_set_stopped_after_its_journal_is_finished_by_the_next_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped between the renames (the contacts file new, the instance old): the next
    command writing the instance first completes the set, so both are new, then refuses to
    replace them without --force; no journal, temporary or lock stays."""
    write_together(_two_files(tmp_path, "old\n"), force=False)
    replace_file = os.replace
    renamed: list[str] = []

    def stopped_on_the_second(source: str, target: str) -> None:
        renamed.append(target)
        if len(renamed) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        replace_file(source, target)

    monkeypatch.setattr(os, "replace", stopped_on_the_second)
    with pytest.raises(InputError, match="Input/output error"):
        write_together(_two_files(tmp_path, "new\n"), force=True)
    monkeypatch.undo()
    assert (tmp_path / "x.yaml").read_text(encoding="utf-8") == "old\n"
    with pytest.raises(InputError, match="pass --force"):
        write_together(_two_files(tmp_path, "other\n"), force=False)
    assert {p.name: p.read_text(encoding="utf-8-sig") for p in tmp_path.iterdir()} == {
        "x.contacts.csv": "new\n",
        "x.yaml": "new\n",
    }


def test_one_wording_for_a_file_that_exists(tmp_path: Path) -> None:
    """A single file and a set of files written together refuse an existing file with the
    same sentence."""
    target = tmp_path / "x.yaml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(InputError) as single, writing_file(target, force=False):
        pass
    with pytest.raises(InputError) as together:
        write_together([Output(target, "new\n")], force=False)
    assert single.value.problems == together.value.problems
    assert str(single.value) == f"{target}: this file exists already; pass --force to replace it"
