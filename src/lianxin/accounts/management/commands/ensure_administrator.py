import os
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lianxin.accounts.models import User
from lianxin.accounts.services import user_create
from lianxin.domain.workflow import Role


class Command(BaseCommand):
    help = "首次运行时创建管理员 admin（密码取自 LIANXIN_ADMIN_PASSWORD，否则随机生成并只显示一次）"

    def handle(self, *args: object, **options: object) -> None:
        if User.objects.filter(is_superuser=True).exists():
            return
        given = os.environ.get("LIANXIN_ADMIN_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        candidate = User(username="admin", full_name="系统管理员")
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise CommandError(
                "LIANXIN_ADMIN_PASSWORD 不符合密码要求，未创建管理员：" + "；".join(error.messages)
            ) from error
        user_create(
            username="admin",
            password=password,
            role=Role.ADMINISTRATOR,
            unit=None,
            full_name="系统管理员",
            is_staff=True,
            is_superuser=True,
        )
        if given:
            self.stdout.write("已创建管理员 admin（密码取自 LIANXIN_ADMIN_PASSWORD）。")
        else:
            self.stdout.write(f"已创建管理员 admin，初始密码：{password}  （只显示这一次，请登录后修改）")
