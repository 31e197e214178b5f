"""Notices to people: the outbox (SMS, e-mail) with retries and a pluggable gateway, and in-app notifications."""
