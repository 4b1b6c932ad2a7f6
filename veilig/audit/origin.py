"""The client address of a request: the audit log's origin and django-axes' lockout key.

One function for both (``AXES_CLIENT_IP_CALLABLE`` names it), so that the log and the lockout
always name the same address. ``TRUSTED_PROXY_COUNT`` says how many reverse proxies stand in front
of the application, each appending the address it received the request from to X-Forwarded-For.
The client is then the N-th address from the right: the ones left of it are whatever the client
sent and prove nothing. With 0 the header is ignored and the connection's address is the client's.

Deliberately no app imports: django-axes imports this module from its backend.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare


@cache
def _resolver(trusted_proxies: int) -> IpWare:
    # ipware counts the proxies listed *in* the header; the last proxy is the connection itself
    # (REMOTE_ADDR), so N trusted proxies are N - 1 in the header. Only X-Forwarded-For is read:
    # any other header could come straight from the client.
    return IpWare(
        precedence=("HTTP_X_FORWARDED_FOR",),
        leftmost=True,
        proxy_count=trusted_proxies - 1,
        algorithm="modern",
    )


def client_address(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it; else the connection's ('' if none).

    Not strict about the header: an unparsable entry on the left (the client's own text) must not
    make the whole header count as absent, or a client could fall back to the proxy's address.
    """
    connection = str(request.META.get("REMOTE_ADDR", ""))
    trusted: int = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return connection
    address, _ = _resolver(trusted).get_client_ip(request.META, strict=False)
    # No address: the header is missing or shorter than the proxies write it, so the request did
    # not pass all of them; then only the connection is known.
    return str(address) if address is not None else connection
