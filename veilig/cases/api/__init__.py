"""The casework REST API (v1): the same services and access functions as the HTML pages."""
