"""What a planner's user test of the workbench found in its words (issue 32, part 35K): the
check and a solve's warnings cite the planner's own files, download names say what their
links say, the Chinese is spaced and bracketed as the house writes it, and a calendar file
given as an instance is called what it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.cli import main
from pairing_planner.diagnosis.checks import warning_lines
from pairing_planner.errors import InputError
from pairing_planner.i18n import _, use_language
from pairing_planner.instance.bureau_files.provenance import Source, cite_source
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.web.download_names import download_names
from pairing_planner.web.page_words import WORDS
from pairing_planner.web.store import load_stored
from tests.web_helpers import examples_server

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("words35")


@pytest.fixture(scope="module")
def client(data: Path) -> Iterator[TestClient]:
    with examples_server(data) as client:
        yield client


@pytest.fixture(scope="module")
def uploaded(client: TestClient) -> dict[str, object]:
    """The attachment's lists uploaded under the planner's own names, with the Heze template."""
    files = {
        "recipients": ("名单.csv", (LISTS / "heze-recipients.csv").read_bytes()),
        "helpers": ("帮扶学校.csv", (LISTS / "heze-helpers.csv").read_bytes()),
    }
    found: dict[str, object] = client.post(
        "/api/instances", files=files, data={"template": "heze"}
    ).json()
    return found


def test_the_check_cites_no_line_of_the_file_the_server_wrote(
    uploaded: dict[str, object],
) -> None:
    """Finding 1: S5's counts cited 第 1182 行 of a YAML the planner never saw; now a finding
    about the instance as a whole cites nothing, and a school its list by its uploaded name."""
    findings = uploaded["findings"]
    assert isinstance(findings, list)
    counts = [f for f in findings if f["code"] == "expected-count"]
    assert counts and all(f["line"] is None and "file" not in f for f in counts)
    assert all(f["line"] is None for f in findings)
    sources = [f["source"] for f in findings if f["source"]]
    assert sources and {s["file"] for s in sources} <= {"名单.csv", "帮扶学校.csv"}


def test_a_solve_cites_the_uploaded_list_not_the_server_path(
    data: Path, uploaded: dict[str, object]
) -> None:
    """Finding 1: a solve's warnings began with the server's own path and named the list as
    stored (recipients.xlsx); the worker reads the instance as the planner knows it."""
    folder = data / "instances" / str(uploaded["id"])
    instance = load_stored(folder)
    with use_language("zh"):
        lines = warning_lines(instance, set(instance.helpers))
    assert lines
    assert not any(str(folder) in line or "instance.yaml" in line for line in lines)
    assert not any("recipients.csv" in line for line in lines)
    assert any(line.startswith("名单.csv，第 ") for line in lines)


def test_an_uploaded_instance_file_is_cited_by_its_name(client: TestClient) -> None:
    """An instance file the planner uploaded is theirs: a finding's line names it."""
    text = (ROOT / "instances" / "heze.yaml").read_bytes()
    found = client.post("/api/instances", files={"file": ("我的菏泽.yaml", text)}).json()
    lined = [f for f in found["findings"] if f["line"] is not None]
    assert lined and all(f["file"] == "我的菏泽.yaml" for f in lined)


def test_an_imported_title_names_the_lists_without_extensions(
    uploaded: dict[str, object],
) -> None:
    """Finding 2: the title was 支持菏泽教育发展 — 名单.csv、帮扶学校.csv 中的学校, and every
    download's name carried the two file names."""
    assert uploaded["title"] == "支持菏泽教育发展 — 名单、帮扶学校"


@pytest.mark.parametrize(
    ("name", "link", "word"),
    [
        ("ledger-1.xlsx", "The pairing ledger (台账), .xlsx", "结对帮扶台账"),
        ("report-1.xlsx", "The R4 report per helper city, .xlsx", "R4 报送名单"),
        ("calendar-1.xlsx", "The activity calendar, .xlsx", "活动日程表"),
        ("calendar-1.zip", "Each school's calendar (.ics), in one .zip", "活动日程表"),
        ("list-1.docx", "The official pairing list, .docx", "结对名单"),
        ("plan-1.csv", "The pairs as CSV", "结对表"),
    ],
)
def test_a_download_is_named_as_its_link_says(name: str, link: str, word: str) -> None:
    """Finding 2: the link said 活动日程表 and the file 活动校历, the link R4 报告 and the file
    R4 报送名单."""
    with use_language("zh"):
        worded, plain = download_names("支持菏泽教育发展 — 名单", "mingdan", name)
        assert word in _(link)
    assert worded == f"支持菏泽教育发展 — 名单-方案 1-{word}{Path(name).suffix}"
    assert plain.isascii() and " " not in plain and plain.startswith("mingdan-plan1-")


