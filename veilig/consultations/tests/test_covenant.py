"""Tables as the covenant (issue #14, part 1): what a member's user sees follows its membership.

Each test changes the configuration through the real services and reads the case page with the
test client, as the member's professional would; the covenant page and its PDF show the same
configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Case, Contribution, Table, TableMember
from veilig.cases.vocabulary import DataCategory, LegalBasis, MeetingRhythm, Scope, Theme
from veilig.consultations.services import (
    table_member_add,
    table_member_change,
    table_member_remove,
)
from veilig.testing.administrators import staff_administrator
from veilig.testing.casework import case_for, contribution, ggz
from veilig.testing.personas import organisation, verified_client

pytestmark = pytest.mark.django_db

POLICE_TEXT = "Politie-inbreng: aanhouding in maart."
CARE_TEXT = "Zorg-inbreng van de politie: zorgmelding gedaan."
HOUSING_TEXT = "Woon-inbreng: huurachterstand."
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and os.environ.get("CI") != "true",
    reason="pdftotext (poppler-utils) is not installed; CI installs it",
)


def _context(user: User) -> AuditContext:
    return AuditContext.for_command(user)


def _item(case: Case, author: User, category: DataCategory, text: str) -> Contribution:
    item = contribution(case, author, scope=Scope.PARTICIPANTS, category=category)
    item.text = text
    item.save()
    return item


@pytest.fixture
def table(db: None) -> Table:
    return Table.objects.create(code="ico", name="Casusoverleg ICO", theme=Theme.ICO)


@pytest.fixture
def case(table: Table, bob: User, hank: User) -> Case:
    """A case of the table: the police (bob) shared a police, a care and a housing item with
    all participants; GGZ (hank) takes part."""
    case = case_for(bob, participants=[ggz()])
    case.table = table
    case.save()
    _item(case, bob, DataCategory.POLICE, POLICE_TEXT)
    _item(case, bob, DataCategory.CARE, CARE_TEXT)
    _item(case, bob, DataCategory.HOUSING, HOUSING_TEXT)
    return case


def _page(user: User, case: Case) -> str:
    response = verified_client(user).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _seen(user: User, case: Case) -> set[str]:
    page = _page(user, case)
    return {text for text in (POLICE_TEXT, CARE_TEXT, HOUSING_TEXT) if text in page}


class TestTheConfigurationDecidesWhatAMemberSees:
    def test_changing_a_members_categories_changes_the_case_page(
        self, alice: User, case: Case, table: Table, hank: User
    ) -> None:
        member = table_member_add(
            context=_context(alice),
            table=table,
            organisation=ggz(),
            legal_basis=LegalBasis.CONSENT,
            data_categories=[DataCategory.POLICE, DataCategory.CARE],
        )
        assert _seen(hank, case) == {POLICE_TEXT, CARE_TEXT}

        table_member_change(
            context=_context(alice),
            member=member,
            legal_basis=LegalBasis.CONSENT,
            data_categories=[DataCategory.CARE],
        )
        assert _seen(hank, case) == {CARE_TEXT}
        page = _page(hank, case)
        assert 'data-limit="some_categories"' in page

    def test_removing_the_membership_leaves_only_the_own_items(
        self, alice: User, case: Case, table: Table, hank: User
    ) -> None:
        member = table_member_add(
            context=_context(alice),
            table=table,
            organisation=ggz(),
            legal_basis=LegalBasis.CONSENT,
            data_categories=list(DataCategory.values),
        )
        own = _item(case, hank, DataCategory.CARE, "Eigen GGZ-inbreng.")
        assert _seen(hank, case) == {POLICE_TEXT, CARE_TEXT, HOUSING_TEXT}
        assert "covenant-limit" not in _page(hank, case)

        table_member_remove(context=_context(alice), member=member)
        page = _page(hank, case)
        assert _seen(hank, case) == set()
        assert own.text in page  # its own organisation's items it always sees
        assert 'data-limit="not_member"' in page

    def test_a_member_with_no_categories_sees_none_of_the_others_items(
        self, alice: User, case: Case, table: Table, hank: User
    ) -> None:
        """The known defect, fixed: an empty list used to limit nothing."""
        table_member_add(
            context=_context(alice), table=table, organisation=ggz(), data_categories=[]
        )
        assert _seen(hank, case) == set()
        assert 'data-limit="no_categories"' in _page(hank, case)

    def test_process_direction_and_cases_without_a_table_are_unchanged(
        self, alice: User, case: Case, hank: User
    ) -> None:
        assert _seen(alice, case) == {POLICE_TEXT, CARE_TEXT, HOUSING_TEXT}
        case.table = None
        case.save()
        assert _seen(hank, case) == {POLICE_TEXT, CARE_TEXT, HOUSING_TEXT}
        assert "covenant-limit" not in _page(hank, case)


class TestTheServicesWriteRows:
    def test_a_row_per_changed_field_with_codes_only(self, alice: User, table: Table) -> None:
        member = table_member_add(
            context=_context(alice), table=table, organisation=ggz(), data_categories=["care"]
        )
        changed = table_member_change(
            context=_context(alice),
            member=member,
            legal_basis=LegalBasis.WMO_5_1,
            data_categories=["care", "housing"],
        )
        assert changed == ["data_categories", "legal_basis"]
        assert (
            table_member_change(
                context=_context(alice),
                member=member,
                legal_basis=LegalBasis.WMO_5_1,
                data_categories=["housing", "care"],
            )
            == []
        )
        org = member.organisation_id
        rows = AuditEntry.objects.filter(object_type="table_member").order_by("seq")
        assert list(rows.values_list("action", "object_id", "detail")) == [
            ("grant", str(table.pk), f"organisation:{org}"),
            ("update", str(table.pk), f"organisation:{org};field:data_categories"),
            ("update", str(table.pk), f"organisation:{org};field:legal_basis"),
        ]

    def test_unknown_codes_are_refused(self, alice: User, table: Table) -> None:
        with pytest.raises(ValueError, match="data categories"):
            table_member_add(
                context=_context(alice), table=table, organisation=ggz(), data_categories=["bsn"]
            )
        with pytest.raises(ValueError, match="legal basis"):
            table_member_add(
                context=_context(alice), table=table, organisation=ggz(), legal_basis="whim"
            )
        assert not TableMember.objects.exists()


def _admin_data(table: Table, member: TableMember, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": table.code,
        "name": table.name,
        "theme": table.theme,
        "meeting_rhythm": MeetingRhythm.WEEKLY.value,
        "retention_months": "60",
        "subject_informed": "on",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": member.pk,
        "members-0-table": table.pk,
        "members-0-organisation": member.organisation_id,
        "members-0-legal_basis": member.legal_basis,
        "members-0-data_categories": list(member.data_categories),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class TestTheAdmin:
    def test_the_inline_changes_a_members_categories_and_legal_basis(
        self, alice: User, table: Table
    ) -> None:
        member = table_member_add(
            context=_context(alice),
            table=table,
            organisation=ggz(),
            legal_basis=LegalBasis.CONSENT,
            data_categories=["care"],
        )
        client = verified_client(staff_administrator("grace"))
        url = reverse("admin:cases_table_change", args=[table.pk])
        response = client.post(
            url,
            _admin_data(
                table,
                member,
                **{
                    "members-0-legal_basis": LegalBasis.WMO_5_1.value,
                    "members-0-data_categories": ["care", "housing"],
                },
            ),
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert (member.legal_basis, member.data_categories) == ("wmo", ["care", "housing"])
        details = AuditEntry.objects.filter(
            object_type="table_member", action="update", actor_username="grace"
        ).values_list("detail", flat=True)
        assert sorted(details) == [
            f"organisation:{member.organisation_id};field:data_categories",
            f"organisation:{member.organisation_id};field:legal_basis",
        ]
        page = client.get(url).content.decode()
        assert 'name="members-0-data_categories"' in page and 'type="checkbox"' in page

    def test_not_informing_the_subject_needs_a_reason(self, alice: User, table: Table) -> None:
        member = table_member_add(
            context=_context(alice), table=table, organisation=ggz(), legal_basis="consent"
        )
        client = verified_client(staff_administrator("grace"))
        url = reverse("admin:cases_table_change", args=[table.pk])
        response = client.post(url, _admin_data(table, member, subject_informed=None))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors.as_data()
        assert [e.code for e in errors["subject_not_informed_reason"]] == ["reason_required"]
        table.refresh_from_db()
        assert table.subject_informed

        reason = "Lopend strafrechtelijk onderzoek; informeren schaadt het onderzoek."
        response = client.post(
            url,
            _admin_data(table, member, subject_informed=None, subject_not_informed_reason=reason),
        )
        assert response.status_code == 302
        table.refresh_from_db()
        assert (table.subject_informed, table.subject_not_informed_reason) == (False, reason)

    def test_the_model_refuses_it_too(self, table: Table) -> None:
        table.subject_informed = False
        with pytest.raises(ValidationError) as refused:
            table.full_clean()
        assert "subject_not_informed_reason" in refused.value.message_dict


def _covenant_table(alice: User, bob: User) -> Table:
    table = Table.objects.create(
        code="hg",
        name="Overleg huiselijk geweld",
        theme=Theme.DOMESTIC_VIOLENCE,
        chair=alice,
        meeting_rhythm=MeetingRhythm.FORTNIGHTLY,
        meeting_weekday=1,
        subject_informed=False,
        subject_not_informed_reason="Veiligheid van het slachtoffer.",
    )
    context = _context(alice)
    table_member_add(
        context=context,
        table=table,
        organisation=organisation("politie", PartnerType.POLICE),
        legal_basis=LegalBasis.WPG_16,
        data_categories=["police", "justice"],
    )
    table_member_add(
        context=context,
        table=table,
        organisation=ggz(),
        legal_basis=LegalBasis.CONSENT,
        data_categories=[],
    )
    table.representatives.add(bob)
    return table


class TestTheAnnex:
    def test_the_page_shows_the_whole_covenant(self, alice: User, bob: User) -> None:
        table = _covenant_table(alice, bob)
        page = verified_client(alice).get(reverse("tables:matrix", args=[table.pk]))
        text = page.content.decode()
        assert page.status_code == 200
        for fragment in (
            'id="covenant-members"',
            'id="covenant-signatures"',
            "Veiligheid van het slachtoffer.",
            'data-organisation="politie"',
            'data-organisation="ggz"',
            reverse("tables:matrix_pdf", args=[table.pk]),
            str(LegalBasis.WPG_16.label),
            str(LegalBasis.CONSENT.label),
            str(MeetingRhythm.FORTNIGHTLY.label),
        ):
            assert fragment in text, fragment
        assert text.count('class="veilig-signature"') == 2

    @needs_pdftotext
    def test_the_pdf_holds_the_members_and_their_legal_bases(
        self, alice: User, bob: User, tmp_path: Path
    ) -> None:
        table = _covenant_table(alice, bob)
        before = AuditEntry.objects.count()
        response = verified_client(alice).get(reverse("tables:matrix_pdf", args=[table.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"]
        target = tmp_path / "annex.pdf"
        target.write_bytes(response.content)
        assert PDFTOTEXT is not None
        text = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
            [PDFTOTEXT, str(target), "-"], capture_output=True, check=True, text=True
        ).stdout
        flat = " ".join(text.split())
        with translation.override(settings.LANGUAGE_CODE):
            expected = [str(LegalBasis.WPG_16.label), str(LegalBasis.CONSENT.label)]
        for fragment in ("Politie", "Ggz", "Overleg huiselijk geweld", *expected):
            assert fragment in flat, fragment
        rows = list(AuditEntry.objects.order_by("seq")[before:])
        assert [(r.action, r.object_type, r.object_id, r.detail) for r in rows] == [
            ("read", "table", str(table.pk), "access-matrix;format:pdf")
        ]

    def test_others_get_404(self, bob: User, table: Table) -> None:
        client: Client = verified_client(bob)
        assert client.get(reverse("tables:matrix_pdf", args=[table.pk])).status_code == 404
        assert AuditEntry.objects.filter(actor_username="bob", result="denied").count() == 1
