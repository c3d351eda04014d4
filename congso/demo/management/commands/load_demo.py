# SPDX-License-Identifier: MIT
"""Load the demo province: units, agencies, a demo catalog, calendar examples, log-ins and a
few months of demo dossiers.

Idempotent: running it again updates what changed and keeps everything else.
"""

from __future__ import annotations

import datetime as dt
import importlib.util

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from congso.catalog import services as catalog_services
from congso.catalog.models import Procedure
from congso.catalog.records import ProcedureRecord
from congso.core import units
from congso.core.agencies import agencies_upsert
from congso.core.models import Agency, AgencyKind, ReceptionHours, WorkSchedule
from congso.demo import history
from congso.demo.accounts import demo_accounts_create
from congso.demo.agencies import PROVINCE_CODE as DEMO_PROVINCE_CODE
from congso.demo.agencies import demo_agencies
from congso.demo.catalog_data import demo_procedures
from congso.demo.form_schemas import demo_form_schema_for
from congso.feedback import demo as feedback_demo
from congso.indicators import demo as indicators_demo
from congso.notify import demo as notify_demo
from congso.payments import demo as payments_demo


class Command(BaseCommand):
    help = "Load the demo province (Thành phố Huế) with demo agencies and a demo catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="Skip the units before 1 July 2025 (they are downloaded once from PyPI).",
        )
        parser.add_argument(
            "--dossier-days",
            type=int,
            default=history.DEFAULT_DAYS,
            help="Days of demo dossiers to play through the services (0: none).",
        )
        parser.add_argument(
            "--dossiers-per-day",
            type=int,
            default=history.DEFAULT_PER_DAY,
            help="Demo dossiers on an average working day.",
        )

    def handle(self, *args: object, **options: object) -> None:
        result = units.units_load_current()
        self.stdout.write(
            f"Đơn vị hành chính 2025: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi"
        )
        if not options["no_history"]:
            self._load_history()
        created, updated = agencies_upsert(rows=demo_agencies())
        self.stdout.write(f"Cơ quan (demo): {created} mới, {updated} cập nhật")
        records = [ProcedureRecord.model_validate(item) for item in demo_procedures()]
        created, updated, unchanged = catalog_services.procedures_upsert(
            records=records, note="demo"
        )
        self.stdout.write(
            f"Thủ tục (demo): {created} mới, {updated} cập nhật, {unchanged} không đổi"
        )
        forms = 0
        for procedure in Procedure.objects.filter(is_demo=True).only("pk", "code", "name"):
            schema = demo_form_schema_for(procedure.code, procedure.name)
            forms += Procedure.objects.filter(pk=procedure.pk).update(form_schema=schema)
        self.stdout.write(f"Tờ khai trực tuyến (demo): {forms}")
        self._calendar_examples()
        demo_accounts_create()
        # Demo rows of the apps built on dossiers, each labelled as demo by its app.
        for load in (
            payments_demo.load_demo_data,
            notify_demo.load_demo_data,
            feedback_demo.load_demo_data,
            indicators_demo.load_demo_data,
        ):
            load(self.stdout)
        self._load_dossiers(options["dossier_days"], options["dossiers_per_day"])
        self.stdout.write(self.style.SUCCESS("Tỉnh demo đã sẵn sàng / demo province ready."))

    def _load_dossiers(self, days: int, per_day: int) -> None:
        if days <= 0:
            return
        if importlib.util.find_spec("time_machine") is None:
            self.stderr.write(
                "Bỏ qua hồ sơ demo: thiếu time-machine (pip install -e '.[demo]') / "
                "demo dossiers skipped: time-machine is not installed."
            )
            return
        history.demo_history_load(self.stdout, days=days, per_day=per_day)

    def _load_history(self) -> None:
        """Former districts and communes of the demo province, for dossiers filed before 2025."""
        try:
            legacy_path = units.units_fetch_legacy()
            old_codes = units.legacy_province_codes_for(DEMO_PROVINCE_CODE)
            units.units_load_legacy(source=legacy_path, province_codes=old_codes)
            units.units_link_provinces()
            links = units.units_link_communes(source=units.units_fetch_commune_mapping())
            self.stdout.write(
                f"Đơn vị trước 1/7/2025: tỉnh cũ {', '.join(old_codes)}; "
                f"liên kết cấp xã, huyện: {links.created} mới"
            )
        except Exception as exc:
            self.stderr.write(
                self.style.WARNING(f"Không tải được đơn vị trước 2025 (bỏ qua): {exc}")
            )

    @transaction.atomic
    def _calendar_examples(self) -> None:
        WorkSchedule.objects.get_or_create(
            valid_from=dt.date(2018, 1, 1),
            defaults={
                "morning_start": dt.time(7, 30),
                "morning_end": dt.time(11, 30),
                "afternoon_start": dt.time(13, 0),
                "afternoon_end": dt.time(17, 0),
                "working_weekdays": "01234",
            },
        )
        if not ReceptionHours.objects.filter(agency=None).exists():
            ReceptionHours.objects.bulk_create(
                ReceptionHours(agency=None, weekday=day, opens=opens, closes=closes)
                for day in range(5)
                for opens, closes in (
                    (dt.time(7, 30), dt.time(11, 30)),
                    (dt.time(13, 0), dt.time(17, 0)),
                )
            )
        centre = Agency.objects.filter(kind=AgencyKind.PROVINCIAL_SERVICE_CENTRE).first()
        if centre and not centre.reception_hours.exists():
            # The provincial centre also receives on Saturday morning (demo example).
            ReceptionHours.objects.bulk_create(
                [
                    *(
                        ReceptionHours(agency=centre, weekday=day, opens=opens, closes=closes)
                        for day in range(5)
                        for opens, closes in (
                            (dt.time(7, 30), dt.time(11, 30)),
                            (dt.time(13, 0), dt.time(17, 0)),
                        )
                    ),
                    ReceptionHours(
                        agency=centre, weekday=5, opens=dt.time(7, 30), closes=dt.time(11, 30)
                    ),
                ]
            )
