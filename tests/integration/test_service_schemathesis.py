"""A property-based run of schemathesis over newsloom serve's OpenAPI document: no 5xx answer.

Requests are built from the document itself (paths, queries, bodies), valid and not, and sent
in process to the ASGI app over a store holding a few fictional stories; a token is sent so
that writes get past authentication and reach their validation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from fictional_news import fictional_articles
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from newsloom.runners.incremental import add_to_store
from newsloom.service import ServiceConfig, create_app
from newsloom.service.app import AnalyzeConfig
from newsloom.storage import Store


def _app(tmp: Path) -> tuple[object, str]:
    store = Store(str(tmp / "fuzz.db"))
    token = store.create_token()
    records = fictional_articles(8)
    path = tmp / "seed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    add_to_store(store, [str(path)], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
    return create_app(ServiceConfig(), store=store), token


_TMP = Path(__import__("tempfile").mkdtemp(prefix="newsloom-fuzz-"))
APP, TOKEN = _app(_TMP)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case) -> None:
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
