from django.core.management.base import BaseCommand

from zwgk.demo.data import load_demo


class Command(BaseCommand):
    help = "载入演示县的单位、账号和两项考核（可重复运行，每次为演示账号设置新密码）。"

    def handle(self, *args, **options):
        password, logins = load_demo()
        self.stdout.write("演示账号（本次启动的密码均为 %s）：" % password)
        for login in logins:
            self.stdout.write(f"  {login.role:<6} {login.username:<14} {login.unit}")
        self.stdout.write("  其他单位：联络员 lianluo01–lianluo20，负责人 fuze01–fuze20")
