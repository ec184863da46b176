from django.apps import AppConfig


class EvalstatsConfig(AppConfig):
    """好差评 statistics: rollup tables updated on write, rankings, public disclosure."""

    name = "gaoxin.evalstats"
    label = "evalstats"
