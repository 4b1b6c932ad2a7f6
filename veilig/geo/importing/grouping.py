"""The stadsdeel grouping: Veilig's own level between gemeente and wijk (not in CBS data).

Format (JSON)::

    {"stadsdelen": [{"code": "SD001401", "name": "Centrum", "wijken": ["WK001400", "WK001401"]}]}

A stadsdeel code is ``SD`` + the gemeente number + two digits; its wijken must belong to the same
gemeente, and a wijk belongs to at most one stadsdeel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from veilig.geo.importing.codes import gemeente_code_of, is_code_of_level
from veilig.geo.importing.errors import AreaImportError
from veilig.geo.models import AreaLevel
from veilig.geo.names import area_name_problem


@dataclass(frozen=True)
class StadsdeelGroup:
    code: str
    name: str
    wijken: tuple[str, ...]

    @property
    def gemeente_code(self) -> str:
        return gemeente_code_of(self.code)


def read_grouping(path: Path) -> list[StadsdeelGroup]:
    """The stadsdelen of a grouping file, or :class:`AreaImportError` listing every problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AreaImportError(
            [
                _("The stadsdeel grouping %(path)s cannot be read as JSON: %(error)s")
                % {"path": path.name, "error": exc}
            ]
        ) from exc
    return parse_grouping(data)


def parse_grouping(data: Any) -> list[StadsdeelGroup]:
    items = data.get("stadsdelen") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise AreaImportError(
            [_('The stadsdeel grouping must be an object with a list "stadsdelen".')]
        )
    groups: list[StadsdeelGroup] = []
    problems: list[str] = []
    owner: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        group, item_problems = _group(item)
        where = _("Stadsdeel %(number)d: ") % {"number": number}
        problems.extend(where + problem for problem in item_problems)
        if group is None:
            continue
        if any(other.code == group.code for other in groups):
            problems.append(where + _("the code %(code)s is used twice.") % {"code": group.code})
        for wijk in group.wijken:
            if wijk in owner:
                problems.append(
                    where
                    + _("the wijk %(wijk)s is already part of %(other)s.")
                    % {"wijk": wijk, "other": owner[wijk]}
                )
            owner[wijk] = group.code
        groups.append(group)
    if problems:
        raise AreaImportError(problems)
    return groups


def _group(item: Any) -> tuple[StadsdeelGroup | None, list[str]]:
    if not isinstance(item, dict):
        return None, [_('it must be an object with "code", "name" and "wijken".')]
    code, name, wijken = item.get("code"), item.get("name"), item.get("wijken")
    problems: list[str] = []
    if not isinstance(code, str) or not is_code_of_level(code, AreaLevel.STADSDEEL):
        problems.append(
            _("the code %(code)r is not SD + gemeente number + two digits (like SD001401).")
            % {"code": code}
        )
    if not isinstance(name, str) or not name.strip():
        problems.append(_("it has no name."))
    elif problem := area_name_problem(name.strip()):
        problems.append(problem)
    if not isinstance(wijken, list) or not wijken:
        problems.append(_('"wijken" must be a non-empty list of wijk codes.'))
    elif isinstance(code, str) and not problems:
        for wijk in wijken:
            if not isinstance(wijk, str) or not is_code_of_level(wijk, AreaLevel.WIJK):
                problems.append(_("%(wijk)r is not a wijk code like WK001403.") % {"wijk": wijk})
            elif gemeente_code_of(wijk) != gemeente_code_of(code):
                problems.append(
                    _("the wijk %(wijk)s lies in another gemeente than %(code)s.")
                    % {"wijk": wijk, "code": code}
                )
        strings = [wijk for wijk in wijken if isinstance(wijk, str)]
        if len(set(strings)) != len(strings):
            problems.append(_("a wijk is listed twice."))
    if problems:
        return None, problems
    assert isinstance(code, str) and isinstance(name, str) and isinstance(wijken, list)
    return StadsdeelGroup(code=code, name=name.strip(), wijken=tuple(wijken)), []
