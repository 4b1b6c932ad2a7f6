"""The generator of Voorbeeldstad: pure functions from a seed to plain data.

Stages, each with its own random stream (``seeding.stage_rng``) so that adding one never
changes another's output:

1. ``geography``     -> areas: gemeente, stadsdelen, wijken, buurten (RD shapely polygons)
2. ``population``    -> inhabitants and households per area
3. ``addresses``     -> streets, house numbers, postcodes, positions
4. ``organisations`` -> partner organisations and demo logins

``plan.city_plan_build`` runs them in order; ``veilig.demo.services`` writes the plan.
Later stages (persons, cases, signals, events) add a module here, a field to ``CityPlan`` and
a writer in the service, and bump ``constants.GENERATOR_VERSION``.
"""
