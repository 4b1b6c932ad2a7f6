from django.urls import path

from veilig.consultations import views

app_name = "tables"

urlpatterns = [
    path("", views.table_list, name="list"),
    path("<int:table_id>/toegang/", views.table_matrix, name="matrix"),
    path("<int:table_id>/toegang.pdf", views.table_matrix_pdf, name="matrix_pdf"),
]
