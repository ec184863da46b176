"""The two satisfaction code schemes are explicit adapters; a bare number is refused."""

from __future__ import annotations

import pytest

from gaoxin.core.errors import DomainError
from gaoxin.evaluations.enums import Level
from gaoxin.evaluations.schemes import GBT39046, PROVINCIAL, from_scheme, to_scheme

A8 = {Level.VERY_SATISFIED: 1, Level.SATISFIED: 2, Level.BASIC: 3, Level.DISSATISFIED: 4, Level.VERY_DISSATISFIED: 5}
PROV = {Level.VERY_DISSATISFIED: 1, Level.DISSATISFIED: 2, Level.BASIC: 3, Level.SATISFIED: 4, Level.VERY_SATISFIED: 5}


@pytest.mark.parametrize(("scheme", "table"), [(GBT39046, A8), (PROVINCIAL, PROV)])
def test_codes_and_round_trip(scheme, table):
    for level, code in table.items():
        assert to_scheme(level, scheme=scheme) == code
        assert from_scheme(code, scheme=scheme) is level
        assert from_scheme(str(code), scheme=scheme) is level


def test_the_same_number_means_opposite_levels():
    assert from_scheme(1, scheme=GBT39046) is Level.VERY_SATISFIED
    assert from_scheme(1, scheme=PROVINCIAL) is Level.VERY_DISSATISFIED
    for level in Level:
        assert from_scheme(to_scheme(level, scheme=GBT39046), scheme=PROVINCIAL) == 6 - level


@pytest.mark.parametrize("scheme", [None, ""])
def test_a_bare_number_without_scheme_is_refused(scheme):
    with pytest.raises(DomainError) as info:
        from_scheme(1, scheme=scheme)
    assert info.value.code == "scheme_required"
    with pytest.raises(DomainError):
        to_scheme(Level.BASIC, scheme=scheme)


@pytest.mark.parametrize("code", [0, 6, "x", None, "1.5"])
def test_codes_out_of_range_are_refused(code):
    with pytest.raises(DomainError) as info:
        from_scheme(code, scheme=GBT39046)
    assert info.value.code == "invalid_level"


def test_unknown_scheme():
    with pytest.raises(DomainError) as info:
        from_scheme(3, scheme="zhejiang")
    assert info.value.code == "unknown_scheme"
