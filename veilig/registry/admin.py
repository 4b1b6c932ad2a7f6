from django.contrib import admin

from veilig.registry.models import Address


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin[Address]):
    list_display = ["street", "house_number", "house_letter", "postcode", "city", "buurt"]
    search_fields = ["postcode", "street"]
    list_select_related = ["buurt"]
    raw_id_fields = ["buurt"]
