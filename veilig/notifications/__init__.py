"""In-app notifications and their e-mails: codes and links only, never personal data or case
content (docs/notifications.md)."""
