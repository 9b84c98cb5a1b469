"""The integration's modules import each other without a circle.

A circle (the coordinator importing a feature that imports the coordinator back) makes every
module in it depend on all the others: none can be read, tested or moved on its own. The
graph counts every import of a sibling module, wherever it is written: at the top, inside a
function, and inside ``if TYPE_CHECKING:`` blocks too (a type-only import is still a dependency
a reader must follow and mypy must resolve; hiding a circle behind it would not remove it).
The HA-free ``hall/`` package imports none of them (see test_conventions.py), so it is one
leaf here.

The tests follow a rule of their own: no test module imports another test module or a private
``_name`` of another module; what they share lives in helpers modules and conftests.
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


TESTS = Path(__file__).parent


def _module_file(base: Path) -> Path | None:
    """The file of a module path (``a/b`` -> ``a/b.py`` or ``a/b/__init__.py``), if there is one."""
    for candidate in (base.with_name(f"{base.name}.py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _import_base(node: ast.ImportFrom, importer: Path, root: Path) -> Path | None:
    """Where ``from <module> import ...`` points, as a path without suffix; None outside ``root``."""
    parts = (node.module or "").split(".") if node.module else []
    if node.level:  # from . / from .. : the importer's package, then up
        base = importer.parent
        for _ in range(node.level - 1):
            base = base.parent
    elif parts and parts[0] == root.name:  # from tests.x import y
        base = root.parent
    elif parts and _module_file(importer.parent / parts[0]):  # rootdir style (dashboards, stack)
        base = importer.parent
    else:
        return None
    return base.joinpath(*parts)


def cross_test_imports(root: Path = TESTS) -> set[tuple[str, str, str]]:
    """(importer, imported module, what) for each import of a test module or of a private name.

    Paths are relative to ``root``; ``what`` is ``"test module"`` or ``"private name _x"``. A
    test module's helpers belong in a helpers module or a conftest: importing a test module runs
    (and, for pytest, collects) it in a second place, and a ``_name`` is private to its module.
    """
    found: set[tuple[str, str, str]] = set()
    for importer in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(importer.read_text(encoding="utf-8"))):
            modules: list[tuple[Path, str | None]] = []  # (module path, name imported from it)
            if isinstance(node, ast.ImportFrom) and (base := _import_base(node, importer, root)):
                for alias in node.names:
                    if _module_file(base / alias.name):  # from . import test_x
                        modules.append((base / alias.name, None))
                    else:
                        modules.append((base, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == root.name:  # import tests.test_x
                        modules.append((root.parent.joinpath(*parts), None))
            for module, name in modules:
                target = _module_file(module)
                if target is None or not target.is_relative_to(root) or target == importer:
                    continue
                where = (importer.relative_to(root).as_posix(), target.relative_to(root).as_posix())
                if module.name.startswith("test_"):
                    found.add((*where, "test module"))
                if name is not None and name.startswith("_"):
                    found.add((*where, f"private name {name}"))
    return found


def test_the_checker_sees_every_import_of_a_test_module_or_private_name(tmp_path: Path) -> None:
    """Relative, package-absolute, ``from . import``, ``import``, rootdir style, in a function."""
    root = tmp_path / "tests"
    (root / "sub").mkdir(parents=True)
    (root / "plain").mkdir()
    for path, text in {
        "__init__.py": "",
        "test_a.py": "def _hidden(): ...\nX = 1\n",
        "helpers.py": "def _private(): ...\nPUBLIC = 1\n",
        "test_relative.py": "from .test_a import X\n",
        "test_absolute.py": "def f():\n    from tests.test_a import X\n",
        "test_package.py": "from . import test_a\n",
        "test_import.py": "import tests.test_a\n",
        "test_private.py": "from .helpers import _private, PUBLIC\n",
        "test_fine.py": "from .helpers import PUBLIC\nfrom . import helpers\nimport os\nfrom os import path\n",
        "sub/__init__.py": "",
        "sub/test_up.py": "from ..test_a import X\nfrom ..helpers import PUBLIC\n",
        "plain/test_b.py": "V = 1\n",
        "plain/test_rootdir.py": "from test_b import V\n",
        "plain/harness.py": "from test_b import V\nW = 2\n",
        "plain/test_harness_user.py": "from harness import W\n",
    }.items():
        (root / path).write_text(text, encoding="utf-8")
    assert cross_test_imports(root) == {
        ("test_relative.py", "test_a.py", "test module"),
        ("test_absolute.py", "test_a.py", "test module"),
        ("test_package.py", "test_a.py", "test module"),
        ("test_import.py", "test_a.py", "test module"),
        ("test_private.py", "helpers.py", "private name _private"),
        ("sub/test_up.py", "test_a.py", "test module"),
        ("plain/test_rootdir.py", "plain/test_b.py", "test module"),
        ("plain/harness.py", "plain/test_b.py", "test module"),
    }


def test_no_test_module_or_private_name_is_imported_across_tests() -> None:
    """Shared test code lives in helpers modules and conftests, never in another test module."""
    found = cross_test_imports()
    assert found == set(), "\n".join(" -> ".join(item) for item in sorted(found))
