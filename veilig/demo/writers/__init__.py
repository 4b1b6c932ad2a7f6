"""The writers of ``services.demo_city_build``, one module per generator stage. Private to
services, which imports ``writers.city`` only when it really builds: the writers load numpy,
shapely, pyproj and Faker, and a re-run that finds the city already there stays fast.

Rows go in through the platform's one bulk writer (``veilig.events.bulk``); persons and
routes are built by the product's own builders (``registry.services.person_build``,
``signals.services.SignalRouter``).
"""
