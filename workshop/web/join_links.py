"""The join link that the projector's QR code carries, built for an address the room's phones can open."""
from dataclasses import dataclass

from flask import current_app, request, url_for

from ..services import join_address


@dataclass(frozen=True)
class JoinLink:
    """A session's join link as this screen shows it, and, when phones cannot open it, what to say."""

    #: what the QR code encodes and the screen prints under it
    url: str
    #: why phones cannot open url (join_address.LISTENS_ON_LOOPBACK, NO_NETWORK), or None
    problem: str | None
    #: the host this screen was opened at (127.0.0.1:5000), which the warning names
    opened_at: str
    #: the join link phones would open once the problem is fixed, when the laptop has a network address
    instead: str | None


def join_link(code: str) -> JoinLink:
    address = join_address.for_site(current_app.config, request.scheme, request.host, request.script_root)
    path = url_for("participant.pick_company", code=code).removeprefix(request.script_root)
    return JoinLink(address.link(path), address.problem, request.host,
                    address.instead_url and address.instead_url + path)
