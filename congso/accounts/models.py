# SPDX-License-Identifier: MIT
"""People who use congso. Citizens, organisations and officer roles grow here."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Every login: an officer or, later, a citizen authenticated through OpenID Connect."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
