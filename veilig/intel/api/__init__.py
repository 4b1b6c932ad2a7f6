"""The dashboards API: the themes and one dashboard's figures, through the page's own code path."""
