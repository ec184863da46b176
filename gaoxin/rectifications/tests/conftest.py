import pytest

from gaoxin.rectifications.tests.factory import build


@pytest.fixture
def loop(world):
    return build(world)
