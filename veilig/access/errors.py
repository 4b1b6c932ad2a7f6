"""The one refusal of the choke points: the object does not exist for this user.

Services and choke points raise ``NotFound``; they never know about HTTP. The web layer maps it
to 404 (``veilig.ui.views.personal_view`` and the API's exception handler), so a refused
record looks exactly like a missing one.
"""


class NotFound(Exception):
    """No such object for this user (missing or refused: the caller cannot tell which)."""
