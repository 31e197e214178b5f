from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.accounts.models import User
from lianxin.accounts.two_factor import two_factor_reset


class Command(BaseCommand):
    help = "重置用户的两步验证（删除其身份验证器，下次登录时重新绑定），用于手机丢失或更换"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户「{options['username']}」不存在。")
        removed = two_factor_reset(user)
        self.stdout.write(f"已重置 {user.username} 的两步验证（删除 {removed} 个身份验证器），下次登录时重新绑定。")
