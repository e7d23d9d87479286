"""``cleaner serve [--host 127.0.0.1] [--port 8000]``: the library as an HTTP service (extra ``server``)."""
from __future__ import annotations

import argparse

from cleaner.cli.common import add_options_arguments, options_from_args, positive_int
from cleaner.errors import InputError
from cleaner.fetch.guard import AddressPolicy
from cleaner.fetch.settings import MB


def register(subparsers: argparse._SubParsersAction) -> None:
    from cleaner.server.config import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WAITING, DEFAULT_TIME_LIMIT, default_workers

    parser = subparsers.add_parser("serve", help="serve extraction over HTTP (POST /extract, /extract-url, "
                                                 "/clean-text; a page at /; needs cleaner[server])")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=positive_int, default=default_workers(),
                        help="requests worked on at once (default: the number of cores)")
    parser.add_argument("--queue", type=int, default=DEFAULT_MAX_WAITING,
                        help=f"requests that may wait for a worker; beyond, 503 (default {DEFAULT_MAX_WAITING})")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help=f"seconds a request may take, fetching included; then 504 (default {DEFAULT_TIME_LIMIT:g})")
    parser.add_argument("--max-body-mb", type=float, default=DEFAULT_MAX_BODY_BYTES / MB,
                        help=f"largest request body in MB; larger gets 413 (default {DEFAULT_MAX_BODY_BYTES // MB})")
    parser.add_argument("--allow-private", action="store_true",
                        help="let /extract-url fetch loopback and private addresses (local use only)")
    parser.add_argument("--allow-network", action="append", default=[], metavar="CIDR",
                        help="a network /extract-url may fetch even so, such as 10.1.0.0/16 (repeatable)")
    add_options_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from cleaner.server.app import create_app
        from cleaner.server.config import ServiceConfig
    except ImportError as exc:
        raise InputError(f"cleaner serve needs the server extra (pip install 'cleaner[server]'): {exc}") from None
    if args.time_limit <= 0 or args.max_body_mb <= 0 or args.queue < 0:
        raise InputError("--time-limit and --max-body-mb must be positive, --queue at least 0")
    config = ServiceConfig(max_body_bytes=int(args.max_body_mb * MB), time_limit=args.time_limit,
                           max_active=args.workers, max_waiting=args.queue, allow_private=args.allow_private,
                           allowed_networks=tuple(args.allow_network), options=options_from_args(args))
    AddressPolicy.allowing(config.allowed_networks)  # a bad --allow-network fails here, before the server starts
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
