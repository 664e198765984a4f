"""Shared fixtures: reference data, a small unit tree and the personas.

Personas (STYLE.md): admin; clerk (organizer of the Sở Nội vụ subtree, with the
sensitive permission); leader (reads the same subtree); auditor; outsider
(organizer of another subtree)."""

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection

from cadre_registry.models import ImportJob, Role, User
from cadre_registry.reference_loader import load_reference_data
from tests import factories

PASSWORD = "mat-khau-Thu-nghiem-1"


def pytest_configure(config):
    from django.conf import settings

    # Hashing with PBKDF2's 10^6 rounds would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    """Uploaded and exported files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reference(db):
    """The code lists (loaded by migration; reloaded after a transactional flush)."""
    from cadre_registry.models import EthnicGroup

    if not EthnicGroup.objects.exists():
        load_reference_data()


@pytest.fixture
def tree(reference):
    """Tỉnh ủy → Sở Nội vụ → Phòng Công chức; Tỉnh ủy → Sở Y tế."""
    province = factories.unit(code="T01", name="Tỉnh ủy Thử nghiệm", kind="tinh_uy")
    home = factories.unit(code="SNV", name="Sở Nội vụ", kind="co_quan", parent=province)
    office = factories.unit(
        code="SNV-CC", name="Phòng Công chức", kind="co_so", parent=home
    )
    other = factories.unit(code="SYT", name="Sở Y tế", kind="co_quan", parent=province)
    return {"province": province, "home": home, "office": office, "other": other}


def _user(username, role, units=(), sensitive=False, superuser=False):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.units.set(units)
    if sensitive:
        user.user_permissions.add(Permission.objects.get(codename="view_sensitive"))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def personas(tree):
    return {
        "admin": _user("admin", Role.ADMIN, superuser=True),
        "clerk": _user("clerk", Role.ORGANIZER, [tree["home"]], sensitive=True),
        "plainclerk": _user("plainclerk", Role.ORGANIZER, [tree["home"]]),
        "leader": _user("leader", Role.LEADER, [tree["home"]]),
        "auditor": _user("auditor", Role.AUDITOR),
        "outsider": _user("outsider", Role.ORGANIZER, [tree["other"]], sensitive=True),
    }


@pytest.fixture
def huong(tree, personas):
    """Nguyễn Thị Hương, chuyên viên at Phòng Công chức, with a little history."""
    return factories.person(
        full_name="Nguyễn Thị Hương",
        gender="F",
        birth_date=dt.date(1980, 3, 15),
        unit=tree["office"],
        national_id="001180000123",
        by=personas["admin"],
    )


def _database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    user = db.get("USER") or "postgres"
    if host.startswith("/"):
        return f"postgresql://{user}@/{db['NAME']}?host={host}"
    return f"postgresql://{user}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(tmp_path):
    """A real `celery worker` process on the configured broker, reading the test database."""
    yield from _celery_worker(tmp_path, pool=["--pool", "solo"])


@pytest.fixture
def celery_prefork_worker(tmp_path):
    """The same with one pool child, which a test may kill as a crash would."""
    yield from _celery_worker(
        tmp_path, pool=["--pool", "prefork", "--concurrency", "1"]
    )


def _celery_worker(tmp_path, *, pool):
    from cadre_registry.celery import app

    env = dict(
        os.environ, DATABASE_URL=_database_url(), MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        # A private queue folder: a `make run` worker on this machine must not steal the task.
        broker_dir = tmp_path / "broker"
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True)
        env["CELERY_BROKER_DIR"] = str(broker_dir)
        options = dict(app.conf.broker_transport_options)
        options.update(
            data_folder_in=str(broker_dir / "queue"),
            data_folder_out=str(broker_dir / "queue"),
            processed_folder=str(broker_dir / "processed"),
            control_folder=str(broker_dir / "control"),
        )
        app.conf.broker_transport_options = options
        _drop_broker_connections(app)
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cadre_registry",
            "worker",
            *pool,
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
            "--queues",
            "celery",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "ready" not in log.read_text():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    yield process
    process.terminate()
    process.wait(timeout=30)
    _drop_broker_connections(app)


def _drop_broker_connections(app):
    # The producer pool keeps the connection (and so the folders) of the first
    # worker fixture of the session: a later test's tasks would go to a folder
    # nobody reads any more.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def make_job():
    """An uploaded file as the pages store it: a job with the file and its checksum."""

    def make(user, content: bytes, name="ho-so.xlsx", resource="people"):
        job = ImportJob(
            resource=resource,
            created_by=user,
            file_name=name,
            file_size=len(content),
            checksum=hashlib.sha256(content).hexdigest(),
        )
        job.file.save(name, ContentFile(content), save=False)
        job.save()
        return job

    return make
