"""The generator of Voorbeeldstad: pure functions from a seed to plain data.

Stages, each with its own random stream (``seeding.stage_rng``) so that adding one never
changes another's output:

1. ``geography``     -> areas: gemeente, stadsdelen, wijken, buurten (RD shapely polygons)
2. ``population``    -> inhabitants and households per area
3. ``addresses``     -> streets, house numbers, postcodes, positions
4. ``organisations`` -> partner organisations and demo logins

``plan.city_plan_build`` runs them in order; ``veilig.demo.services`` writes the plan.
The stages that depend on the build day have their own build call:

5. ``casework_plan`` -> case tables, persons, cases, their history and access log
6. ``events_plan``   -> five years of incident records, teams, routing rules and signals
7. ``consultations`` -> weekly triage, informing the subject, three years of meetings
   (agenda, attendance, minutes, decisions, actions), from the casework

A later stage adds a module here, a field to ``CityPlan`` (or its own build call) and a
writer in the service, and bumps ``constants.GENERATOR_VERSION``.
"""
