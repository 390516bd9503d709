"""What the newcomer review found in ``plan serve`` (issue 32, part 32F): an uploaded
instance cannot read or probe the server's files, and the API cannot ask more of the machine
than it gives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from pairing_planner.errors import InputError
from pairing_planner.instance.spreadsheets.file_caps import MIB
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.security import MAX_BODY_BYTES
from pairing_planner.web.store import InstanceStore, ShownInputError, Upload
from pairing_planner.web.worker import slot_options

ROOT = Path(__file__).resolve().parent.parent
HEZE = ROOT / "instances" / "heze.yaml"
RECIPIENTS = ROOT / "instances" / "lists" / "heze-recipients.csv"
PART = b'--b\r\nContent-Disposition: form-data; name="file"; filename="h.yaml"\r\n\r\n'
"""The start of a multipart body's file, its boundary ``b``."""


def _heze(**changes: object) -> bytes:
    """The Heze instance with ``changes`` made to its top level, as a file's bytes."""
    data = yaml.safe_load(HEZE.read_text("utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True).encode()


def _secret(tmp_path: Path) -> Path:
    """A school list outside any instance's folder, as a server's other files are."""
    secret = tmp_path / "elsewhere" / "secret.csv"
    secret.parent.mkdir()
    secret.write_bytes(RECIPIENTS.read_bytes())
    return secret


def _refused(tmp_path: Path, data: bytes) -> str:
    """The message an upload of ``data`` is refused with."""
    store = InstanceStore(tmp_path / "instances", None)
    with pytest.raises(ShownInputError) as refused:
        store.add_file(Upload("instance.yaml", data))
    assert not any((tmp_path / "instances").iterdir())
    return " ".join(problem.message for problem in refused.value.problems)


def _objective(**changes: object) -> dict[str, object]:
    objective: dict[str, object] = yaml.safe_load(HEZE.read_text("utf-8"))["objective"]
    return {**objective, **changes}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"recipients": {"table": "SECRET"}}, "recipients.table"),
        ({"calendar": "SECRET"}, "calendar"),
        ({"objective": _objective(pair_table="SECRET")}, "objective.pair_table"),
    ],
    ids=["table", "calendar", "pair_table"],
)
@pytest.mark.parametrize("named", ["absolute", "dotdot", "missing"])
def test_an_uploaded_instance_names_no_file_outside_its_folder(
    tmp_path: Path, changes: dict[str, object], field: str, named: str
) -> None:
    """Each kind of file an instance names, given as an absolute path, as ``..`` out of the
    upload's folder, or as a file that is not there: refused alike, naming the field, before
    the file is read (no school names) or looked for (no "does not exist" to tell which
    files the server has)."""
    secret = _secret(tmp_path)
    name = {
        "absolute": str(secret),
        "dotdot": "../../elsewhere/secret.csv",
        "missing": str(secret.with_name("no-such.csv")),
    }[named]
    text = repr({k: v for k, v in changes.items()}).replace("SECRET", name)
    data = _heze(**yaml.safe_load(text))
    message = _refused(tmp_path, data)
    assert field in message and "outside this instance's own folder" in message
    assert "牡丹区" not in message and "does not exist" not in message


def test_a_file_stored_with_the_instance_is_still_read(tmp_path: Path) -> None:
    """Confinement refuses only what leads out: an instance naming a table in its own folder
    (as ``plan import`` writes large lists) loads within that folder."""
    folder = tmp_path / "stored"
    folder.mkdir()
    (folder / "recipients.csv").write_bytes(RECIPIENTS.read_bytes())
    (folder / "instance.yaml").write_bytes(_heze(recipients={"table": "recipients.csv"}))
    instance = load_instance(folder / "instance.yaml", within=folder)
    assert len(instance.recipients) == 21


def test_the_commands_still_read_a_planners_files_anywhere(tmp_path: Path) -> None:
    """A planner's own instance, read by the commands (no folder to keep within), may name a
    list in another folder, as before."""
    secret = _secret(tmp_path)
    path = tmp_path / "mine" / "instance.yaml"
    path.parent.mkdir()
    path.write_bytes(_heze(recipients={"table": str(secret)}))
    assert len(load_instance(path).recipients) == 21
    with pytest.raises(InputError, match="outside this instance's own folder"):
        load_instance(path, within=path.parent)


def _app(tmp_path: Path) -> TestClient:
    """The app, its lifetime not begun: no workers, as these requests need none."""
    config = ServeConfig(data=tmp_path / "data", workers=1, language="en", examples=None)
    return TestClient(create_app(config), base_url="http://127.0.0.1:8765")


def test_a_body_sent_in_chunks_is_refused_past_the_cap(tmp_path: Path) -> None:
    """A body whose length is not announced (sent in chunks) is counted as it is read and
    refused with 413 once it passes the cap, not spooled to disk whatever its size."""
    chunk = b"x" * MIB

    def body() -> Iterator[bytes]:
        yield PART
        for _number in range(MAX_BODY_BYTES // MIB + 64):
            yield chunk

    headers = {"content-type": "multipart/form-data; boundary=b"}
    answer = _app(tmp_path).post("/api/instances", content=body(), headers=headers)
    assert answer.status_code == 413, answer.text
    assert "more than the" in answer.json()["problems"][0]["message"]


def test_a_small_body_in_chunks_is_read_as_before(tmp_path: Path) -> None:
    """The count refuses only what passes the cap: an instance file sent in chunks is
    stored."""
    upload = PART + HEZE.read_bytes() + b"\r\n--b--\r\n"
    headers = {"content-type": "multipart/form-data; boundary=b"}
    chunks = iter([upload[: len(upload) // 2], upload[len(upload) // 2 :]])
    answer = _app(tmp_path).post("/api/instances", content=chunks, headers=headers)
    assert answer.status_code == 201, answer.text


def test_a_slot_runs_one_process_whatever_the_api_asks() -> None:
    """``jobs`` and ``workers`` asked through the API (up to 64 each) cannot make a worker
    slot start a pool of processes, nor more search threads than there are cores."""
    asked = {"jobs": 64, "workers": 64, "plans": 2}
    assert slot_options(asked, 1) == {"jobs": 1, "workers": os.cpu_count() or 1, "plans": 2}
    assert slot_options({"plans": 2}, 1) == {"plans": 2, "jobs": 1}
