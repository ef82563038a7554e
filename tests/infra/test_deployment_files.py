"""No Docker engine runs on our machines, so the compose file is checked for its structure."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from tests.conftest import BASE_DIR


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_maintenance_postgres_and_redis_with_health_checks(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "maintenance", "postgres", "redis"}
    # Upkeep on its own queue and process, beat included: a grading backlog never delays it.
    assert "--beat" in services["maintenance"]["command"]
    assert "-Q spindle-maintenance" in services["maintenance"]["command"]
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert "pgdata" in compose["volumes"]


def test_compose_grants_no_privileged_mode_and_no_docker_socket(compose):
    text = (BASE_DIR / "docker-compose.yml").read_text()
    assert "docker.sock" not in text
    for name, service in compose["services"].items():
        assert not service.get("privileged"), f"{name} is privileged"
        assert service.get("network_mode") != "host", f"{name} uses the host network"
        assert "pid" not in service, f"{name} shares a PID namespace"


def test_every_variable_in_the_env_example_is_documented_in_the_readme():
    readme = (BASE_DIR / "README.md").read_text()
    names = [
        line.split("=", 1)[0]
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    missing = [name for name in names if f"`{name}`" not in readme]
    assert not missing, f"README does not document {missing}"


def test_web_is_published_on_the_loopback_only_so_forwarded_addresses_come_from_nginx(compose):
    # TRUSTED_PROXY_HOPS=1 trusts the last X-Forwarded-For entry: only nginx may reach gunicorn.
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    env = (BASE_DIR / ".env.example").read_text().splitlines()
    assert "TRUSTED_PROXY_HOPS=1" in env


def test_gunicorn_preloads_the_app_in_compose_and_in_the_image(compose):
    # Imported once before the fork, the app's pages are shared by the workers (bench/pages.py
    # measures the memory saved).
    command = compose["services"]["web"]["command"]
    assert "--workers 3" in command
    assert "--preload" in command
    dockerfile = (BASE_DIR / "Dockerfile").read_text().splitlines()
    cmd = next(line for line in dockerfile if line.startswith("CMD"))
    assert '"gunicorn"' in cmd
    assert '"--preload"' in cmd


def test_the_preloaded_app_is_frozen_out_of_the_garbage_collectors_walks():
    # Else each worker's collections write to the shared objects and copy their pages.
    script = "import gc, config.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 10_000
