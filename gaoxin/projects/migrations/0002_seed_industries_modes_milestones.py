"""Seed the configurable tables: "3+1" industries, attraction modes, milestone templates."""

from django.db import migrations

INDUSTRIES = ["新能源新材料", "高端装备", "医养健康", "现代服务业"]
MODES = ["以商招商", "人才招商", "产业招商", "基金招商", "驻地招商", "平台招商"]
MILESTONES = [("立项", 30), ("土地", 60), ("规划", 90), ("环评", 90), ("施工许可", 120)]


def seed(apps, schema_editor):
    IndustryGroup = apps.get_model("projects", "IndustryGroup")
    AttractionMode = apps.get_model("projects", "AttractionMode")
    MilestoneTemplate = apps.get_model("projects", "MilestoneTemplate")
    for i, name in enumerate(INDUSTRIES):
        IndustryGroup.objects.get_or_create(name=name, defaults={"sort": i})
    for i, name in enumerate(MODES):
        AttractionMode.objects.get_or_create(name=name, defaults={"sort": i})
    for i, (name, days) in enumerate(MILESTONES):
        MilestoneTemplate.objects.get_or_create(name=name, defaults={"sort": i, "offset_days": days})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_plans_stages_progress_issues_activities")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
