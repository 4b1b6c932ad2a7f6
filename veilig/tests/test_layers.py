"""Rules of the house that the import graph cannot see, checked on the source (AST).

- A view or API module never touches the ORM (``.objects``) and never writes an audit row
  (``audit_record``): selectors read, services write, choke points log.
- Every ``access_*`` function is defined under ``veilig/access/``.

The import rules themselves are import-linter contracts (``.importlinter``, run by ``make test``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # the veilig package


def _product_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
        and "migrations" not in path.parts
        and path.name != "conftest.py"
    )


def is_view_or_api_module(path: Path) -> bool:
    """``views.py``, ``views_*.py``, anything in a ``views`` or ``api`` package, ``api.py``."""
    parts = path.relative_to(ROOT).parts
    return (
        path.stem == "views"
        or path.stem.startswith("views_")
        or path.stem == "api"
        or "views" in parts[:-1]
        or "api" in parts[:-1]
    )


def orm_and_audit_uses(source: str) -> list[str]:
    """Each ``.objects`` attribute and each call or import of ``audit_record``, with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        elif (isinstance(node, ast.Name) and node.id == "audit_record") or (
            isinstance(node, ast.Attribute) and node.attr == "audit_record"
        ):
            found.append(f"line {node.lineno}: audit_record")
        elif isinstance(node, ast.ImportFrom) and any(
            alias.name == "audit_record" for alias in node.names
        ):
            found.append(f"line {node.lineno}: import audit_record")
    return found


def access_functions(source: str) -> list[str]:
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("access_")
    ]


def test_views_and_api_modules_touch_neither_the_orm_nor_the_log() -> None:
    modules = [path for path in _product_modules() if is_view_or_api_module(path)]
    assert len(modules) >= 10, "the walk found too few view modules: is ROOT right?"
    offences = {
        str(path.relative_to(ROOT)): uses
        for path in modules
        if (uses := orm_and_audit_uses(path.read_text(encoding="utf-8")))
    }
    assert offences == {}


def test_access_functions_live_in_the_access_package_only() -> None:
    access_root = ROOT / "access"
    outside = {
        str(path.relative_to(ROOT)): names
        for path in _product_modules()
        if access_root not in path.parents
        and (names := access_functions(path.read_text(encoding="utf-8")))
    }
    assert outside == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Case.objects.filter(pk=1)", ["line 1: .objects"]),
        ("from veilig.audit.services import audit_record", ["line 1: import audit_record"]),
        ("services.audit_record(context=c)", ["line 1: audit_record"]),
        ("case_list(visible=v)", []),
    ],
)
def test_the_checker_sees_a_planted_violation(source: str, expected: list[str]) -> None:
    assert orm_and_audit_uses(source) == expected


def test_the_checker_finds_an_access_function_anywhere() -> None:
    assert access_functions("def access_thing(context, pk):\n    pass\n") == ["access_thing"]
    assert access_functions("def thing_get(*, pk):\n    pass\n") == []
