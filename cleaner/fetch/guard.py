"""Keep a fetcher from being turned against its own network (SSRF): no loopback, private, link-local,
multicast or reserved address is ever connected to.

How: the check sits in the connection itself, below redirects, retries and robots.txt, so every
connection the fetcher opens goes through it.

1. The host name is resolved once, here (``getaddrinfo``). If *any* address it resolves to is forbidden,
   the request is refused before a socket is opened: no packet goes to the forbidden address.
2. The connection is made to the vetted address itself, not to the name: a second lookup (DNS
   rebinding, a TTL of 0 answering first a public address and then 127.0.0.1) cannot change where we
   connect. TLS still verifies the certificate and sends SNI for the host name.
3. After the connect, the peer address of the socket (``getpeername``) is checked again: what was
   actually connected to is what counts.

Redirects are followed by the ``Fetcher`` hop by hand, and each hop opens its connection here, so every
redirect target is checked. Environment proxies are not used when the guard is on (with a proxy the
peer would be the proxy and the proxy would resolve the name, out of our sight). Addresses inside
IPv6 (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, Teredo, NAT64) are judged by the IPv4 address they carry.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from cleaner.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

#: The forbidden kinds of address, most specific first (a loopback address is "private" too).
_KINDS = (("loopback", "is_loopback"), ("unspecified", "is_unspecified"), ("link-local", "is_link_local"),
          ("multicast", "is_multicast"), ("private", "is_private"), ("reserved", "is_reserved"))


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to: public ones, and those inside ``allowed_networks``."""

    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @staticmethod
    def allowing(networks: Iterable[str]) -> "AddressPolicy":
        """A policy that also allows ``networks`` (CIDR strings such as ``10.1.0.0/16``)."""
        try:
            return AddressPolicy(tuple(ipaddress.ip_network(n, strict=False) for n in networks))
        except ValueError as exc:
            raise InputError(f"not a network: {exc}") from None

    def refusal(self, address: str) -> str | None:
        """Why ``address`` may not be connected to, or None when it may."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is not part of it
        if any(ip in network for network in self.allowed_networks):
            return None
        return forbidden_kind(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_kind(ip: IPAddress) -> str | None:
    """The kind of non-public address ``ip`` is ("loopback", "private", ...), or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            kind = forbidden_kind(inner)
            return f"{kind} (inside {ip})" if kind else None
    for kind, test in _KINDS:
        if getattr(ip, test):
            return kind
    return None if ip.is_global else "not globally routable"


def vetted_addresses(host: str, port: int, policy: AddressPolicy) -> list[str]:
    """The addresses ``host`` resolves to, all allowed; raises ``AddressRefused`` when any is not
    (a name that answers with one public and one private address is refused: no guessing which is meant)."""
    infos = socket.getaddrinfo(host.strip("[]"), port, allowed_gai_family(), socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        check_address(address, policy, host=host)
    return addresses


class AddressRefused(Exception):
    """A connection refused by the policy. Not an ``OSError``, so urllib3 and requests neither retry nor
    wrap it; the ``Fetcher`` turns it into ``BlockedAddressError`` with the URL."""

    def __init__(self, message: str, address: str) -> None:
        super().__init__(message)
        self.address = address


def check_address(address: str, policy: AddressPolicy, *, host: str) -> None:
    reason = policy.refusal(address)
    if reason is not None:
        shown = host if host == address else f"{host} ({address})"
        raise AddressRefused(f"refused to connect to {shown}: not a public address ({reason})", address)


def check_peer(sock: Any, policy: AddressPolicy, *, host: str) -> None:
    """Refuse (and close) a connected socket whose peer is a forbidden address."""
    try:
        check_address(str(sock.getpeername()[0]), policy, host=host)
    except AddressRefused:
        sock.close()
        raise


class _GuardedConnectionMixin:
    """``_new_conn`` resolves and vets the host, then connects to a vetted address, then checks the peer."""

    address_policy: AddressPolicy

    def __init__(self, *args: Any, address_policy: AddressPolicy, **kwargs: Any) -> None:
        self.address_policy = address_policy
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        name = self._dns_host
        try:
            addresses = vetted_addresses(name, self.port, self.address_policy)
        except socket.gaierror as exc:  # the same error urllib3 raises, so callers map it to DNSError
            raise NameResolutionError(self.host, self, exc) from exc
        error: Exception = NewConnectionError(self, f"{name} resolves to no address")
        for address in addresses:
            self._dns_host = address  # connect to this very address; self.host still serves TLS and Host
            try:
                sock = super()._new_conn()
            except (NewConnectionError, ConnectTimeoutError) as exc:
                error = exc
                continue
            finally:
                self._dns_host = name
            check_peer(sock, self.address_policy, host=name)
            return sock
        raise error


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class GuardedPoolManager(PoolManager):
    """A pool manager whose pools open guarded connections only."""

    def __init__(self, address_policy: AddressPolicy, *args: Any, **kwargs: Any) -> None:
        self.address_policy = address_policy
        super().__init__(*args, **kwargs)

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None
                  ) -> HTTPConnectionPool:
        # The policy cannot travel in connection_pool_kw (urllib3 keys pools by a fixed set of fields),
        # so each new pool is given the guarded connection class and the policy here.
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.ConnectionCls = GuardedHTTPSConnection if scheme == "https" else GuardedHTTPConnection
        pool.conn_kw["address_policy"] = self.address_policy
        return pool


class GuardedAdapter(HTTPAdapter):
    """A ``requests`` adapter that refuses forbidden addresses (mount it for http:// and https://)."""

    def __init__(self, address_policy: AddressPolicy, **kwargs: Any) -> None:
        self.address_policy = address_policy  # init_poolmanager, called by HTTPAdapter.__init__, needs it
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self.poolmanager = GuardedPoolManager(self.address_policy, num_pools=connections, maxsize=maxsize,
                                              block=block, **pool_kwargs)
