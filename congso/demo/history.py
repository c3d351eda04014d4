# SPDX-License-Identifier: MIT
"""DEMO DATA: a few months of dossiers, driven through the real services at past moments.

Without it the operations centre, the Decision 766 index and the officers' inboxes of
`make demo` are empty. Every dossier is registered, accepted, forwarded, asked for a
supplement, re-dated, processed, returned and rated by the same services the desk and the
portal call, with the clock moved to the moment each step happened (time-machine): codes,
due dates, events, counters and audit records are those the officers would have made.

What is generated is labelled: the summary of each dossier starts with "[DEMO]" and the
applicants are invented people (plus the development identity provider's demo citizens, so
that signing in as one of them shows "my dossiers"). Nobody is notified of past events; the
national-portal outbox does carry them, so the demo's fake portal receives the history.
Result documents are not generated: the demo's certificates did not exist at those dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from congso.accounts import devidp
from congso.accounts.services import citizen_register_or_update_from_identity
from congso.catalog.models import Procedure, PublicationStatus
from congso.core.calendar import (
    add_working_days,
    is_working_day,
    is_working_time,
    next_working_moment,
)
from congso.core.models import Agency
from congso.dossiers import lateness, routing, services
from congso.dossiers.events import dossier_event_recorded
from congso.dossiers.models import Channel, Dossier, Source

from .accounts import DEMO_CENTRE_CODE, DEMO_COMMUNE_CENTRE_CODE

DEMO_MARK = "[DEMO]"
DEFAULT_DAYS = 120
DEFAULT_PER_DAY = 4
SEED = 20250701

# Invented people; citizen IDs follow the rules of validators.validate_citizen_id.
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = {"male": ("Văn", "Hữu", "Đức", "Minh", "Quang"), "female": ("Thị", "Ngọc", "Thu")}
GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Long", "Nam", "Phong", "Toàn"),
    "female": ("Anh", "Châu", "Diệp", "Hằng", "Lan", "Mai", "Ngân", "Oanh", "Trang", "Yến"),
}
GRADES = (("satisfied", 86), ("acceptable", 10), ("not_satisfied", 4))
SUPPLEMENT_ITEMS = (
    "Bản sao giấy tờ chứng minh nơi cư trú",
    "Tờ khai ký chưa đúng mẫu",
    "Ảnh chụp giấy tờ bị mờ, cần chụp lại",
)


@dataclass(frozen=True)
class Cast:
    """Who acts in the history: the demo officers and the applicants."""

    desk: Any
    specialist: Any
    head: Any
    applicants: list[Any]  # users; the first ones are the identity provider's demo citizens

    def holder_for(self, role: str) -> Any:
        return self.head if role == "head" else self.specialist


@contextmanager
def _at(moment: dt.datetime) -> Iterator[None]:
    import time_machine

    with time_machine.travel(moment, tick=False):
        yield


@contextmanager
def _without_notifications() -> Iterator[None]:
    """Past events are history: nobody is told about them today."""
    from congso.notify.receivers import notify_dossier_event

    dossier_event_recorded.disconnect(dispatch_uid="notify.dossier_event")
    try:
        yield
    finally:
        dossier_event_recorded.connect(notify_dossier_event, dispatch_uid="notify.dossier_event")


def history_loaded() -> bool:
    return Dossier.objects.filter(summary__startswith=DEMO_MARK).exists()


def _citizen_id(rng: random.Random, sex: str, year: int) -> str:
    century = 0 if year < 2000 else 2
    return f"046{century + (sex == 'female')}{year % 100:02d}{rng.randrange(10**6):06d}"


def _applicants(rng: random.Random, count: int) -> list[Any]:
    """The demo citizens of the identity provider, then `count` invented ones, each signed
    up as a first sign-in through the development provider would."""
    people = [dict(person) for person in devidp.DEMO_CITIZENS[:2]]
    for _n in range(count):
        sex = rng.choice(("male", "female"))
        year = rng.randrange(1955, 2005)
        people.append(
            {
                "citizen_id": _citizen_id(rng, sex, year),
                "name": " ".join(
                    (rng.choice(SURNAMES), rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex]))
                ),
                "birthdate": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                "gender": sex,
                "identity_level": 2,
            }
        )
    users = []
    for person in people:
        claims = devidp.person_claims(person)
        citizen = citizen_register_or_update_from_identity(
            provider=devidp.DEV_PROVIDER_NAME, subject=claims["sub"], claims=claims
        )
        users.append(citizen.user)
    return users


def _procedures(level: str) -> list[Procedure]:
    """Demo procedures of one level that the demo officers can take from desk to result."""
    published = [
        procedure
        for procedure in Procedure.objects.filter(
            is_demo=True, publication_status=PublicationStatus.PUBLISHED
        )
        .prefetch_related("agency_links__agency")
        .order_by("code")
        if level in procedure.levels
    ]
    if level == "commune":
        return [p for p in published if not p.agency_links.all()]
    return [
        p
        for p in published
        if any(link.role == "competent" for link in p.agency_links.all())
        and all(link.agency.level == "province" for link in p.agency_links.all())
    ]


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    minutes = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    return timezone.make_aware(naive)


def _later(moment: dt.datetime, rng: random.Random, *, working_days: int = 0) -> dt.datetime:
    """A moment of working time a little after `moment`, or `working_days` working days on."""
    if working_days:
        return _moment(timezone.localdate(add_working_days(moment, working_days)), rng)
    return _in_office_hours(moment + dt.timedelta(minutes=rng.randrange(10, 120)), rng)


def _in_office_hours(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """`moment` if the office is open then, else a little after it opens again."""
    if is_working_time(moment):
        return moment
    return next_working_moment(moment) + dt.timedelta(minutes=rng.randrange(5, 90))


class HistoryWriter:
    """Plays one dossier's life step by step; stops at the first step still in the future."""

    def __init__(self, cast: Cast, rng: random.Random, now: dt.datetime) -> None:
        self.cast, self.rng, self.now = cast, rng, now
        self.last = now  # the moment of the latest step played of the dossier being played

    def _step(self, moment: dt.datetime, action: Callable[[], Any]) -> bool:
        if moment >= self.now:
            return False
        with _at(moment):
            action()
        self.last = moment
        return True

    def play(self, procedure: Procedure, agency: Agency, start: dt.datetime) -> Dossier:
        rng, cast = self.rng, self.cast
        if procedure.is_online and rng.random() < 0.65:
            channel = Channel.ONLINE
            source = Source.NATIONAL_PORTAL if rng.random() < 0.6 else Source.PORTAL
        else:
            channel = Channel.POSTAL if rng.random() < 0.1 else Channel.DIRECT
            source = Source.POST if channel == Channel.POSTAL else Source.DESK
        applicant = rng.choice(cast.applicants[:2] if rng.random() < 0.12 else cast.applicants)
        with _at(start):
            dossier = services.dossier_register(
                procedure=procedure,
                receiving_agency=agency,
                channel=channel,
                source=source,
                applicant_name=applicant.full_name,
                applicant_user=applicant,
                actor=cast.desk if source == Source.DESK else applicant,
                summary=f"{DEMO_MARK} {procedure.name}"[:1000],
            )
        self.last = start
        moment = _later(start, rng)
        if rng.random() < 0.03:
            self._step(
                moment,
                lambda: services.dossier_refuse(
                    dossier=dossier,
                    actor=cast.desk,
                    reason="Hồ sơ không thuộc thẩm quyền giải quyết (dữ liệu demo)",
                    basis="Khoản 2 Điều 19 Nghị định 61/2018/NĐ-CP",
                ),
            )
            return dossier
        if rng.random() < 0.06:
            moment = self._supplement(dossier, moment, cast.desk, stage="reception")
            if moment is None:
                return dossier
        accepted = self._step(
            moment, lambda: services.dossier_accept(dossier=dossier, actor=cast.desk)
        )
        if not accepted:
            return dossier
        dossier.refresh_from_db()
        self._process(dossier, moment)
        return dossier

    def _supplement(
        self, dossier: Dossier, moment: dt.datetime, actor: Any, *, stage: str
    ) -> dt.datetime | None:
        """Ask for a supplement at `moment`; the answer comes 1–4 working days later."""
        items = self.rng.sample(SUPPLEMENT_ITEMS, k=self.rng.randrange(1, 3))
        asked = self._step(
            moment,
            lambda: services.dossier_request_supplement(
                dossier=dossier, actor=actor, items=items, reason=f"Hồ sơ chưa đủ ({stage})"
            ),
        )
        answer = _later(moment, self.rng, working_days=self.rng.randrange(1, 5))
        if not asked or not self._step(
            answer,
            lambda: services.dossier_supplement_received(
                dossier=dossier, actor=dossier.applicant_user
            ),
        ):
            return None
        return _later(answer, self.rng)

    def _process(self, dossier: Dossier, accepted: dt.datetime) -> None:
        """Forward through the plan's steps, maybe re-date, then decide, return and rate."""
        rng = self.rng
        late = rng.random() < 0.07
        if late:
            end = _in_office_hours(
                dossier.due_at + dt.timedelta(hours=rng.randrange(2, 24 * 6)), rng
            )
        else:
            end = accepted + (dossier.due_at - accepted) * rng.uniform(0.25, 0.95)
        steps = max(len(dossier.process_plan), 1)
        moments = [accepted + (end - accepted) * (n + 1) / (steps + 2) for n in range(steps + 1)]
        paused = self._walk_steps(dossier, moments, steps)
        if paused is None:
            return
        dossier.refresh_from_db()
        end = max(end + paused, self.last + dt.timedelta(minutes=10))
        if late and rng.random() < 0.5:
            before_due = dossier.due_at - dt.timedelta(hours=rng.randrange(4, 30))
            if not self._extend(dossier, max(before_due, moments[1] + paused), end):
                return
        self._finish(dossier, end)

    def _walk_steps(
        self, dossier: Dossier, moments: list[dt.datetime], steps: int
    ) -> dt.timedelta | None:
        """Forward from the desk, then claim and forward each step; returns how long the
        dossier waited for a supplement, or None when the history stops before the end."""
        cast = self.cast
        if not self._step(
            moments[0], lambda: routing.dossier_forward(dossier=dossier, actor=cast.desk)
        ):
            return None
        paused = dt.timedelta(0)
        for index, planned in enumerate(moments[1:]):
            moment = _in_office_hours(planned + paused, self.rng)
            task = routing.open_task(dossier)
            holder = cast.holder_for(task.role if task else "specialist")
            if task and task.assignee_id is None and not self._claim(dossier, holder, moment):
                return None
            if index == 0 and self.rng.random() < 0.08:
                answered = self._supplement(dossier, moment, holder, stage="appraisal")
                if answered is None:
                    return None
                paused += answered - moment
                moment = answered
            if index + 1 < steps and not self._forward(dossier, holder, moment):
                return None
        return paused

    def _claim(self, dossier: Dossier, holder: Any, moment: dt.datetime) -> bool:
        return self._step(moment, lambda: routing.dossier_task_claim(dossier=dossier, actor=holder))

    def _forward(self, dossier: Dossier, holder: Any, moment: dt.datetime) -> bool:
        return self._step(
            moment + dt.timedelta(minutes=5),
            lambda: routing.dossier_forward(dossier=dossier, actor=holder),
        )

    def _extend(self, dossier: Dossier, warned: dt.datetime, end: dt.datetime) -> bool:
        """The apology and extension letter (Mẫu 04), sent before the due date."""
        new_due = _in_office_hours(end + dt.timedelta(days=self.rng.randrange(0, 3)), self.rng)
        if new_due <= dossier.due_at:
            return True
        return self._step(
            warned,
            lambda: lateness.dossier_extension_send(
                dossier=dossier,
                actor=self.cast.head,
                reason="Chờ ý kiến của cơ quan phối hợp (dữ liệu demo)",
                new_due_at=new_due,
                signer_name="Demo lanhdao",
                signer_title="Trưởng phòng",
            ),
        )

    def _finish(self, dossier: Dossier, end: dt.datetime) -> None:
        """Decide (or, rarely, stop), hand the result back and maybe get a rating."""
        rng, cast = self.rng, self.cast
        if rng.random() < 0.01:
            self._step(
                end,
                lambda: services.dossier_stop(
                    dossier=dossier,
                    actor=cast.head,
                    reason="Người nộp đề nghị dừng giải quyết (dữ liệu demo)",
                    basis="Điều 24 Thông tư 03/2025/TT-VPCP",
                ),
            )
            return
        task = routing.open_task(dossier)
        approver = cast.holder_for(task.role) if task else cast.head
        if not self._step(
            end, lambda: services.dossier_mark_processed(dossier=dossier, actor=approver)
        ):
            return
        returned = _later(end, rng, working_days=rng.randrange(0, 3))
        if not self._step(
            returned, lambda: services.dossier_return_result(dossier=dossier, actor=cast.desk)
        ):
            return
        if rng.random() < 0.45:
            grade = rng.choices([g for g, _w in GRADES], weights=[w for _g, w in GRADES])[0]
            self._step(
                _later(returned, rng),
                lambda: services.dossier_rate(
                    dossier=dossier, actor=dossier.applicant_user, grade=grade
                ),
            )


