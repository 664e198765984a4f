"""Local launcher: the embedded PostgreSQL and the processes of `make run`.

Production never uses this module: there DATABASE_URL and CELERY_BROKER_URL are
set and the web server, worker and beat run under systemd (see README).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CADRE_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "cadre_registry"

_server = None  # keeps the embedded server's handle alive for this process


def ensure_database_url() -> str:
    """Return DATABASE_URL, starting the embedded PostgreSQL when it is unset."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    global _server
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # platformdirs wants a runtime dir for pgserver's lock file; a container
    # often has none, so give it one of ours rather than a warning.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    Path(os.environ["XDG_RUNTIME_DIR"]).chmod(0o700)
    import pgserver

    # cleanup_mode="stop": the server stops when the last process that started
    # it exits, so Ctrl-C on `make run` leaves nothing running.
    _server = pgserver.get_server(VAR_DIR / "pgdata", cleanup_mode="stop")
    exists = _server.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"
    )
    if "(1 row)" not in exists:
        _server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    url = _server.get_uri(DATABASE_NAME)
    os.environ["DATABASE_URL"] = url
    return url


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def run() -> int:
    """Set up and start web, worker and beat; Ctrl-C stops them all."""
    from cadre_registry.i18n import compile_catalogues

    compile_catalogues()
    ensure_database_url()
    _manage("migrate", "--no-input")
    _manage("collectstatic", "--no-input", "--verbosity", "0")
    _manage("demo_data")
    port = os.environ.get("PORT", "8000")
    bin_dir = Path(sys.executable).parent
    commands = {
        "web": [
            str(bin_dir / "gunicorn"),
            "cadre_registry.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("WEB_CONCURRENCY", "2"),
            "--access-logfile",
            "-",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "cadre_registry",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "cadre_registry",
            "beat",
            "--loglevel",
            "INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
            "--pidfile=",
        ],
    }
    children = {
        name: subprocess.Popen(cmd, cwd=BASE_DIR, start_new_session=True)
        for name, cmd in commands.items()
    }
    print(
        "\n"
        f"  Cadre Registry: http://127.0.0.1:{port}/\n"
        "  Tài khoản demo (mật khẩu: demo12345):\n"
        "    admin    quản trị hệ thống\n"
        "    tochuc   cán bộ tổ chức (sửa hồ sơ đơn vị được giao)\n"
        "    lanhdao  lãnh đạo (xem, thống kê)\n"
        "    kiemtra  kiểm tra (xem nhật ký)\n"
        "  Ctrl-C để dừng.\n",
        flush=True,
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} exited with {child.returncode}; stopping.", flush=True)
                exit_code = child.returncode or 1
                stopping = True
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return exit_code


def run_tests(args: list[str]) -> int:
    """Run pytest against DATABASE_URL or the embedded PostgreSQL."""
    from cadre_registry.i18n import compile_catalogues

    compile_catalogues()
    ensure_database_url()
    return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=BASE_DIR)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m cadre_registry.localdev run|pytest [args]")
        return 2
    if argv[0] == "run":
        return run()
    if argv[0] == "pytest":
        return run_tests(argv[1:])
    if argv[0] == "manage":
        ensure_database_url()
        return subprocess.call([sys.executable, "manage.py", *argv[1:]], cwd=BASE_DIR)
    print(f"unknown command {argv[0]}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
