"""Strict JSON for request bodies and import files.

`json.loads` accepts things Footnote cannot store or should not try to: `NaN` and `Infinity`,
escaped unpaired surrogates (`"\\ud800"`, which SQLite's UTF-8 refuses later, mid-write) and
nesting deep enough to exhaust the interpreter's stack. `loads` refuses each up front with a
message and, where it can, the path of the offending value.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
"""Deeper than any annotation format needs (W3C examples nest about eight levels)."""

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class JsonProblem(ValueError):
    """The text is not JSON Footnote accepts; `field` is the path of the bad value if known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse `text` as strict JSON, or raise JsonProblem saying what is wrong and where."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise JsonProblem(f"the JSON is nested more than {max_depth} levels deep") from None
    except ValueError as exc:
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f" at line {exc.lineno}, column {exc.colno}"
            raise JsonProblem(f"not valid JSON{where}: {exc.msg}") from None
        raise JsonProblem(f"not valid JSON: {exc}") from None
    _check(value, max_depth, check_text=_SURROGATE_ESCAPE.search(text) is not None)
    return value


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = f"U+{ord(text[exc.start]):04X}"
        raise JsonProblem(
            f"{path or 'the body'} contains an unpaired surrogate ({code}); text must be valid "
            "Unicode",
            path or None,
        ) from None


def _check(value: Any, max_depth: int, *, check_text: bool) -> None:
    """Walk the parsed value without recursion: depth always, text only if escapes were seen."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict):
            if depth > max_depth:
                raise JsonProblem(f"the JSON is nested more than {max_depth} levels deep", path)
            for key, child in node.items():
                if check_text:
                    _check_text(key, _path(path, key))
                if isinstance(child, (dict, list)) or (check_text and isinstance(child, str)):
                    stack.append((child, _path(path, key), depth + 1))
        elif isinstance(node, list):
            if depth > max_depth:
                raise JsonProblem(f"the JSON is nested more than {max_depth} levels deep", path)
            for index, child in enumerate(node):
                if isinstance(child, (dict, list)) or (check_text and isinstance(child, str)):
                    stack.append((child, _path(path, index), depth + 1))
        elif isinstance(node, str):
            _check_text(node, path)
