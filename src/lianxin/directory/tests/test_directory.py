"""The directory load (divisions, units, zones, centers, org tree) and the `route` command, on the database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lianxin.accounts.models import OrgUnit
from lianxin.directory.models import Division, RegulatorUnit, UnitLevel
from lianxin.directory.services import directory_load


@pytest.fixture
def directory(org: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    report = directory_load(home_province="610000")
    assert not report.skipped
    return org


@pytest.mark.django_db
def test_every_county_level_division_has_a_unit_and_every_province_a_center(
    directory: dict[str, OrgUnit],
) -> None:
    counties = (
        Division.objects.filter(level="county").count()
        + Division.objects.filter(is_county_level=True).count()
    )
    assert counties > 2800
    covered = (
        RegulatorUnit.objects.filter(level=UnitLevel.COUNTY).count()
        + RegulatorUnit.objects.filter(division__is_county_level=True, level=UnitLevel.CITY).count()
    )
    assert covered == counties
    assert (
        RegulatorUnit.objects.filter(level=UnitLevel.CENTER).count()
        == Division.objects.filter(level="province").count()
    )
    # The fixture's units are reused, not duplicated: SN-610113 is the same org unit.
    yanta = RegulatorUnit.objects.get(code="SN-610113")
    assert yanta.org_unit == directory["yanta"]
    # Every Shaanxi county bureau hangs under its city bureau.
    assert OrgUnit.objects.get(code="SN-610118").parent.code == "SN-6101"
    assert directory_load(home_province="610000").skipped


def run_route(*lines: str, province: str | None = None) -> list[dict]:
    out = io.StringIO()
    args = ["--json"] + (["--province", province] if province else [])
    stdin = io.StringIO("\n".join(lines) + "\n")
    import sys

    saved, sys.stdin = sys.stdin, stdin
    try:
        call_command("route", *args, stdout=out)
    finally:
        sys.stdin = saved
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_route_command_assigns_transfers_and_asks(directory: dict[str, OrgUnit]) -> None:
    yanta, dongguan, chaoyang, renamed = run_route(
        "西安雁塔区小寨那边一家店", "广东东莞长安镇振安路88号", "朝阳区", "陝西寶雞鳳翔縣城關鎮"
    )
    assert (yanta["county_code"], yanta["unit"], yanta["outcome"]) == (
        "610113",
        "西安市雁塔区市场监督管理局",
        "assign",
    )
    assert (dongguan["county_code"], dongguan["outcome"], dongguan["unit"]) == (
        "441900",
        "transfer",
        "广东省12315指挥中心",
    )
    assert "不属本省管辖" in dongguan["reason"]
    assert chaoyang["ambiguous"]
    assert chaoyang["unit"] is None
    assert len(chaoyang["candidates"]) == 2
    assert renamed["county_code"] == "610305"
    (beijing,) = run_route("朝阳区", province="110000")
    assert (beijing["county_code"], beijing["outcome"]) == ("110105", "transfer")


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["11", "110000", "北京", "北京市"])
def test_route_province_takes_a_two_or_six_digit_code_or_a_name(
    directory: dict[str, OrgUnit], province: str
) -> None:
    (beijing,) = run_route("朝阳区", province=province)
    assert beijing["county_code"] == "110105"


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["99", "6100", "火星", "江"])
def test_route_refuses_a_province_it_cannot_name(directory: dict[str, OrgUnit], province: str) -> None:
    with pytest.raises(CommandError) as refused:
        run_route("朝阳区", province=province)
    assert refused.value.returncode == 2
    assert "无法识别省份" in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("12345",), ("12345", "--json")])
def test_phone_says_an_invalid_number_is_invalid_and_exits_2(directory: dict[str, OrgUnit], args) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("phone", *args, stdout=out)
    assert refused.value.returncode == 2
    assert "不是有效的电话号码" in str(refused.value)
    if "--json" in args:
        assert json.loads(out.getvalue())["is_valid"] is False


@pytest.mark.django_db
def test_phone_answers_a_valid_number(directory: dict[str, OrgUnit]) -> None:
    out = io.StringIO()
    call_command("phone", "029-88886666", stdout=out)
    assert out.getvalue().startswith("+862988886666")


@pytest.mark.django_db
def test_admin_lists_the_zone_table(directory: dict[str, OrgUnit], admin_client) -> None:
    response = admin_client.get("/admin/directory/zone/")
    assert response.status_code == 200
    assert "杨凌示范区" in response.content.decode()
