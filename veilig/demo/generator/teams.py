"""The Veiliger Wijkteams of Voorbeeldstad and the routing rules of its signals. Pure.

One team per stadsdeel, each with a wijkagent (police) and a BOA (gemeente): ``wijkagent`` and
``boa`` work in Centrum, ``wijkagent2`` … ``wijkagent6`` and ``boa2`` … ``boa6`` in the other
stadsdelen, in the order of their codes. The routing rules show every kind of condition the
platform has: category (with subcategories), area, time of day (one passes midnight), source,
a team or a partner organisation as target, and one inactive rule. Signals that no rule
matches go to the team of their stadsdeel by default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from veilig.demo.generator.geography import Geography
from veilig.signals.vocabulary import Priority, SignalSource, TeamFunction

TEAM_NAME = "Veiliger Wijkteam {name}"


@dataclass(frozen=True)
class TeamPlan:
    name: str
    stadsdeel: str  # area code
    members: tuple[tuple[str, TeamFunction], ...]  # (username, function)

    @property
    def wijkagent(self) -> str:
        return self.members[0][0]

    @property
    def boa(self) -> str:
        return self.members[1][0]


@dataclass(frozen=True)
class RulePlan:
    order: int
    name: str
    category: str = ""  # category code; '' = every category
    area: str = ""  # area code; '' = everywhere
    time_from: dt.time | None = None
    time_until: dt.time | None = None
    source: str = ""
    team: str = ""  # stadsdeel code of the target team
    organisation: str = ""  # code of the target organisation
    priority: Priority = Priority.NORMAL
    deadline_hours: int = 72
    active: bool = True


def team_logins(number: int) -> tuple[str, str]:
    """The wijkagent and BOA logins of the team of stadsdeel ``number`` (1 = Centrum)."""
    suffix = "" if number == 1 else str(number)
    return f"wijkagent{suffix}", f"boa{suffix}"


def teams_build(*, geography: Geography) -> tuple[TeamPlan, ...]:
    teams = []
    for number, stadsdeel in enumerate(geography.stadsdelen, start=1):
        agent, boa = team_logins(number)
        teams.append(
            TeamPlan(
                name=TEAM_NAME.format(name=stadsdeel.name),
                stadsdeel=stadsdeel.code,
                members=((agent, TeamFunction.COMMUNITY_OFFICER), (boa, TeamFunction.ENFORCEMENT)),
            )
        )
    return tuple(teams)


def rules_build(*, geography: Geography) -> tuple[RulePlan, ...]:
    high, low = Priority.HIGH, Priority.LOW
    rules = [
        RulePlan(10, "Radicalisering: naar de gemeente (weegploeg)", category="radicalisering",
                 organisation="vbs-gemeente", priority=high, deadline_hours=24),
        RulePlan(20, "Drugshandel op straat: naar de politie", category="drugsoverlast-handel",
                 organisation="vbs-politie", priority=high, deadline_hours=24),
        RulePlan(30, "Verward gedrag 's nachts: naar de politie", category="verward-gedrag",
                 time_from=dt.time(22), time_until=dt.time(7), organisation="vbs-politie",
                 priority=high, deadline_hours=4),
        RulePlan(31, "Verward gedrag: naar GGZ Voorbeeldland (bemoeizorg)",
                 category="verward-gedrag", organisation="vbs-ggz", priority=high,
                 deadline_hours=48),
        RulePlan(35, "Vernieling: naar Handhaving (vervallen)", category="vernieling",
                 organisation="vbs-gemeente", active=False),
    ]  # fmt: skip
    outer = geography.stadsdelen[3:]
    for offset, stadsdeel in enumerate(outer):
        rules.append(
            RulePlan(40 + offset, f"Woonoverlast {stadsdeel.name}: naar Stichting Stadswonen",
                     category="woonoverlast", area=stadsdeel.code,
                     organisation="vbs-stadswonen", deadline_hours=120)
        )  # fmt: skip
    rules.append(
        RulePlan(49, "Woonoverlast: naar Woonstede Voorbeeldstad", category="woonoverlast",
                 organisation="vbs-woonstede", deadline_hours=120)
    )  # fmt: skip
    for offset, stadsdeel in enumerate(geography.stadsdelen):
        team = TEAM_NAME.format(name=stadsdeel.name)
        rules += [
            RulePlan(60 + offset, f"Overlast jeugd 's avonds {stadsdeel.name}: {team}",
                     category="overlast-jeugd", area=stadsdeel.code, time_from=dt.time(19),
                     time_until=dt.time(2), team=stadsdeel.code, priority=high,
                     deadline_hours=12),
            RulePlan(100 + offset, f"{stadsdeel.name}: signalen van het wijkteam",
                     area=stadsdeel.code, source=SignalSource.TEAM, team=stadsdeel.code),
            RulePlan(110 + offset, f"{stadsdeel.name}: meldingen van bewoners",
                     area=stadsdeel.code, source=SignalSource.RESIDENT, team=stadsdeel.code,
                     priority=low, deadline_hours=120),
        ]  # fmt: skip
    return tuple(sorted(rules, key=lambda r: r.order))
