"""The offline image captcha (django-simple-captcha: the images are drawn on the server with its bundled font)."""

from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms


class CaptchaForm(forms.Form):
    captcha = CaptchaField(label="图形验证码", error_messages={"invalid": "图形验证码不正确，请重新输入。"})
