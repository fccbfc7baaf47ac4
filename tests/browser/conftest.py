"""A real game server for browser tests: Daphne serving HTTP and WebSockets from a fresh
SQLite database with the built-in scenarios and the demo facilitator, and a Chromium.

The server runs in its own process, as in production, so pages talk to it exactly as a
class's phones would. ``shell`` runs Python inside a manage.py process against the same
database, to set up or inspect a game through the services.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
DEMO_USER, DEMO_PASSWORD = "guru", "mufakat-demo"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class GameServer:
    url: str
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log: Path | None = None

    def shell(self, code: str) -> object:
        """Run ``code`` in Django against the server's database; it must print one JSON value."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1]
        self.log = ROOT / "tests" / "artifacts" / f"daphne-{port}.log"
        self.log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                port,
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the game server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def game_server(tmp_path_factory) -> Iterator[GameServer]:
    if not CHROMIUM.exists() and os.environ.get("CI") != "true":
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    database = tmp_path_factory.mktemp("browser") / "game.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MUFAKAT_TICK_SECONDS": "0.5",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "-v0"], ["load_scenarios"], ["create_demo_facilitator"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    server = GameServer(url=f"http://127.0.0.1:{free_port()}", env=env)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """One Chromium per test module. Not per session: Playwright runs an event loop in this
    thread while it lives, and Django refuses synchronous database calls from such a thread,
    so it must be gone before the next module's database tests run here."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium) -> Iterator:
    """A fresh phone (its own cookies) in Indonesian."""
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
    )
    yield context
    context.close()


@pytest.fixture
def laptop(chromium) -> Iterator:
    context = chromium.new_context(viewport=LAPTOP, locale="id-ID")
    yield context
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


NGINX = Path("/usr/sbin/nginx")


@dataclass
class Nginx:
    """nginx running deploy/nginx.conf as it is, but for the ports and the static folder."""

    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_nginx(folder: Path, static_root: Path, upstream: str) -> Nginx:
    """``folder`` gets the configuration, the logs and ``srv/static`` (a link to the collected
    files), where docker-compose.yml mounts the static volume."""
    (folder / "srv").mkdir(parents=True)
    (folder / "srv" / "static").symlink_to(static_root)
    (folder / "temp").mkdir()
    port = free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for shipped, here in (
        ("server web:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /srv;", f"root {folder / 'srv'};"),
    ):
        assert shipped in site, shipped
        site = site.replace(shipped, here)
    (folder / "site.conf").write_text(site)
    # Run as root (as here and in CI), nginx's workers would drop to "nobody", who cannot
    # read the test's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"""
{user}
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder / "temp"};
    proxy_temp_path {folder / "temp"};
    include {folder / "site.conf"};
}}
"""
    )
    process = subprocess.Popen(
        [str(NGINX), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "stderr.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return Nginx(url=url, process=process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"nginx did not start: {(folder / 'stderr.log').read_text()}")


@pytest.fixture(scope="session")
def production_server(tmp_path_factory) -> Iterator[GameServer | None]:
    """The production path of docker-compose.yml on this machine: DEBUG off, the static
    files collected under hashed names with gzip copies, Daphne behind deploy/nginx.conf
    (SQLite and the in-memory layer stand in for PostgreSQL and Redis). ``url`` is nginx's.
    None where nginx is not installed (CI does not install it)."""
    if not NGINX.exists():
        yield None
        return
    if not CHROMIUM.exists() and os.environ.get("CI") != "true":
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    folder = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "browser-tests-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{folder / 'game.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(folder / "static"),
        "MUFAKAT_TICK_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    for command in (
        ["migrate", "-v0"],
        ["load_scenarios"],
        ["create_demo_facilitator", "--allow-production"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    daphne = GameServer(url=f"http://127.0.0.1:{free_port()}", env=env)
    daphne.start()
    proxy = start_nginx(folder / "nginx", folder / "static", daphne.url.removeprefix("http://"))
    try:
        yield GameServer(url=proxy.url, env=env)
    finally:
        proxy.stop()
        daphne.stop()
