"""Reads of the case consultations, on objects a choke point has already opened: for the API
(``api``), the meeting pages (``pages``) and the follow-up overview."""
