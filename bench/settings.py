"""Benchmark settings: production settings plus a bare view used as the baseline."""

from sotay.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
