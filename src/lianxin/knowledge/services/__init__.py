"""Writes of the knowledge app: law import, knowledge entries with history, seed data."""
