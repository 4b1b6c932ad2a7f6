"""The notifications' models, one per module."""

from veilig.notifications.models.notification import Notification, validate_link
from veilig.notifications.models.preference import NotificationPreference

__all__ = ["Notification", "NotificationPreference", "validate_link"]
