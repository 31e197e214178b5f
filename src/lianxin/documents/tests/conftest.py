# TEMPORARY until main's lianxin.common.jobs/events land (removed at merge).
import sys
import types

try:
    import lianxin.common.jobs  # noqa: F401
except ImportError:
    jobs = types.ModuleType("lianxin.common.jobs")
    jobs.enqueue = lambda *a, **k: None
    jobs.Every = type("Every", (), {"MINUTES": "minutes", "DAILY": "daily", "HOURLY": "hourly"})
    jobs.scheduled = lambda *a, **k: (lambda f: f)
    sys.modules["lianxin.common.jobs"] = jobs
    import lianxin.common as _c
    _c.jobs = jobs
try:
    import lianxin.common.events  # noqa: F401
except ImportError:
    events = types.ModuleType("lianxin.common.events")
    events.published = []
    events.publish_live = lambda channels, event_type, data: events.published.append((channels, event_type, data))
    sys.modules["lianxin.common.events"] = events
