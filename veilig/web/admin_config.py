"""Django's admin app with Veilig's site (``veilig.web.admin_site``).

In a module of its own: INSTALLED_APPS imports it before the models are loaded, and a second
AppConfig in ``web/apps.py`` would change which config Django picks for ``veilig.web``.
"""

from django.contrib.admin.apps import AdminConfig


class VeiligAdminConfig(AdminConfig):
    default_site = "veilig.web.admin_site.VeiligAdminSite"
