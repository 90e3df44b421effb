"""Writes of the planner (events, feeds, tasks, notes); transactional, access via ``..access``,
notifications and scheduled tasks after commit."""
