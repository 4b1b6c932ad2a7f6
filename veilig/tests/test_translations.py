"""The Dutch catalogue is complete, matches the code, is compiled, and is what users see.

Message ids are English; Dutch is the default language. After adding or changing a string, run
``make messages`` (GNU gettext), translate the new entries in
``veilig/locale/nl/LC_MESSAGES/django.po`` and compile again.
"""

from __future__ import annotations

import gettext
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

REPO = Path(settings.BASE_DIR)
PACKAGE = REPO / "veilig"
LOCALE = PACKAGE / "locale"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = LOCALE / "nl" / "LC_MESSAGES" / "django.mo"

HOW_TO_FIX = (
    "run `make messages`, translate the new entries in veilig/locale/nl/LC_MESSAGES/django.po "
    "and compile again"
)


# --- A small .po reader (no external tools) ----------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]
        return [self.msgstr or ""]

    @property
    def untranslated(self) -> bool:
        return not self.translations or any(text == "" for text in self.translations)


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


def _unquote(text: str, path: Path, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise AssertionError(f"{path}:{line}: not a quoted string: {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included, multi-line strings joined."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None and (current.msgstr is not None or current.msgstr_plural):
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue  # previous msgid of an obsolete entry
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()  # a comment after the msgstr starts the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise AssertionError(f"{path}:{number}: continuation line outside an entry")
            text = _unquote(line, path, number)
            name, index = target
            if name == "msgstr" and index is not None:
                current.msgstr_plural[index] += text
            else:
                setattr(current, name, getattr(current, name) + text)
            continue
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()
        if current is None:
            current = Entry(line=number)
        current.obsolete = current.obsolete or obsolete
        text = _unquote(rest, path, number)
        if keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            current.msgstr_plural[index] = text
            target = ("msgstr", index)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            setattr(current, keyword, text)
            target = (keyword, None)
        else:
            raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
    finish()
    return entries


def messages(entries: list[Entry]) -> list[Entry]:
    """The real messages: no header, no obsolete (#~) entries."""
    return [e for e in entries if not e.obsolete and not (e.msgid == "" and e.msgctxt is None)]


# --- (a) complete -------------------------------------------------------------------------------


def test_the_dutch_catalogue_parses_and_is_not_empty() -> None:
    entries = parse_po(NL_PO)
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, "the catalogue needs exactly one header entry"
    assert "Language: nl\\n" in (header[0].msgstr or "").replace("\n", "\\n")
    assert "fuzzy" not in header[0].flags, "the header is still marked fuzzy"
    assert len(messages(entries)) > 100


def test_every_dutch_message_is_translated() -> None:
    untranslated = [
        f"line {e.line}: {e.msgid!r}" for e in messages(parse_po(NL_PO)) if e.untranslated
    ]
    assert not untranslated, f"untranslated entries ({HOW_TO_FIX}):\n" + "\n".join(untranslated)


def test_no_dutch_message_is_fuzzy() -> None:
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in messages(parse_po(NL_PO)) if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries: check each translation and remove the flag:\n" + "\n".join(
        fuzzy
    )


def test_plural_messages_have_every_form() -> None:
    incomplete = [
        e.msgid
        for e in messages(parse_po(NL_PO))
        if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0, 1]
    ]
    assert not incomplete, f"Dutch has two plural forms (msgstr[0] and msgstr[1]): {incomplete}"


def test_the_english_ids_are_not_copied_untranslated_by_accident() -> None:
    # Words that are the same in both languages are fine; whole sentences are not.
    same = [
        e.msgid
        for e in messages(parse_po(NL_PO))
        if e.msgid_plural is None and e.msgstr == e.msgid and len(e.msgid.split()) > 3
    ]
    assert not same, f"these Dutch entries are still English: {same}"


# --- (b) in step with the code ------------------------------------------------------------------


def _copy_sources(destination: Path) -> None:
    shutil.copytree(
        PACKAGE,
        destination / "veilig",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static", "media"),
    )


