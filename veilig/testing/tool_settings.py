"""Settings for static tools (mypy's Django plugin): the real settings in demo mode.

Tools need no secrets; demo mode gives them a development key without touching production rules.
"""

import os

os.environ.setdefault("VEILIG_DEMO", "true")

from veilig.settings import *  # noqa: F403
