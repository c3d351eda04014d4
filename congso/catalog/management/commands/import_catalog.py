# SPDX-License-Identifier: MIT
"""python manage.py import_catalog FILE [--format csv|json|xlsx] [--skip-bad-rows] [--dry-run]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from congso.catalog.io import (
    FORMATS,
    ImportFileError,
    detect_format,
    import_catalog,
    read_catalog_file,
)


class Command(BaseCommand):
    help = "Import procedures from a CSV, JSON or XLSX file (columns: docs/catalog-import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file name.")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the valid rows even if others fail.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["path"]  # type: ignore[assignment]
        try:
            fmt = str(options["format"] or detect_format(path.name))
            with (
                path.open("rb") as stream,
                tqdm(desc="Đọc thủ tục", unit=" dòng", file=sys.stderr, disable=None) as bar,
            ):
                if options["dry_run"]:
                    report = read_catalog_file(stream, fmt=fmt, progress=bar.update)
                else:
                    report = import_catalog(
                        stream,
                        fmt=fmt,
                        skip_bad_rows=bool(options["skip_bad_rows"]),
                        progress=bar.update,
                        note=f"import {path.name}",
                    )
        except (ImportFileError, OSError) as exc:
            self.stderr.write(self.style.ERROR(str(exc)))
            sys.exit(2)
        for error in report.errors:
            self.stdout.write(f"line {error.line}\tcolumn {error.column or '-'}\t{error.reason}")
        summary = (
            f"{report.rows_read} rows read, {report.bad_rows} with errors; "
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        )
        if report.written:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stdout.write(summary)
            if report.errors:
                self.stderr.write(
                    self.style.ERROR(
                        "Nothing was imported: fix the rows above or use --skip-bad-rows."
                    )
                )
                sys.exit(1)
