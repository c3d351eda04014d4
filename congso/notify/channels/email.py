# SPDX-License-Identifier: MIT
"""E-mail through Django's mail back-end (SMTP, console, file… as DJANGO_EMAIL_BACKEND says)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from .base import Outgoing, PermanentSendError, TransientSendError


class EmailAdapter:
    channel = "email"
    backend = "django"

    def send(self, outgoing: Outgoing) -> str:
        message_id = f"<{outgoing.reference}@congso.notify>"
        email = EmailMessage(
            subject=outgoing.title,
            body=outgoing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.address],
            headers={"Message-ID": message_id},
        )
        try:
            sent = email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentSendError(f"recipient refused: {exc.recipients}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientSendError(f"{exc.__class__.__name__}: {exc}") from exc
        if not sent:
            raise TransientSendError("the mail back-end sent nothing")
        return message_id
