from django.contrib import admin

from veilig.geo.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["code", "name", "level", "parent", "boundary_year", "inhabitants"]
    list_filter = ["level", "boundary_year"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    # Geometries come from imports; editing them by hand in a text box would break tilings.
    readonly_fields = ["geometry", "rd_min_x", "rd_min_y", "rd_max_x", "rd_max_y"]
    raw_id_fields = ["parent"]
