"""The integration's modules import each other without a circle.

A circle (the coordinator importing a feature that imports the coordinator back) makes every
module in it depend on all the others: none can be read, tested or moved on its own. The
graph counts every import of a sibling module, wherever it is written: at the top, inside a
function, and inside ``if TYPE_CHECKING:`` blocks too (a type-only import is still a dependency
a reader must follow and mypy must resolve; hiding a circle behind it would not remove it).
The HA-free ``hall/`` package imports none of them (see test_conventions.py), so it is one
leaf here.
"""

from __future__ import annotations

import ast
from pathlib import Path

COMPONENT = Path(__file__).parent.parent / "custom_components" / "service_hall"
PACKAGE = "custom_components.service_hall"


def _imported(node: ast.ImportFrom | ast.Import, module: str) -> set[str]:
    """The sibling modules one import statement names."""
    if isinstance(node, ast.Import):
        dotted = [alias.name for alias in node.names]
    elif node.level == 1:  # from .x import y / from . import x
        base = node.module or ""
        dotted = [
            f"{PACKAGE}.{base}.{alias.name}" if base else f"{PACKAGE}.{alias.name}" for alias in node.names
        ]
        if base:
            dotted.append(f"{PACKAGE}.{base}")
    elif node.level == 0 and node.module:
        dotted = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    else:
        return set()
    found: set[str] = set()
    for name in dotted:
        if name.startswith(f"{PACKAGE}."):
            first = name.removeprefix(f"{PACKAGE}.").split(".")[0]
            if first != module:
                found.add(first)
    return found


def import_graph(directory: Path = COMPONENT) -> dict[str, set[str]]:
    """Module name -> the sibling modules it imports (only ``*.py`` directly in ``directory``)."""
    modules = {path.stem: path for path in directory.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for node in ast.walk(tree):  # every import: top level, TYPE_CHECKING blocks, functions
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets |= _imported(node, name)
        graph[name] = {target for target in targets if target in modules}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary circle once (depth-first from each module, smallest module first)."""
    found: list[list[str]] = []
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for target in sorted(graph[node]):
                if target == start:
                    found.append([*path, start])
                elif target > start and target not in path:
                    stack.append((target, [*path, target]))
    return found


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """Relative, package-relative, absolute, inside TYPE_CHECKING and inside functions."""
    (tmp_path / "a.py").write_text("from .b import thing\n", encoding="utf-8")
    (tmp_path / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n", encoding="utf-8"
    )
    (tmp_path / "c.py").write_text(
        "def f():\n    from custom_components.service_hall.d import x\n", encoding="utf-8"
    )
    (tmp_path / "d.py").write_text("from .hall.model import Changes\nfrom .a import y\n", encoding="utf-8")
    graph = import_graph(tmp_path)
    assert graph == {"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "d", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_the_integration() -> None:
    """Features hang off the coordinator's signals; nothing the coordinator imports imports it back."""
    found = cycles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)


def defined_names(directory: Path = COMPONENT) -> dict[str, list[str]]:
    """Class and ``type`` alias name -> the modules (hall/ included) that define it at top level."""
    found: dict[str, list[str]] = {}
    for path in sorted(directory.rglob("*.py")):
        module = path.relative_to(directory).with_suffix("").as_posix()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.TypeAlias):
                name = node.name if isinstance(node, ast.ClassDef) else node.name.id
                found.setdefault(name, []).append(module)
    return found


def test_the_name_finder_sees_classes_and_type_aliases(tmp_path: Path) -> None:
    """Two modules defining one name, as a class and as a type alias, are both found."""
    (tmp_path / "hall").mkdir()
    (tmp_path / "a.py").write_text("class Command:\n    pass\n", encoding="utf-8")
    (tmp_path / "hall" / "b.py").write_text("type Command = int\ntype Other = str\n", encoding="utf-8")
    names = defined_names(tmp_path)
    assert names["Command"] == ["a", "hall/b"]
    assert names["Other"] == ["hall/b"]


def test_no_two_classes_share_a_name() -> None:
    """One name, one concept: a class or type alias is defined once across both layers."""
    shared = {name: modules for name, modules in defined_names().items() if len(modules) > 1}
    assert shared == {}


def test_each_adapter_is_named_after_the_model_it_adapts() -> None:
    """A module of hall/ and the Home Assistant module built on it share a name (no supervisor.py)."""
    model = {path.stem for path in (COMPONENT / "hall").glob("*.py")}
    assert "supervisor" not in {path.stem for path in COMPONENT.glob("*.py")}
    for adapter in ("supervision", "materials"):
        assert adapter in model
        assert (COMPONENT / f"{adapter}.py").is_file()
