"""What the calendar tells the rest of the system. Apps that keep dates counted on it subscribe here, so the
calendar never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction that loaded, replaced or deleted a year commits; kwargs: year (int).
calendar_year_loaded = Signal()
