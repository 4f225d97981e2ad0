"""The move from one machine to several is configuration: with REDIS_URL set, the cache, the
sessions and the job queue run on Redis, with the same application code."""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


# CI starts Redis before the tests; on a developer's machine without it, say what is missing.
pytestmark = pytest.mark.skipif(
    not redis_answers() and not os.environ.get("CI"),
    reason="Redis is not running on 127.0.0.1:6379 (CI always runs this test)",
)


def run_with_redis(code: str) -> str:
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "PALIER_SECRET_KEY": "engine-test-" + "k" * 40,
        "PALIER_ALLOWED_HOSTS": "localhost",
        "DJANGO_SETTINGS_MODULE": "palier.settings",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    script = "import django; django.setup()\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_with_redis_url_the_cache_and_sessions_live_in_redis():
    out = run_with_redis("""
        from django.conf import settings
        from django.core.cache import cache
        cache.set("palier-engine-test", "shared by every web node", 30)
        import redis
        raw = redis.Redis.from_url(settings.REDIS_URL)
        print(settings.SESSION_ENGINE)
        print(cache.get("palier-engine-test"))
        print(any(b"palier-engine-test" in key for key in raw.keys("*")))
        raw.flushdb()
    """)
    assert out.split("\n")[:3] == ["django.contrib.sessions.backends.cache", "shared by every web node", "True"]


def test_with_redis_url_a_job_goes_through_the_redis_queue_to_a_worker():
    out = run_with_redis("""
        from huey.contrib.djhuey import HUEY
        from django.tasks import task
        HUEY.flush()

        @task()
        def add(a, b):
            return a + b

        import __main__
        __main__.add = add
        add.func.__module__ = "__main__"
        result = add.enqueue(2, 3)
        print(type(HUEY).__name__, len(HUEY))
        # What `manage.py run_huey` does for each job: take it from Redis and run it.
        HUEY.execute(HUEY.dequeue())
        print(len(HUEY))
        result.refresh()
        print(result.status, result.return_value)
        HUEY.flush()
    """)
    lines = out.split("\n")
    assert lines[0] == "RedisHuey 1"
    assert lines[1] == "0"
    assert lines[2] == "SUCCESSFUL 5"
