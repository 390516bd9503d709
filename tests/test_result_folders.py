"""Whose files a command keeps when it replaces a folder whole (issue 28): the planner's files
survive ``solve`` and ``solve --force``, an earlier result is refused when the files are
written (and the refused result is saved beside it), only a folder the tool wrote is ever
swapped — never a planner's folder holding a copy of ``plans.json`` — nothing unusual in a
folder is linked or copied, and no reader of a result is led out of its folder."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from pairing_planner import InputError, Result, write_result
from pairing_planner.io import replaced_folders as result_folders
from pairing_planner.io.file_sets import Output, write_together
from pairing_planner.io.manifest import MANIFEST, checksum, read_manifest
from pairing_planner.io.plans import read_plan
from pairing_planner.io.replaced_folders import Part, inside, replacing_folder, writing_file
from pairing_planner.report.result_folder import load_result, result_dir
from tests.folder_helpers import HEZE, NAME, files_of, heze, one_plan, plan, run, two_plans


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


def test_a_planners_folder_is_never_swapped_by_solve(tmp_path: Path) -> None:
    """OUT/<name>/ holds a plan-1.csv the tool did not write and no list of the tool's
    files: it is the planner's folder; solve exits 2 before solving, even with --force, and
    leaves it as it was."""
    folder = tmp_path / NAME
    folder.mkdir()
    (folder / "plan-1.csv").write_text("my own plan\n", encoding="utf-8")
    for extra in ([], ["--force"]):
        code, err = run("solve", str(HEZE), "--out", str(tmp_path), "--quiet", *extra)
        assert code == 2 and "holds files the tool did not write" in err
    assert os.listdir(folder) == ["plan-1.csv"]
    assert (folder / "plan-1.csv").read_text(encoding="utf-8") == "my own plan\n"


def test_a_planners_file_found_when_writing_stops_the_write(tmp_path: Path) -> None:
    """A planner's plan-2.csv in a result folder (not checked before solving) is found when
    the files are written: nothing is written, the earlier result and their file stay."""
    folder = write_result(heze(), one_plan(), tmp_path)
    (folder / "plan-2.csv").write_text("mine\n", encoding="utf-8")
    before = files_of(folder)
    with pytest.raises(InputError, match="never replaced") as error:
        write_result(heze(), two_plans(), tmp_path, force=True)
    assert error.value.problems[0].file == folder / "plan-2.csv"
    assert files_of(folder) == before
    assert sorted(os.listdir(tmp_path)) == [NAME]


def test_an_edited_file_of_ours_counts_as_the_planners(tmp_path: Path) -> None:
    """plan-1.csv opened and saved with a change is the planner's now: --force refuses to
    replace it rather than lose the change."""
    folder = write_result(heze(), one_plan(), tmp_path)
    with (folder / "plan-1.csv").open("a", encoding="utf-8") as edited:
        edited.write("a note\n")
    with pytest.raises(InputError, match="never replaced"):
        write_result(heze(), one_plan(), tmp_path, force=True)
    assert (folder / "plan-1.csv").read_text(encoding="utf-8-sig").endswith("a note\n")


def test_a_result_refused_when_written_is_shown_and_saved_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two solves to one folder without --force: the one that writes second is refused when
    it writes (the check before solving passed for both), but its plans are shown and saved
    in a new folder beside, named in the message (exit 2); the first one's result stays."""
    import pairing_planner.api as api

    solve_alone = api.solve

    def another_solve_writes_meanwhile(*args: object, **kwargs: object) -> Result:
        write_result(heze(), one_plan(), tmp_path)
        return solve_alone(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "solve", another_solve_writes_meanwhile)
    done = plan("solve", str(HEZE), "--out", str(tmp_path), "--plans", "2")
    err = " ".join(done.stderr.split())
    assert done.exit_code == 2 and "already holds a result, so this one was not written" in err
    beside = tmp_path / f"{NAME} (2)"
    assert f"written to {beside}/ instead" in err
    assert "plan 2" in done.stdout.lower()
    assert load_result(tmp_path / NAME).plans == one_plan().plans
    assert len(load_result(beside).plans) == 2


