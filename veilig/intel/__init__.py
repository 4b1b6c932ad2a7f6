"""Intelligence: analyses on pseudonymised event data (the Django app ``intel``).

``veilig.intel.forecast`` is the pure engine: a library and the ``veilig-forecast`` command that
need no Django settings (hotspot forecasts on the square RD grid and their rolling-origin
backtest). The app around it reads the database (``selectors``), stores backtests (``models``,
``services``, ``manage.py forecast_backtest``) and shows a team's forecast map and the algorithm
register (``views``). Who may open a map is decided in ``veilig.access.forecasts``.
"""
