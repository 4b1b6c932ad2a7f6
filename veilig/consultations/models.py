"""The consultations app keeps no models of its own yet: case tables are ``veilig.cases.Table``.

The administration of tables (services, admin) lives here; meetings will (issue #14).
"""
