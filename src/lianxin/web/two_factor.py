"""The two-factor pages: verify a TOTP code after the password, or enrol an authenticator the first time."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from lianxin.accounts.models import User
from lianxin.accounts.two_factor import confirmed_device, enrolment_confirm, enrolment_device, verify_totp


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态验证码",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        error_messages={"required": "请输入身份验证器上的 6 位验证码。"},
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/home/"


def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login required
    if confirmed_device(user) is None:
        return redirect("web:two-factor-enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_totp(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "验证码不正确或已使用，请输入身份验证器上当前的验证码。")
    return render(request, "web/two_factor_verify.html", {"form": form, "next": _next(request)})


def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login required
    if confirmed_device(user) is not None and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(
            "web:two-factor"
        )  # replacing an authenticator needs the current one, or an admin reset
    device = enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = enrolment_confirm(user, form.cleaned_data["code"])
        if confirmed is not None:
            otp_login(request, confirmed)
            return redirect(_next(request))
        form.add_error("code", "验证码不正确，请确认手机时间准确后输入当前的验证码。")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="身份验证器二维码")
    return render(
        request,
        "web/two_factor_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next(request)},
    )
