"""The package's layers import only downwards (docs/architecture.md), the verifier shares no
code with the model, and importing the package loads no solver or data library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "pairing_planner"

LAYERS: list[set[str]] = [
    {"errors", "i18n", "said", "version", "clauses", "stop", "clock", "duties"},
    {"instance", "io", "result"},
    {"rules", "objective"},
    {"prepare"},
    {"cpsat"},
    {"algorithms"},
    {"diagnosis"},
    {"solving", "schedule"},
    {"verify"},
    {"report"},
    {"api"},
    {"cli", "web", "docs_gen", "__init__"},
]
"""Bottom to top: a module may import its own layer and the layers below it."""

INDEPENDENT = {
    "verify": {"errors", "i18n", "version", "clauses", "duties", "instance", "io", "result"}
}
"""What the verifier may import: the data, never the rules, costs, model or algorithms."""


def _layer(top: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _imports(path: Path) -> set[str]:
    """The package's first-level names a module imports, type-only ones included: an import
    under ``if TYPE_CHECKING:`` still writes the module against that layer's API."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["pairing_planner", *path.relative_to(PACKAGE).parent.parts]
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level:
            # a relative import, resolved against the module's own package
            base = ".".join(package[: len(package) - node.level + 1])
            module = f"{base}.{node.module}" if node.module else base
            names = [module] + [f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pairing_planner" and len(parts) > 1 and parts[1] != "pairing_planner":
                found.add(parts[1])
    return found


def _modules() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(PACKAGE).parts[0].removesuffix(".py"), path)
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


@pytest.mark.parametrize(("top", "path"), _modules(), ids=lambda v: str(v))
def test_imports_go_downwards(top: str, path: Path) -> None:
    """No module imports a layer above its own; the verifier imports only the data."""
    own = _layer(top)
    for name in _imports(path):
        assert _layer(name) <= own, f"{path.relative_to(PACKAGE)} imports {name}"
        if top in INDEPENDENT:
            assert name in INDEPENDENT[top] | {top}, f"{path.relative_to(PACKAGE)} imports {name}"


def test_every_module_has_a_layer() -> None:
    """A new package or top-level module is placed in the picture before it lands."""
    for top, _path in _modules():
        _layer(top)


def test_importing_the_package_and_the_cli_loads_no_solver() -> None:
    """``import pairing_planner`` and the CLI's group load neither OR-Tools, pandas, scipy
    nor networkx: ``plan --help`` and a worker process pay only for what they use."""
    code = (
        "import sys, pairing_planner, pairing_planner.cli; "
        "heavy = {'ortools', 'pandas', 'scipy', 'networkx', 'matplotlib', 'numpy'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_solving_a_small_instance_loads_no_lp_solver() -> None:
    """scipy.optimize (0.26 s of start-up) serves only large solves' LP bounds: Heze's
    end-to-end 1.5 s has no room for it (docs/performance.md)."""
    code = (
        "import sys, pairing_planner as pp; "
        "pp.solve(pp.load_instance('instances/heze-as-stated.yaml')); "
        "print('scipy.optimize' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    assert loaded == "False"


def test_importing_the_api_loads_no_solver_nor_calendar() -> None:
    """``import pairing_planner.api`` (every command's first step) loads neither OR-Tools,
    pandas, scipy, networkx nor matplotlib, nor the calendar's modules: a command's time
    limit counts from the process's start, and a solve does not need them (issue 31)."""
    code = (
        "import sys, pairing_planner.api; "
        "heavy = {'ortools', 'pandas', 'scipy', 'networkx', 'matplotlib'}; "
        "lazy = {'pairing_planner.schedule', 'pairing_planner.verify.calendar', "
        "'pairing_planner.io.calendar_sheet', 'pairing_planner.report.duty_progress', "
        "'pairing_planner.result.calendar'}; "
        "tops = {m.split('.')[0] for m in sys.modules}; "
        "print(sorted((heavy & tops) | (lazy & set(sys.modules))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
