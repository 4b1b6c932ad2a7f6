"""Hotspot forecasting on the square grid and its honest rolling-origin backtest.

Pure library plus the ``veilig-forecast`` command; nothing here imports Django.
See ``docs/forecasting.md`` for the methods, the protocol and the measured results.
"""
