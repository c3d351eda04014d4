# SPDX-License-Identifier: MIT
"""The data `bench/dossier_submit.py` needs: a province, signed-in users, many dossiers.

Everything here runs in the benchmark process after `dbsetup.django_setup()`. Sessions are
written with Django's own session store, as `Client.force_login()` does, so the server
reads them like any signed-in browser's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import random
import time
import uuid
from dataclasses import dataclass

PROVINCE = "46"
AGENCIES = 200
START_DAY = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Login:
    username: str
    sessionid: str
    csrftoken: str

    @property
    def cookie(self) -> str:
        return f"sessionid={self.sessionid}; csrftoken={self.csrftoken}"


@dataclass
class World:
    agencies: list  # [Agency], the busiest first
    procedures: list  # [(procedure id, version id)], online, published
    online_codes: list[str]  # procedure codes that can be filed online
    citizens: list[Login]
    officer: Login
    officer_agency_code: str


def agency_code(index: int) -> str:
    """13-character QCVN 102 codes: 000.LL.NN.H46, unique for index < 10,000."""
    return f"000.{index // 100:02d}.{index % 100:02d}.H{PROVINCE}"


def build_world(*, procedures: int = 300, citizens: int = 64) -> World:
    """A unit, AGENCIES agencies, a generated catalog, citizens and one officer, signed in."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congso.accounts.models import OfficerRole
    from congso.catalog import services as catalog_services
    from congso.catalog.models import Procedure, PublicationStatus
    from congso.catalog.records import ProcedureRecord
    from congso.core.models import AdministrativeUnit, Agency
    from congso.demo.generator import generate_procedures

    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code=PROVINCE, name="Huế", division_type="Thành phố"
    )
    Agency.objects.bulk_create(
        Agency(
            code=agency_code(i + 1),
            name=f"Cơ quan thử tải số {i + 1}",
            kind="province_centre" if i == 0 else ("department" if i < 20 else "commune_centre"),
            level="province" if i < 20 else "commune",
            unit=unit,
            is_demo=True,
        )
        for i in range(AGENCIES)
    )
    agencies = list(Agency.objects.order_by("code"))
    records = [ProcedureRecord.model_validate(d) for d in generate_procedures(procedures)]
    catalog_services.procedures_upsert(records=records)
    online = [
        p
        for p in Procedure.objects.filter(publication_status=PublicationStatus.PUBLISHED)
        .prefetch_related("versions")
        .order_by("code")
        if p.is_online and p.versions.all()
    ]
    if not online:
        raise SystemExit("the generated catalog has no published online procedure")
    pairs = [(p.pk, max(p.versions.all(), key=lambda v: v.number).pk) for p in online]

    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"citizen{n:03d}", full_name=f"Công dân {n}") for n in range(citizens)
    )
    users = list(user_model.objects.filter(username__startswith="citizen").order_by("username"))
    officer = user_model.objects.create(username="officer", full_name="Cán bộ thử tải")
    busy = agencies[0]
    for role in ("reception", "specialist"):
        OfficerRole.objects.create(
            user=officer, agency=busy, role=role, valid_from=dt.date(2020, 1, 1)
        )
    device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    from django_otp import DEVICE_ID_SESSION_KEY

    return World(
        agencies=agencies,
        procedures=pairs,
        online_codes=[p.code for p in online],
        citizens=[login(u) for u in users],
        officer=login(officer, {DEVICE_ID_SESSION_KEY: device.persistent_id}),
        officer_agency_code=busy.code,
    )


