"""``POST /api/solves/{id}/calendars/{k}`` on a calendar already made answers 200 (issue 32):
the calendar is done and nothing was started, where it answered 202 (accepted, as if a job had
begun) with state done."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web_helpers import calendar_file, examples_server, solved_example


@pytest.mark.slow
def test_posting_a_calendar_made_already_is_200_and_starts_nothing(tmp_path: Path) -> None:
    """Plan 1's calendar made by its first download: a POST then answers 200 with the body a
    poll gives (done, its files, the job that made it), and no other job is queued."""
    with examples_server(tmp_path, "en") as client:
        solve = solved_example(client, "heze-as-stated", {"seed": 1})
        where = f"/api/solves/{solve}/calendars/1"
        started = client.post(where)
        assert started.status_code == 202, started.text
        assert calendar_file(client, solve, "calendar-1.xlsx").status_code == 200
        polled = client.get(where).json()
        again = client.post(where)
        assert again.status_code == 200, again.text
        assert again.json() == polled
        assert polled["state"] == "done" and polled["id"] == started.json()["id"]
        assert polled["files"] == ["calendar-1.xlsx", "calendar-1.zip"]
        assert client.get(where).json() == polled
