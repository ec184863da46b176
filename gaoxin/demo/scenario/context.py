from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ScenarioContext:
    """Shared state between scenario steps: objects created earlier, by key."""

    scale: int = 1
    seed: int = 20221008
    stdout: Any = None
    objects: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.objects[key] = value