def login(user, extra: dict | None = None) -> Login:
    """A stored session for `user` (what `force_login` writes) and a CSRF secret."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.update(extra or {})
    session.create()
    return Login(user.username, session.session_key, _get_new_csrf_string())


# --- a million dossiers ---------------------------------------------------------------------


def _zipf_weights(n: int, s: float = 0.8) -> list[float]:
    return [1 / (k + 1) ** s for k in range(n)]


def generate_dossiers(world: World, count: int, *, seed: int = 11, late_every: int = 0) -> dict:
    """Insert `count` dossiers spread over two years and AGENCIES agencies, and their open
    tasks, with COPY on PostgreSQL and executemany on SQLite. Returns counts and timings.

    Shape: agency shares follow a Zipf law (the first agency, a provincial service centre,
    gets about a tenth); dossiers older than 45 days are finished (returned mostly; a few
    refused, withdrawn, stopped; 1 in 200 processed with its result never collected);
    recent ones are mixed, most of them still open. With `late_every`, one dossier in that
    many (by number) that ended before three days ago ends a day after its due date
    instead (returned the day after), so on-time rates are not 100%; `ended_late` is set as
    the counters judge it. No event or historical task rows are written: the inbox does not
    read them. The table's secondary indexes are built after the rows are in (see
    `_indexes_after`).
    """
    from django.db import connection
    from django.utils import timezone

    from congso.dossiers.models import Dossier, DossierTask
    from congso.workflow.states import DossierState as S

    started = time.perf_counter()
    maker = _DossierMaker(
        world, random.Random(seed), timezone.now().replace(microsecond=0), late_every=late_every
    )
    # Generated columns (the inbox queue) are computed by the database.
    fields = [
        f
        for f in Dossier._meta.concrete_fields
        if f.name != "id" and not getattr(f, "generated", False)
    ]
    sqlite = connection.vendor == "sqlite"
    rows = (
        [_db_value(values[f.name], sqlite) for f in fields]
        for values in (maker.values(i) for i in range(count))
    )
    with _indexes_after(Dossier._meta.db_table):
        _insert(Dossier._meta.db_table, [f.column for f in fields], rows)
    inserted_seconds = time.perf_counter() - started

    ids = dict(Dossier.objects.filter(state=S.PROCESSING).values_list("code", "id"))
    DossierTask.objects.bulk_create(
        (
            DossierTask(
                dossier_id=ids[code],
                plan_index=1,
                name="Thẩm định hồ sơ",
                agency_id=agency_id,
                role="specialist",
                state="open",
                created_at=created,
                due_at=due,
            )
            for code, agency_id, due, created in maker.open_tasks
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM sets the visibility map that index-only scans need, as
        # autovacuum does for insert-mostly tables in production; SQLite: statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "count": count,
        "made_late": maker.made_late,
        "open_tasks": len(maker.open_tasks),
        "states": maker.states,
        "insert_seconds": inserted_seconds,
        "seconds": time.perf_counter() - started,
    }


def _db_value(value, sqlite: bool):
    """What the column takes, as Django would write it (without its per-field machinery)."""
    if sqlite:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, bool):
            return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


@contextlib.contextmanager
def _indexes_after(table: str):
    """Drop the table's secondary indexes, let the block load it, then build them again.

    Maintaining a dozen B-trees row by row is what made 10,000,000 dossiers take 42 minutes
    on PostgreSQL; built once over the loaded table they cost a few sorts. Constraints
    (the primary key, unique codes) stay: they are checked as the rows arrive. Indexes built
    in one go are more compact than ones grown in production, which flatters reads a little.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
                "NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [table, table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)


def _insert(table: str, columns: list[str], rows) -> None:
    from django.db import connection, transaction

    with transaction.atomic():
        cursor = connection.cursor()
        names = ", ".join(columns)
        if connection.vendor == "sqlite":
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
        else:
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)


class _DossierMaker:
    """The field values of dossier number i, drawn from one seeded random generator."""

    SPAN_SECONDS = 730 * 86400

    def __init__(
        self, world: World, rng: random.Random, now: dt.datetime, *, late_every: int = 0
    ) -> None:
        self.rng = rng
        self.now = now
        self.late_every = late_every
        self.made_late = 0
        self.agencies = world.agencies
        self.procedures = world.procedures
        # Departments decide for the dossiers received at province level.
        self.deciders = world.agencies[1:20]
        self.weights = list(itertools.accumulate(_zipf_weights(len(world.agencies))))
        self.open_tasks: list[tuple] = []  # (code, agency id, due_at, created_at)
        self.states: dict[str, int] = {}

    def values(self, i: int) -> dict:
        from congso.workflow.states import DossierState as S

        rng, now = self.rng, self.now
        age = rng.random() * self.SPAN_SECONDS
        created = now - dt.timedelta(seconds=int(age))
        pick = rng.choices(range(len(self.agencies)), cum_weights=self.weights)[0]
        receiving = self.agencies[pick]
        competent = rng.choice(self.deciders) if pick < 20 else receiving
        procedure_id, version_id = rng.choice(self.procedures)
        state = _state_for(rng, age / 86400)
        self.states[str(state)] = self.states.get(str(state), 0) + 1
        accepted = created + dt.timedelta(hours=rng.randint(1, 30))
        due = accepted + dt.timedelta(days=rng.choice((3, 5, 7, 10, 15, 20)))
        ended = min(now, due - dt.timedelta(hours=rng.randint(0, 72)))
        holder = _holder(state, receiving, competent)
        values = {
            "public_id": uuid.uuid4(),
            "created_at": created,
            "updated_at": created,
            "code": f"{receiving.code}-{created:%y%m%d}-{i:07d}",
            "pin": f"{rng.randrange(10**6):06d}",
            "procedure": procedure_id,
            "procedure_version": version_id,
            "channel": "online" if rng.random() < 0.6 else "direct",
            "source": "portal" if rng.random() < 0.6 else "desk",
            "receiving_agency": receiving.pk,
            "competent_agency": competent.pk,
            "applicant_name": f"Người nộp {i}",
            "applicant_id_number": f"{46_000_000_000 + i:012d}",
            "form_data": {},
            "state": str(state),
            "state_changed_at": created,
            "submitted_at": created,
            "supplement_count": 0,
            "vneid_authenticated": False,
            "current_agency": holder.pk if holder else None,
            "process_plan": [],
            **dict.fromkeys(self.EMPTY_TEXT, ""),
            **dict.fromkeys(self.NULLS),
        }
        if state not in (S.AWAITING_RECEPTION, S.REFUSED):
            values.update(
                accepted_at=accepted, due_at=due, original_due_at=due, state_changed_at=accepted
            )
        if state in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
            values["paused_at"] = min(now, accepted + dt.timedelta(days=2))
            values["supplement_count"] = int(state == S.AWAITING_SUPPLEMENT)
        if state in (S.PROCESSED, S.RETURNED, S.STOPPED, S.WITHDRAWN, S.REFUSED):
            values["processing_ended_at"] = ended if state != S.REFUSED else accepted
            values["state_changed_at"] = values["processing_ended_at"]
            if state != S.REFUSED:  # accepted, and ended before its due date
                values["ended_late"] = False
        if state == S.RETURNED:
            values["returned_at"] = min(now, ended + dt.timedelta(days=rng.randint(0, 5)))
        if (
            self.late_every
            and (i + 1) % self.late_every == 0
            and values["ended_late"] is False
            and due < now - dt.timedelta(days=3)
        ):
            self._make_late(values, due)
        if state == S.PROCESSING:
            self.open_tasks.append((values["code"], holder.pk, due, accepted))
        return values

    def _make_late(self, values: dict, due: dt.datetime) -> None:
        """End a day after the due date (returned the day after that): late, as judged."""
        values["processing_ended_at"] = values["state_changed_at"] = due + dt.timedelta(days=1)
        if values["returned_at"] is not None:
            values["returned_at"] = due + dt.timedelta(days=2)
        values["ended_late"] = True
        self.made_late += 1

    EMPTY_TEXT = ("applicant_phone", "applicant_email", "applicant_address", "summary")
    NULLS = (
        "support_agency",
        "applicant_user",
        "applicant_citizen",
        "applicant_organisation",
        "on_behalf_of",
        "accepted_at",
        "due_at",
        "original_due_at",
        "paused_at",
        "processing_ended_at",
        "ended_late",
        "returned_at",
        "due_warned_at",
    )


