from django.core.management.base import BaseCommand

from zwgk.accounts.services import DEMO_ADMIN, ensure_demo_admin


class Command(BaseCommand):
    help = "创建或更新演示管理员账号，并设置新的随机密码。"

    def handle(self, *args, **options):
        password = ensure_demo_admin()
        self.stdout.write(f"登录地址 http://127.0.0.1:8000/  用户名 {DEMO_ADMIN}  密码 {password}")