def test_a_solve_stopped_by_a_planners_file_when_writing_is_saved_beside(
    tmp_path: Path,
) -> None:
    """A planner's plan-2.csv in the result folder, found only when a two-plan solve writes:
    the plans are shown, written beside, and their file and the earlier result stay."""
    folder = write_result(heze(), one_plan(), tmp_path)
    (folder / "plan-2.csv").write_text("mine\n", encoding="utf-8")
    before = files_of(folder)
    code, err = run("solve", str(HEZE), "--out", str(tmp_path), "--plans", "2", "--force")
    assert code == 2 and f"{folder / 'plan-2.csv'}: this file was not written" in err
    assert f"written to {tmp_path / (NAME + ' (2)')}/ instead" in err
    assert files_of(folder) == before
    assert len(load_result(tmp_path / f"{NAME} (2)").plans) == 2


def test_write_result_twice_without_force_refuses_the_second(tmp_path: Path) -> None:
    """The library's writer checks for an earlier result itself."""
    folder = write_result(heze(), one_plan(), tmp_path)
    before = files_of(folder)
    with pytest.raises(InputError, match="so this one was not written"):
        write_result(heze(), two_plans(), tmp_path)
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


def test_a_calendar_of_a_copy_in_a_planners_folder_leaves_that_folder_alone(
    tmp_path: Path,
) -> None:
    """plan calendar dl/plans.json, dl a planner's folder (a copy of plans.json, a letter,
    photos, a pipe, a link): dl is not the tool's, so it is never swapped; the calendar is
    written as a new folder of its own in it, and every entry of dl is the same file as
    before."""
    assert run("solve", str(HEZE), "--out", str(tmp_path / "results"), "--quiet")[0] == 0
    dl = tmp_path / "dl"
    (dl / "photos").mkdir(parents=True)
    (dl / "plans.json").write_bytes((tmp_path / "results" / NAME / "plans.json").read_bytes())
    (dl / "notes.docx").write_bytes(b"letter")
    (dl / "photos" / "a.jpg").write_bytes(b"photo")
    os.mkfifo(dl / "pipe")
    (dl / "link").symlink_to(tmp_path / "results")
    before = {p.name: os.lstat(p).st_ino for p in [dl, *dl.iterdir()]}
    code, _err = run("calendar", str(dl / "plans.json"), "--time-limit", "3", "--no-ics")
    assert code == 0
    assert {p.name: os.lstat(p).st_ino for p in [dl, *dl.iterdir()] if p.name in before} == before
    assert sorted(os.listdir(dl)) == sorted([*(set(before) - {"dl"}), "calendar-1"])
    assert (dl / "calendar-1" / "calendar.xlsx").is_file()
    assert sorted(os.listdir(tmp_path)) == ["dl", "results"]


def test_a_file_beside_a_copy_of_plans_json_takes_its_own_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export into a planner's folder (their home) holding a copy of plans.json locks the
    file alone, not that folder (whose lock would go in a folder they may not write, /home);
    into a result folder, the folder's lock."""
    locked: list[Path] = []

    @contextmanager
    def recorded(target: Path):  # type: ignore[no-untyped-def]
        locked.append(target)
        yield

    home = tmp_path / "home"
    home.mkdir()
    folder = write_result(heze(), one_plan(), tmp_path)
    (home / "plans.json").write_bytes((folder / "plans.json").read_bytes())
    monkeypatch.setattr(result_folders, "holding", recorded)
    for target in (home / "ledger.xlsx", folder / "ledger.xlsx"):
        with writing_file(target, force=False):
            pass
    assert locked == [home / "ledger.xlsx", folder]


