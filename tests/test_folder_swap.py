"""How a folder replaced whole survives kills and other writers (issue 28): a kill at any
step of the swap leaves the old result or the new one, two writers take turns, a held lock
is refused naming its holder, the two-rename swap works where a folder cannot be renamed
onto another, a planner's file saved during the swap is kept, a leftover is removed only
when it carries the tool's mark, and files written together are replaced all or none."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pairing_planner import InputError, Result, load_instance, write_result
from pairing_planner.io import folder_swap, locks
from pairing_planner.io import replaced_folders as result_folders
from pairing_planner.io.file_sets import Output, write_together
from pairing_planner.io.manifest import MANIFEST
from pairing_planner.io.replaced_folders import replacing_folder, writing_file
from pairing_planner.report.result_folder import result_dir
from tests.conftest import ROOT
from tests.folder_helpers import HEZE, NAME, files_of, heze, one_plan, run, two_plans

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
    folder_swap.NewFolder.discard = lambda self: stop_here()
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
    tmp_path: Path, step: str, seen: str, next_command: str
) -> None:
    """kill -9 while the new files are written, before the swap, after it, or between the
    two renames where the atomic exchange is missing: a reader sees the old result or the new
    one (or, between the renames, none), never a mix; the next command — a solve checking
    the folder before solving, or a writer — puts the old one back if it was set aside, and
    no temporary, mark or lock stays."""
    out = tmp_path / "out"
    old = files_of(write_result(heze(), one_plan(), out))
    new = files_of(write_result(heze(), two_plans(), tmp_path / "reference"))
    _killed_at(step, tmp_path, out, two_plans())
    folder = out / NAME
    expected = {"old": old, "new": new}.get(seen)
    assert (files_of(folder) if folder.exists() else None) == expected
    assert len(os.listdir(out)) > 1, "the kill left nothing to clear"
    with pytest.raises(InputError, match="already holds a result"):
        if next_command == "check":
            result_dir(out, NAME, force=False)
        else:
            write_result(heze(), one_plan(), out)
    assert files_of(folder) == (new if seen == "new" else old)
    assert sorted(os.listdir(out)) == [NAME]


def test_two_forced_writers_at_once_end_with_one_whole_result(tmp_path: Path) -> None:
    """Two --force writers of one folder at the same time: both succeed, one after the
    other, and the folder holds one of the two results whole."""
    out = tmp_path / "out"
    results = (one_plan(), two_plans())
    expected = [
        files_of(write_result(heze(), r, tmp_path / f"reference-{len(r.plans)}")) for r in results
    ]
    children = [_child("slow-swap", tmp_path, out, r) for r in results]
    assert [c.wait(timeout=60) for c in children] == [0, 0]
    assert files_of(out / NAME) in expected
    assert sorted(os.listdir(out)) == [NAME]


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(locks, "LOCK_WAIT", 0.2)
    yield


@pytest.mark.usefixtures("short_wait")
def test_a_busy_folder_is_refused_naming_the_process_that_holds_it(tmp_path: Path) -> None:
    """Another command holds the folder: after a short wait, exit 2 naming its process; the
    lock file goes with the holder."""
    folder = tmp_path / NAME
    with locks.holding(folder):
        with pytest.raises(InputError, match=rf"process {os.getpid()}\) is writing"):
            write_result(heze(), one_plan(), tmp_path)
        inside_result = folder / "ledger.xlsx"
        folder.mkdir()
        (folder / MANIFEST).write_text('{"format": 1, "files": {}}', encoding="utf-8")
        with (
            pytest.raises(InputError, match="is writing"),
            writing_file(inside_result, force=False),
        ):
            pass
    assert sorted(os.listdir(tmp_path)) == [NAME]


@pytest.mark.usefixtures("short_wait")
def test_the_lock_is_not_held_while_the_new_files_are_written(tmp_path: Path) -> None:
    """Writing a province's calendar takes longer than another command waits for the lock:
    the lock is held only to check the folder and to swap, and another command's clean-up
    meanwhile leaves the folder being written alone (its mark is held)."""
    folder = write_result(heze(), one_plan(), tmp_path)
    with replacing_folder(folder, force=True, held="") as new:
        with locks.holding(folder):
            folder_swap.recover(folder)
        assert new.is_dir()
        (new / "plans.json").write_text("{}", encoding="utf-8")
    assert sorted(os.listdir(folder)) == [MANIFEST, "plans.json"]
    assert sorted(os.listdir(tmp_path)) == [NAME]


def test_a_file_saved_into_the_old_folder_during_the_swap_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A planner saves a file into the folder after what stays was carried over (while the
    new folder is synced): the folder is surveyed again before the swap, and the file is in
    the new folder."""
    folder = write_result(heze(), one_plan(), tmp_path)
    sync = folder_swap.sync_folder

    def a_file_saved_meanwhile(path: Path) -> None:
        if not (folder / "late.txt").exists():
            (folder / "late.txt").write_text("saved late\n", encoding="utf-8")
        sync(path)

    monkeypatch.setattr(result_folders, "sync_folder", a_file_saved_meanwhile)
    write_result(heze(), two_plans(), tmp_path, force=True)
    assert (folder / "late.txt").read_text(encoding="utf-8") == "saved late\n"
    assert (folder / "plan-2.csv").exists()


def test_the_two_renames_never_rename_onto_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the atomic exchange is missing, the old folder is renamed to a name no folder
    has: Windows renames nothing onto an existing folder, not even an empty one (os.rename
    made to refuse as Windows does)."""
    folder = write_result(heze(), one_plan(), tmp_path)
    rename = os.rename

    def as_windows_renames(source: str | Path, target: str | Path) -> None:
        if os.path.lexists(target):
            raise FileExistsError(
                errno.EEXIST, "Cannot create a file when that file already exists"
            )
        rename(source, target)

    monkeypatch.setattr(folder_swap, "exchange", lambda new, folder: False)
    monkeypatch.setattr(os, "rename", as_windows_renames)
    expected = files_of(write_result(heze(), two_plans(), tmp_path / "reference"))
    write_result(heze(), two_plans(), tmp_path, force=True)
    assert files_of(folder) == expected
    assert sorted(os.listdir(tmp_path)) == [NAME, "reference"]


def test_a_folder_named_like_a_leftover_is_removed_only_with_the_tools_mark(
    tmp_path: Path,
) -> None:
    """A planner's folder that happens to be named ``.<name>.new-XXXXXXXX`` has no mark
    beside it: it is not the tool's, and stays; one with the mark is a leftover."""
    write_result(heze(), one_plan(), tmp_path)
    mine = tmp_path / f".{NAME}.new-abcdefgh"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    left = tmp_path / f".{NAME}.old-12345678"
    left.mkdir()
    (tmp_path / f".{NAME}.old-12345678.mark").touch()
    write_result(heze(), two_plans(), tmp_path, force=True)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(os.listdir(tmp_path)) == [f".{NAME}.new-abcdefgh", NAME]


def test_writing_a_single_file_refuses_one_that_appeared(tmp_path: Path) -> None:
    """The check for an existing file is made again when writing, under the lock."""
    target = tmp_path / "ledger.xlsx"
    target.write_bytes(b"made meanwhile")
    with pytest.raises(InputError, match="pass --force"), writing_file(target, force=False):
        pass
    with writing_file(target, force=True):
        pass
    assert os.listdir(tmp_path) == ["ledger.xlsx"]


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
