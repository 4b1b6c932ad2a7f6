"""The triage pages (issue #14, part 2): the weekly queue, the one-step decision per case and
informing the subject. Process direction only; the choke points are in ``veilig.access``."""

from veilig.consultations.views_triage.decide import decide_view
from veilig.consultations.views_triage.inform import inform_view
from veilig.consultations.views_triage.queue import queue_view

__all__ = ["decide_view", "inform_view", "queue_view"]
