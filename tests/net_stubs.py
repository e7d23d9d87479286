"""Network stand-ins for tests that must send no traffic off the machine: a resolver stub, and a
fixture that fails the test at any connect outside 127.0.0.0/8 (before the packet is sent)."""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

REAL_GETADDRINFO = socket.getaddrinfo
REAL_CONNECT = socket.socket.connect


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every socket connect is recorded; one to an address outside 127.0.0.0/8 fails the test before it
    happens."""
    attempts: list[object] = []

    def connect(sock: socket.socket, address: object) -> None:
        attempts.append(address)
        host = address[0] if isinstance(address, tuple) else ""
        if not ipaddress.ip_address(str(host).split("%")[0]).is_loopback:
            raise AssertionError(f"a connection to {address} was attempted")
        return REAL_CONNECT(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts


def resolve_stub(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> None:
    """``getaddrinfo`` answers the names of ``table`` with its addresses, and everything else as usual."""
    def getaddrinfo(host: str, port: object, family: int = 0, type: int = 0, *args: object) -> list:  # noqa: A002
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port) if ":" not in a else (a, port, 0, 0)) for a in table[host]]
        return REAL_GETADDRINFO(host, port, family, type, *args)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
