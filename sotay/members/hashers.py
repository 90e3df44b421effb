"""The password hasher: Argon2id with OWASP's first recommended setting (46 MiB, 1 pass, 1 lane).

Memory-hard, so a stolen table costs an attacker with GPUs far more per guess than the PBKDF2
(1,000,000 SHA-256 rounds) it replaces, while one sign-in costs ≈ 50 ms of one core instead of
≈ 250 ms: a meeting evening's sign-ins no longer queue behind the hash. Older PBKDF2 hashes
still verify and are rehashed with this one at the member's next sign-in (Django does it).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class SotayArgon2Hasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 47104  # KiB
    parallelism = 1
