"""The two configurations every e2e test runs on, and the server logs of a failed test.

``cluster`` is session-scoped and parametrised, so pytest runs every test on the embedded
configuration, then every test on the production one, starting each configuration once.
The production one needs PostgreSQL and Redis: its tests carry the ``postgres`` and
``redis`` markers (skipped on a laptop without them, a failure under ``CI=true``).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e import cluster as clusters
from tests.e2e.classroom import Classroom
from tests.e2e.cluster import Cluster
from tests.services import postgres_test_url, redis_test_url

REDIS_DB = 5
CONFIGURATIONS = [
    "embedded",
    pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis]),
]
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="session", params=CONFIGURATIONS)
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    name = request.param
    workdir = tmp_path_factory.mktemp(f"e2e-{name}")
    started = time.monotonic()
    if name == "embedded":
        with _running(clusters.embedded(workdir)) as running:
            yield running
    else:
        redis_url = clusters.redis_url_with_db(redis_test_url(), REDIS_DB)
        database, database_url = clusters.scratch_postgres(postgres_test_url())
        clusters.flush_redis(redis_url)
        try:
            with _running(clusters.production(workdir, database_url, redis_url)) as running:
                yield running
        finally:
            clusters.drop_postgres(postgres_test_url(), database)
            clusters.flush_redis(redis_url)
    TIMINGS[name] = time.monotonic() - started


class _running:
    """Prepare the database, start the processes, and always stop them."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def __enter__(self) -> Cluster:
        try:
            self.cluster.prepare()
            self.cluster.start()
        except BaseException:
            self.cluster.stop()
            self.cluster.close_shell()
            print(self.cluster.logs())
            raise
        return self.cluster

    def __exit__(self, *exc_info: object) -> None:
        self.cluster.stop()
        self.cluster.close_shell()


@pytest.fixture
async def classroom(cluster: Cluster) -> AsyncIterator[Classroom]:
    """A fresh kelas-6 game on the cluster; every socket opened through it is closed after,
    and none of them may have seen a broken chain of ``events`` frames."""
    room = await Classroom.create(cluster)
    try:
        yield room
    finally:
        await room.close()
    # Whatever else a test checks, no socket was ever sent an "events" frame out of order.
    assert [c.chain_breaks for c in room.clients if c.chain_breaks] == []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report = yield
    running = getattr(item, "funcargs", {}).get("cluster")
    if report.failed and isinstance(running, Cluster):
        report.sections.append((f"daphne logs ({running.name})", running.logs()))
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for name, seconds in TIMINGS.items():
        terminalreporter.write_line(f"e2e {name}: {seconds:.1f} s (setup, tests and teardown)")
