"""Writes of participation (surveys, consultations, inquiries); transactional, one door for
access (``..access``), side effects (notifications, tasks) after commit."""
