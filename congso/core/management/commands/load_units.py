# SPDX-License-Identifier: MIT
"""python manage.py load_units [--current PATH] [--legacy PATH | --fetch-legacy] [--province CODE]
[--commune-mapping PATH | --fetch-commune-mapping] [--prune] [--cache-dir DIR]

Loads the 2025 list of administrative units, optionally the list before 1 July 2025 with
the province mergers, and optionally the old-to-new commune table. Safe to run again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from congso.core.units import (
    COMMUNE_MAPPING_PACKAGE,
    LEGACY_PACKAGE,
    LinkResult,
    LoadResult,
    UnitDataError,
    legacy_province_codes_for,
    units_fetch_commune_mapping,
    units_fetch_legacy,
    units_link_communes,
    units_link_provinces,
    units_load_current,
    units_load_legacy,
)


class _Bars:
    """One tqdm bar per label, fed by the loaders' progress(label, done, total) calls."""

    def __init__(self, *, disable: bool | None) -> None:
        self.disable = disable
        self.bars: dict[str, tqdm] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        bar = self.bars.get(label)
        if bar is None:
            bar = tqdm(total=total, desc=label, unit="", file=sys.stderr, disable=self.disable)
            self.bars[label] = bar
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


class Command(BaseCommand):
    help = _(
        "Load Vietnam's administrative units: the 2025 list, optionally the list before "
        "1 July 2025 and the old-to-new mapping."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--current",
            type=Path,
            metavar="PATH",
            help=_(
                "Read the 2025 list from this nested-divisions.json or vietnam-provinces wheel "
                "instead of the installed package."
            ),
        )
        legacy = parser.add_mutually_exclusive_group()
        legacy.add_argument(
            "--legacy",
            type=Path,
            metavar="PATH",
            help=_(
                "nested-divisions.json of vietnam-provinces 0.6.0, or its wheel: loads the "
                "list before 1 July 2025 and the province mergers."
            ),
        )
        legacy.add_argument(
            "--fetch-legacy",
            action="store_true",
            help=_("Download %(req)s with pip into the cache and load it like --legacy.")
            % {"req": LEGACY_PACKAGE.requirement},
        )
        mapping = parser.add_mutually_exclusive_group()
        mapping.add_argument(
            "--commune-mapping",
            type=Path,
            metavar="PATH",
            help=_(
                "The vietnamadminunits wheel or package directory: creates the old-to-new "
                "successions of communes and districts."
            ),
        )
        mapping.add_argument(
            "--fetch-commune-mapping",
            action="store_true",
            help=_("Download %(req)s with pip into the cache and use it like --commune-mapping.")
            % {"req": COMMUNE_MAPPING_PACKAGE.requirement},
        )
        parser.add_argument(
            "--province",
            metavar="CODE",
            help=_("Only load the communes of this 2025 province (provinces always load in full)."),
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=_("Delete units that are no longer in the data and that nothing refers to."),
        )
        parser.add_argument(
            "--cache-dir",
            type=Path,
            help=_("Where downloaded wheels are kept (default: VAR_DIR/cache/units)."),
        )

    def handle(self, *args: object, **options: Any) -> None:
        self.verbose = options["verbosity"] >= 2
        bars = _Bars(disable=True if options["verbosity"] < 1 else None)
        try:
            self._run(options, bars)
        except UnitDataError as exc:
            raise CommandError(exc.detail) from exc
        finally:
            bars.close()

    def _run(self, options: dict[str, Any], bars: _Bars) -> None:
        province: str | None = options["province"]
        prune: bool = options["prune"]
        cache_dir: Path | None = options["cache_dir"]
        totals = LoadResult()

        current = units_load_current(
            source=options["current"], province_code=province, prune=prune, progress=bars
        )
        bars.close()
        self._load_summary(_("2025 list"), current, totals)

        legacy_source: Path | None = options["legacy"]
        if options["fetch_legacy"]:
            legacy_source = units_fetch_legacy(cache_dir=cache_dir)
        if legacy_source is not None:
            legacy = units_load_legacy(
                source=legacy_source,
                province_codes=None if province is None else legacy_province_codes_for(province),
                prune=prune,
                progress=bars,
            )
            bars.close()
            self._load_summary(_("List before 1 July 2025"), legacy, totals)
            self._link_summary(_("Province mergers"), units_link_provinces())

        mapping_source: Path | None = options["commune_mapping"]
        if options["fetch_commune_mapping"]:
            mapping_source = units_fetch_commune_mapping(cache_dir=cache_dir)
        if mapping_source is not None:
            linked = units_link_communes(source=mapping_source, progress=bars)
            bars.close()
            self._link_summary(_("Commune and district successions"), linked)
            self.stdout.write(
                _("Same code and name in both lists: %(ok)d confirmed, %(bad)d contradicted.")
                % {"ok": linked.hints_confirmed, "bad": linked.hints_contradicted}
            )

        self.stdout.write(
            self.style.SUCCESS(
                _("Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "created": totals.created,
                    "updated": totals.updated,
                    "unchanged": totals.unchanged,
                }
            )
        )

    def _load_summary(self, title: str, result: LoadResult, totals: LoadResult) -> None:
        totals.created += result.created
        totals.updated += result.updated
        totals.unchanged += result.unchanged
        line = _(
            "%(title)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(deleted)d deleted, %(stale)d no longer in the data."
        ) % {
            "title": title,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deleted": result.deleted,
            "stale": result.stale,
        }
        self.stdout.write(line)

    def _link_summary(self, title: str, result: LinkResult) -> None:
        self.stdout.write(
            _(
                "%(title)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(deleted)d deleted, %(unresolved)d not matched, "
                "%(skipped)d outside the loaded provinces."
            )
            % {
                "title": title,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "deleted": result.deleted,
                "unresolved": len(result.unresolved),
                "skipped": result.skipped,
            }
        )
        if self.verbose:
            for entry in result.unresolved:
                self.stdout.write(f"  {entry}")
