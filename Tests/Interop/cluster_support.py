"""A throwaway PostgreSQL 15 on 127.0.0.1 and nodes of a Switchboard
cluster using it: the `postgres` and `start_node` fixtures (registered by
conftest.py through `pytest_plugins`) and helpers for the cluster tests."""
from __future__ import annotations

import json

import pytest

from throwaway_postgres import PG_BIN, Postgres

# Short cluster timings keep the test bounded (the defaults are 2 s / 10 s / 3 s).
CLUSTER_TIMINGS = "  heartbeat_interval: 500ms\n  stale_after: 3s\n  query_timeout: 1s\n  claim_grace: 5s\n"


@pytest.fixture
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed (apt-get install postgresql; `make test` does it)", pytrace=False)
    database = Postgres()
    try:
        database.init()
        database.start()
        yield database
    finally:
        # Whatever happened: no server is left behind.
        database.stop()
        database.remove()


@pytest.fixture
def start_node(postgres, start_server, tmp_path):
    # postgres first: torn down last, after the nodes stopped with it up.
    """start_node("a") starts a switchboard node of the cluster; `extra`
    adds lines to its `cluster:` section (two-space indented); other
    options are the server's flags, as for start_server."""
    def factory(node_id: str, database_url: str | None = None, extra: str = "", **options):
        config = tmp_path / f"{node_id}.yaml"
        config.write_text("cluster:\n"
                          f"  database_url: {database_url or postgres.url}\n"
                          f"  node_id: {node_id}\n" + CLUSTER_TIMINGS + extra)
        return start_server(config=str(config), **options)
    return factory


def cluster_listing(node) -> dict:
    status, body = node.get("/cluster")
    assert status == 200, body
    return json.loads(body)
