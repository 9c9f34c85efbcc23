"""Which address the join link and QR code carry: one the room's phones can open, and a named problem otherwise.
Detection is replaced by a stand-in here: these tests never look at this machine's network."""
import pytest

from workshop.services.join_address import (LISTENS_ON_LOOPBACK, NO_NETWORK, choose, only_this_machine,
                                            startup_message)

LAPTOP = "192.168.1.23"


def on_laptop(detected: str | None = LAPTOP, **given):
    """The choice for a projector opened at http://127.0.0.1:5000 on a laptop whose network address is `detected`,
    its server listening on every interface unless `given` says otherwise."""
    settings = dict(public_url=None, scheme="http", host="127.0.0.1:5000", listen_host="0.0.0.0", listen_port=5000,
                    detect=lambda: detected)
    return choose(**{**settings, **given})


def test_a_configured_public_url_wins_over_every_address():
    address = on_laptop(public_url="https://verkstad.example.org/", host="192.168.1.23:5000")
    assert address.link("/j/ABC234") == "https://verkstad.example.org/j/ABC234"
    assert address.reachable


def test_a_public_url_under_a_path_keeps_its_path():
    address = on_laptop(public_url="https://incubator.example.org/verkstad")
    assert address.link("/j/ABC234") == "https://incubator.example.org/verkstad/j/ABC234"


def test_a_projector_opened_at_loopback_gets_the_laptops_network_address():
    address = on_laptop()
    assert address.link("/j/ABC234") == "http://192.168.1.23:5000/j/ABC234"
    assert address.reachable and address.problem is None


def test_a_projector_opened_at_the_network_address_keeps_that_address_without_detecting():
    def no_detection():
        raise AssertionError("the screen's own address was reachable: nothing to detect")

    address = on_laptop(host="laptop.local:5000", detect=no_detection)
    assert address.link("/j/ABC234") == "http://laptop.local:5000/j/ABC234"


def test_a_screen_behind_a_proxy_keeps_its_scheme_host_and_prefix():
    address = on_laptop(scheme="https", host="verkstad.example.org", script_root="/workshops",
                        listen_host="127.0.0.1")
    assert address.link("/j/ABC234") == "https://verkstad.example.org/workshops/j/ABC234"
    assert address.reachable


def test_only_loopback_falls_back_to_loopback_and_says_so():
    address = on_laptop(detected=None)
    assert address.link("/j/ABC234") == "http://127.0.0.1:5000/j/ABC234"
    assert address.problem == NO_NETWORK and not address.reachable
    assert address.instead_url is None


def test_a_server_listening_on_loopback_alone_is_flagged_even_with_a_network_address():
    address = on_laptop(listen_host="127.0.0.1")
    assert address.link("/j/ABC234") == "http://127.0.0.1:5000/j/ABC234"
    assert address.problem == LISTENS_ON_LOOPBACK
    assert address.instead_url == "http://192.168.1.23:5000"  # where phones join once it listens on the network


def test_a_server_bound_to_one_network_address_is_reached_there():
    address = on_laptop(host="localhost:8000", listen_host="10.0.0.7", listen_port=8000,
                        detect=lambda: pytest.fail("bound to one address: nothing to detect"))
    assert address.link("/j/ABC234") == "http://10.0.0.7:8000/j/ABC234"


def test_a_configured_lan_address_replaces_detection():
    address = on_laptop(lan_address="172.20.10.2", detect=lambda: pytest.fail("the address was given"))
    assert address.link("/j/X") == "http://172.20.10.2:5000/j/X"


@pytest.mark.parametrize(("host", "listen_port", "scheme", "expected"), [
    ("127.0.0.1:5000", 5000, "http", "http://[fd00::23]:5000"),
    ("[::1]:8080", 8080, "http", "http://[fd00::23]:8080"),
    ("localhost", 80, "http", "http://[fd00::23]"),
    ("localhost", 443, "https", "https://[fd00::23]"),
])
def test_an_ipv6_network_address_is_bracketed_and_the_schemes_own_port_left_out(host, listen_port, scheme,
                                                                                 expected):
    assert on_laptop(detected="fd00::23", host=host, scheme=scheme, listen_port=listen_port).base_url == expected


def test_a_screen_opened_at_an_ipv6_network_address_keeps_it():
    assert on_laptop(host="[2001:db8::5]:5000").link("/j/X") == "http://[2001:db8::5]:5000/j/X"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost", "LOCALHOST",
                                  "verkstad.localhost", "0.0.0.0", "::"])
def test_hosts_that_mean_the_phone_itself(host):
    assert only_this_machine(host)


@pytest.mark.parametrize("host", ["192.168.1.23", "10.0.0.7", "fd00::23", "laptop.local", "verkstad.example.org"])
def test_hosts_a_phone_can_reach(host):
    assert not only_this_machine(host)


def test_the_console_says_where_phones_join_or_why_they_cannot():
    settings = {"PUBLIC_URL": None, "LAN_ADDRESS": None, "LISTEN_HOST": "0.0.0.0", "LISTEN_PORT": 5000}
    assert "Phones join at http://192.168.1.23:5000" in startup_message(settings, detect=lambda: LAPTOP)
    alone = startup_message({**settings, "LISTEN_HOST": "127.0.0.1"}, detect=lambda: LAPTOP)
    assert "this machine alone" in alone and "HOST=0.0.0.0 make run" in alone
    assert "no network address" in startup_message(settings, detect=lambda: None)
