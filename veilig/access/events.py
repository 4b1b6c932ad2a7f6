"""THE choke point of the import screens: information analysts only; everyone else gets 404.

Imported events are pseudonymised, but still personal data (DESIGN rule 3). Every refusal writes
a denied row (purpose ``event_import``). A granted screen writes its row when it shows what an
import found: the results of a run that has ended (its rejected rows, with their external ids)
and its report. The screens without such data (the list of runs, the upload form, the column
mapping, the progress of a run that is still going) write none; an upload writes its create row
in ``veilig.events.services.import_run_start``.
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.access.base import Row, acting_user, decide, refuse
from veilig.access.exports import export_detail
from veilig.access.needs import Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.events.models import ImportRun
from veilig.events.selectors import (
    RunState,
    import_run_get,
    import_run_rejection_lines,
    import_run_state,
)

OBJECT_TYPE = "event_import"


@dataclass(frozen=True)
class OpenedRun:
    """A run opened for its status screen, with the state its access was decided on."""

    run: ImportRun
    state: RunState

    @property
    def results_shown(self) -> bool:
        """Ended, or running without a worker (the screen marks it failed and shows it so)."""
        return self.state.finished or self.state.stalled


def is_analyst(user: User) -> bool:
    return user.is_active and user.has_role(Role.ANALYST)


def import_context(context: AuditContext, *, granted: bool) -> AuditContext:
    """The context in the analyst's role (the held roles for a refusal), purpose event import."""
    return context.acting(role=Role.ANALYST.value if granted else "", purpose=Purpose.EVENT_IMPORT)


def access_import_screens(context: AuditContext, *, detail: str) -> User:
    """The acting analyst, or NotFound after a denied row with ``detail`` (the screen's code).

    A granted screen writes no row here: what it shows is logged where it is shown.
    """
    user = acting_user(context)
    if not is_analyst(user):
        refuse(
            context=import_context(context, granted=False),
            row=Row(AuditAction.READ, OBJECT_TYPE, detail=detail),
        )
    return user


def _open(context: AuditContext, run_id: int, *, action: AuditAction, code: str) -> ImportRun:
    """The run, or NotFound after a denied row: not an analyst (``code``), an unknown id."""
    if not is_analyst(acting_user(context)):
        refuse(
            context=import_context(context, granted=False),
            row=Row(action, OBJECT_TYPE, run_id, detail=code),
        )
    run = import_run_get(run_id=run_id)
    if run is None:
        refuse(
            context=import_context(context, granted=False),
            row=Row(action, OBJECT_TYPE, run_id, detail="unknown"),
        )
    return run


def access_import_run(context: AuditContext, run_id: int) -> ImportRun:
    """The run for its setup (the column mapping: no results, no row when granted).

    Refused, with a row: a user who is no analyst (``setup``) and an unknown id (``unknown``).
    """
    return _open(context, run_id, action=AuditAction.READ, code="setup")


def access_import_report(context: AuditContext, run_id: int, *, fmt: str) -> ImportRun:
    """The run for its report as a file: one export row ``report;format:<fmt>;rows:<n>`` (the
    lines of its table of rejected rows); refused until the run has ended
    (``report:not-finished``), for a user who is no analyst and for an unknown id."""
    run = _open(context, run_id, action=AuditAction.EXPORT, code=f"report;format:{fmt}")
    ended = import_run_state(run=run).finished
    lines = sum(1 for _line in import_run_rejection_lines(run=run)) if ended else None
    lead = ["report" if ended else "report:not-finished"]
    return decide(
        context=import_context(context, granted=ended),
        found=run,
        granted=ended,
        row=Row(
            AuditAction.EXPORT,
            OBJECT_TYPE,
            run_id,
            detail=export_detail(fmt=fmt, rows=lines, lead=lead),
        ),
    )


def access_import_results(context: AuditContext, run_id: int) -> OpenedRun:
    """The run for its status screens (detail, progress): one read row ``results`` when they show
    its results (rejected rows with their external ids), none while it is still going.

    Refused with a row: a user who is no analyst and an unknown id (``unknown``).
    """
    run = _open(context, run_id, action=AuditAction.READ, code="results")
    opened = OpenedRun(run=run, state=import_run_state(run=run))
    if not opened.results_shown:
        return opened
    row = Row(AuditAction.READ, OBJECT_TYPE, run_id, detail="results")
    return decide(
        context=import_context(context, granted=True), found=opened, granted=True, row=row
    )
