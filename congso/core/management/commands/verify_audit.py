# SPDX-License-Identifier: MIT
"""python manage.py verify_audit [--anchor SEQUENCE:HASH ...] [--chunk-size N] [--max-problems N]

Walks the whole audit log and checks its hash chain: prints what is wrong, record by record,
and exits with status 1 when anything is; otherwise prints the last sequence number and hash,
worth keeping outside the database as an anchor for the next run.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from congso.core.audit import audit_verify

ANCHOR_PATTERN = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(text: str) -> tuple[int, str]:
    match = ANCHOR_PATTERN.match(text.strip().lower())
    if match is None:
        raise CommandError(
            _("An anchor is SEQUENCE:HASH with a 64-character hex hash, got %(text)r.")
            % {"text": text}
        )
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = _(
        "Check the audit log's hash chain: altered, missing or reordered records and a "
        "removed tail. Exits with status 1 when anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help=_("A record's hash kept outside the database, as printed by an earlier run."),
        )
        parser.add_argument("--chunk-size", type=int, default=2000)
        parser.add_argument("--max-problems", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = dict(_anchor(text) for text in options["anchor"])
        result = audit_verify(
            anchors=anchors,
            chunk_size=options["chunk_size"],
            max_problems=options["max_problems"],
        )
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            if result.problem_count > len(result.problems):
                self.stderr.write(
                    _("… and %(count)s more.")
                    % {"count": result.problem_count - len(result.problems)}
                )
            raise CommandError(
                _("Checked %(checked)s audit records: %(count)s problems found.")
                % {"checked": result.checked, "count": result.problem_count}
            )
        self.stdout.write(
            _("Checked %(checked)s audit records: the chain is intact.")
            % {"checked": result.checked}
        )
        if result.checked:
            self.stdout.write(
                _("Last record: %(anchor)s (keep it to pass as --anchor next time).")
                % {"anchor": f"{result.last_sequence}:{result.last_hash}"}
            )
