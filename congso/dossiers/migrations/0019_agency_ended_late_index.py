# SPDX-License-Identifier: MIT
"""The late dossiers of one agency by end date (the list of an agency's late dossiers),
built without blocking writes to the dossier table on PostgreSQL."""

from django.db import migrations, models

from congso.core.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("dossiers", "0018_fk_indexes_in_composites"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("ended_late", True)),
                fields=["competent_agency", "processing_ended_at", "accepted_at"],
                name="dossier_agency_ended_late",
            ),
        ),
    ]