def test_every_message_in_the_code_is_in_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing_tools = [
        tool for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib") if not shutil.which(tool)
    ]
    if missing_tools:
        pytest.skip(f"GNU gettext is not installed (no {', '.join(missing_tools)}); CI has it")
    # Extract into a copy, so the committed catalogue is never touched.
    _copy_sources(tmp_path)
    copy_locale = tmp_path / "veilig" / "locale"
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy_locale]):
        call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    extracted = {
        e.key for e in messages(parse_po(copy_locale / "nl" / "LC_MESSAGES" / "django.po"))
    }
    committed = {e.key for e in messages(parse_po(NL_PO))}

    new = sorted(extracted - committed, key=str)
    stale = sorted(committed - extracted, key=str)
    assert not new, f"messages in the code that are not in the catalogue ({HOW_TO_FIX}):\n" + (
        "\n".join(repr(key[1]) for key in new)
    )
    assert not stale, f"catalogue entries no longer in the code ({HOW_TO_FIX}):\n" + (
        "\n".join(repr(key[1]) for key in stale)
    )


# --- (c) compiled -------------------------------------------------------------------------------


def _expected_catalogue(entries: list[Entry]) -> dict[object, str]:
    """What msgfmt puts in the .mo: every translated, non-fuzzy message (Python's key format)."""
    expected: dict[object, str] = {}
    for entry in messages(entries):
        if "fuzzy" in entry.flags or entry.untranslated:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr or ""
        else:
            for index, text in entry.msgstr_plural.items():
                expected[(msgid, index)] = text
    return expected


def test_the_compiled_catalogue_is_up_to_date() -> None:
    assert NL_MO.exists(), f"{NL_MO.relative_to(REPO)} is missing: run `make messages`"
    with NL_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalogue = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    expected = _expected_catalogue(parse_po(NL_PO))
    missing = sorted(str(k) for k in expected.keys() - catalogue.keys())
    extra = sorted(str(k) for k in catalogue.keys() - expected.keys())
    differ = sorted(
        str(k) for k in expected.keys() & catalogue.keys() if expected[k] != catalogue[k]
    )
    assert not (missing or extra or differ), (
        "django.mo does not match django.po: run `python manage.py compilemessages`.\n"
        f"missing: {missing[:10]}\nextra: {extra[:10]}\ndifferent: {differ[:10]}"
    )
    assert compiled.info().get("language") == "nl"


# --- (d) what the user sees ---------------------------------------------------------------------


def test_the_product_default_language_is_dutch() -> None:
    # The test settings switch to English (veilig/conftest.py); the product itself is Dutch.
    from veilig import settings as product_settings

    assert product_settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in product_settings.LANGUAGES] == ["nl", "en"]


@pytest.mark.django_db
def test_the_sign_in_page_is_dutch_by_default_and_english_on_request(settings: Any) -> None:
    settings.LANGUAGE_CODE = "nl"  # the product default, which the test suite overrides
    login = reverse("accounts:login")

    dutch = Client().get(login, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.status_code == 200
    html = dutch.content.decode()
    assert '<html lang="nl"' in html
    assert ">Inloggen</h1>" in html
    assert "Sign in" not in html

    default = Client().get(login)
    assert ">Inloggen</h1>" in default.content.decode()

    english = Client().get(login, HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    assert '<html lang="en"' in html
    assert ">Sign in</h1>" in html
    assert "Inloggen" not in html

    by_cookie = Client()
    by_cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = by_cookie.get(login, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">Sign in</h1>" in html


@pytest.mark.django_db
def test_placeholders_survive_translation() -> None:
    # A translated plural with a placeholder, through Django's own machinery.
    with translation.override("nl"):
        assert (
            translation.ngettext("%(count)d minute", "%(count)d minutes", 3) % {"count": 3}
            == "3 minuten"
        )
        assert translation.gettext("Case %(reference)s") % {"reference": "ZVH-1"} == "Casus ZVH-1"
    with translation.override("en"):
        assert translation.gettext("Case %(reference)s") % {"reference": "ZVH-1"} == "Case ZVH-1"


def test_words_that_mean_two_things_have_their_own_dutch() -> None:
    """A signal is 'afgehandeld' while a case is 'afgesloten'; a person's number is no count."""
    from django.template import Context, Template
    from django.utils import translation

    from veilig.cases.vocabulary import Status
    from veilig.signals.vocabulary import EarlySignalStatus, SignalStatus

    with translation.override("nl"):
        assert str(SignalStatus.CLOSED.label) == "Afgehandeld"
        assert str(EarlySignalStatus.DONE.label) == "Afgehandeld"
        assert str(Status.CLOSED.label) == "Afgesloten"
        number = Template('{% load i18n %}{% translate "Number" context "identifier" %}')
        assert number.render(Context()) == "Nummer"
