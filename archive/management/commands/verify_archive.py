from django.core.management.base import BaseCommand, CommandError

from archive.services import verify_archive


class Command(BaseCommand):
    help = "核验全部归档清单：文件与记录是否被改动 / Verify every archive manifest"

    def handle(self, *args, **options):
        checked, problems = verify_archive()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(
                f"发现 {len(problems)} 处问题（共核验 {checked} 件）/ "
                f"{len(problems)} problem(s) in {checked} record(s)"
            )
        self.stdout.write(f"归档完好：共核验 {checked} 件 / archive intact: {checked} record(s)")
