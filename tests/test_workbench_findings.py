"""What a bureau planner and an IT clerk found testing the workbench (issue 32, part 32G):
each finding's fix, through the API (FastAPI's TestClient) and in the system's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("findings")
    config = ServeConfig(data=data, workers=1, language="zh", examples=ROOT / "instances")
    with TestClient(create_app(config), base_url="http://127.0.0.1:8765") as client:
        yield client


def _fewer_helpers(count: int) -> bytes:
    """The attachment's helper list cut to its first ``count`` schools."""
    lines = (LISTS / "heze-helpers.csv").read_bytes().splitlines(keepends=True)
    return b"".join(lines[: count + 1])


def test_a_corrected_list_keeps_the_other_list(client: TestClient) -> None:
    """Finding 1: re-uploading the recipients on 检查 keeps the planner's helper list (not
    the template's sample schools), and the title still names the helpers' file."""
    recipients = (LISTS / "heze-recipients.csv").read_bytes()
    first = client.post(
        "/api/instances",
        files={
            "recipients": ("受援.csv", recipients),
            "helpers": ("帮扶38.csv", _fewer_helpers(38)),
        },
        data={"template": "heze"},
    ).json()
    assert first["helpers"] == 38
    corrected = client.post(
        "/api/instances",
        files={"recipients": ("受援（改）.csv", recipients)},
        data={"base": first["id"]},
    )
    assert corrected.status_code == 201, corrected.text
    found = corrected.json()
    assert found["helpers"] == 38 and found["recipients"] == 21
    assert "帮扶38" in found["title"] and "受援（改）" in found["title"]


def test_a_corrected_list_of_an_example_keeps_its_schools(client: TestClient) -> None:
    """An example has no lists: its own schools stay beside the corrected one."""
    example = client.post("/api/examples/heze").json()
    corrected = client.post(
        "/api/instances",
        files={"helpers": ("帮扶38.csv", _fewer_helpers(38))},
        data={"base": example["id"]},
    ).json()
    assert (corrected["recipients"], corrected["helpers"]) == (example["recipients"], 38)
