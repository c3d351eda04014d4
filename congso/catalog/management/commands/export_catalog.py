# SPDX-License-Identifier: MIT
"""python manage.py export_catalog FILE [--format csv|json|xlsx]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.catalog.io import FORMATS, ImportFileError, detect_format, export_catalog


class Command(BaseCommand):
    help = "Export every procedure to CSV, JSON or XLSX, in the import columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS)

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["path"]  # type: ignore[assignment]
        try:
            fmt = str(options["format"] or detect_format(path.name))
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        with path.open("wb") as output:
            count = export_catalog(output, fmt=fmt)
        self.stdout.write(self.style.SUCCESS(f"{count} procedures written to {path}"))
