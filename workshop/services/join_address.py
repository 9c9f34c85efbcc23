"""Which address the join link and QR code carry: one that the phones in the room can open.

In order: the configured public URL (a server behind a proxy); else the address the screen was opened at, when it
is not this machine's own; else the laptop's address on the local network, if the server listens there. Loopback
is chosen only when nothing else can be, and then `problem` says why phones cannot open it.
"""
import socket
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Callable, Mapping
from urllib.parse import urlsplit

#: the server listens on loopback only: a phone cannot reach it at any address
LISTENS_ON_LOOPBACK = "listens_on_loopback"
#: the server listens on every interface, but the machine has no address on a network
NO_NETWORK = "no_network"

#: Hosts that mean "every interface" to a server binding them.
EVERY_INTERFACE = ("", "0.0.0.0", "::")
#: Documentation addresses (RFC 5737, RFC 3849) to ask the kernel for a route to: never the address of anything.
ROUTE_PROBES = ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1"))


@dataclass(frozen=True)
class JoinAddress:
    """Where phones open the site: `base_url` without a trailing slash (a path prefix included)."""

    base_url: str
    #: why phones cannot open base_url (LISTENS_ON_LOOPBACK, NO_NETWORK), or None when they can
    problem: str | None = None
    #: where phones would join once the problem is fixed (the laptop's network address), when there is one
    instead_url: str | None = None

    @property
    def reachable(self) -> bool:
        return self.problem is None

    def link(self, path: str) -> str:
        """The URL of `path` (a path within the site, starting with /) at this address."""
        return self.base_url + path


def detect_lan_address() -> str | None:
    """This machine's address on its network: the source address the kernel would use toward the network, or None
    when there is no route (no network: phones could not reach it either).

    Connecting a UDP socket only chooses a route and a source address; it sends no packet (checked with strace:
    socket, connect, getsockname and nothing else; the Udp OutDatagrams counter does not move), so it costs a few
    microseconds on every projector load and follows the laptop onto a network joined later. IPv4 first: a phone
    on a venue's wifi surely has it. No name lookup: on a laptop without a network one may hang for seconds."""
    for family, probe in ROUTE_PROBES:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found = udp.getsockname()[0]
        except OSError:
            continue
        if _on_a_network(found):
            return found
    return None


def choose(*, public_url: str | None, scheme: str, host: str, script_root: str = "", listen_host: str,
           listen_port: int, lan_address: str | None = None,
           detect: Callable[[], str | None] = detect_lan_address) -> JoinAddress:
    """The address for a screen opened at `scheme`://`host` (the request's Host, port included), served by a
    server listening on `listen_host`:`listen_port` (where browsers reach it: the balancer's, with one).
    `lan_address` replaces detection (a laptop on a VPN and a hotspot at once)."""
    if public_url:
        return JoinAddress(public_url.rstrip("/"))
    here = f"{scheme}://{host}{script_root}"
    if not only_this_machine(_host_name(host)):
        return JoinAddress(here)  # the screen reached the server there, and so do phones on its network

    def at(address: str) -> str:
        return f"{scheme}://{_netloc(address, listen_port, scheme)}{script_root}"

    if _listens_on_one_address(listen_host):
        return JoinAddress(at(listen_host))
    network = lan_address or detect()
    if listens_on_loopback(listen_host):
        return JoinAddress(here, LISTENS_ON_LOOPBACK, network and at(network))
    return JoinAddress(at(network)) if network else JoinAddress(here, NO_NETWORK)


def only_this_machine(name: str) -> bool:
    """True for a host that names, to whoever opens it, their own machine: loopback, localhost, 0.0.0.0."""
    name = name.strip("[]").lower()
    if name in ("localhost", *EVERY_INTERFACE) or name.endswith(".localhost"):
        return True
    try:
        address = ip_address(name.split("%")[0])
    except ValueError:
        return False  # a host name such as laptop.local or verkstad.example.org
    return address.is_loopback or address.is_unspecified


def listens_on_loopback(listen_host: str) -> bool:
    return listen_host not in EVERY_INTERFACE and only_this_machine(listen_host)


def for_site(config: Mapping, scheme: str, host: str, script_root: str = "",
             detect: Callable[[], str | None] | None = None) -> JoinAddress:
    """`choose` with the site's settings: PUBLIC_URL, LISTEN_HOST, LISTEN_PORT, LAN_ADDRESS; detection looked up
    when called, so a test can replace it."""
    lan_address = config.get("LAN_ADDRESS")
    return choose(public_url=config.get("PUBLIC_URL"), scheme=scheme, host=host, script_root=script_root,
                  listen_host=str(config["LISTEN_HOST"]), listen_port=int(config["LISTEN_PORT"]),
                  lan_address=lan_address and str(lan_address), detect=detect or detect_lan_address)


def startup_message(config: Mapping, detect: Callable[[], str | None] | None = None) -> str:
    """What the server prints on start: where it listens, and the address phones join at."""
    listen_host, listen_port = str(config["LISTEN_HOST"]), int(config["LISTEN_PORT"])
    address = for_site(config, "http", local_host(listen_host, listen_port), detect=detect)
    where = ("every network of this machine" if listen_host in EVERY_INTERFACE
             else "this machine alone" if listens_on_loopback(listen_host) else listen_host)
    first = (f"Verkstad listens on port {listen_port} of {where}: "
             f"open http://{local_host(listen_host, listen_port)} on this machine.")
    if address.problem == LISTENS_ON_LOOPBACK:
        return f"{first}\nPhones cannot reach it: HOST=0.0.0.0 make run serves the network."
    if address.problem == NO_NETWORK:
        return (f"{first}\nThis machine has no network address yet: phones reach it once it joins the venue's "
                "wifi or hotspot (the projector then shows the address).")
    return f"{first}\nPhones join at {address.base_url} (the join link and QR code carry it)."


def local_host(listen_host: str, listen_port: int) -> str:
    """The Host at which this machine opens a server listening on listen_host (127.0.0.1 for every interface)."""
    return _netloc("127.0.0.1" if listen_host in EVERY_INTERFACE else listen_host, listen_port, "http")


def _on_a_network(address: str) -> bool:
    parsed = ip_address(address.split("%")[0])
    return not (parsed.is_loopback or parsed.is_unspecified or parsed.is_link_local)


def _listens_on_one_address(listen_host: str) -> bool:
    """A server bound to one address of a network (not every interface, not loopback) is reached there alone."""
    return listen_host not in EVERY_INTERFACE and not only_this_machine(listen_host)


def _host_name(host: str) -> str:
    return urlsplit(f"//{host}").hostname or ""


def _netloc(host: str, port: int, scheme: str) -> str:
    """host:port for a URL: an IPv6 literal in brackets, the scheme's own port left out."""
    host = host.strip("[]")
    bracketed = f"[{host}]" if ":" in host else host
    return bracketed if (scheme, port) in (("http", 80), ("https", 443)) else f"{bracketed}:{port}"
