"""The workbench's jobs (issue 32, review 37b, findings 5, 6 and 8): the server's record of
what a worker keeps is what the worker says it keeps, recipient limit included; a cancelled
job that had gone back to the queue forgets its retried mark; a restart adopts no half-written
hidden result folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from pairing_planner.web import jobs, worker
from pairing_planner.web.worker import Task
from tests.web_helpers import stand_in_solve_ended

HEZE = Path(__file__).resolve().parent.parent / "instances" / "heze-as-stated.yaml"


def _task(instance: str = "x.yaml", out: str = "") -> Task:
    return Task(job="j", instance=instance, options={}, out=out, language="en")


def test_a_worker_says_it_dropped_a_province_past_the_recipient_limit(tmp_path: Path) -> None:
    """A worker holding a province (12,000 recipients) drops it once it reads another
    instance, and says so: the server's record kept it among the last four and handed that
    worker the province's next solve over an earlier job, cold."""
    folder = tmp_path / "heze"
    folder.mkdir()
    shutil.copy(HEZE, folder / "instance.yaml")
    province = SimpleNamespace(recipients=range(worker.RECIPIENTS_KEPT))
    loaded: worker.Loaded = {"province.yaml": (0.0, province, None)}  # type: ignore[dict-item]
    said: list[tuple[object, ...]] = []
    task = _task(str(folder / "instance.yaml"), str(tmp_path / "out"))
    worker._solve(task, lambda *message: said.append(message), worker._Current(), loaded)
    assert ("kept", "j", [str(folder / "instance.yaml")]) in said
    assert said[-1][0] == "done"


class _Keeping:
    """A worker process stood in for that says it keeps only ``other.yaml`` once it has
    read its job's instance, then is done."""

    made: ClassVar[list[_Keeping]] = []

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.events = self
        self.news = iter([("kept", ["other.yaml"]), ("done", "folder", False)])
        _Keeping.made.append(self)

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        """Nothing to send."""

    def recv(self) -> tuple[object, ...]:
        kind, *rest = next(self.news)
        return (kind, self.job, *rest)

    def close(self) -> None:
        """Nothing to end."""


def test_the_server_records_what_the_worker_says_it_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record follows the worker's word, so the queue and the place shown play out what
    the worker holds, not the last four instances it was sent."""
    monkeypatch.setattr(jobs, "WorkerProcess", _Keeping)
    monkeypatch.setattr(_Keeping, "made", [])
    job = stand_in_solve_ended(tmp_path / "solves", _task())
    assert job.state == jobs.DONE, "the stand-in's solve did not end within 60 s"
    assert [w.loaded for w in _Keeping.made] == [["other.yaml"]]


def test_a_retried_job_cancelled_in_the_queue_forgets_its_mark(tmp_path: Path) -> None:
    """A job sent back to the queue after its worker ended before beginning it, then
    cancelled there, kept its retried mark (919bed0: the marks go on cancel; a server runs
    for months)."""
    manager = jobs.JobManager(tmp_path / "solves", 1)
    job = manager.submit("x", _task())
    manager._queue.remove(job.id)
    job.state = jobs.RUNNING
    manager._lost(job, EOFError())
    assert job.state == jobs.QUEUED and job.id in manager._retried
    manager.stop(job)
    assert job.state == jobs.CANCELLED
    assert job.id not in manager._retried | manager._passed | manager._begun


def test_a_restart_adopts_no_hidden_result_folder(tmp_path: Path) -> None:
    """A folder being written (``.heze.new-…``, renamed into place once whole) holds a
    plans.json too, and sorts before the result: a restart adopts the result, not it."""
    root = tmp_path / "solves"
    job = jobs.Job("a" * 16, "x", _task())
    (root / job.id).mkdir(parents=True)
    job.state = jobs.RUNNING
    (root / job.id / "job.json").write_text(json.dumps(job.record()), "utf-8")
    for name, interrupted in (("heze", False), (".heze.new-abcdefgh", True)):
        (root / job.id / name).mkdir()
        plans = {"status": "OPTIMAL", "plans": [{"rank": 1}], "interrupted": interrupted}
        (root / job.id / name / "plans.json").write_text(json.dumps(plans), "utf-8")
    manager = jobs.JobManager(root, 1)
    manager._after_restart(job)
    assert (job.state, job.folder) == (jobs.DONE, str(root / job.id / "heze"))


def test_plan_format_names_every_field_of_a_diagnosis() -> None:
    """An API client reads plans.json's diagnosis by docs/plan-format.md: ``parts`` was
    missing, and ``minimal`` alone read as the whole list being one smallest set (review 37b,
    finding 7). The ``*_said`` fields, the words by id, are the page's."""
    from dataclasses import fields

    from pairing_planner.result.plan import Diagnosis

    doc = (Path(__file__).resolve().parent.parent / "docs" / "plan-format.md").read_text("utf-8")
    [row] = [line for line in doc.splitlines() if line.startswith("| `diagnosis` |")]
    named = [f.name for f in fields(Diagnosis) if not f.name.endswith("_said")]
    assert [name for name in named if f"`{name}`" not in row] == []
    assert "`minimal` true means each part's own conflict" in row
