"""The theme dashboards (docs/intelligence.md)."""