def _state_for(rng: random.Random, days_old: float) -> str:
    from congso.workflow.states import DossierState as S

    r = rng.random()
    if days_old > 45:
        if r < 0.005:
            return S.PROCESSED  # result ready, never collected: stays in the desk's inbox
        if r < 0.035:
            return S.REFUSED
        if r < 0.045:
            return S.WITHDRAWN
        if r < 0.055:
            return S.STOPPED
        return S.RETURNED
    if days_old < 2 and r < 0.5:
        return S.AWAITING_RECEPTION
    table = (
        (0.05, S.AWAITING_RECEPTION),
        (0.10, S.ACCEPTED),
        (0.45, S.PROCESSING),
        (0.51, S.AWAITING_SUPPLEMENT),
        (0.53, S.AWAITING_PAYMENT),
        (0.63, S.PROCESSED),
        (0.66, S.REFUSED),
        (0.67, S.WITHDRAWN),
    )
    for bound, state in table:
        if r < bound:
            return state
    return S.RETURNED


def _holder(state: str, receiving, competent):
    """Who holds a dossier in `state` (as `services._holder` decides)."""
    from congso.workflow.states import DossierState as S

    if state in (S.AWAITING_RECEPTION, S.ACCEPTED, S.PROCESSED):
        return receiving
    if state in (S.PROCESSING, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        return competent
    return None


# --- files -------------------------------------------------------------------------------------

TOKEN_CHARS = 24  # the placeholder each request replaces with its own id, same length


def noisy_image(width: int, height: int, seed: int):
    from PIL import Image

    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


def _sized(make, target: int) -> bytes:
    """The output of make(width) whose size is nearest `target`, searching on width."""
    low, high = 16, 2000
    best = make(low)
    while low <= high:
        width = (low + high) // 2
        data = make(width)
        if abs(len(data) - target) < abs(len(best) - target):
            best = data
        if len(data) < target:
            low = width + 1
        else:
            high = width - 1
    return best


def sample_files(target_bytes: int = 50 * 1024) -> tuple[bytes, bytes, bytes]:
    """A one-page scanned-form PDF and a phone-photo JPEG of about `target_bytes` each.

    Both carry a placeholder of TOKEN_CHARS characters (the PDF's /Title, written as
    UTF-16, and a JPEG comment) that the load generator replaces with a request's own id,
    so every upload is a distinct, valid file with its own SHA-256 and stored object.
    Returns (pdf, jpeg, placeholder).
    """
    placeholder = b"X" * TOKEN_CHARS

    def pdf(width: int) -> bytes:
        out = io.BytesIO()
        noisy_image(width, width * 4 // 3, 1).save(
            out, "PDF", title=placeholder.decode(), resolution=72.0, quality=80
        )
        return out.getvalue()

    def jpeg(width: int) -> bytes:
        out = io.BytesIO()
        noisy_image(width, width * 3 // 4, 2).save(out, "JPEG", quality=85, comment=placeholder)
        return out.getvalue()

    return _sized(pdf, target_bytes), _sized(jpeg, target_bytes), placeholder
