"""Charts of the dashboards (issue #15): Vega-Lite specs built with Altair from plain data.

- ``data``: the input dataclasses (no ORM) and the seasonal baseline (mean ± 2 sd);
- ``trend``: ``trend_chart``, ``small_multiples_chart``;
- ``areas``: ``choropleth_chart``, ``top_areas_chart``; ``heatmap``: ``heatmap_chart``;
- ``tables``: the data table of each chart (its text alternative);
- ``summary``: ``trend_summary``, the one-line sentence of a comparison;
- ``render``: ``chart_png``, ``chart_svg``, ``chart_pdf`` (vl-convert, the vendored Noto Sans).

A page shows a chart with ``intel/includes/chart.html`` (and ``chart_head.html`` in its head);
``static/js/charts.js`` draws it with vega-embed. See docs/charts.md.
"""
