"""The house: stages import one way, the library knows no flow and no Prefect, nothing imports
in a circle, statements live in sql/, the flows stay thin and the package installs whole.

Imports are read from the code itself (every `import` statement, at any depth), so a stage
that reaches ahead of itself fails here, not in review.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "pipeline"
# The stages in the order data flows through them: each may use those before it.
STAGES = ("sources", "extract", "count", "store", "analyse", "report")
# Shared by every stage: errors, settings, the paper and its ids, progress.
BASE = {"pipeline", "pipeline.errors", "pipeline.settings", "pipeline.papers",
        "pipeline.progress"}
FRONT_ENDS = {"pipeline.__main__"}  # like cli: may use anything
SQL_STATEMENT = re.compile(
    r"\b(select\b[^;]*\bfrom\b|insert\s+into\b|delete\s+from\b|update\s+\w+\s+set\b|"
    r"create\s+(or\s+replace\s+)?(temp\s+)?(table|view|macro)\b|drop\s+(table|view)\b|"
    r"alter\s+table\b)", re.IGNORECASE)
MAX_FLOW_LINES = 80


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def library_files() -> list[Path]:
    return sorted(LIBRARY.rglob("*.py"))


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """The modules a file imports (a name imported from a package is its submodule if one
    exists), at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if is_module(child) else node.module)
    return found


def part_of(module: str) -> str:
    """The part of the house a library module belongs to: base, a stage, ops, cli, sample."""
    if module in BASE:
        return "base"
    if module in FRONT_ENDS:
        return "cli"
    return module.split(".")[1]


def allowed_parts(part: str) -> set[str]:
    """What a part may import from the library."""
    if part == "base":
        return {"base"}
    if part in STAGES:
        return {"base", *STAGES[: STAGES.index(part) + 1]}
    if part == "sample":  # writes papers that mention the curated terms
        return {"base", "count", "sample"}
    if part == "ops":  # chains the stages
        return {"base", *STAGES, "sample", "ops"}
    return {"base", *STAGES, "sample", "ops", "cli"}  # the command


def graph() -> dict[str, set[str]]:
    return {module_name(path): {m for m in imports_of(path) if m.split(".")[0] == "pipeline"}
            for path in library_files()}


def test_the_stages_import_one_way() -> None:
    wrong = []
    for module, imported in graph().items():
        part = part_of(module)
        for target in imported:
            if part_of(target) not in allowed_parts(part):
                wrong.append(f"{module} ({part}) imports {target} ({part_of(target)})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_module_imports_a_private_module_of_another_package() -> None:
    wrong = [f"{module} imports {target}" for module, imported in graph().items()
             for target in imported
             if target.split(".")[-1].startswith("_") and target != "pipeline.__main__"
             and target.rsplit(".", 1)[0] != module.rsplit(".", 1)[0]]
    assert not wrong, "\n".join(wrong)


def test_the_library_never_imports_the_flows_or_prefect() -> None:
    wrong = [f"{module_name(path)} imports {m}" for path in library_files()
             for m in imports_of(path) if m.split(".")[0] in ("flows", "prefect")]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    edges = graph()
    cycles, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_the_rule_above_catches_a_stage_reaching_ahead(tmp_path: Path) -> None:
    # the check itself must be able to fail: a count module importing the store
    bad = tmp_path / "bad.py"
    bad.write_text("from pipeline.store import connect\nimport pipeline.report\n")
    targets = imports_of(bad)
    assert targets == {"pipeline.store", "pipeline.report"}
    assert {part_of(t) for t in targets} - allowed_parts("count") == {"store", "report"}


def test_sql_lives_in_sql_files_not_in_python() -> None:
    wrong = []
    for path in [*library_files(), *sorted((ROOT / "flows").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and SQL_STATEMENT.search(node.value)):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not wrong, "\n".join(wrong)
    assert SQL_STATEMENT.search("delete from core_papers where month = ?")  # it can fail


@pytest.mark.parametrize("flow", sorted(p.name for p in (ROOT / "flows").glob("*.py")))
def test_each_flow_stays_thin(flow: str) -> None:
    n_lines = len((ROOT / "flows" / flow).read_text(encoding="utf-8").splitlines())
    assert n_lines < MAX_FLOW_LINES, f"flows/{flow}: {n_lines} lines"


def test_every_package_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    packages = {module_name(init) for init in sorted(LIBRARY.rglob("__init__.py"))} | {"flows"}
    sql = {"pipeline.sql", *(f"pipeline.sql.{d.name}" for d in (ROOT / "sql").iterdir()
                             if d.is_dir())}
    assert listed == packages | sql
    assert config["tool"]["setuptools"]["package-dir"] == {"pipeline.sql": "sql"}
