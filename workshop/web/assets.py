"""Static files under names that carry their content's hash, kept by browsers for a year; every response compressed.

Templates keep writing `url_for('static', filename='css/app.css')` and get `/static/css/app.<hash>.css`: a
changed file gets a new name, so a phone on venue wifi fetches each file once and never asks again. The plain
name, and a name whose hash is no longer current (a page loaded before an upgrade), still serve the file as it is
now, without the year-long cache. Flask-Compress compresses pages and files (zstd, brotli or gzip, as asked).
"""
import hashlib
import os
import re
from functools import lru_cache
from pathlib import PurePosixPath
from stat import S_ISREG

from flask import Flask, current_app, send_from_directory
from flask_compress import Compress
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
FINGERPRINTED = re.compile(r"(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[^./]*)?")

compress = Compress()


def init_app(app: Flask) -> None:
    # Streams stay as they are: a range of a file (206), and downloads that are compressed already (PDF, XLSX).
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
    app.url_defaults(_fingerprint)
    app.view_functions["static"] = serve


def _fingerprint(endpoint: str, values: dict) -> None:
    """`url_for('static', filename=...)` names the file with its hash (files that don't exist are left alone)."""
    if endpoint == "static" and "filename" in values:
        digest = digest_of(values["filename"])
        if digest:
            name = PurePosixPath(values["filename"])
            values["filename"] = str(name.with_name(f"{name.stem}.{digest}{name.suffix}"))


def serve(filename: str):
    """The static view: a name with the current hash is kept a year; any other is checked again on each use."""
    current = False
    match = FINGERPRINTED.fullmatch(filename)
    if match:
        plain = match["stem"] + (match["suffix"] or "")
        digest = digest_of(plain)
        if digest:  # otherwise the file's own name only looks fingerprinted
            filename, current = plain, digest == match["digest"]
    max_age = ONE_YEAR if current else current_app.get_send_file_max_age(filename)
    response = send_from_directory(current_app.static_folder, filename, max_age=max_age)
    if current:
        response.cache_control.immutable = True
    if response.status_code == 200:
        # One buffer instead of a file stream: Flask-Compress then sends a Content-Length and offers gzip too,
        # which it leaves out for streams. The files are small. A range (206) stays a stream, uncompressed:
        # compressing a part would break it.
        response.direct_passthrough = False
        response.make_sequence()
    return response


def digest_of(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None if there is no such file; computed once per version
    of the file (its modification time and size), so an edited file gets a new name without a restart."""
    path = safe_join(current_app.static_folder, filename)
    try:
        found = os.stat(path) if path else None
    except OSError:
        found = None
    if found is None or not S_ISREG(found.st_mode):
        return None
    return _digest(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]
