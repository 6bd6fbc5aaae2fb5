"""The package's shape: layers point one way, every package is declared, the wheel holds only
``iegraph/``.

Layers (ARCHITECTURE.md §2): ``ontology`` ← ``graph`` ← ``ingest``, ``queries`` ← ``api``.
Every import of every module counts — top-level, inside functions, under ``TYPE_CHECKING`` —
because a function-local import is still a dependency (it only hides the cycle).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("ontology", "graph", "ingest", "queries", "api")

#: what each layer may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "ontology": set(),
    "graph": {"ontology"},
    "ingest": {"ontology", "graph"},
    "queries": {"ontology", "graph"},
    "api": {"ontology", "graph", "ingest", "queries"},
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for pkg in PACKAGES:
        for f in sorted((REPO / pkg).rglob("*.py")):
            rel = f.relative_to(REPO).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            out.append(("iegraph." + ".".join(parts), f))
    return out


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """Absolute names of everything ``path`` imports, with line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - (node.level - 1)]
                name = ".".join(anchor + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found.extend((node.lineno, f"{name}.{a.name}") for a in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] == "iegraph" and len(parts) > 1 and parts[1] in PACKAGES:
        return parts[1]
    if parts[0] in PACKAGES:  # a pre-namespace import (``from graph.x import y``)
        return parts[0]
    return None


def test_no_lower_layer_imports_a_higher_one() -> None:
    modules = _modules()
    assert len(modules) > 50, "the source tree was not found"
    bad = []
    for module, path in modules:
        own = _layer(module)
        assert own is not None
        for line, name in _imports(module, path):
            target = _layer(name)
            if target is None or target == own:
                continue
            if name.split(".")[0] in PACKAGES:
                bad.append(f"{path.relative_to(REPO)}:{line} imports {name} (use iegraph.{name})")
            elif target not in ALLOWED[own]:
                bad.append(f"{path.relative_to(REPO)}:{line}: {own} imports {name}")
    assert not bad, "imports against the layers:\n" + "\n".join(sorted(set(bad)))


def test_the_layer_check_sees_function_local_imports(tmp_path: Path) -> None:
    src = tmp_path / "build.py"
    src.write_text(
        "def f():\n    from iegraph.queries.search import x\n    from ..queries import named\n",
        encoding="utf-8",
    )
    names = {n for _, n in _imports("iegraph.graph.views.build", src)}
    assert "iegraph.queries.search" in names and "iegraph.graph.queries" in names


def test_every_package_folder_is_declared() -> None:
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = conf["tool"]["setuptools"]
    declared = set(setuptools["packages"])
    mapping = setuptools["package-dir"]
    assert mapping == {f"iegraph.{p}": p for p in PACKAGES}
    folders = {
        "iegraph." + ".".join(init.parent.relative_to(REPO).parts)
        for pkg in PACKAGES
        for init in (REPO / pkg).rglob("__init__.py")
    }
    assert folders - declared == set(), "add these to [tool.setuptools] packages"
    assert declared - folders == set(), "declared packages without an __init__.py"


@pytest.mark.slow
def test_the_wheel_holds_only_iegraph(tmp_path: Path) -> None:
    # built from a copy of what the wheel is made of: an in-tree build would write build/
    # and *.egg-info into the working tree (where the editable install's link tree lives)
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc")
    for pkg in PACKAGES:
        shutil.copytree(REPO / pkg, src / pkg, ignore=junk)
    out = tmp_path / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = out.glob("iegraph-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    tops = {n.split("/")[0] for n in names}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert tops - dist_info == {"iegraph"}, sorted(tops)
    for pkg in PACKAGES:
        assert f"iegraph/{pkg}/__init__.py" in names
        assert f"iegraph/{pkg}/py.typed" in names
    assert "iegraph/ontology/iegraph.ttl" in names
    assert any(n.startswith("iegraph/queries/named/") and n.endswith(".cypher") for n in names)
