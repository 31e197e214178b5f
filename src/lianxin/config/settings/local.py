"""Settings for a developer's machine: DEBUG on."""

from __future__ import annotations

from .production import *  # noqa: F403

DEBUG = True
