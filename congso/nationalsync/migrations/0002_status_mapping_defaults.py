# SPDX-License-Identifier: MIT
"""The national status codes of DOMAIN §6.2, as rows an administrator can change."""

from django.db import migrations

DEFAULTS = {
    "awaiting_reception": 1,
    "accepted": 2,
    "refused": 3,
    "processing": 4,
    "awaiting_supplement": 5,
    "awaiting_payment": 6,
    "withdrawn": 7,
    "stopped": 8,
    "processed": 9,
    "returned": 10,
}


def seed(apps, schema_editor):
    StatusMapping = apps.get_model("nationalsync", "StatusMapping")
    for state, code in DEFAULTS.items():
        StatusMapping.objects.get_or_create(state=state, defaults={"national_code": code})


class Migration(migrations.Migration):
    dependencies = [("nationalsync", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
