"""A test that needs a missing service is skipped on a laptop and fails in CI."""

import pytest

INNER_CONFTEST = 'pytest_plugins = ["tests.conftest"]\n'
INNER_TEST = """
import pytest

@pytest.mark.redis
def test_needs_redis():
    pass
"""


@pytest.fixture
def unreachable_redis(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import PROJECT_DIR

    monkeypatch.setenv("REDIS_TEST_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("PYTHONPATH", str(PROJECT_DIR))
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(INNER_TEST)


def test_missing_service_skips_with_the_reason_outside_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, unreachable_redis: None
) -> None:
    monkeypatch.delenv("CI", raising=False)

    result = pytester.runpytest_subprocess("-rs", "-p", "no:cacheprovider")

    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*Redis is not reachable at redis://127.0.0.1:1/0*"])


def test_missing_service_fails_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, unreachable_redis: None
) -> None:
    monkeypatch.setenv("CI", "true")

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*CI=true and a required service is missing: Redis*"])
