# SPDX-License-Identifier: MIT
"""Administration of logins, citizens, organisations, representations and officer roles.

Roles and representations are granted and revoked through the services, so the admin
site obeys the same rules as every other page; granted rows are read-only history.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congso.core.exceptions import DomainError

from . import services
from .models import Citizen, OfficerRole, Organisation, Representation, User
from .validators import normalise_phone, normalise_tax_code


class ReadOnlyHistoryInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OfficerRoleInline(ReadOnlyHistoryInline):
    model = OfficerRole
    fk_name = "user"
    fields = ("agency", "role", "valid_from", "valid_to", "revoked_at", "basis")
    verbose_name_plural = _("officer roles (grant and revoke them under Officer roles)")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Profile"), {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    inlines = (OfficerRoleInline,)
    actions = ("enrol_authenticator", "unlock_sign_in")

    @admin.action(description=_("Set up a new authenticator app (TOTP) for the selected officer"))
    def enrol_authenticator(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one officer."), messages.ERROR)
            return None
        officer = queryset.get()
        try:
            enrolment = services.officer_totp_enrol(actor=request.user, user=officer)
        except DomainError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Authenticator app"),
            "officer": officer,
            "provisioning_uri": enrolment.provisioning_uri,
            "qr_svg": _qr_svg(enrolment.provisioning_uri),
            "back_url": request.get_full_path(),
        }
        return TemplateResponse(request, "accounts/admin_totp_enrolment.html", context)

    @admin.action(description=_("Unlock sign-in of the selected officers"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for officer in queryset:
            try:
                services.officer_unlock(actor=request.user, user=officer)
            except DomainError as exc:
                self.message_user(request, f"{officer}: {exc}", messages.ERROR)
        self.message_user(request, gettext("Sign-in unlocked."), messages.SUCCESS)


def _qr_svg(data: str) -> str:
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # the set-up address alone still works
        return ""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return image.to_string(encoding="unicode")


class PhoneNormalisingForm(forms.ModelForm):
    """Officers type numbers as people write them; they are stored as +84…."""

    mobile_only = True

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        return normalise_phone(raw, mobile_only=self.mobile_only) if raw else ""


class CitizenForm(PhoneNormalisingForm):
    class Meta:
        model = Citizen
        fields = (
            "full_name",
            "citizen_id",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address_line",
            "address_unit",
        )


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    form = CitizenForm
    list_display = ("full_name", "citizen_id", "date_of_birth", "phone", "vneid_verified")
    list_filter = ("vneid_verified", "identity_level", "sex")
    search_fields = ("full_name", "citizen_id", "phone", "email")
    autocomplete_fields = ("address_unit",)
    # The login is linked by the OpenID Connect sign-in only: linking an officer's account
    # here would let a citizen sign-in open it without its second factor.
    readonly_fields = (
        "user",
        "identity_provider",
        "identity_subject",
        "identity_level",
        "vneid_verified",
        "verified_at",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OrganisationForm(PhoneNormalisingForm):
    mobile_only = False

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "tax_code",
            "address_line",
            "address_unit",
            "phone",
            "email",
            "representative",
            "representative_name",
            "representative_title",
        )

    def clean_tax_code(self) -> str | None:
        raw = self.cleaned_data.get("tax_code")
        return normalise_tax_code(raw) if raw else None


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ("name", "tax_code", "kind", "representative_name")
    list_filter = ("kind",)
    search_fields = ("name", "tax_code")
    autocomplete_fields = ("representative", "address_unit")

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ServiceGrantAdmin(admin.ModelAdmin):
    """Grants are made by a service on add, read-only afterwards, revoked by an action."""

    grant_fields: tuple[str, ...] = ()
    actions = ("revoke_selected",)

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is None:
            return self.grant_fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is None:
            return ()
        return [field.name for field in self.model._meta.fields]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        model_admin = self

        class GrantForm(form):  # type: ignore[misc, valid-type]
            def _post_clean(self) -> None:
                # On add the service validates and creates the row, not the model form.
                if obj is not None:
                    super()._post_clean()

            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if obj is None and not self.errors:
                    model_admin.grant_check(request, cleaned)
                return cleaned

        return GrantForm

    def grant_check(self, request: HttpRequest, cleaned: dict[str, Any]) -> None:
        """Run the grant and roll it back, so the form shows exactly what the service refuses."""
        try:
            with transaction.atomic():
                self.grant(request, cleaned)
                transaction.set_rollback(True)
        except DomainError as exc:
            raise ValidationError(str(exc)) from exc

    def grant(self, request: HttpRequest, cleaned: dict[str, Any]) -> Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if change:
            return
        created = self.grant(request, form.cleaned_data)
        # The admin logs and redirects using `obj`: make it the row the service created.
        obj.__dict__.update(created.__dict__)
        obj._state = created._state

    def revoke(self, request: HttpRequest, row: Any) -> None:
        raise NotImplementedError

    @admin.action(description=_("Revoke the selected grants (they stay as history)"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = 0
        for row in queryset:
            try:
                self.revoke(request, row)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{row}: {exc}", messages.ERROR)
        if done:
            self.message_user(
                request, gettext("%(count)s revoked.") % {"count": done}, messages.SUCCESS
            )


@admin.register(OfficerRole)
class OfficerRoleAdmin(ServiceGrantAdmin):
    grant_fields = ("user", "agency", "role", "valid_from", "valid_to", "basis")
    list_display = ("user", "role", "agency", "valid_from", "valid_to", "revoked_at")
    list_filter = ("role", "agency__level")
    search_fields = ("user__username", "user__full_name", "agency__name", "agency__code")
    list_select_related = ("user", "agency")
    autocomplete_fields = ("user", "agency")

    def grant(self, request: HttpRequest, cleaned: dict[str, Any]) -> Model:
        return services.officer_role_grant(actor=request.user, **cleaned)

    def revoke(self, request: HttpRequest, row: Any) -> None:
        services.officer_role_revoke(actor=request.user, role=row)


@admin.register(Representation)
class RepresentationAdmin(ServiceGrantAdmin):
    grant_fields = (
        "representative",
        "kind",
        "for_organisation",
        "for_citizen",
        "authorisation_reference",
        "valid_from",
        "valid_to",
    )
    list_display = (
        "representative",
        "kind",
        "for_organisation",
        "for_citizen",
        "valid_from",
        "valid_to",
        "revoked_at",
    )
    list_filter = ("kind",)
    search_fields = (
        "representative__full_name",
        "representative__citizen_id",
        "for_organisation__name",
        "for_organisation__tax_code",
        "for_citizen__full_name",
        "for_citizen__citizen_id",
    )
    list_select_related = ("representative", "for_organisation", "for_citizen")
    autocomplete_fields = ("representative", "for_organisation", "for_citizen")

    def grant(self, request: HttpRequest, cleaned: dict[str, Any]) -> Model:
        return services.representation_grant(actor=request.user, **cleaned)

    def revoke(self, request: HttpRequest, row: Any) -> None:
        services.representation_revoke(actor=request.user, representation=row)
