"""Independent, reproducible random streams per generator stage.

Each stage (geography, population, addresses, users, and later cases, signals, events) draws
from its own stream, derived from the seed and the stage's name with a stable checksum (never
Python's salted ``hash``). Adding a stage, or drawing more numbers in one, leaves every other
stage's output unchanged.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from faker import Faker


def stage_key(seed: int, stage: str) -> list[int]:
    return [seed, zlib.crc32(stage.encode("utf-8"))]


def stage_rng(*, seed: int, stage: str) -> np.random.Generator:
    """The numpy generator of one stage for one seed."""
    return np.random.default_rng(np.random.SeedSequence(stage_key(seed, stage)))


def stage_faker(*, seed: int, stage: str) -> Faker:
    """A Dutch Faker of one stage for one seed."""
    from faker import Faker  # imported on use: it takes a while, and most callers never need it

    faker = Faker("nl_NL")
    faker.seed_instance(zlib.crc32(f"{seed}:{stage}".encode()))
    return faker
