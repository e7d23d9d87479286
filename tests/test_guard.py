"""The SSRF guard (cleaner/fetch/guard.py): which addresses are refused, and that the refusal comes
before any packet is sent.

No test here sends traffic to any address but 127.0.0.1: names are resolved by a stub, and the
``loopback_only`` fixture makes any connect to another address fail the test (it would be a packet
to a private or public network).
"""
from __future__ import annotations

import ipaddress
import socket
import pytest

from cleaner import BlockedAddressError, DNSError, FetchSettings, InputError
from cleaner.fetch.fetcher import Fetcher
from cleaner.fetch.guard import AddressPolicy, AddressRefused, check_peer, forbidden_kind, vetted_addresses
from fetch_server import LocalServer, page, redirect, send, server  # noqa: F401 - ``server`` is a fixture
from net_stubs import REAL_GETADDRINFO, loopback_only, resolve_stub  # noqa: F401 - ``loopback_only`` is a fixture

def guarded(**settings: object) -> Fetcher:
    return Fetcher(FetchSettings(block_private_addresses=True, min_host_delay=0, retries=0, **settings))


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.0.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "private"),  # reserved, which Python also counts as private
    ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
])
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert forbidden_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1"])
def test_ipv4_inside_ipv6_is_judged_by_its_ipv4_address(address: str) -> None:
    assert forbidden_kind(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert forbidden_kind(ipaddress.ip_address(address)) is None


def test_allowed_networks_are_exempt_and_nothing_else() -> None:
    policy = AddressPolicy.allowing(["10.1.0.0/16"])
    assert policy.refusal("10.1.2.3") is None
    assert policy.refusal("10.2.0.1") == "private"
    with pytest.raises(InputError):
        AddressPolicy.allowing(["not-a-network"])


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_stub(monkeypatch, {"mixed.test": ["93.184.215.14", "10.0.0.7"], "public.test": ["93.184.215.14"]})
    assert vetted_addresses("public.test", 80, AddressPolicy()) == ["93.184.215.14"]
    with pytest.raises(AddressRefused) as refused:
        vetted_addresses("mixed.test", 80, AddressPolicy())
    assert refused.value.address == "10.0.0.7"


class _FakeSocket:
    def __init__(self, peer: str) -> None:
        self.peer = peer
        self.closed = False

    def getpeername(self) -> tuple[str, int]:
        return (self.peer, 80)

    def close(self) -> None:
        self.closed = True


def test_the_peer_actually_connected_to_is_checked_and_the_socket_closed() -> None:
    sock = _FakeSocket("10.9.8.7")
    with pytest.raises(AddressRefused):
        check_peer(sock, AddressPolicy(), host="public.test")
    assert sock.closed
    fine = _FakeSocket("93.184.215.14")
    check_peer(fine, AddressPolicy(), host="public.test")
    assert not fine.closed


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/",
                                 "http://2130706433:9/", "http://0x7f.1:9/", "https://169.254.169.254/latest/",
                                 "http://10.1.2.3/", "http://[::ffff:10.0.0.1]/"])
def test_fetch_refuses_non_public_hosts_before_connecting(url: str, loopback_only: list[object]) -> None:
    with guarded() as fetcher, pytest.raises(BlockedAddressError) as refused:
        fetcher.fetch(url)
    assert refused.value.url == url
    assert loopback_only == []  # refused before any socket was opened


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                          loopback_only: list[object]) -> None:
    resolve_stub(monkeypatch, {"intranet.example.com": ["192.168.1.20"]})
    with guarded() as fetcher, pytest.raises(BlockedAddressError, match="192.168.1.20"):
        fetcher.fetch("http://intranet.example.com/admin")
    assert loopback_only == []


def test_a_redirect_to_a_private_address_is_refused(server: LocalServer, monkeypatch: pytest.MonkeyPatch,
                                                    loopback_only: list[object]) -> None:
    """The first hop (the test server, allowed by name) answers with a redirect to a host that resolves
    to 10.x; the second hop is refused at resolution, and no packet leaves for 10.x."""
    resolve_stub(monkeypatch, {"internal.example.com": ["10.20.30.40"]})
    start = server.route("/go", redirect("http://internal.example.com:8080/secret"))
    with guarded(allowed_networks=("127.0.0.1/32",)) as fetcher, \
            pytest.raises(BlockedAddressError) as refused:
        fetcher.fetch(start)
    assert refused.value.address == "10.20.30.40"
    assert server.hits["/go"] == 1
    assert all(a[0] == "127.0.0.1" for a in loopback_only)  # type: ignore[index]


def test_a_name_rebound_after_the_check_cannot_move_the_connection(server: LocalServer,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   loopback_only: list[object]) -> None:
    """The connection goes to the address that was vetted, not to a second lookup of the name; the
    request still names the host (Host header; SNI and certificate checks use the same name)."""
    server.route("/", lambda handler: send(handler, 200, f"vetted address, Host {handler.headers['Host']}".encode()))
    answers = iter(["127.0.0.1", "10.0.0.1"])  # a second lookup would get the private address

    def getaddrinfo(host: str, port: object, *args: object) -> list:
        if host == "rebind.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return REAL_GETADDRINFO(host, port, *args)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with guarded(allowed_networks=("127.0.0.1/32",)) as fetcher:
        result = fetcher.fetch(f"http://rebind.example.com:{server.port}/")
    assert result.body == f"vetted address, Host rebind.example.com:{server.port}".encode()
    assert [a[0] for a in loopback_only] == ["127.0.0.1"]  # type: ignore[index]


def test_the_guard_is_off_by_default_for_the_library(server: LocalServer) -> None:
    url = server.route("/", page("<p>local</p>"))
    with Fetcher(FetchSettings(min_host_delay=0)) as fetcher:
        assert fetcher.fetch(url).status == 200


def test_allowed_network_lets_a_local_server_through(server: LocalServer) -> None:
    url = server.route("/", page("<p>local</p>"))
    with guarded(allowed_networks=("127.0.0.0/8",)) as fetcher:
        assert fetcher.fetch(url).status == 200


def test_unknown_names_are_still_dns_errors() -> None:
    with guarded() as fetcher, pytest.raises(DNSError):
        fetcher.fetch("http://no-such-host.invalid/")


def test_the_guard_needs_the_fetchers_own_session() -> None:
    import requests

    with pytest.raises(InputError):
        Fetcher(FetchSettings(block_private_addresses=True), session=requests.Session())
