"""Reads of the case consultations, on objects a choke point has already opened: the agenda and
its items (``agenda``, for the API), the meeting pages (``pages``), triage (``triage``) and the
follow-up overview (``followup``)."""
