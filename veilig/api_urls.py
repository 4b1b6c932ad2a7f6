"""The REST API (v1): one router over the apps' api modules."""

urlpatterns: list = []
