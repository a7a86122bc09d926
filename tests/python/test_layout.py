"""The package's rooms and the direction of its imports (docs/architecture.md).

Each module sits in a layer and imports only from lower layers (or from its own package); the
text engine `footnote.match` is a leaf; nothing below the HTTP edge imports Flask; no module
imports another `footnote` module from inside a function (a late import hides a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "footnote"

# Lowest first. A module belongs to the longest prefix that names it.
LAYERS: list[tuple[str, ...]] = [
    ("footnote.match",),
    (
        "footnote.errors",
        "footnote.vocabulary",
        "footnote.config",
        "footnote.urls",
        "footnote.strict_json",
        "footnote.bridging",
    ),
    ("footnote.transaction", "footnote.migrations", "footnote.db"),
    ("footnote.store", "footnote.validation"),
    ("footnote.wire",),
    ("footnote.formats", "footnote.checking", "footnote.demo", "footnote.publish", "footnote.jobs"),
    ("footnote.http",),
    ("footnote.api", "footnote.w3c", "footnote.web"),
    ("footnote.app", "footnote.cli", "footnote"),
]
FLASK_FREE_BELOW = 6  # layers under footnote.http never import Flask or Werkzeug
WEB_FRAMEWORKS = ("flask", "flask_cors", "flask_wtf", "flask_limiter", "werkzeug")
NOT_WEB = ("werkzeug.security",)  # password hashing, used by the store; no request in it


def layer_of(module: str) -> int:
    """The layer index of a footnote module name."""
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            named = module == prefix or module.startswith(prefix + ".")
            if named and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    assert best is not None, f"{module} is in no layer: add it to LAYERS and docs/architecture.md"
    return best[0]


def module_name(path: Path) -> str:
    """footnote.x.y for server/footnote/x/y.py (packages by their __init__)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """(imported module, inside a function?) for every import in a file, absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rsplit(".", 1)[0]
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(inner) for inner in ast.walk(node) if inner is not node)
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        late = id(node) in in_function
        if isinstance(node, ast.Import):
            found.extend((alias.name, late) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "footnote" or (node.level and not node.module):
                # `from footnote import store` names submodules
                found.extend((f"{target}.{alias.name}", late) for alias in node.names)
            else:
                found.append((target, late))
    return found


def all_imports() -> list[tuple[str, str, bool]]:
    """(importer, imported, late) over the whole package."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for target, late in imports_of(path):
            edges.append((module_name(path), target, late))
    return edges


def footnote_module(name: str) -> str | None:
    """The footnote module an import names (None for third-party modules)."""
    if name != "footnote" and not name.startswith("footnote."):
        return None
    # `from footnote.store import Principal` names a module; a name inside one is cut off
    candidate = name
    while candidate and not (
        (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
        or (PACKAGE.parent / candidate.replace(".", "/") / "__init__.py").exists()
    ):
        candidate = candidate.rsplit(".", 1)[0] if "." in candidate else ""
    return candidate or None


def test_every_module_has_a_layer():
    for path in PACKAGE.rglob("*.py"):
        layer_of(module_name(path))


def upward(edges: list[tuple[str, str, bool]]) -> list[str]:
    """Imports of a higher layer's module, outside the importer's own package."""
    found = []
    for importer, imported, _late in edges:
        target = footnote_module(imported)
        if target is None or target == importer:
            continue
        own_package = importer.rsplit(".", 1)[0]
        same_package = target.startswith(own_package + ".") or importer.startswith(target + ".")
        if layer_of(target) > layer_of(importer) and not same_package:
            found.append(f"{importer} -> {target}")
    return found


def late(edges: list[tuple[str, str, bool]]) -> list[str]:
    """Imports of footnote modules made inside a function."""
    return [
        f"{importer} -> {imported}"
        for importer, imported, is_late in edges
        if is_late and footnote_module(imported) is not None
    ]


def test_imports_run_downward():
    assert upward(all_imports()) == []


def test_text_engine_is_a_leaf():
    outside = [
        f"{importer} -> {footnote_module(imported)}"
        for importer, imported, _late in all_imports()
        if importer.startswith("footnote.match")
        and footnote_module(imported) is not None
        and not str(footnote_module(imported)).startswith("footnote.match")
    ]
    assert outside == []


def test_no_late_footnote_imports():
    assert late(all_imports()) == []


def test_library_layers_do_not_import_flask():
    bound = [
        f"{importer} -> {imported}"
        for importer, imported, _late in all_imports()
        if layer_of(importer) < FLASK_FREE_BELOW
        and imported.split(".")[0] in WEB_FRAMEWORKS
        and imported not in NOT_WEB
    ]
    assert bound == []


def test_the_guards_can_fail():
    """Planted bad edges are caught, so the guards above are not vacuous."""
    assert upward([("footnote.store.sets", "footnote.wire", False)]) == [
        "footnote.store.sets -> footnote.wire"
    ]
    assert upward([("footnote.match.check", "footnote.db", False)]) != []
    assert upward([("footnote.api.sets", "footnote.store", False)]) == []
    assert late([("footnote.cli", "footnote.db", True)]) == ["footnote.cli -> footnote.db"]
    assert late([("footnote.cli", "click", True)]) == []
