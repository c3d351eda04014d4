# SPDX-License-Identifier: MIT
"""Dossier.ended_late: whether a dossier ended late, kept when its processing ends.

The dossiers that have already ended are judged here, in two set-based UPDATEs, by the
rule the lists of late dossiers applied until now (frozen below: the live judgement is
indicators.counters.ended_on_time). `rebuild_indicators` judges them again from the
history. The index on the late ones is built by the next migration, concurrently.
"""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Q


def _late_from_history(apps) -> Q:
    """A second supplement request; or ended after the due date (the one before the first
    apology letter, if any); or, for a dossier that ended while it waited for the
    applicant, that wait began after it."""
    extension = apps.get_model("dossiers", "DossierExtension")
    wait = apps.get_model("dossiers", "ApplicantWait")
    redated_late = extension.objects.filter(
        dossier=OuterRef("pk"),
        sent_at__isnull=False,
        original_due_at__lt=OuterRef("processing_ended_at"),
    )
    waiting_at_end = wait.objects.filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=OuterRef("processing_ended_at")),
        dossier=OuterRef("pk"),
        requested_at__gte=OuterRef("accepted_at"),
        requested_at__lt=OuterRef("processing_ended_at"),
    )
    letter_before_wait = extension.objects.filter(
        dossier=OuterRef("dossier"),
        sent_at__isnull=False,
        original_due_at__lt=OuterRef("requested_at"),
    )
    waited_late = waiting_at_end.filter(
        Q(requested_at__gt=OuterRef("due_at")) | Q(Exists(letter_before_wait))
    )
    ended_late = Q(processing_ended_at__gt=F("due_at")) | Q(Exists(redated_late))
    return (
        Q(supplement_count__gt=1)
        | (~Q(Exists(waiting_at_end)) & ended_late)
        | Q(Exists(waited_late))
    )


def judge_ended_dossiers(apps, schema_editor) -> None:
    dossier = apps.get_model("dossiers", "Dossier")
    ended = dossier.objects.filter(accepted_at__isnull=False, processing_ended_at__isnull=False)
    ended.filter(_late_from_history(apps)).update(ended_late=True)
    ended.filter(ended_late__isnull=True).update(ended_late=False)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0015_pending_index_covering"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="ended_late",
            field=models.BooleanField(editable=False, null=True, verbose_name="ended late"),
        ),
        migrations.RunPython(judge_ended_dossiers, migrations.RunPython.noop),
    ]