def test_download_words_keep_their_spaces_alike_in_english() -> None:
    """Finding 2: "Plan1" lost its space while "activity calendar" kept its: both keep it."""
    with use_language("en"):
        worded, plain = download_names("Heze", "heze", "calendar-2.zip")
    assert worded == "Heze-Plan 2-activity calendar.zip"
    assert plain == "heze-plan2-activity-calendar.zip"


@pytest.mark.parametrize(
    ("message", "values", "said", "not_said"),
    [
        ("parts {done} of {all}", {"done": 2, "all": 2}, "已求解 2/2 个部分", "已完成"),
        (
            "{clause} states {count} {what}{role}; the file lists {listed}",
            {"clause": "S5", "count": 20, "what": "", "role": "被帮扶学校", "listed": 21},
            "S5 规定被帮扶学校 20 所",
            "S5规定",
        ),
        (
            "there is no plan {rank} (plans: {ranks})",
            {"rank": 9, "ranks": "1"},
            "没有方案 9",
            "案9",
        ),
        ("{text} ({clause})", {"text": "恰有一所帮扶学校", "clause": "S5"}, "（S5）", " ("),
        ("the cost of plan {ranks}", {"ranks": "1"}, "方案 1 的成本", "案1"),
        (
            "Solved in {groups}, each on its own: no pair or rule joins two ({flow} by min-cost "
            "flow).",
            {"groups": "按学段分为 2 组", "flow": 0},
            "可用快速算法直接求出",
            "最小费用流",
        ),
    ],
)
def test_chinese_wording(message: str, values: dict[str, object], said: str, not_said: str) -> None:
    """Finding 3: 已完成 said twice, 规定 and 方案 glued to Latin and digits where the
    catalogue's other strings space them, half-width brackets, min-cost flow as jargon."""
    with use_language("zh"):
        text = _(message).format(**values)
    assert said in text and not_said not in text


def test_the_page_brackets_in_the_languages_way() -> None:
    """Finding 3: the page put "(缺一不可)" and "(S5)" in half-width brackets by itself; it
    asks the catalogue for the brackets, as i18n.cited does."""
    page = (ROOT / "src" / "pairing_planner" / "web" / "static" / "workbench.js").read_text()
    assert "{text} ({clause})" in WORDS
    assert "` (${" not in page and "(${rule.clause})" not in page


def test_a_list_row_is_cited_as_the_page_cites_it() -> None:
    """Finding 3: "recipients.xlsx 附件 第15行" beside the page's "名单.xlsx [附件]，第 15 行"."""
    with use_language("zh"):
        said = cite_source(Source(file="名单.xlsx", sheet="附件", row=15))
    assert said == "名单.xlsx [附件]，第 15 行"


def _swapped(tmp_path: Path) -> Path:
    text = (ROOT / "instances" / "heze-as-stated.yaml").read_text("utf-8")
    swapped = text.replace("lat: 36.6512, lon: 117.120098", "lat: 117.120098, lon: 36.6512")
    assert swapped != text
    path = tmp_path / "swapped.yaml"
    path.write_text(swapped, "utf-8")
    return path


def test_swapped_coordinates_are_called_swapped(tmp_path: Path) -> None:
    """Finding 3: a latitude of 117 said only 请给出不大于 90.0 的值."""
    with use_language("zh"), pytest.raises(InputError) as raised:
        load_instance(_swapped(tmp_path))
    messages = [p.message for p in raised.value.problems]
    assert len(messages) == 1 and "填反" in messages[0] and "117.120098" in messages[0]


def test_a_calendar_file_is_not_an_instance() -> None:
    """Finding 4: plan solve of a school calendar printed some twenty 缺少字段 / 未知字段."""
    calendar = ROOT / "instances" / "calendar-2016-illustrative.yaml"
    result = CliRunner().invoke(main, ["--lang", "en", "solve", str(calendar)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "school calendar" in said and "plan calendar RESULT --calendar" in said
    assert "missing" not in said and "unknown field" not in said
    assert "Traceback" not in said
