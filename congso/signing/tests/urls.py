# SPDX-License-Identifier: MIT
"""The project's own URLs: the signing pages as congso/urls.py includes them."""

from congso.urls import urlpatterns

__all__ = ["urlpatterns"]
