"""Intelligence: analyses on pseudonymised event data.

``veilig.intel.forecast`` is a pure library and command-line tool (no Django settings needed):
hotspot forecasts on the square RD grid and their rolling-origin backtest.
"""
