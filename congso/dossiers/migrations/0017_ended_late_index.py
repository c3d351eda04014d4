# SPDX-License-Identifier: MIT
"""The late dossiers by end date (the lists of late dossiers), built without blocking writes
to the dossier table on PostgreSQL."""

from django.db import migrations, models

from congso.core.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("dossiers", "0016_ended_late"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("ended_late", True)),
                fields=["processing_ended_at", "accepted_at"],
                name="dossier_ended_late",
            ),
        ),
    ]
