"""`./lianxin --help` lists every command in a group, each with a Chinese one-line description (issue 9 item 9)."""

from __future__ import annotations

import re

from lianxin.cli import COMMAND_GROUPS, _project_commands, help_text

# Commands of the `lianxin` entry point itself, and django-q2's worker: not management commands of the project.
NOT_PROJECT_COMMANDS = {"start", "test", "mutation", "qcluster"}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _listed() -> dict[str, str]:
    return {name: summary for _, commands in COMMAND_GROUPS for name, summary in commands}


def test_every_management_command_of_the_project_is_in_a_group_with_a_chinese_description():
    listed = _listed()
    missing = [name for name in _project_commands() if name not in listed]
    assert not missing, f"commands without a group and description in cli.COMMAND_GROUPS: {missing}"
    for name in _project_commands():
        assert _HAN.search(listed[name]), f"{name}: the description must be Chinese"


def test_the_help_shows_each_command_with_its_description_and_no_ungrouped_rest():
    text = help_text()
    for name, summary in _listed().items():
        assert f"  {name:<24} {summary}" in text, name
    assert "其他：" not in text


def test_the_groups_name_only_commands_that_exist():
    assert set(_listed()) - set(_project_commands()) == NOT_PROJECT_COMMANDS
