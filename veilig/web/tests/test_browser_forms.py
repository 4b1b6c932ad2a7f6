# ruff: noqa: F811 - pytest fixtures imported from the shared browser test are parameters here
"""Forms that behave, in a real browser: the case registration form of a partner professional.

Before anyone types nothing is styled invalid (no element matches :invalid, and a required
textarea looks like an optional one even if a `required` attribute were added); submitting the
empty form shows the error summary with the focus on it and a link per field that moves the
focus to the field; axe finds nothing at any level, before and after.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.web.tests.test_browser import (  # the shared browser fixtures and helpers
    CHROMIUM,
    DESKTOP,
    PHONE,
    _device,
    _screenshot,
    _sign_in,
    axe_module,
    browser,  # noqa: F401 - a fixture
    expect,
    new_page,  # noqa: F401 - a fixture
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

# The border colour and width of every form control of the form, as the browser draws them.
CONTROL_STYLES = """() => Array.from(
    document.querySelectorAll("main form input, main form select, main form textarea")
  ).filter((el) => el.type !== "hidden").map((el) => {
    const style = getComputedStyle(el);
    return [el.name, style.borderTopColor, style.borderTopWidth, style.backgroundColor];
  })"""


def _all_violations(page: Any) -> list[str]:
    results = axe_module.Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    for violation in violations:
        print(f"axe {page.url}: {violation['impact']} {violation['id']}: {violation['help']}")
    return [f"{v['impact']} {v['id']}" for v in violations]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_register_form_is_calm_until_submitted_then_summarises_every_error(
    live_server: Any, new_page: Any, bob: User, viewport: dict[str, int]
) -> None:
    device = _device(bob)
    page = new_page(viewport)
    # The first page of a fresh live server can take longer than the default 10 s on a busy
    # machine (imports, template compilation): wait for it once, generously.
    page.goto(f"{live_server.url}/account/inloggen/", timeout=90_000)
    _sign_in(page, live_server.url, bob, device)
    page.goto(f"{live_server.url}/casussen/aanmelden/")
    _screenshot(page, "register-empty")

    # 1. Nothing is styled invalid before anyone typed.
    assert page.locator("main form :invalid").count() == 0
    assert page.locator("main [aria-invalid], main .utrecht-form-field--invalid").count() == 0
    assert page.locator("#form-errors").count() == 0
    calm = page.evaluate(CONTROL_STYLES)
    styles = {name: (colour, width, background) for name, colour, width, background in calm}
    # The required textarea is drawn as the optional text fields are.
    assert styles["reason"][0] == styles["name_prefix"][0]
    # Even a `required` attribute would not turn it red before interaction (forms.css).
    page.evaluate("() => document.getElementById('id_reason').setAttribute('required', '')")
    assert page.locator("#id_reason:invalid").count() == 1
    assert page.evaluate(CONTROL_STYLES) == calm
    page.evaluate("() => document.getElementById('id_reason').removeAttribute('required')")
    assert _all_violations(page) == []

    # 2. Submitting the empty form: every error at once, the summary has the focus.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    _screenshot(page, "register-errors")
    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [
        "#id_first_name",
        "#id_last_name",
        "#id_theme",
        "#id_reason",
        "#id_crit_multi_domain",
    ]
    for href in hrefs:
        assert page.locator(f"{href}[aria-invalid='true']").count() == 1 or href.endswith(
            "crit_multi_domain"
        )
    # The fields in error are now marked, and told by aria-describedby what is wrong.
    described = page.locator("#id_reason").get_attribute("aria-describedby") or ""
    assert "id_reason-error" in described.split()
    assert page.locator("#id_reason-error").is_visible()
    assert not Case.objects.exists()

    # 3. A link in the summary moves the focus to its field.
    links.nth(2).click()
    expect(page.locator("#id_theme")).to_be_focused()
    assert _all_violations(page) == []
