"""Three design items of the web review (issue 32, part 32J): the server holds only the
instances used last (a long-running server does not grow without bound), an example opened
again is the one stored before, and verifying a stated plan is one library function."""

from __future__ import annotations

import ast
import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.api import verify_stated
from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.io.plans import PlanFile
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.store import InstanceStore, Upload

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "instances"
SMALL = EXAMPLES / "ur-sample-city.yaml"
LISTS = EXAMPLES / "lists"
SMALL_RULES = ROOT / "tests" / "data" / "ok_small.yaml"


def test_past_the_bound_the_least_recently_used_is_let_go_and_read_again(
    tmp_path: Path,
) -> None:
    """Three uploads into a store that holds two: the first is no longer the object held (it
    is read again from its folder, same schools), the one used since is still held."""
    store = InstanceStore(tmp_path / "instances", EXAMPLES, held=2)
    upload = Upload("city.yaml", SMALL.read_bytes())
    first, second = store.add_file(upload), store.add_file(upload)
    assert store.get(first.id) is first  # used since: second is now the least recent
    third = store.add_file(upload)
    assert store.get(first.id) is first
    assert store.get(third.id) is third
    again = store.get(second.id)
    assert again is not second
    assert again.id == second.id
    assert again.instance.recipients.keys() == second.instance.recipients.keys()


def test_an_import_note_outlives_the_instance_being_let_go(tmp_path: Path) -> None:
    """The note an import made (a school whose name and stage disagree) is shown again when
    the instance has been read back from its folder, as it was on the upload."""
    store = InstanceStore(tmp_path / "instances", EXAMPLES, held=1)
    recipients = Upload("名单.csv", (LISTS / "heze-recipients-2017.csv").read_bytes())
    helpers = Upload("helpers.csv", (LISTS / "heze-helpers.csv").read_bytes())
    imported = store.add_lists("heze", recipients, helpers)
    assert imported.notes
    store.add_file(Upload("city.yaml", SMALL.read_bytes()))
    again = store.get(imported.id)
    assert again is not imported
    assert again.notes == imported.notes


def test_an_example_opened_twice_is_stored_once_until_its_file_changes(tmp_path: Path) -> None:
    """POST /api/examples/NAME twice gives one id and one folder; the example's file changed
    (a newer modification time) gives a new one."""
    examples = tmp_path / "examples"
    examples.mkdir()
    example = examples / "city.yaml"
    example.write_bytes(SMALL.read_bytes())
    data = tmp_path / "data"
    config = ServeConfig(data=data, workers=1, language="en", examples=examples)
    client = TestClient(create_app(config), base_url="http://127.0.0.1:8765")
    opened = [client.post("/api/examples/city") for _ in range(2)]
    assert [answer.status_code for answer in opened] == [201, 201], opened[0].text
    assert opened[0].json()["id"] == opened[1].json()["id"]
    assert len(list((data / "instances").iterdir())) == 1
    later = example.stat().st_mtime + 10
    os.utime(example, (later, later))
    changed = client.post("/api/examples/city")
    assert changed.json()["id"] != opened[0].json()["id"]
    assert len(list((data / "instances").iterdir())) == 2


def _stated_csv(tmp_path: Path) -> Path:
    """A plan of the small instance as an edited CSV: h1's name cell misspelt."""
    plan = tmp_path / "plan-1.csv"
    plan.write_text(
        "helper_id,helper,recipient_id\nh1,济南市第一小学,r1\nh2,,r2\nh3,,r3\nh1,,r4\n",
        encoding="utf-8",
    )
    return plan


def test_a_stated_plan_is_verified_once_from_a_file_or_as_given(tmp_path: Path) -> None:
    """``api.verify_stated`` reads the file, refuses nothing here, and finds the misspelt
    name beside the rules' own check; ``plan verify --json`` says exactly that verdict; the
    same pairs given as pairs (no names stated) have no name to disagree with."""
    instance = load_instance(SMALL_RULES)
    plan = _stated_csv(tmp_path)
    stated, verdict = verify_stated(instance, plan)
    assert stated.pairs == [("h1", "r1"), ("h2", "r2"), ("h3", "r3"), ("h1", "r4")]
    misnamed = [v for v in verdict.violations if "济南市第一小学" in v.message]
    assert misnamed, verdict.violations
    answer = CliRunner().invoke(main, ["verify", str(SMALL_RULES), str(plan), "--json"])
    said = json.loads(json.dumps(asdict(verdict)["violations"], ensure_ascii=False))
    assert json.loads(answer.output)["violations"] == said
    _given, bare = verify_stated(instance, PlanFile(stated.pairs))
    assert not any("济南市第一小学" in v.message for v in bare.violations)
    assert bare.objective == verdict.objective


def test_a_given_plan_naming_an_unknown_school_is_refused_naming_the_instance() -> None:
    """Pairs given with no file (the API's ``pairs``): a school the instance lacks is an
    input error that names the school and the instance, and no file."""
    instance = load_instance(SMALL_RULES)
    with pytest.raises(InputError) as refused:
        verify_stated(instance, PlanFile([("h1", "r1"), ("h9", "r2")]))
    [problem] = refused.value.problems
    assert "h9" in problem.message and "ok-small" in problem.message
    assert problem.file is None


def test_no_web_module_takes_a_private_name_from_another() -> None:
    """What the routes share is public (web/shown.py): pages.py took ``_checked`` from
    instances.py and ``_finished`` from solves.py, so a change to a private helper there
    broke a route elsewhere. ``_`` (the translation function) is public by convention."""
    web = ROOT / "src" / "pairing_planner" / "web"
    taken = [
        f"{path.name}: {node.module}.{alias.name}"
        for path in sorted(web.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pairing_planner")
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "_"
    ]
    assert taken == []
