"""The consultations API (issue #14): meetings, agenda items, minutes, decisions, actions,
attendance and the confidentiality statement, triage and informing the subject."""
