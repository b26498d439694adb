from django.db import migrations

FORMS = [
    # code, name, evidence, aliases
    ("meeting", "会议", "meeting", "党内会议、有关会议"),
    ("document", "文件", "document", "下发文件"),
    ("intranet", "内网", "online", "局域网"),
    ("website", "网站", "online", "网页、门户网站、岳阳统计信息网"),
    ("newspaper", "报刊", "press", "报纸、杂志、报刊/广播/电视"),
    ("radio", "广播", "press", ""),
    ("tv", "电视", "press", ""),
    ("bulletin", "信息简报", "document", "简报"),
    ("internal_notice", "内部通报", "document", "通报"),
]


def add_forms(apps, schema_editor):
    DisclosureForm = apps.get_model("catalog", "DisclosureForm")
    for order, (code, name, evidence, aliases) in enumerate(FORMS, start=1):
        DisclosureForm.objects.update_or_create(
            code=code, defaults={"name": name, "evidence": evidence, "aliases": aliases, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(add_forms, migrations.RunPython.noop)]
