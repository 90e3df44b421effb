"""Signals other apps listen to, so that the notices app does not import them."""

from django.dispatch import Signal

# Sent inside notice_send's transaction with ``notice``; receivers put side effects on_commit.
notice_sent = Signal()
