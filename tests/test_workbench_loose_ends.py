"""Issue 32's loose ends of the workbench: the API's solve options written once (those of an
instance's ``solve:``), a result's sentences in the language asked, and a calendar scheduled as
a job in a worker process, served by the one files route."""

from __future__ import annotations

from typing import Any

from pairing_planner.instance.schema.models import SolveDefaults
from pairing_planner.web.models import SERVER_SET, Options


def _limits(field: dict[str, Any]) -> dict[str, Any]:
    """A field's JSON Schema without its null branch: type, limits, description."""
    [given] = [branch for branch in field.get("anyOf", [field]) if branch.get("type") != "null"]
    return {k: v for k, v in given.items() if k != "title"} | {
        "description": field.get("description")
    }


def test_the_api_options_take_the_caps_and_words_of_the_instance_solve_defaults() -> None:
    """Each API option is an instance's ``solve:`` default with its type, limits and
    description (written once, in ``SolveDefaults``), left out unless given; a cap added
    there reaches the API's schema."""
    defaults = SolveDefaults.model_json_schema()["properties"]
    options = Options.model_json_schema()["properties"]
    assert set(options) == set(defaults) - set(SERVER_SET) | {"front"}
    for name in set(defaults) - set(SERVER_SET):
        expected = {
            k: v for k, v in _limits(defaults[name]).items() if k not in ("default", "title")
        }
        assert _limits(options[name]) == expected, name
        assert options[name]["default"] is None, name
    assert Options().model_dump(exclude_none=True) == {}
