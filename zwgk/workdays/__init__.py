"""The working-day calendar: statutory holidays, 调休 and local changes, for deadline indicators."""
