# SPDX-License-Identifier: MIT
"""Import unit boundaries from a GeoJSON FeatureCollection keyed by unit code."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.core.exceptions import DomainError
from congso.feedback.boundaries import unit_boundaries_import

MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import commune boundaries (GeoJSON Polygon/MultiPolygon in WGS 84, or Point for a "
        "centre only) from a FeatureCollection whose features carry the unit code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="GeoJSON file")
        parser.add_argument(
            "--code-property", default="code", help="property holding the unit code"
        )
        parser.add_argument("--source", default="", help="where the boundaries come from")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: larger than {MAX_BYTES} bytes")
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: not JSON ({exc})") from exc
        try:
            result = unit_boundaries_import(
                collection=collection,
                code_property=str(options["code_property"]),
                source=str(options["source"] or path.name),
            )
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(f"{result.created} created, {result.updated} updated")
        if result.skipped:
            codes = ", ".join(result.skipped[:20])
            self.stdout.write(f"{len(result.skipped)} skipped (unknown unit code): {codes}")
