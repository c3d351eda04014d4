# SPDX-License-Identifier: MIT
"""The demo dossier history: played through the services, labelled, consistent, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from congso.accounts import devidp
from congso.core.audit import audit_verify
from congso.demo import history
from congso.demo.accounts import DEMO_CENTRE_CODE, DEMO_COMMUNE_CENTRE_CODE
from congso.dossiers.models import Dossier, DossierEvent
from congso.indicators.models import FLOWS, DailyCounter
from congso.indicators.rebuild import indicators_rebuild
from congso.notify.models import Message
from congso.workflow.states import DossierState

pytestmark = pytest.mark.django_db


def _counters() -> list[tuple]:
    fields = ("day", "agency_id", "procedure_id", "level", "channel", *sorted(FLOWS))
    return sorted(DailyCounter.objects.values_list(*fields))


@pytest.fixture
def demo_province():
    call_command("load_demo", "--no-history", "--dossier-days", "0", stdout=StringIO())
    assert not Dossier.objects.exists()


def test_demo_history_plays_labelled_dossiers_through_the_services(demo_province):
    out = StringIO()
    made = history.demo_history_load(out, days=30, per_day=4)

    dossiers = Dossier.objects.all()
    assert made == dossiers.count() > 40
    assert f": {made}" in out.getvalue()
    assert not dossiers.exclude(summary__startswith=history.DEMO_MARK).exists()
    # Everything happened in the past, received at the two demo centres, each with its code.
    now = timezone.now()
    assert not DossierEvent.objects.filter(occurred_at__gt=now).exists()
    assert set(dossiers.values_list("receiving_agency__code", flat=True)) == {
        DEMO_CENTRE_CODE,
        DEMO_COMMUNE_CENTRE_CODE,
    }
    assert dossiers.exclude(code="").values("code").distinct().count() == made
    # A history, not one state: finished, rated, still open and waiting dossiers.
    states = set(dossiers.values_list("state", flat=True))
    assert {DossierState.RETURNED, DossierState.PROCESSING} <= states
    assert dossiers.filter(rating__isnull=False).exists()
    assert set(dossiers.values_list("channel", flat=True)) >= {"online", "direct"}
    # The identity provider's demo citizen finds dossiers under "my dossiers".
    first = devidp.DEMO_CITIZENS[0]
    assert dossiers.filter(applicant_user__citizen__citizen_id=first["citizen_id"]).exists()
    # Nobody was told about the past; the audit chain holds; the counters are the rebuild's.
    assert not Message.objects.exists()
    assert audit_verify().ok
    live = _counters()
    assert live
    indicators_rebuild()
    assert _counters() == live


def test_demo_history_is_loaded_once(demo_province):
    assert history.demo_history_load(StringIO(), days=5, per_day=2) > 0
    count = Dossier.objects.count()
    out = StringIO()
    assert history.demo_history_load(out, days=5, per_day=2) == 0
    assert Dossier.objects.count() == count
    assert "bỏ qua" in out.getvalue()
