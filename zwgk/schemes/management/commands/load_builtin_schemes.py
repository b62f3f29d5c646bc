from django.core.management.base import BaseCommand, CommandError

from zwgk.schemes.services import SchemeFileError, load_builtin_schemes


class Command(BaseCommand):
    help = "载入或更新 zwgk/schemefiles/builtin/ 中的内置考核方案。"

    def handle(self, *args, **options):
        try:
            count = load_builtin_schemes()
        except SchemeFileError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"已载入 {count} 个内置考核方案")