def _cast(rng: random.Random, applicants: int) -> Cast:
    users = get_user_model().objects
    return Cast(
        desk=users.get(username="tiepnhan"),
        specialist=users.get(username="chuyenvien"),
        head=users.get(username="lanhdao"),
        applicants=_applicants(rng, applicants),
    )


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if is_working_day(day)]


def demo_history_load(
    out: TextIO, *, days: int = DEFAULT_DAYS, per_day: int = DEFAULT_PER_DAY, seed: int = SEED
) -> int:
    """Play `per_day` dossiers on average for each working day of the last `days` days.
    Returns how many were made (0 when the history is already there)."""
    if history_loaded():
        out.write("Hồ sơ (demo): đã có, bỏ qua\n")
        return 0
    from congso.indicators.stock import stock_rebuild

    rng = random.Random(seed)
    now = timezone.now()
    centre = Agency.objects.get(code=DEMO_CENTRE_CODE)
    ward = Agency.objects.get(code=DEMO_COMMUNE_CENTRE_CODE)
    by_level = {"province": _procedures("province"), "commune": _procedures("commune")}
    # A few procedures take most dossiers, as in every province (Zipf-like weights).
    weights = {level: [1 / (rank + 1) for rank in range(len(p))] for level, p in by_level.items()}
    made = 0
    with _without_notifications(), transaction.atomic():
        cast = _cast(rng, applicants=40)
        writer = HistoryWriter(cast, rng, now)
        today = timezone.localdate(now)
        for day in _working_days(today - dt.timedelta(days=days), today):
            for _n in range(rng.randrange(per_day // 2, per_day * 3 // 2 + 1)):
                level = "commune" if rng.random() < 0.3 else "province"
                (procedure,) = rng.choices(by_level[level], weights=weights[level])
                start = _moment(day, rng)
                if start >= now:
                    continue
                writer.play(procedure, ward if level == "commune" else centre, start)
                made += 1
        stock_rebuild()
    out.write(f"Hồ sơ (demo, {days} ngày gần nhất): {made}\n")
    return made
