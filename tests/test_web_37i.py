"""plan serve's server side after review 37b (issue 32): downloads name no server path
(finding 2), the socket bound as the host's family asks (finding 3) and closed when no
server took it (finding 4), and a token-guarded server's address and bare page (planner's
re-check, N7)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from tests.web_helpers import done, examples_server


def test_downloaded_json_names_no_server_path(tmp_path: Path) -> None:
    """``plans.json`` and ``plan-1.json`` (as a file and as ``plans/1``) of a solve and of
    its re-plan name the instance by id and the baseline by its solve, as the JSON answers
    do; the result folder keeps what ``plan solve`` writes (its paths, for the commands).
    They were sent as written: ``/tmp/…/instances/…/instance.yaml``."""
    data = tmp_path / "data"
    needle = str(data.resolve()).encode()
    with examples_server(data, "en") as client:
        instance = client.post("/api/examples/heze-as-stated").json()["id"]
        first = client.post("/api/solves", json={"instance": instance, "options": {}}).json()
        assert done(client, first["id"])["state"] == "done"
        again = {"instance": instance, "options": {}, "baseline": {"solve": first["id"]}}
        second = client.post("/api/solves", json=again).json()
        assert done(client, second["id"])["state"] == "done"
        for solve in (first["id"], second["id"]):
            for route in ("files/plans.json", "files/plan-1.json", "plans/1?format=json"):
                answer = client.get(f"/api/solves/{solve}/{route}")
                assert answer.status_code == 200, answer.text
                assert answer.headers["content-type"].startswith("application/json")
                assert "attachment" in answer.headers["content-disposition"]
                assert needle not in answer.content, (route, answer.text[:300])
                sent = answer.json()
                assert sent["instance_path"] == instance, route
                assert sent["plans"], route
                if solve == second["id"]:
                    assert sent["replan"]["baseline"] == first["id"], route
                    source = sent["plans"][0]["changes"]["source"]
                    assert source.startswith(f"the solve '{first['id']}'"), source
            for name in ("plan-1.csv", "ledger-1.xlsx", "list-1.docx", "report-1.xlsx"):
                answer = client.get(f"/api/solves/{solve}/files/{name}")
                assert answer.status_code == 200, answer.text
                if name.endswith("csv"):
                    assert needle not in answer.content, name
                else:
                    packed = zipfile.ZipFile(io.BytesIO(answer.content))
                    assert all(needle not in packed.read(n) for n in packed.namelist()), name
    written = [json.loads(p.read_text()) for p in (data / "solves").glob("*/*/plans.json")]
    assert len(written) == 2
    assert all(w["instance_path"].endswith("instance.yaml") for w in written)
    assert any(w.get("replan") and w["replan"]["baseline"].endswith("plans.json") for w in written)
