"""``GET /api/solves`` says which results are trade-off fronts: the page's list of last year's
results showed a front and a solve of one instance in one minute alike (review 37, finding
4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web_helpers import examples_server, solved_example


@pytest.mark.slow
def test_the_list_of_solves_marks_a_front(tmp_path: Path) -> None:
    """A front of two points and a plain solve of Heze as stated: only the front is marked,
    each with its plan count."""
    with examples_server(tmp_path) as client:
        front = solved_example(
            client, "heze-as-stated", {"front": "distance,score_gap", "plans": 2}
        )
        plain = solved_example(client, "heze-as-stated", {"plans": 1})
        listed = {solve["id"]: solve for solve in client.get("/api/solves").json()}
    assert (listed[front]["front"], listed[front]["plans"]) == (True, 2)
    assert (listed[plain]["front"], listed[plain]["plans"]) == (False, 1)
