# SPDX-License-Identifier: MIT
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from congso.catalog.models import Procedure
from congso.core.models import AdministrativeUnit, Agency, ReceptionHours

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_demo_province_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", "--no-history", "--dossier-days", "0", stdout=out)
    assert AdministrativeUnit.objects.filter(scheme="2025", level="province").count() == 34
    assert AdministrativeUnit.objects.filter(scheme="2025", level="commune").count() == 3321
    hue_communes = AdministrativeUnit.objects.filter(parent__code="46", scheme="2025").count()
    assert Agency.objects.filter(kind="commune_committee").count() == hue_communes == 40
    assert Procedure.objects.count() >= 300
    assert Procedure.objects.values("field").distinct().count() >= 20
    assert not Procedure.objects.filter(is_demo=False).exists()
    assert not Agency.objects.filter(is_demo=False).exists()
    assert ReceptionHours.objects.filter(agency__kind="province_centre", weekday=5).exists()
    assert get_user_model().objects.get(username="quantri").check_password("demo-quantri-2025")

    again = StringIO()
    call_command("load_demo", "--no-history", "--dossier-days", "0", stdout=again)
    assert "0 mới, 0 cập nhật" in again.getvalue()
    assert Procedure.objects.filter(version=1).count() == Procedure.objects.count()
