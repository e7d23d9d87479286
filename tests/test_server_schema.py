"""A property-based test driven by the service's OpenAPI schema (schemathesis): requests generated from
the schema, valid and invalid, never get a server error, and every answer matches the schema.

The fetcher of ``/extract-url`` is a stand-in that checks the URL as the real one does and then
serves one fixture page: generated URLs may name any host on the internet, and the test must send no
traffic off this machine.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from cleaner.fetch.fetcher import check_url
from cleaner.fetch.settings import FetchResult
from cleaner.server.config import ServiceConfig
from cleaner.server.openapi import openapi_schema
from service import RunningService, running_service

PAGE = (Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "blog-post" / "source.html").read_bytes()
#: Generated cases per operation: enough to cover each field's shapes, small enough for CI (~20 s).
EXAMPLES = 40

schema = schemathesis.openapi.from_dict(openapi_schema())


class FixtureFetcher:
    def fetch(self, url: str, *, html_only: bool = False) -> FetchResult:
        check_url(url)
        return FetchResult(url=url, final_url=url, status=200, headers={"content-type": "text/html"}, body=PAGE,
                           encoding="utf-8", encoding_method="http", elapsed=0.0)


@pytest.fixture(scope="module")
def service() -> RunningService:
    with running_service(ServiceConfig(max_active=2), fetcher=FixtureFetcher()) as running:
        yield running


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case, service: RunningService) -> None:
    response = case.call(base_url=service.url)
    case.validate_response(response, checks=[
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.status_code_conformance,
        schemathesis.checks.content_type_conformance,
        schemathesis.checks.response_schema_conformance,
    ])
