"""The dry run's parsed rows, kept beside the upload for the confirmed import.

Reading and normalising a 100,000-row file takes 8-9 s (XLSX: calamine 4.4 s, the
cells 4 s), and the confirmed import used to do it a second time. The dry run now
writes what it parsed into `<upload>.parsed` in the job's storage, and the confirmed
import reuses it only when every input of the parse is the same:

- the bytes of the stored file (their SHA-256, computed again at the confirm, not
  the checksum recorded at upload);
- the importer's other inputs (the code lists the cells are looked up in, the
  columns, the user's right to the sensitive columns): `_Importer.parse_inputs`;
- the code of the parse itself (the source of the modules that do it).

Anything else (no file, another key, a bad signature, a file that does not unpickle)
means: parse again. The payload is signed with an HMAC of SECRET_KEY before it is
unpickled, so a file someone else wrote is never loaded. Only the parse is reused:
the confirm still resolves every row against the database under its lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import pickle
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

MAGIC = b"cadre-parsed-1\n"
SUFFIX = ".parsed"
_SALT = "cadre_registry.imports.cache"
_DIGEST = 32  # SHA-256


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """The source of the modules a parse runs: a deploy that changes how cells are
    read makes every kept parse stale."""
    from cadre_registry import resources

    from . import cache, engine, parsing, reading

    digest = hashlib.sha256()
    for module in (cache, engine, parsing, reading, resources):
        digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


def parse_key(data: bytes, inputs: bytes) -> bytes:
    """What a parse of `data` depends on, as one digest."""
    digest = hashlib.sha256(_code_version())
    digest.update(hashlib.sha256(data).digest())
    digest.update(hashlib.sha256(inputs).digest())
    return digest.digest()


def _name(job) -> str:
    return f"{job.file.name}{SUFFIX}"


def _signature(key: bytes, payload: bytes) -> bytes:
    return salted_hmac(_SALT, key + payload, algorithm="sha256").digest()


def store(job, key: bytes, payload: bytes) -> None:
    """Keep `payload` (the pickled parse) for the job; a failure only costs the
    confirm its shortcut."""
    name = _name(job)
    storage = job.file.storage
    content = MAGIC + key + _signature(key, payload) + payload
    try:
        storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # the storage renamed it: nobody would find it
            storage.delete(saved)
    except OSError:
        logger.warning("import %s: could not keep the parsed rows", job.pk)


def load(job, key: bytes):
    """The parse kept for exactly these inputs, or None."""
    name = _name(job)
    try:
        with job.file.storage.open(name, "rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    head = len(MAGIC)
    if not content.startswith(MAGIC) or content[head : head + _DIGEST] != key:
        return None
    signature = content[head + _DIGEST : head + 2 * _DIGEST]
    payload = content[head + 2 * _DIGEST :]
    if not hmac.compare_digest(signature, _signature(key, payload)):
        logger.warning("import %s: kept parse with a bad signature ignored", job.pk)
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # signed by us, yet unreadable: parse again
        logger.warning("import %s: kept parse unreadable, parsing again", job.pk)
        return None


def discard(job) -> None:
    """Remove the job's kept parse, if any."""
    if not job.file:
        return
    with contextlib.suppress(OSError):
        job.file.storage.delete(_name(job))
