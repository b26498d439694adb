import django_fsm
from django.db import migrations


class Migration(migrations.Migration):
    """The version's status becomes the workflow engine's state field (django-fsm-2's FSMField):
    same column, choices and default; only `workflow.engine.perform` changes it."""

    dependencies = [("catalog", "0003_disclosure_forms")]

    operations = [
        migrations.AlterField(
            model_name="catalogversion",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("draft", "草稿"),
                    ("approved", "党组已审批"),
                    ("filed", "已报上级备案"),
                    ("acknowledged", "上级已确认备案"),
                ],
                default="draft",
                max_length=15,
                verbose_name="状态",
            ),
        ),
    ]
