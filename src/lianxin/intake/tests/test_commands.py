"""`lianxin cti token …` and `lianxin --help` (every command, grouped)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.cli import _project_commands, help_text
from lianxin.intake.models import PbxToken
from lianxin.intake.services import pbx_token_check


@pytest.mark.django_db
def test_token_create_json_then_revoke():
    out = StringIO()
    call_command("cti", "token", "create", "总机", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["name"] == "总机"
    assert payload["endpoint"] == f"/api/v1/cti/{payload['token']}"
    assert pbx_token_check(payload["token"]) is not None
    assert PbxToken.objects.get(name="总机").token_hash != payload["token"]
    call_command("cti", "token", "revoke", "总机", stdout=StringIO())
    assert pbx_token_check(payload["token"]) is None


def test_help_lists_every_command_in_groups():
    text = help_text()
    for name in ["start", "test", *_project_commands()]:
        assert f"  {name}" in text, name
    assert "来电与坐席（CTI）：" in text
    assert "cti" in _project_commands()