def test_a_pipe_in_a_result_folder_is_never_linked(tmp_path: Path) -> None:
    """A pipe in a result folder: solve --force exits 2 before solving, naming it, rather
    than link a program's channel into the new folder; the folder is as it was."""
    folder = write_result(heze(), one_plan(), tmp_path)
    os.mkfifo(folder / "pipe")
    before = {p.name: os.lstat(p).st_ino for p in [folder, *folder.iterdir()]}
    code, err = run("solve", str(HEZE), "--out", str(tmp_path), "--force", "--quiet")
    assert code == 2 and f"{folder / 'pipe'}: this is a pipe" in err
    assert {p.name: os.lstat(p).st_ino for p in [folder, *folder.iterdir()]} == before


def test_the_check_before_solving_needs_a_writable_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new folder and the lock go beside the result folder: a parent where nothing can
    be written is refused before solving, not after it (os.access made to deny it: the
    tests run as root)."""
    write_result(heze(), one_plan(), tmp_path)
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != tmp_path and access(p, mode))
    with pytest.raises(InputError, match=f"the folder {tmp_path} is not writable"):
        result_dir(tmp_path, NAME, force=True)


def test_the_new_folder_keeps_the_old_folders_permissions(tmp_path: Path) -> None:
    """The folder swapped in is new: its mode is the old folder's (its owner and group are
    whoever ran the command)."""
    folder = write_result(heze(), one_plan(), tmp_path)
    folder.chmod(0o750)
    write_result(heze(), two_plans(), tmp_path, force=True)
    assert folder.stat().st_mode & 0o777 == 0o750


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


def test_a_result_naming_a_path_is_refused_by_every_reader(tmp_path: Path) -> None:
    """A plans.json whose instance is ``../../x``: load_result and read_plan refuse it (an
    input error naming the field), and the writer never leaves the folder it was given."""
    document = json.loads(one_plan().to_json())
    document["instance"] = "../../x"
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for read in (load_result, read_plan):
        with pytest.raises(InputError, match="must be named by an id") as error:
            read(path)
        assert error.value.problems[0].field == "instance"
    outside = replace(one_plan(), instance="../../x")
    with pytest.raises(InputError, match="outside the folder"):
        write_result(heze(), outside, tmp_path / "a" / "b")
    assert sorted(os.listdir(tmp_path)) == ["plans.json"]
    with pytest.raises(InputError, match="outside the folder"):
        inside(tmp_path, "../x")


def test_a_damaged_list_of_our_files_is_an_input_error(tmp_path: Path) -> None:
    """A list that is not ours (a path out of the folder in it): exit 2 naming the list."""
    folder = write_result(heze(), one_plan(), tmp_path)
    (folder / MANIFEST).write_text('{"files": {"../x": "0"}}', encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read") as error:
        write_result(heze(), one_plan(), tmp_path, force=True)
    assert error.value.problems[0].file == folder / MANIFEST


def test_a_result_of_an_earlier_version_is_replaced_with_force(tmp_path: Path) -> None:
    """A folder written before the list existed, named as its instance and holding only its
    plans.json and plan-K.csv (and calendar folders): they count as the tool's, so --force
    replaces them. One holding anything else is not recognisably the tool's: refused, and
    the planner's file stays."""
    folder = write_result(heze(), two_plans(), tmp_path)
    (folder / MANIFEST).unlink()
    with pytest.raises(InputError, match="already holds a result"):
        write_result(heze(), one_plan(), tmp_path)
    write_result(heze(), one_plan(), tmp_path, force=True)
    assert sorted(os.listdir(folder)) == [MANIFEST, "plan-1.csv", "plans.json"]
    (folder / MANIFEST).unlink()
    with replacing_folder(folder, part=Part("calendar-1"), force=False, held="") as new:
        (new / "calendar.json").write_text("{}", encoding="utf-8")
    listed = read_manifest(folder)
    assert sorted(listed) == ["calendar-1/calendar.json", "plan-1.csv", "plans.json"]
    assert listed["plans.json"] == checksum(folder / "plans.json")
    (folder / MANIFEST).unlink()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds files the tool did not write"):
        write_result(heze(), one_plan(), tmp_path, force=True)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
